package dev.codeinterp.api.infra.kafka;

/** This api replica's id and the result topic only it reads. */
public record ReplicaIdentity(String id, String resultTopic) {
}
