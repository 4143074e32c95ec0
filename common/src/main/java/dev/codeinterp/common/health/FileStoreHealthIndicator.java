package dev.codeinterp.common.health;

import dev.codeinterp.common.files.FileStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Readiness of the file store (S3 or a directory): down while it cannot serve requests. */
public final class FileStoreHealthIndicator extends AbstractHealthIndicator {

    private final FileStore store;

    public FileStoreHealthIndicator(FileStore store) {
        super("The file store cannot serve requests");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        store.probe();
        builder.up();
    }
}
