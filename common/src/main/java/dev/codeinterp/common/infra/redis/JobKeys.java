package dev.codeinterp.common.infra.redis;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Key names of {@link RedisJobStore}. Jobs are spread over {@value #SHARDS} hash tags {@code {jobs:<n>}}, {@code n}
 * derived from the job id: a job's record and the running and queued indexes of its shard share a Redis Cluster slot,
 * so a status change stays one atomic script, while the records (which hold results) are spread over 16 slots instead
 * of one. The janitor reads the 16 indexes of each kind and merges them.
 */
public final class JobKeys {

    static final int SHARDS = 16;

    private JobKeys() {
    }

    /** The hash holding one job's record. */
    public static String record(String jobId) {
        return tag(shard(jobId)) + ":job:" + jobId;
    }

    /** The stream of one job's live output (see {@link RedisLiveOutput}). */
    public static String output(String jobId) {
        return tag(shard(jobId)) + ":output:" + jobId;
    }

    /** The running index (job id by run deadline, epoch ms) of one shard. */
    static String running(int shard) {
        return tag(shard) + ":running";
    }

    /** The queued index (job id by start-by time, epoch ms) of one shard. */
    static String queued(int shard) {
        return tag(shard) + ":queued";
    }

    /** Every shard's running index. */
    static List<String> runningIndexes() {
        return IntStream.range(0, SHARDS).mapToObj(JobKeys::running).toList();
    }

    /** Every shard's queued index. */
    static List<String> queuedIndexes() {
        return IntStream.range(0, SHARDS).mapToObj(JobKeys::queued).toList();
    }

    /** A status change: the record, then its shard's running index, then its shard's queued index. */
    static List<String> forTransition(String jobId) {
        return List.of(record(jobId), running(shard(jobId)), queued(shard(jobId)));
    }

    static int shard(String jobId) {
        // String.hashCode is specified by the JLS, so every service and version picks the same shard.
        return Math.floorMod(jobId.hashCode(), SHARDS);
    }

    private static String tag(int shard) {
        return "{jobs:" + shard + "}";
    }
}
