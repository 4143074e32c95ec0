package dev.codeinterp.common.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackUrlsTest {

    private static final CallbackSettings OPEN = new CallbackSettings("", List.of(), 5, Duration.ofSeconds(1));
    private static final CallbackSettings ALLOWLIST = new CallbackSettings("", List.of("hooks.example.com",
            "127.0.0.1", "::1"), 5, Duration.ofSeconds(1));

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/done", "http://hooks.example.com:8080/a?b=c",
            "HTTPS://Hooks.Example.COM/x", "https://8.8.8.8/x", "https://[2606:4700::1111]/x"})
    void shouldAcceptWhenAbsoluteHttpUrlOfAPublicHost(String url) throws RefusedTargetException {
        assertThat(CallbackUrls.check(url, OPEN)).hasToString(url);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "ftp://hooks.example.com/x | must be an absolute http or https URL",
            "/relative/path | must be an absolute http or https URL",
            "hooks.example.com/x | must be an absolute http or https URL",
            "javascript:alert(1) | must be an absolute http or https URL",
            "http:///no-host | must name a host",
            "https://user:pw@hooks.example.com/x | must not contain user credentials",
            "https://hooks example.com/ | is not a valid URL",
            "http://127.0.0.1:8080/x | host '127.0.0.1' is a loopback address",
            "http://10.0.0.5/x | host '10.0.0.5' is a private address",
            "http://169.254.169.254/latest/meta-data | host '169.254.169.254' is a link-local address",
            "http://[::1]/x | host '::1' is a loopback address",
            "http://[::ffff:127.0.0.1]/x | host '::ffff:127.0.0.1' is a loopback address",
            "http://[fd00::1]/x | host 'fd00::1' is a private address"})
    void shouldRefuseWithAReasonWhenNotAnAcceptableUrl(String url, String reason) {
        assertThatThrownBy(() -> CallbackUrls.check(url, OPEN)).isInstanceOf(RefusedTargetException.class)
                .hasMessage(reason);
    }

    @Test
    void shouldRefuseWhenLongerThan2048Characters() throws RefusedTargetException {
        String base = "https://hooks.example.com/";
        String longest = base + "a".repeat(CallbackUrls.MAX_LENGTH - base.length());

        assertThat(CallbackUrls.check(longest, OPEN)).isNotNull();
        assertThatThrownBy(() -> CallbackUrls.check(longest + "a", OPEN))
                .hasMessage("must be at most 2048 characters");
    }

    @Test
    void shouldAcceptOnlyAllowlistedHostsWhenAnAllowlistIsSet() throws RefusedTargetException {
        assertThat(CallbackUrls.check("https://HOOKS.example.com/x", ALLOWLIST)).isNotNull();
        assertThat(CallbackUrls.check("http://127.0.0.1:9000/x", ALLOWLIST)).isNotNull();
        assertThat(CallbackUrls.check("http://[::1]:9000/x", ALLOWLIST)).isNotNull();
        assertThatThrownBy(() -> CallbackUrls.check("https://other.example.com/x", ALLOWLIST))
                .hasMessage("host 'other.example.com' is not in APP_CALLBACK_HOST_ALLOWLIST");
        assertThatThrownBy(() -> CallbackUrls.check("https://evil.hooks.example.com/x", ALLOWLIST))
                .hasMessage("host 'evil.hooks.example.com' is not in APP_CALLBACK_HOST_ALLOWLIST");
        assertThatThrownBy(() -> CallbackUrls.check("https://8.8.8.8/x", ALLOWLIST))
                .hasMessage("host '8.8.8.8' is not in APP_CALLBACK_HOST_ALLOWLIST");
    }
}
