package dev.codeinterp.common.infra.redis;

import java.util.List;

/**
 * Key names of the admission slots: taken by the api's admission control, freed by {@link RedisInFlightSlots}. They all carry the hash tag {@value #TAG}, so they share one Redis
 * Cluster slot. That is deliberate: one decision checks the global in-flight count and the chat's counts and takes
 * both slots or neither, and a refused request must change nothing; split over slots, two replicas could both pass
 * the global limit, or a refusal would leave a half-taken slot behind. The data is small (at most
 * {@code APP_MAX_QUEUED_JOBS} holds plus each active chat's recent starts), so one slot carries it.
 */
public final class AdmissionKeys {

    public static final String TAG = "{admission}";
    public static final String IN_FLIGHT = TAG + ":jobs";

    private AdmissionKeys() {
    }

    public static String chatJobs(String chatId) {
        return TAG + ":chat:" + chatId + ":jobs";
    }

    public static String chatStarts(String chatId) {
        return TAG + ":chat:" + chatId + ":starts";
    }

    /** An admission decision: in flight, the chat's jobs, the chat's starts. */
    public static List<String> forAdmit(String chatId) {
        return List.of(IN_FLIGHT, chatJobs(chatId), chatStarts(chatId));
    }

    /** A release: in flight, the chat's jobs. */
    public static List<String> forRelease(String chatId) {
        return List.of(IN_FLIGHT, chatJobs(chatId));
    }
}
