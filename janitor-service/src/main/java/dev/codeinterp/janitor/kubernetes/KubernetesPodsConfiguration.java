package dev.codeinterp.janitor.kubernetes;

import dev.codeinterp.janitor.sweep.OrphanPodSweeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Executor pods exist only with the Kubernetes backend ({@code APP_EXECUTOR_BACKEND=kubernetes}); with {@code local}
 * nothing here is created.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "app.executor-backend", havingValue = "kubernetes")
public class KubernetesPodsConfiguration {

    /** From the environment (in-cluster service account, kubeconfig, {@code kubernetes.master}), unless given. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    static KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    @Bean
    static OrphanPodSweeper orphanPodSweeper(KubernetesClient client, ExecutorPodSweepSettings settings) {
        return new OrphanPodSweeper(new KubernetesExecutorPodInventory(client, settings.namespace()),
                settings.maxLeaseDuration(), settings.batchSize());
    }
}
