package dev.codeinterp.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AppEnvironmentTest {

    @Test
    void shouldListAppVariablesSortedAndMaskSecretsWhenDescribingTheEnvironment() {
        Map<String, String> environment = Map.of("APP_EXECUTOR_MODE", "zygote", "HOME", "/root",
                "APP_API_KEYS", "k1,k2", "APP_S3_SECRET_KEY", "s3cr3t", "APP_CHAT_MAX_CONCURRENT", "0");

        assertThat(AppEnvironment.describe(environment)).containsExactly("APP_API_KEYS=***",
                "APP_CHAT_MAX_CONCURRENT=0", "APP_EXECUTOR_MODE=zygote", "APP_S3_SECRET_KEY=***");
    }
}
