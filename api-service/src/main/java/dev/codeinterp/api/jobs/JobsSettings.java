package dev.codeinterp.api.jobs;

/** @param maxBatchSize {@code APP_MAX_BATCH_SIZE}: most jobs in one {@code /v1/jobs/batch} request */
public record JobsSettings(int maxBatchSize) {
}
