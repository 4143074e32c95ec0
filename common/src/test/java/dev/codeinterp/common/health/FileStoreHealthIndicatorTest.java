package dev.codeinterp.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.files.InMemoryFileStore;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class FileStoreHealthIndicatorTest {

    private final InMemoryFileStore store = new InMemoryFileStore();
    private final FileStoreHealthIndicator indicator = new FileStoreHealthIndicator(store);

    @Test
    void shouldBeUpWhenTheStoreServes() {
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void shouldBeDownWithTheReasonWhenTheStoreFails() {
        store.failWith(new IOException("S3 request failed: connection refused"));

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error").toString()).contains("connection refused");
    }
}
