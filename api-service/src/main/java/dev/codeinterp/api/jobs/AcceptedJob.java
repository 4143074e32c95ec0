package dev.codeinterp.api.jobs;

/** The answer to a submission: the job's id and where it is now (serialised in snake_case). */
public record AcceptedJob(String jobId, String status, String chatId) {
}
