package dev.codeinterp.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ExpireFileTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final GrantKey KEY = new GrantKey("chat", "ab".repeat(32), "report.csv");

    private final InMemoryGrantLedger grants = new InMemoryGrantLedger();
    private final ExpireFile expireFile = new ExpireFile(grants, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldEndALiveGrantSoTheChatCanNoLongerUseTheFile() {
        grants.register(KEY, GrantLimits.of(5, null));

        assertThat(expireFile.expire(KEY).block()).isEqualTo(new ExpireResponse(true));
        assertThat(grants.isUsable("chat", KEY.fileHash(), NOW)).isFalse();
    }

    @Test
    void shouldAnswer404WhenThereIsNoLiveGrantToEnd() {
        grants.register(KEY, GrantLimits.of(5, null));
        expireFile.expire(KEY).block();

        assertThatThrownBy(() -> expireFile.expire(KEY).block()).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("File not found");
        });
    }
}
