package dev.codeinterp.api.files;

import dev.codeinterp.api.chat.ExpiryPolicy;
import dev.codeinterp.common.files.FileDeposit;
import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@code /v1/upload}, {@code /v1/download} and {@code /v1/expire}. */
@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    @Bean
    MultipartBodies multipartBodies() {
        return new MultipartBodies();
    }

    @Bean
    StagingArea stagingArea(FileSettings settings) {
        return new StagingArea(settings.uploadDirectory(), settings.fileSizeLimitBytes());
    }

    @Bean
    UploadFile uploadFile(StagingArea staging, FileSettings settings, ExpiryPolicy expiryPolicy, FileStore files,
            GrantLedger grants, OrphanedObjects orphans, Clock clock) {
        UploadFormReader forms = new UploadFormReader(new UploadRequestParser(settings, expiryPolicy));
        return new UploadFile(staging, forms, new FileDeposit(files, grants, orphans, clock), clock);
    }

    @Bean
    GrantRequestParser grantRequestParser(FileSettings settings) {
        return new GrantRequestParser(settings.requireChatId());
    }

    @Bean
    DownloadFile downloadFile(GrantLedger grants, FileStore files, Clock clock, DownloadDenials denials) {
        return new DownloadFile(grants, files, clock, denials);
    }

    @Bean
    ExpireFile expireFile(GrantLedger grants, Clock clock) {
        return new ExpireFile(grants, clock);
    }
}
