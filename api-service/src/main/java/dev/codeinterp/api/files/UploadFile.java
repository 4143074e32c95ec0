package dev.codeinterp.api.files;

import dev.codeinterp.api.chat.FileMetadataView;
import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.files.OrphanedObjects;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The use case behind {@code /v1/upload}: stages the file on local disk while hashing it, stores it under its hash,
 * and grants it to the chat. The content is reserved before it is stored, so the janitor cannot delete an existing
 * object the store then skips writing before the grant is registered. The staged file is deleted whatever happens, so
 * a refused, failed or abandoned upload leaves nothing behind.
 */
final class UploadFile {

    private static final Logger log = LoggerFactory.getLogger(UploadFile.class);
    /** How long the content is kept from the janitor between storing it and registering its grant. */
    static final Duration RESERVATION = Duration.ofMinutes(10);

    private final StagingArea staging;
    private final UploadFormReader forms;
    private final FileStore files;
    private final GrantLedger grants;
    private final OrphanedObjects orphans;
    private final Clock clock;

    UploadFile(StagingArea staging, UploadFormReader forms, FileStore files, GrantLedger grants,
            OrphanedObjects orphans, Clock clock) {
        this.staging = staging;
        this.forms = forms;
        this.files = files;
        this.grants = grants;
        this.orphans = orphans;
        this.clock = clock;
    }

    Mono<UploadResponse> upload(Flux<PartEvent> parts) {
        return Mono.usingWhen(staging.create(),
                staged -> forms.read(parts, staged).flatMap(request -> Mono.fromCallable(() -> store(request, staged))
                        .subscribeOn(Schedulers.boundedElastic())),
                staging::delete);
    }

    private UploadResponse store(UploadRequest request, StagedFile staged) {
        orphans.reserve(staged.fileHash(), clock.instant().plus(RESERVATION));
        try (InputStream content = staged.open()) {
            files.put(staged.fileHash(), content, staged.size());
        } catch (IOException e) {
            throw StorageFailures.unavailable("store " + staged.fileHash(), e);
        }
        Instant now = clock.instant();
        Instant expiresAt = request.expiresAfter() == null ? null
                : now.plus(request.expiresAfter()).truncatedTo(ChronoUnit.SECONDS);
        GrantLimits limits = GrantLimits.of(request.maxDownloads(), expiresAt);
        grants.register(new GrantKey(request.chatId(), staged.fileHash(), request.filename()), limits);
        log.debug("Chat {} uploaded '{}': {} bytes, {}", request.chatId(), request.filename(), staged.size(),
                staged.fileHash());
        return new UploadResponse(staged.fileHash(), request.filename(), request.chatId(),
                FileMetadataView.of(limits.remainingDownloads(), limits.expiresAt()));
    }
}
