package dev.codeinterp.api.infra.kafka;

import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.execution.JobDispatcher;
import dev.codeinterp.api.execution.JobQueue;
import dev.codeinterp.common.job.JobStore;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.common.replica.ReplicaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.requestreply.CorrelationKey;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.support.TopicPartitionOffset;

/**
 * Wires the {@link JobDispatcher} port to Kafka: this replica's identity ({@link ReplicaIds}), its heartbeat, its result
 * topic and the request/reply template.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaJobConfiguration {

    @Bean
    ReplicaIdentity replicaIdentity(ApiProperties properties) {
        String id = ReplicaIds.choose(properties.instanceId(), properties.apiPodName(),
                () -> UUID.randomUUID().toString());
        return new ReplicaIdentity(id, Topics.resultsFor(id));
    }

    /** Registered as soon as it exists, so before {@link #resultsTopic} is created (at the end of the start). */
    @Bean
    ReplicaHeartbeat replicaHeartbeat(ReplicaRegistry registry, ReplicaIdentity replica, Clock clock) {
        ReplicaHeartbeat heartbeat = new ReplicaHeartbeat(registry, replica.id(), clock);
        heartbeat.register();
        return heartbeat;
    }

    @Bean
    NewTopic resultsTopic(ReplicaIdentity replica, ReplicaHeartbeat registered) {
        return TopicBuilder.name(replica.resultTopic()).partitions(1)
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES)).build();
    }

    /**
     * Checked after each heartbeat, with an admin client of its own (Boot's {@code kafkaAdmin} makes a new one per
     * call) and Boot's settings.
     */
    @Bean
    ResultTopicGuard resultTopicGuard(KafkaAdmin kafkaAdmin, NewTopic resultsTopic, ReplicaHeartbeat heartbeat) {
        ResultTopicGuard guard = new ResultTopicGuard(Admin.create(kafkaAdmin.getConfigurationProperties()),
                resultsTopic);
        heartbeat.alsoEachBeat(guard::check);
        return guard;
    }

    /**
     * The reply listener reads only this replica's result topic, assigned directly (no consumer-group rebalance to
     * wait for) from its end. It has no consumer group and commits nothing: a reply is awaited by correlation id from
     * the position this consumer holds, and a replica that starts again reads from the end anyway, so a committed
     * offset would never be read (it cost a commit, and the broker's log write, per reply). Older versions committed
     * under {@link Topics#resultGroupFor}; the janitor still deletes such groups.
     */
    @Bean
    KafkaMessageListenerContainer<String, byte[]> resultListenerContainer(
            ConsumerFactory<String, byte[]> consumerFactory, ReplicaIdentity replica) {
        return new KafkaMessageListenerContainer<>(consumerFactory, resultListenerProperties(replica));
    }

    /**
     * Without a group, offsets cannot be committed: the listener never acknowledges, so none is tried. It starts at the
     * end; a position the topic no longer has (it was deleted and created again, see {@link ResultTopicGuard}) starts
     * over at the beginning, so no reply written to the new topic is skipped.
     */
    static ContainerProperties resultListenerProperties(ReplicaIdentity replica) {
        ContainerProperties containerProperties = new ContainerProperties(
                new TopicPartitionOffset(replica.resultTopic(), 0, TopicPartitionOffset.SeekPosition.END));
        containerProperties.setGroupId(null);
        containerProperties.setAckMode(ContainerProperties.AckMode.MANUAL);
        Properties consumer = new Properties();
        consumer.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // only ResultTopicGuard creates the topic, with its settings; a consumer would create it with the broker's
        consumer.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        containerProperties.setKafkaConsumerProperties(consumer);
        return containerProperties;
    }

    @Bean
    ReplyingKafkaTemplate<String, byte[], byte[]> replyingKafkaTemplate(ProducerFactory<String, byte[]> producerFactory,
            KafkaMessageListenerContainer<String, byte[]> resultListenerContainer) {
        ReplyingKafkaTemplate<String, byte[], byte[]> template =
                new ReplyingKafkaTemplate<>(producerFactory, resultListenerContainer);
        template.setCorrelationIdStrategy(record -> new CorrelationKey(
                record.key().getBytes(StandardCharsets.UTF_8)));
        template.setSharedReplyTopic(false);
        return template;
    }

    /** Both the {@link JobDispatcher} (a caller waits) and the {@link JobQueue} (nobody waits). */
    @Bean
    KafkaJobDispatcher jobDispatcher(ReplyingKafkaTemplate<String, byte[], byte[]> template, ContractJson codec,
            JobStore jobs) {
        return new KafkaJobDispatcher(template, codec, jobs);
    }
}
