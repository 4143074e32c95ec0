package dev.codeinterp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfrastructureTest {

    @Test
    void forTestsStartsEverythingAndExposesSpringProperties() throws Exception {
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.builder().topic("jobs", 8).start();
        try (infra) {
            Map<String, String> props = infra.springProperties();
            assertThat(props).containsOnlyKeys("spring.kafka.bootstrap-servers", "spring.data.redis.host",
                    "spring.data.redis.port", "app.s3.endpoint", "app.s3.access-key", "app.s3.secret-key",
                    "app.management-listen-addr");
            assertThat(props).containsEntry("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers())
                    .containsEntry("spring.data.redis.host", "127.0.0.1")
                    .containsEntry("spring.data.redis.port", Integer.toString(infra.redis().port()))
                    .containsEntry("app.s3.endpoint", "http://127.0.0.1:" + infra.s3().port())
                    .containsEntry("app.s3.access-key", infra.s3().accessKey())
                    .containsEntry("app.s3.secret-key", infra.s3().secretKey())
                    .containsEntry("app.management-listen-addr", "127.0.0.1:0");
            assertThat(infra.redis().isPersistent()).isFalse();
            assertThat(infra.s3().dataDir()).isEmpty();

            assertThat(infra.redis().ping()).isTrue();
            MinioClient minio = S3ProxyServerTest.client(infra.s3());
            minio.makeBucket(MakeBucketArgs.builder().bucket("probe").build());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    props.get("spring.kafka.bootstrap-servers")))) {
                Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                assertThat(topics).contains("jobs");
            }
        }
        assertThat(infra.redis().isAlive()).isFalse();
        assertThat(LocalPorts.isListening(infra.redis().port())).isFalse();
        assertThat(LocalPorts.isListening(infra.s3().port())).isFalse();
    }

    @Test
    void closesWhatRunsOnItFirstLastRegisteredFirstWhileItsServersStillAnswer() {
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.builder().start();
        List<String> closed = new ArrayList<>();
        infra.closeBeforeStopping(() -> closed.add("first, redis alive: " + infra.redis().ping()));
        infra.closeBeforeStopping(() -> closed.add("second, redis alive: " + infra.redis().ping()));

        infra.close();
        infra.close();

        assertThat(closed).containsExactly("second, redis alive: true", "first, redis alive: true");
        assertThat(infra.redis().isAlive()).isFalse();
    }

    @Test
    void persistentKeepsRedisAndS3DataAcrossRestart(@TempDir Path dataDir) throws Exception {
        byte[] content = "persisted".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.persistent(dataDir)) {
            assertThat(infra.redis().dataDir()).contains(dataDir.resolve("redis").toAbsolutePath());
            assertThat(infra.s3().dataDir()).contains(dataDir.resolve("s3").toAbsolutePath());
            try (RawRedis redis = new RawRedis(infra.redis().host(), infra.redis().port())) {
                assertThat(redis.command("SET", "session", "abc")).isEqualTo("+OK");
            }
            MinioClient minio = S3ProxyServerTest.client(infra.s3());
            minio.makeBucket(MakeBucketArgs.builder().bucket("files").build());
            minio.putObject(PutObjectArgs.builder().bucket("files").object("a.txt")
                    .stream(new ByteArrayInputStream(content), content.length, -1).build());
        }
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.persistent(dataDir)) {
            try (RawRedis redis = new RawRedis(infra.redis().host(), infra.redis().port())) {
                assertThat(redis.command("GET", "session")).isEqualTo("abc");
            }
            try (InputStream in = S3ProxyServerTest.client(infra.s3())
                    .getObject(GetObjectArgs.builder().bucket("files").object("a.txt").build())) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        }
    }

    @Test
    void sharedInstanceIsStartedOnceAndSurvivesClose() {
        EmbeddedInfrastructure first = EmbeddedInfrastructure.shared();
        EmbeddedInfrastructure second = EmbeddedInfrastructure.shared();
        assertThat(second).isSameAs(first);
        assertThat(first.isShared()).isTrue();

        first.close();

        assertThat(first.redis().ping()).isTrue();
        assertThat(LocalPorts.isListening(first.s3().port())).isTrue();
        assertThat(EmbeddedInfrastructure.shared()).isSameAs(first);
    }
}
