package dev.mcppol.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisUrlTest {

    @Test
    void parsesHostPortAndDatabase() {
        assertThat(RedisUrl.parse("redis://cache.internal:6380/2"))
                .isEqualTo(new RedisUrl("cache.internal", 6380, 2, null, null, false));
        assertThat(RedisUrl.parse("redis://127.0.0.1")).isEqualTo(new RedisUrl("127.0.0.1", 6379, 0, null, null, false));
        assertThat(RedisUrl.parse("redis://[::1]:7000/")).isEqualTo(new RedisUrl("::1", 7000, 0, null, null, false));
    }

    @Test
    void parsesCredentialsAndTlsButNeverPrintsThePassword() {
        RedisUrl url = RedisUrl.parse("rediss://proxy:s%40cret@h:1/0");
        assertThat(url).isEqualTo(new RedisUrl("h", 1, 0, "proxy", "s@cret", true));
        assertThat(url.toString()).isEqualTo("rediss://h:1/0").doesNotContain("cret");
        assertThat(RedisUrl.parse("redis://:pw@h").password()).isEqualTo("pw");
        assertThat(RedisUrl.parse("redis://:pw@h").user()).isNull();
    }

    @Test
    void refusesWhatItWouldOtherwiseIgnore() {
        assertThatThrownBy(() -> RedisUrl.parse("http://h:1")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h:1/x")).hasMessageContaining("database");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h:1/0?timeout=5")).hasMessageContaining("query");
        assertThatThrownBy(() -> RedisUrl.parse("redis:///0")).hasMessageContaining("no host");
        assertThatThrownBy(() -> RedisUrl.parse("redis://u:topsecret@h:1/x")).message().doesNotContain("topsecret");
    }
}
