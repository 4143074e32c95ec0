package dev.codeinterp.worker.execution;

/** Where the waiting api replica expects the result: its topic and the request's correlation id. */
public record ReplyAddress(String topic, byte[] correlationId) {
}
