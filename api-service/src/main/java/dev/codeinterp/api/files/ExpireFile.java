package dev.codeinterp.api.files;

import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The use case behind {@code /v1/expire}: ends a live grant at once, so the chat can neither download the file nor
 * use it as an input any more; the janitor later deletes the content once no grant references it.
 */
final class ExpireFile {

    private static final Logger log = LoggerFactory.getLogger(ExpireFile.class);

    private final GrantLedger grants;
    private final Clock clock;

    ExpireFile(GrantLedger grants, Clock clock) {
        this.grants = grants;
        this.clock = clock;
    }

    Mono<ExpireResponse> expire(GrantKey key) {
        return Mono.fromCallable(() -> {
            if (!grants.expire(key, clock.instant())) {
                throw ApiException.notFound(DownloadFile.NOT_FOUND);
            }
            log.info("Expired the grant of chat {} for {} as '{}' on request", key.chatId(), key.fileHash(),
                    key.filename());
            return new ExpireResponse(true);
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
