package dev.mcppol.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a normalising server (WHATWG URL, RFC 3986) reads a resource URI. */
class UriReadingTest {

    @Test
    void normalisesWhatServersNormalise() {
        assertThat(UriReading.canonical("SECRET://a")).isEqualTo("secret://a");
        assertThat(UriReading.canonical("  file:///etc/passwd\n")).isEqualTo("file:///etc/passwd");
        assertThat(UriReading.canonical("fi\tle:///e\rtc")).isEqualTo("file:///etc");
        assertThat(UriReading.canonical("file://LOCALHOST/etc")).isEqualTo("file:///etc");
        assertThat(UriReading.canonical("HTTPS://Example.COM/A")).isEqualTo("https://example.com/A");
        assertThat(UriReading.canonical("file:///data/..\\etc\\passwd")).isEqualTo("file:///etc/passwd");
        assertThat(UriReading.canonical("demo://x/a/./b/../c")).isEqualTo("demo://x/a/c");
        assertThat(UriReading.canonical("demo://x/a/..")).isEqualTo("demo://x/");
        assertThat(UriReading.canonical("file:///%65tc/%2e%2E/x")).isEqualTo("file:///x");
        assertThat(UriReading.canonical("demo://Host/p?q=%41#f")).isEqualTo("demo://Host/p?q=%41#f");
    }

    @Test
    void leavesWhatServersKeep() {
        for (String uri : new String[] {"demo://resource/static/document/a.md", "file:///data/w%20rk/%2F",
                "urn:isbn:0451450523", "relative/path", "mailto:A@B", "demo:opaque/../x"}) {
            assertThat(UriReading.canonical(uri)).as(uri).isEqualTo(uri);
        }
    }
}
