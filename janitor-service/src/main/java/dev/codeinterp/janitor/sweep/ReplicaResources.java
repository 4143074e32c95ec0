package dev.codeinterp.janitor.sweep;

import java.util.Set;

/**
 * Port: what each api replica leaves in the message broker, its result topic and its result listener's consumer
 * group, by replica id.
 */
public interface ReplicaResources {

    /** Ids of the replicas that have a result topic or a result consumer group. */
    Set<String> replicaIds();

    /** Deletes the replica's result topic and consumer group; either being gone already is not an error. */
    void delete(String replicaId);
}
