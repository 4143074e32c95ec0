package dev.codeinterp.local.faults;

import java.util.ArrayList;
import java.util.List;

/** One execution the benchmark asked for, and everything its caller saw of it. Thread-safe. */
final class TrackedJob {

    /** How the job was submitted. */
    enum Kind { SYNC, ASYNC }

    private final Kind kind;
    private final String chatId;
    private final Program program;
    private final List<Observation> observations = new ArrayList<>();
    private String jobId;
    private boolean accepted;
    private String refusal;
    private boolean idempotencyBroken;
    private int attempt;
    private long latencyNanos = -1;

    TrackedJob(Kind kind, String chatId, Program program) {
        this.kind = kind;
        this.chatId = chatId;
        this.program = program;
    }

    /** The service took the job: {@code /v1/execute} answered 2xx or 504 naming it, or {@code /v1/jobs} 202. */
    synchronized void accept(String id) {
        this.jobId = id;
        this.accepted = true;
    }

    /** The service turned the job down, e.g. {@code 503} or {@code io} when no answer came. */
    synchronized void refuse(String reason) {
        this.refusal = reason;
    }

    synchronized void observe(Observation observation) {
        observations.add(observation);
    }

    /** The same Idempotency-Key and body sent again named another job. */
    synchronized void idempotencyBroken() {
        this.idempotencyBroken = true;
    }

    /** The attempt number in the job's record: above 1 when another worker took it over. */
    synchronized void attempt(int number) {
        this.attempt = number;
    }

    synchronized void latency(long nanos) {
        this.latencyNanos = nanos;
    }

    Kind kind() {
        return kind;
    }

    String chatId() {
        return chatId;
    }

    Program program() {
        return program;
    }

    synchronized String jobId() {
        return jobId;
    }

    synchronized boolean accepted() {
        return accepted;
    }

    synchronized String refusal() {
        return refusal;
    }

    synchronized boolean isIdempotencyBroken() {
        return idempotencyBroken;
    }

    synchronized int attempt() {
        return attempt;
    }

    synchronized long latencyNanos() {
        return latencyNanos;
    }

    synchronized List<Observation> observations() {
        return List.copyOf(observations);
    }

    /** Whether the caller has seen the job end. */
    synchronized boolean hasEnded() {
        return observations.stream().anyMatch(Observation::isTerminal);
    }
}
