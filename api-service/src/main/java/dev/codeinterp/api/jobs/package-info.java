/**
 * The asynchronous jobs API (README, "Asynchronous jobs"): submit a job or a batch and come back for the result, by
 * job id, scoped to the chat; cancel a job; submit at most once per idempotency key.
 */
package dev.codeinterp.api.jobs;
