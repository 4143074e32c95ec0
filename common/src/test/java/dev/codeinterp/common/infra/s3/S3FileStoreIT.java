package dev.codeinterp.common.infra.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.FileStoreContract;
import dev.codeinterp.embedded.S3ProxyServer;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class S3FileStoreIT extends FileStoreContract {

    private static S3ProxyServer s3;
    private static MinioClient client;

    private String bucket;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.inMemory();
        client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey())
                .region("us-east-1").build();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Override
    protected FileStore newEmptyStore() throws IOException {
        bucket = "files-" + UUID.randomUUID();
        S3FileStore store = new S3FileStore(client, bucket);
        store.ensureBucket();
        return store;
    }

    @Test
    void shouldCreateMissingBucketOnceWhenEnsuredTwice() throws Exception {
        String fresh = "fresh-" + UUID.randomUUID();
        S3FileStore freshStore = new S3FileStore(client, fresh);

        freshStore.ensureBucket();
        freshStore.ensureBucket();

        assertThat(client.bucketExists(BucketExistsArgs.builder().bucket(fresh).build())).isTrue();
    }

    @Test
    void shouldStoreObjectUnderFilesPrefixWhenPut() throws Exception {
        byte[] content = "layout".getBytes(StandardCharsets.UTF_8);
        String hash = sha256(content);

        store.put(hash, new ByteArrayInputStream(content), content.length);

        assertThat(client.statObject(StatObjectArgs.builder().bucket(bucket).object("files/" + hash).build()).size())
                .isEqualTo(content.length);
    }
}
