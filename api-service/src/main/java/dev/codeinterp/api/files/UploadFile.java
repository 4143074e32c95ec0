package dev.codeinterp.api.files;

import dev.codeinterp.api.chat.FileMetadataView;
import dev.codeinterp.common.files.FileDeposit;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLimits;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The use case behind {@code /v1/upload}: stages the file on local disk while hashing it, then deposits it (reserved,
 * stored under its hash, granted to the chat; see {@link FileDeposit}). The staged file is deleted whatever happens,
 * so a refused, failed or abandoned upload leaves nothing behind.
 */
final class UploadFile {

    private static final Logger log = LoggerFactory.getLogger(UploadFile.class);

    private final StagingArea staging;
    private final UploadFormReader forms;
    private final FileDeposit deposit;
    private final Clock clock;

    UploadFile(StagingArea staging, UploadFormReader forms, FileDeposit deposit, Clock clock) {
        this.staging = staging;
        this.forms = forms;
        this.deposit = deposit;
        this.clock = clock;
    }

    Mono<UploadResponse> upload(Flux<PartEvent> parts) {
        return Mono.usingWhen(staging.create(),
                staged -> forms.read(parts, staged).flatMap(request -> Mono.fromCallable(() -> store(request, staged))
                        .subscribeOn(Schedulers.boundedElastic())),
                staging::delete);
    }

    private UploadResponse store(UploadRequest request, StagedFile staged) {
        try (InputStream content = staged.open()) {
            deposit.store(staged.fileHash(), content, staged.size());
        } catch (IOException e) {
            throw StorageFailures.unavailable("store " + staged.fileHash(), e);
        }
        GrantLimits limits = GrantLimits.startingAt(clock.instant(), request.maxDownloads(), request.expiresAfter());
        deposit.grant(new GrantKey(request.chatId(), staged.fileHash(), request.filename()), limits);
        log.debug("Chat {} uploaded '{}': {} bytes, {}", request.chatId(), request.filename(), staged.size(),
                staged.fileHash());
        return new UploadResponse(staged.fileHash(), request.filename(), request.chatId(),
                FileMetadataView.of(limits.remainingDownloads(), limits.expiresAt()));
    }
}
