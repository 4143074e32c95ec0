package dev.codeinterp.api.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Where uploads wait on local disk while they are received ({@code APP_UPLOAD_TEMP_DIR}), and how large they may grow. */
final class StagingArea {

    private static final Logger log = LoggerFactory.getLogger(StagingArea.class);

    private final Path directory;
    private final long maxBytes;

    StagingArea(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** A new staged file; subscribe to it with {@code Mono.usingWhen} so it is deleted whatever happens. */
    Mono<StagedFile> create() {
        return Mono.fromCallable(() -> {
            Files.createDirectories(directory);
            return StagedFile.create(directory, maxBytes);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    Mono<Void> delete(StagedFile staged) {
        return Mono.<Void>fromCallable(() -> {
            try {
                staged.delete();
            } catch (IOException e) {
                log.warn("Could not delete a staged upload in {}: {}", directory, e.getMessage());
            }
            return null;
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
