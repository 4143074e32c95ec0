package dev.codeinterp.common.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which {@link dev.codeinterp.common.files.FileStore} holds file bytes ({@code APP_FILE_STORAGE_*}).
 *
 * @param fileStorageBackend {@value #S3} (MinIO or any S3, configured by {@link S3Properties}) or
 *                           {@value #FILESYSTEM} (a local directory); anything else fails start-up
 * @param fileStoragePath    root directory of the {@value #FILESYSTEM} backend, created when missing; objects are
 *                           kept under {@code <path>/files/}
 */
@ConfigurationProperties("app")
public record FileStorageProperties(
        @DefaultValue(S3) String fileStorageBackend,
        @DefaultValue(DEFAULT_PATH) String fileStoragePath) {

    public static final String S3 = "s3";
    public static final String FILESYSTEM = "filesystem";
    static final String DEFAULT_PATH = "/tmp/code_interp";

    public FileStorageProperties {
        if (!S3.equals(fileStorageBackend) && !FILESYSTEM.equals(fileStorageBackend)) {
            throw new IllegalArgumentException("APP_FILE_STORAGE_BACKEND must be '" + S3 + "' or '" + FILESYSTEM
                    + "', got '" + fileStorageBackend + "'");
        }
        if (FILESYSTEM.equals(fileStorageBackend) && (fileStoragePath == null || fileStoragePath.isBlank())) {
            throw new IllegalArgumentException("APP_FILE_STORAGE_PATH must not be empty when APP_FILE_STORAGE_BACKEND="
                    + FILESYSTEM);
        }
    }
}
