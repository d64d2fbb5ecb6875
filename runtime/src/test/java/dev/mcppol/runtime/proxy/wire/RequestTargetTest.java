package dev.mcppol.runtime.proxy.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTargetTest {

    @Test
    void originFormIsItsPathWithoutTheQuery() {
        assertThat(RequestTarget.of("/mcp?session=1")).isEqualTo(new RequestTarget("/mcp", null));
        assertThat(RequestTarget.of("/")).isEqualTo(new RequestTarget("/", null));
    }

    @Test
    void absoluteFormGivesItsPathAndAuthority() {
        assertThat(RequestTarget.of("http://127.0.0.1:8080/mcp?x=1")).isEqualTo(new RequestTarget("/mcp", "127.0.0.1:8080"));
        assertThat(RequestTarget.of("HTTPS://Example.org")).isEqualTo(new RequestTarget("/", "Example.org"));
        assertThat(RequestTarget.of("http://[::1]:9/mcp").authority()).isEqualTo("[::1]:9");
    }

    @Test
    void otherFormsNameNoPath() {
        for (String t : new String[] {"*", "example.org:443", "ftp://example.org/mcp", "http://user@example.org/mcp",
                "http:///mcp", "mcp"}) {
            assertThat(RequestTarget.of(t)).as(t).isEqualTo(new RequestTarget("", null));
        }
    }
}
