package dev.codeinterp.common.infra.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.FileStoreContract;
import io.minio.BucketExistsArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3FileStoreIT extends FileStoreContract {

    @RegisterExtension
    static final S3ServerExtension s3 = new S3ServerExtension();

    private String bucket;

    @Override
    protected FileStore newEmptyStore() throws IOException {
        bucket = "files-" + UUID.randomUUID();
        S3FileStore store = new S3FileStore(s3.client(), bucket);
        store.ensureBucket();
        return store;
    }

    @Test
    void shouldCreateMissingBucketOnceWhenEnsuredTwice() throws Exception {
        String fresh = "fresh-" + UUID.randomUUID();
        S3FileStore freshStore = new S3FileStore(s3.client(), fresh);

        freshStore.ensureBucket();
        freshStore.ensureBucket();

        assertThat(s3.client().bucketExists(BucketExistsArgs.builder().bucket(fresh).build())).isTrue();
    }

    @Test
    void shouldFailTheReadinessProbeWhenTheBucketDoesNotExist() {
        S3FileStore withoutBucket = new S3FileStore(s3.client(), "missing-" + UUID.randomUUID());

        assertThatThrownBy(withoutBucket::probe).isInstanceOf(IOException.class).hasMessageContaining("does not exist");
    }

    @Test
    void shouldStoreObjectUnderFilesPrefixWhenPut() throws Exception {
        byte[] content = "layout".getBytes(StandardCharsets.UTF_8);
        String hash = sha256(content);

        store.put(hash, new ByteArrayInputStream(content), content.length);

        assertThat(s3.client().statObject(StatObjectArgs.builder().bucket(bucket).object("files/" + hash).build())
                .size()).isEqualTo(content.length);
    }
}
