/**
 * Real infrastructure run locally for the all-in-one launcher and for integration tests:
 * a {@code redis-server} child process ({@link dev.codeinterp.embedded.RedisServerProcess}), an
 * in-JVM S3-compatible server ({@link dev.codeinterp.embedded.S3ProxyServer}), an in-JVM KRaft
 * Kafka broker ({@link dev.codeinterp.embedded.KafkaBroker}) and
 * {@link dev.codeinterp.embedded.EmbeddedInfrastructure}, which starts all three.
 */
package dev.codeinterp.embedded;
