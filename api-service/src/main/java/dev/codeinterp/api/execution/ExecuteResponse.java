package dev.codeinterp.api.execution;

import dev.codeinterp.api.chat.FileMetadataView;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.FileMetadata;
import java.util.Map;
import java.util.TreeMap;

/** The {@code /v1/execute} response body (serialised in snake_case). */
public record ExecuteResponse(
        String stdout,
        String stderr,
        int exitCode,
        Map<String, String> files,
        Map<String, FileMetadataView> filesMetadata,
        String chatId,
        String jobId) {

    public static ExecuteResponse of(ExecutionResult result, String chatId) {
        Map<String, FileMetadataView> metadata = new TreeMap<>();
        for (Map.Entry<String, FileMetadata> entry : result.filesMetadata().entrySet()) {
            FileMetadata m = entry.getValue();
            metadata.put(entry.getKey(), FileMetadataView.of(m.remainingDownloads(), m.expiresAt()));
        }
        return new ExecuteResponse(result.stdout(), result.stderr(), result.exitCode(), new TreeMap<>(result.files()),
                metadata, chatId, result.jobId());
    }
}
