package dev.codeinterp.janitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.config.CommonInfrastructureConfiguration;
import dev.codeinterp.janitor.sweep.OrphanPodSweeper;
import dev.codeinterp.janitor.sweep.Sweeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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

/** The orphan-pod sweeper and its Kubernetes client exist only with the Kubernetes backend; nothing connects. */
class OrphanPodSweeperConfigurationTest {

    @TempDir
    Path storage;

    @Test
    void shouldCreateNothingOfKubernetesWhenTheBackendIsLocalByDefault() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(KubernetesClient.class).doesNotHaveBean(OrphanPodSweeper.class);
            assertThat(context.getBeansOfType(Sweeper.class)).hasSize(5);
        });
    }

    @Test
    void shouldScheduleTheOrphanPodSweeperWhenTheBackendIsKubernetes() {
        runner().withPropertyValues("app.executor-backend=kubernetes", "app.executor-namespace=sandboxes")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(KubernetesClient.class).hasSingleBean(OrphanPodSweeper.class);
                    assertThat(context.getBeansOfType(Sweeper.class)).hasSize(6);
                });
    }

    @Test
    void shouldUseTheGivenClientWhenOneIsSupplied() {
        KubernetesClient given = new KubernetesClientBuilder().build();
        runner().withBean("givenClient", KubernetesClient.class, () -> given)
                .withPropertyValues("app.executor-backend=kubernetes")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(OrphanPodSweeper.class);
                    assertThat(context.getBean(KubernetesClient.class)).isSameAs(given);
                });
        given.close();
    }

    @Test
    void shouldFailToStartNamingTheVariableWhenTheBackendIsUnknown() {
        runner().withPropertyValues("app.executor-backend=docker")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("APP_EXECUTOR_BACKEND"));
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(CommonInfrastructureConfiguration.class, Properties.class,
                        JanitorConfiguration.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(StringRedisTemplate.class, () -> new StringRedisTemplate(new LettuceConnectionFactory()))
                .withPropertyValues("app.file-storage-backend=filesystem", "app.file-storage-path=" + storage);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(JanitorProperties.class)
    static class Properties {
    }
}
