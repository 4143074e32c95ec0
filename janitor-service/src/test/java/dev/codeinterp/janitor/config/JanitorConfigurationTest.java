package dev.codeinterp.janitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.config.CommonInfrastructureConfiguration;
import dev.codeinterp.janitor.sweep.ExpiredGrantSweeper;
import dev.codeinterp.janitor.sweep.GoneReplicaSweeper;
import dev.codeinterp.janitor.sweep.OrphanObjectSweeper;
import dev.codeinterp.janitor.sweep.StuckJobSweeper;
import dev.codeinterp.janitor.sweep.UnclaimedJobSweeper;
import dev.codeinterp.janitor.sweep.Sweeper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Every chore is a {@link Sweeper} bean, so the schedule runs it; nothing here connects to Redis or Kafka. */
class JanitorConfigurationTest {

    @TempDir
    Path storage;

    @Test
    void shouldRegisterEverySweeperWhenStarted() {
        new ApplicationContextRunner()
                .withUserConfiguration(CommonInfrastructureConfiguration.class, Properties.class,
                        JanitorConfiguration.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(StringRedisTemplate.class, () -> new StringRedisTemplate(new LettuceConnectionFactory()))
                .withPropertyValues("app.file-storage-backend=filesystem", "app.file-storage-path=" + storage)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(Sweeper.class).values()).hasSize(5)
                            .hasAtLeastOneElementOfType(StuckJobSweeper.class)
                            .hasAtLeastOneElementOfType(UnclaimedJobSweeper.class)
                            .hasAtLeastOneElementOfType(ExpiredGrantSweeper.class)
                            .hasAtLeastOneElementOfType(OrphanObjectSweeper.class)
                            .hasAtLeastOneElementOfType(GoneReplicaSweeper.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(JanitorProperties.class)
    static class Properties {
    }
}
