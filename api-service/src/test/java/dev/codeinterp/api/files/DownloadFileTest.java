package dev.codeinterp.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.failure.ServiceUnavailableException;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.files.InMemoryFileStore;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;

class DownloadFileTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final String HASH = "ab".repeat(32);
    private static final GrantKey KEY = new GrantKey("chat", HASH, "report.csv");

    private final InMemoryFileStore files = new InMemoryFileStore();
    private final InMemoryGrantLedger grants = new InMemoryGrantLedger();
    private final DownloadFile downloadFile = new DownloadFile(grants, files, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldServeTheContentUnderTheGrantedNameAndConsumeOneDownload() throws IOException {
        store("a,b\n");
        grants.register(KEY, GrantLimits.of(2, null));

        Download download = downloadFile.download(KEY).block();

        assertThat(download.filename()).isEqualTo("report.csv");
        assertThat(download.size()).isEqualTo(4);
        assertThat(DataBufferUtils.join(download.content()).map(b -> b.toString(StandardCharsets.UTF_8)).block())
                .isEqualTo("a,b\n");
        assertThat(grants.registered().get(KEY)).isEqualTo(GrantLimits.of(1, null));
    }

    @Test
    void shouldAnswerTheSame404WhenUnknownExhaustedExpiredOrOfAnotherChat() throws IOException {
        store("x");
        grants.register(new GrantKey("chat", HASH, "exhausted.csv"), new GrantLimits(0, null));
        grants.register(new GrantKey("chat", HASH, "expired.csv"), GrantLimits.of(0, NOW));
        grants.register(new GrantKey("other", HASH, "report.csv"), GrantLimits.of(0, null));

        for (GrantKey denied : new GrantKey[] {KEY, new GrantKey("chat", HASH, "exhausted.csv"),
                new GrantKey("chat", HASH, "expired.csv"), new GrantKey("stranger", HASH, "report.csv")}) {
            assertNotFound(denied);
        }
    }

    @Test
    void shouldAnswer404WhenStorageLostTheContentOfALiveGrant() {
        grants.register(KEY, GrantLimits.of(0, null));

        assertNotFound(KEY);
    }

    @Test
    void shouldAnswer503WhenStorageDoesNotAnswer() {
        grants.register(KEY, GrantLimits.of(0, null));
        files.failWith(new IOException("connection refused"));

        assertThatThrownBy(() -> downloadFile.download(KEY).block())
                .isInstanceOfSatisfying(ServiceUnavailableException.class,
                        e -> assertThat(e.retryAfter()).isPositive());
    }

    private void assertNotFound(GrantKey key) {
        assertThatThrownBy(() -> downloadFile.download(key).block()).as(key.toString())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("File not found");
                });
    }

    private void store(String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        files.put(HASH, new ByteArrayInputStream(bytes), bytes.length);
    }
}
