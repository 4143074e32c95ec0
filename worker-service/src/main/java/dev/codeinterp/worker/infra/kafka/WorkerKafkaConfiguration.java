package dev.codeinterp.worker.infra.kafka;

import dev.codeinterp.common.job.InFlightSlots;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.worker.config.WorkerProperties;
import dev.codeinterp.worker.execution.ResultPublisher;
import dev.codeinterp.worker.execution.RunJob;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/** Wires the worker's Kafka adapters: job intake from the jobs topic and result publishing to the api replicas. */
@Configuration(proxyBeanMethods = false)
class WorkerKafkaConfiguration {

    @Bean
    ResultPublisher resultPublisher(KafkaTemplate<String, byte[]> kafka, ContractJson codec) {
        return new KafkaResultPublisher(kafka, codec);
    }

    @Bean
    JobIntakeListener jobIntakeListener(ContractJson codec, KafkaTemplate<String, byte[]> kafka,
            JobLifecycle lifecycle, InFlightSlots inFlightSlots, RunJob runJob, ResultPublisher publisher,
            WorkerProperties properties, ExecutorService jobThreads) {
        return new JobIntakeListener(codec, new KafkaDeadLetters(kafka), lifecycle, inFlightSlots, runJob, publisher,
                new Semaphore(properties.workerConcurrency()), jobThreads);
    }

    @Bean
    GracefulShutdown gracefulShutdown(JobIntakeListener intake, ExecutorService jobThreads, RunJob runJob,
            WorkerProperties properties) {
        return new GracefulShutdown(intake, jobThreads, runJob, properties.shutdownGrace());
    }

    /**
     * One consumer per worker that hands jobs to job threads; it commits what the listener acknowledges, which the
     * listener keeps in offset order itself (the container's asyncAcks would pause the consumer while a job runs).
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> jobListenerContainerFactory(
            ConsumerFactory<String, byte[]> consumerFactory) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setConcurrency(1);
        factory.getContainerProperties().setAckMode(AckMode.MANUAL);
        factory.getContainerProperties().setSyncCommits(false);
        return factory;
    }
}
