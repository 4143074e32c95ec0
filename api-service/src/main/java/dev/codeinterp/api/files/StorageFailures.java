package dev.codeinterp.api.files;

import dev.codeinterp.api.failure.ServiceUnavailableException;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File storage that does not answer is a failure the client may retry (503 over HTTP), not a bug (500). */
final class StorageFailures {

    private static final Logger log = LoggerFactory.getLogger(StorageFailures.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private StorageFailures() {
    }

    static ServiceUnavailableException unavailable(String operation, IOException e) {
        log.error("File storage failed to {}: {}", operation, e.getMessage());
        return new ServiceUnavailableException("File storage is temporarily unavailable; try again shortly",
                RETRY_AFTER);
    }
}
