package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.FileDeposit;
import dev.codeinterp.common.files.GrantKey;
import dev.codeinterp.common.files.GrantLimits;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.FileMetadata;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Makes a job's stored output files visible to its chat: one grant per file, with the job's download limits. */
final class OutputGrants {

    private final FileDeposit deposit;

    OutputGrants(FileDeposit deposit) {
        this.deposit = deposit;
    }

    /**
     * Registers a grant for each file; the expiry counts from {@code finishedAt}, to the second.
     *
     * @param files output path → content hash
     * @return output path → the grant's limits, in the order of {@code files}
     */
    Map<String, FileMetadata> grant(ExecutionJob job, Map<String, String> files, Instant finishedAt) {
        GrantLimits limits = GrantLimits.startingAt(finishedAt, job.output().maxDownloads(),
                job.output().expiresAfter());
        Map<String, FileMetadata> metadata = new LinkedHashMap<>();
        files.forEach((path, hash) -> {
            deposit.grant(new GrantKey(job.chatId(), hash, path.substring(path.lastIndexOf('/') + 1)), limits);
            metadata.put(path, new FileMetadata(limits.remainingDownloads(), limits.expiresAt()));
        });
        return metadata;
    }
}
