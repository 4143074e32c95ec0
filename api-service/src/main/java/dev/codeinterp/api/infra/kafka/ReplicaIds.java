package dev.codeinterp.api.infra.kafka;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Chooses this api replica's id, which names its result topic and consumer group: {@code APP_INSTANCE_ID} if set,
 * else the pod name ({@code APP_API_POD_NAME}, from the downward API), so a restarted container keeps its topic and a
 * new pod gets its own; else a generated one. The id is made a legal Kafka topic suffix: any character but
 * {@code [A-Za-z0-9._-]} becomes {@code -}, and it is cut to {@value #MAX_LENGTH} characters (topic names end at 249).
 */
public final class ReplicaIds {

    static final int MAX_LENGTH = 200;
    private static final Pattern ILLEGAL = Pattern.compile("[^A-Za-z0-9._-]");

    private ReplicaIds() {
    }

    /** The id from the first of {@code instanceId} and {@code podName} that is set, else {@code generated}'s. */
    public static String choose(String instanceId, String podName, Supplier<String> generated) {
        for (String candidate : new String[] {instanceId, podName}) {
            String id = candidate == null ? "" : sanitise(candidate.strip());
            if (!id.isEmpty()) {
                return id;
            }
        }
        return sanitise(generated.get());
    }

    static String sanitise(String raw) {
        String legal = ILLEGAL.matcher(raw).replaceAll("-");
        return legal.length() > MAX_LENGTH ? legal.substring(0, MAX_LENGTH) : legal;
    }
}
