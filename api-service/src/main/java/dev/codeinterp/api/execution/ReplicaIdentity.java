package dev.codeinterp.api.execution;

/** This api replica's id and the result topic only it reads. */
public record ReplicaIdentity(String id, String resultTopic) {
}
