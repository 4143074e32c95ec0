package dev.codeinterp.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3ProxyServerTest {

    private static final int TWELVE_MIB = 12 * 1024 * 1024;
    private static final long PART_SIZE = 5L * 1024 * 1024;

    @TempDir
    Path tempDir;

    static MinioClient client(S3ProxyServer s3) {
        return MinioClient.builder()
                .endpoint(s3.endpoint())
                .region("us-east-1")
                .credentials(s3.accessKey(), s3.secretKey())
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"in-memory", "filesystem"})
    void minioClientRoundTripWithMultipartUpload(String backend) throws Exception {
        try (S3ProxyServer s3 = backend.equals("filesystem")
                ? S3ProxyServer.filesystem(tempDir.resolve("s3"))
                : S3ProxyServer.inMemory()) {
            assertThat(s3.endpoint()).isEqualTo("http://127.0.0.1:" + s3.port());
            MinioClient minio = client(s3);
            byte[] payload = new byte[TWELVE_MIB];
            new Random(42).nextBytes(payload);

            minio.makeBucket(MakeBucketArgs.builder().bucket("results").build());
            assertThat(minio.bucketExists(BucketExistsArgs.builder().bucket("results").build())).isTrue();

            // size > part size: the MinIO client uploads in three parts (5 + 5 + 2 MiB)
            minio.putObject(PutObjectArgs.builder().bucket("results").object("job-1/output.bin")
                    .stream(new ByteArrayInputStream(payload), payload.length, PART_SIZE)
                    .contentType("application/octet-stream").build());

            StatObjectResponse stat = minio.statObject(
                    StatObjectArgs.builder().bucket("results").object("job-1/output.bin").build());
            assertThat(stat.size()).isEqualTo(TWELVE_MIB);
            assertThat(stat.etag()).endsWith("-3"); // multipart ETag: md5-of-md5s + "-<parts>"

            try (InputStream in = minio.getObject(
                    GetObjectArgs.builder().bucket("results").object("job-1/output.bin").build())) {
                assertThat(in.readAllBytes()).isEqualTo(payload);
            }

            minio.removeObject(RemoveObjectArgs.builder().bucket("results").object("job-1/output.bin").build());
            assertThatThrownBy(() -> minio.statObject(
                    StatObjectArgs.builder().bucket("results").object("job-1/output.bin").build()))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.errorResponse().code()).isEqualTo("NoSuchKey"));
        }
    }

    @Test
    void filesystemDataSurvivesRestartInSameDirectory() throws Exception {
        Path dir = tempDir.resolve("persistent-s3");
        byte[] content = "stdout of job 7".getBytes(StandardCharsets.UTF_8);
        try (S3ProxyServer s3 = S3ProxyServer.filesystem(dir)) {
            assertThat(s3.dataDir()).contains(dir.toAbsolutePath());
            MinioClient minio = client(s3);
            minio.makeBucket(MakeBucketArgs.builder().bucket("artifacts").build());
            minio.putObject(PutObjectArgs.builder().bucket("artifacts").object("job-7/stdout.txt")
                    .stream(new ByteArrayInputStream(content), content.length, -1).build());
        }
        assertThat(dir.resolve("artifacts")).isDirectory();

        try (S3ProxyServer s3 = S3ProxyServer.filesystem(dir)) {
            MinioClient minio = client(s3);
            assertThat(minio.bucketExists(BucketExistsArgs.builder().bucket("artifacts").build())).isTrue();
            try (InputStream in = minio.getObject(
                    GetObjectArgs.builder().bucket("artifacts").object("job-7/stdout.txt").build())) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        }
    }

    @Test
    void rejectsRequestsSignedWithTheWrongSecret() {
        try (S3ProxyServer s3 = S3ProxyServer.inMemory(0, "the-access-key", "the-secret-key")) {
            assertThat(s3.accessKey()).isEqualTo("the-access-key");
            assertThat(s3.secretKey()).isEqualTo("the-secret-key");
            MinioClient wrong = MinioClient.builder().endpoint(s3.endpoint()).region("us-east-1")
                    .credentials("the-access-key", "not-the-secret").build();
            assertThatThrownBy(() -> wrong.makeBucket(MakeBucketArgs.builder().bucket("nope").build()))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.response().code()).isEqualTo(403));
        }
    }

    @Test
    void closeStopsListening() {
        S3ProxyServer s3 = S3ProxyServer.inMemory();
        assertThat(LocalPorts.isListening(s3.port())).isTrue();
        s3.close();
        assertThat(LocalPorts.isListening(s3.port())).isFalse();
        s3.close(); // idempotent
    }
}
