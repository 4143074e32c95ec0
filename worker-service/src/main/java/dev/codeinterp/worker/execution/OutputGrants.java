package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.FileMetadata;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Makes a job's stored output files visible to its chat: one grant per file, with the job's download limits. */
final class OutputGrants {

    private final GrantLedger grants;

    OutputGrants(GrantLedger grants) {
        this.grants = grants;
    }

    /**
     * Registers a grant for each file; the expiry counts from {@code finishedAt}, to the second.
     *
     * @param files output path → content hash
     * @return output path → the grant's limits, in the order of {@code files}
     */
    Map<String, FileMetadata> grant(ExecutionJob job, Map<String, String> files, Instant finishedAt) {
        GrantLimits limits = limitsOf(job, finishedAt);
        Map<String, FileMetadata> metadata = new LinkedHashMap<>();
        files.forEach((path, hash) -> {
            grants.register(new GrantKey(job.chatId(), hash, path.substring(path.lastIndexOf('/') + 1)), limits);
            metadata.put(path, new FileMetadata(limits.remainingDownloads(), limits.expiresAt()));
        });
        return metadata;
    }

    private static GrantLimits limitsOf(ExecutionJob job, Instant finishedAt) {
        Duration expiresAfter = job.output().expiresAfter();
        Instant expiresAt = expiresAfter == null ? null
                : finishedAt.plus(expiresAfter).truncatedTo(ChronoUnit.SECONDS);
        return GrantLimits.of(job.output().maxDownloads(), expiresAt);
    }
}
