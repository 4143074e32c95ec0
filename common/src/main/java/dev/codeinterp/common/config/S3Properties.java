package dev.codeinterp.common.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where file bytes are stored ({@code APP_S3_*}).
 *
 * @param endpoint  S3 endpoint URL, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key id
 * @param secretKey secret access key (never printed)
 * @param region    region name sent in signatures
 * @param bucket    bucket holding {@code files/<sha256>}; created when missing
 */
@ConfigurationProperties("app.s3")
public record S3Properties(
        @DefaultValue("http://127.0.0.1:9000") String endpoint,
        @DefaultValue("minioadmin") String accessKey,
        @DefaultValue("minioadmin") String secretKey,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("code-interpreter") String bucket) {

    @Override
    public String toString() {
        return "S3Properties[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, region=" + region
                + ", bucket=" + bucket + "]";
    }
}
