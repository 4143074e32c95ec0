package dev.codeinterp.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisServerProcessTest {

    @Test
    void answersPingSetAndGetOverRawSocket() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.ephemeral()) {
            assertThat(redis.host()).isEqualTo("127.0.0.1");
            assertThat(redis.port()).isPositive();
            assertThat(redis.isPersistent()).isFalse();
            assertThat(redis.ping()).isTrue();

            try (Socket socket = new Socket(redis.host(), redis.port())) {
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = socket.getInputStream().readNBytes(7);
                assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
            }
            try (RawRedis client = new RawRedis(redis.host(), redis.port())) {
                assertThat(client.command("SET", "greeting", "hello world")).isEqualTo("+OK");
                assertThat(client.command("GET", "greeting")).isEqualTo("hello world");
                assertThat(client.command("GET", "missing")).isNull();
            }
        }
    }

    @Test
    void persistentServerKeepsKeysAcrossRestartInSameDirectory(@TempDir Path dir) throws IOException {
        int port;
        try (RedisServerProcess redis = RedisServerProcess.persistent(dir)) {
            port = redis.port();
            assertThat(redis.dataDir()).contains(dir.toAbsolutePath());
            try (RawRedis client = new RawRedis(redis.host(), redis.port())) {
                assertThat(client.command("SET", "job:42", "queued")).isEqualTo("+OK");
                assertThat(client.command("HSET", "pool", "slot-1", "busy")).isEqualTo(":1");
            }
        }
        try (RedisServerProcess redis = RedisServerProcess.persistent(dir, port)) {
            assertThat(redis.port()).isEqualTo(port);
            try (RawRedis client = new RawRedis(redis.host(), redis.port())) {
                assertThat(client.command("GET", "job:42")).isEqualTo("queued");
                assertThat(client.command("HGET", "pool", "slot-1")).isEqualTo("busy");
            }
        }
    }

    @Test
    void shouldComeBackOnTheSamePortWithItsKeysWhenStartedAgainAfterClose(@TempDir Path dir) throws IOException {
        RedisServerProcess redis = RedisServerProcess.persistent(dir);
        try (RawRedis client = new RawRedis(redis.host(), redis.port())) {
            assertThat(client.command("SET", "job:7", "running")).isEqualTo("+OK");
        }
        assertThatThrownBy(redis::startAgain).isInstanceOf(IllegalStateException.class);
        redis.close();
        assertThat(redis.ping()).isFalse();

        try (RedisServerProcess again = redis.startAgain();
                RawRedis client = new RawRedis(again.host(), again.port())) {
            assertThat(again.port()).isEqualTo(redis.port());
            assertThat(client.command("GET", "job:7")).isEqualTo("running");
        }
    }

    @Test
    void ephemeralServerForgetsEverythingOnRestart() throws IOException {
        int port;
        try (RedisServerProcess redis = RedisServerProcess.ephemeral()) {
            port = redis.port();
            try (RawRedis client = new RawRedis(redis.host(), redis.port())) {
                client.command("SET", "k", "v");
            }
        }
        try (RedisServerProcess redis = RedisServerProcess.ephemeral(port);
                RawRedis client = new RawRedis(redis.host(), redis.port())) {
            assertThat(client.command("GET", "k")).isNull();
        }
    }

    @Test
    void closeKillsTheProcessAndFreesThePort() {
        RedisServerProcess redis = RedisServerProcess.ephemeral();
        long pid = redis.pid();
        int port = redis.port();
        assertThat(LocalPorts.isListening(port)).isTrue();

        redis.close();

        assertThat(redis.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(LocalPorts.isListening(port)).isFalse();
        assertThat(redis.ping()).isFalse();
        redis.close(); // idempotent
    }

    @Test
    void fixedPortAlreadyServedByAnotherRedisIsRejected() {
        try (RedisServerProcess first = RedisServerProcess.ephemeral()) {
            assertThatThrownBy(() -> RedisServerProcess.ephemeral(first.port()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Port " + first.port());
            assertThat(first.ping()).isTrue();
        }
    }

    @Test
    void findsTheBinary() {
        assertThat(RedisServerProcess.findBinary()).isExecutable();
    }
}
