package dev.codeinterp.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.infra.filesystem.FilesystemFileStore;
import dev.codeinterp.common.infra.s3.S3FileStore;
import dev.codeinterp.embedded.S3ProxyServer;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code APP_FILE_STORAGE_BACKEND} picks the file store adapter, which is ready before any service uses it. */
class FileStoreConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(FileStoreConfiguration.class);

    @TempDir
    Path temp;

    @Test
    void shouldCreateFilesystemStoreWithItsRootWhenBackendIsFilesystem() {
        Path root = temp.resolve("code_interp");

        context.withPropertyValues("app.file-storage-backend=filesystem", "app.file-storage-path=" + root)
                .run(started -> {
                    assertThat(started).hasSingleBean(FileStore.class);
                    assertThat(started.getBean(FileStore.class)).isInstanceOf(FilesystemFileStore.class);
                    assertThat(root.resolve("files")).isDirectory();
                });
    }

    @Test
    void shouldCreateS3StoreWithItsBucketWhenBackendIsNotSet() {
        try (S3ProxyServer s3 = S3ProxyServer.inMemory()) {
            context.withPropertyValues("app.s3.endpoint=" + s3.endpoint(), "app.s3.access-key=" + s3.accessKey(),
                    "app.s3.secret-key=" + s3.secretKey(), "app.s3.bucket=configured")
                    .run(started -> {
                        assertThat(started.getBean(FileStore.class)).isInstanceOf(S3FileStore.class);
                        MinioClient client = MinioClient.builder().endpoint(s3.endpoint())
                                .credentials(s3.accessKey(), s3.secretKey()).region("us-east-1").build();
                        assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("configured").build()))
                                .isTrue();
                    });
        }
    }

    @Test
    void shouldFailToStartNamingTheVariableWhenBackendIsUnknown() {
        context.withPropertyValues("app.file-storage-backend=gcs").run(started -> assertThat(started)
                .hasFailed().getFailure().rootCause()
                .hasMessageContaining("APP_FILE_STORAGE_BACKEND").hasMessageContaining("gcs"));
    }
}
