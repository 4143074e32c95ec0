package dev.codeinterp.common.config;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.infra.filesystem.FilesystemFileStore;
import dev.codeinterp.common.infra.s3.S3FileStore;
import io.minio.MinioClient;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The file store chosen by {@code APP_FILE_STORAGE_BACKEND}, ready to use: bucket or root directory created. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({FileStorageProperties.class, S3Properties.class})
public class FileStoreConfiguration {

    @Bean
    FileStore fileStore(FileStorageProperties storage, S3Properties s3) throws IOException {
        if (FileStorageProperties.FILESYSTEM.equals(storage.fileStorageBackend())) {
            return filesystemFileStore(storage.fileStoragePath());
        }
        return s3FileStore(s3);
    }

    private static FilesystemFileStore filesystemFileStore(String path) throws IOException {
        FilesystemFileStore store = new FilesystemFileStore(Path.of(path));
        store.ensureRoot();
        return store;
    }

    private static S3FileStore s3FileStore(S3Properties s3) throws IOException {
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region()).build();
        S3FileStore store = new S3FileStore(client, s3.bucket());
        store.ensureBucket();
        return store;
    }
}
