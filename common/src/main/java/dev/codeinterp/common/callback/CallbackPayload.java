package dev.codeinterp.common.callback;

import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.FileMetadata;
import dev.codeinterp.common.job.JobRecord;
import dev.codeinterp.common.job.JobStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of a callback: the ended job exactly as {@code GET /v1/jobs/{id}} shows it (the api's {@code JobView},
 * whose shape a test of the api compares with this one), as a tree of maps any JSON writer serialises.
 */
public final class CallbackPayload {

    private static final DateTimeFormatter EXPIRES_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private CallbackPayload() {
    }

    public static Map<String, Object> of(JobRecord job) {
        ExecutionResult result = job.result();
        boolean ran = result != null && (job.status() == JobStatus.SUCCEEDED || job.status() == JobStatus.TIMED_OUT);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", job.jobId());
        view.put("status", job.status().wireName());
        view.put("chat_id", job.chatId());
        view.put("submitted_at", text(job.submittedAt()));
        view.put("started_at", text(job.startedAt()));
        view.put("finished_at", text(job.finishedAt()));
        view.put("result", ran ? resultOf(result, job.chatId()) : null);
        view.put("error", result != null && !ran ? result.failureReason() : null);
        return view;
    }

    private static Map<String, Object> resultOf(ExecutionResult result, String chatId) {
        Map<String, Object> metadata = new TreeMap<>();
        for (Map.Entry<String, FileMetadata> entry : result.filesMetadata().entrySet()) {
            Map<String, Object> limits = new LinkedHashMap<>();
            limits.put("remaining_downloads", entry.getValue().remainingDownloads());
            Instant expiresAt = entry.getValue().expiresAt();
            limits.put("expires_at", expiresAt == null ? null : EXPIRES_AT.format(expiresAt));
            metadata.put(entry.getKey(), limits);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("stdout", result.stdout());
        view.put("stderr", result.stderr());
        view.put("exit_code", result.exitCode());
        view.put("files", new TreeMap<>(result.files()));
        view.put("files_metadata", metadata);
        view.put("chat_id", chatId);
        view.put("job_id", result.jobId());
        return view;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
