package dev.codeinterp.common.infra.s3;

import dev.codeinterp.common.files.FileStore;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File bytes in an S3 bucket (MinIO or any S3), one object per content hash: {@code files/<sha256>}. */
public final class S3FileStore implements FileStore {

    private static final Logger log = LoggerFactory.getLogger(S3FileStore.class);
    /** Multipart part size for uploads of unknown-to-S3 streams; 16 MiB keeps memory per upload bounded. */
    private static final long PART_SIZE = 16L * 1024 * 1024;

    private final MinioClient client;
    private final String bucket;

    public S3FileStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** Creates the bucket when it does not exist yet. */
    public void ensureBucket() throws IOException {
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    log.info("Created bucket {}", bucket);
                } catch (ErrorResponseException e) {
                    // Another service sharing the bucket created it at the same moment.
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void put(String fileHash, InputStream content, long size) throws IOException {
        if (exists(fileHash)) {
            content.skipNBytes(size);
            return;
        }
        call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(objectName(fileHash))
                .stream(content, size, size > PART_SIZE ? PART_SIZE : -1).build()));
    }

    @Override
    public boolean exists(String fileHash) throws IOException {
        return size(fileHash) >= 0;
    }

    @Override
    public long size(String fileHash) throws IOException {
        try {
            return client.statObject(StatObjectArgs.builder().bucket(bucket).object(objectName(fileHash)).build())
                    .size();
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
                return -1;
            }
            throw new IOException("S3 stat failed for " + fileHash, e);
        } catch (MinioException | GeneralSecurityException e) {
            throw new IOException("S3 stat failed for " + fileHash, e);
        }
    }

    @Override
    public InputStream open(String fileHash) throws IOException {
        return call(() -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(objectName(fileHash)).build()));
    }

    @Override
    public void delete(String fileHash) throws IOException {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(objectName(fileHash)).build());
            return null;
        });
    }

    /** The bucket exists and answers. */
    @Override
    public void probe() throws IOException {
        if (!call(() -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()))) {
            throw new IOException("S3 bucket " + bucket + " does not exist");
        }
    }

    static String objectName(String fileHash) {
        return "files/" + fileHash;
    }

    private static <T> T call(S3Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (MinioException | GeneralSecurityException e) {
            throw new IOException("S3 request failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws MinioException, GeneralSecurityException, IOException;
    }
}
