package dev.codeinterp.janitor.config;

import dev.codeinterp.common.files.FileStore;
import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.OrphanedObjects;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.replica.ReplicaRegistry;
import dev.codeinterp.janitor.kafka.KafkaReplicaResourcesConfiguration;
import dev.codeinterp.janitor.kubernetes.ExecutorPodSweepSettings;
import dev.codeinterp.janitor.kubernetes.KubernetesPodsConfiguration;
import dev.codeinterp.janitor.sweep.ExpiredGrantSweeper;
import dev.codeinterp.janitor.sweep.GoneReplicaSweeper;
import dev.codeinterp.janitor.sweep.ReplicaResources;
import dev.codeinterp.janitor.sweep.OrphanObjectSweeper;
import dev.codeinterp.janitor.sweep.StuckJobSweeper;
import dev.codeinterp.janitor.sweep.UnclaimedJobSweeper;
import dev.codeinterp.janitor.sweep.Sweeper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The sweepers and their schedule: every sweeper runs once per {@code APP_JANITOR_INTERVAL}. The orphan-pod sweeper
 * and its Kubernetes client exist only with {@code APP_EXECUTOR_BACKEND=kubernetes}
 * ({@link KubernetesPodsConfiguration}). The gone-replica sweeper reaches Kafka through
 * {@link KafkaReplicaResourcesConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@Import({KubernetesPodsConfiguration.class, KafkaReplicaResourcesConfiguration.class})
class JanitorConfiguration implements SchedulingConfigurer {

    private final JanitorProperties properties;
    private final List<Sweeper> sweepers;
    private final SweepRunner runner;

    JanitorConfiguration(JanitorProperties properties, List<Sweeper> sweepers, Clock clock, MeterRegistry registry) {
        this.properties = properties;
        this.sweepers = sweepers;
        this.runner = new SweepRunner(clock, registry);
    }

    @Bean
    static StuckJobSweeper stuckJobSweeper(JobStore jobs, JobLifecycle lifecycle, JanitorProperties properties) {
        return new StuckJobSweeper(jobs, lifecycle, properties.janitorBatchSize());
    }

    @Bean
    static UnclaimedJobSweeper unclaimedJobSweeper(JobStore jobs, JobLifecycle lifecycle,
            JanitorProperties properties) {
        return new UnclaimedJobSweeper(jobs, lifecycle, properties.janitorBatchSize());
    }

    @Bean
    static ExpiredGrantSweeper expiredGrantSweeper(GrantLedger grants, JanitorProperties properties) {
        return new ExpiredGrantSweeper(grants, properties.janitorBatchSize());
    }

    @Bean
    static OrphanObjectSweeper orphanObjectSweeper(OrphanedObjects orphans, FileStore files,
            JanitorProperties properties) {
        return new OrphanObjectSweeper(orphans, files, properties.orphanGrace(), properties.janitorBatchSize());
    }

    @Bean
    static GoneReplicaSweeper goneReplicaSweeper(ReplicaRegistry registry, ReplicaResources resources,
            JanitorProperties properties) {
        return new GoneReplicaSweeper(registry, resources, properties.replicaGoneGrace(),
                properties.janitorBatchSize());
    }

    @Bean
    static ExecutorPodSweepSettings executorPodSweepSettings(JanitorProperties properties) {
        return new ExecutorPodSweepSettings(properties.executorNamespace(), properties.maxLeaseDuration(),
                properties.janitorBatchSize());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        for (Sweeper sweeper : sweepers) {
            registrar.addFixedDelayTask(() -> runner.run(sweeper), properties.janitorInterval());
        }
    }
}
