package dev.codeinterp.api.infra.kafka;

import static dev.codeinterp.common.job.ExecutionJobBuilder.anExecutionJob;
import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.json.ContractJson;
import dev.codeinterp.common.messaging.MessageHeaders;
import dev.codeinterp.common.messaging.Topics;
import dev.codeinterp.common.replica.InMemoryReplicaRegistry;
import dev.codeinterp.embedded.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;

/**
 * The request/reply path against a real broker, wired as {@link KafkaJobConfiguration} wires it: results arrive by
 * correlation id, and the reply consumer leaves no consumer group and no committed offset behind.
 */
class KafkaJobDispatcherIT {

    private static final ReplicaIdentity REPLICA = new ReplicaIdentity("dispatcher-it", Topics.resultsFor(
            "dispatcher-it"));

    private static KafkaBroker broker;
    private static Admin admin;
    private final ContractJson codec = new ContractJson();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(1, Map.of(Topics.JOBS, 1));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(REPLICA.resultTopic(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldReceiveEachResultByItsJobIdAndCommitNoOffset() throws Exception {
        DefaultKafkaProducerFactory<String, byte[]> producers = producers();
        KafkaJobConfiguration configuration = new KafkaJobConfiguration();
        ReplyingKafkaTemplate<String, byte[], byte[]> template = configuration.replyingKafkaTemplate(producers,
                configuration.resultListenerContainer(consumers(), REPLICA));
        ExecutorService worker = Executors.newSingleThreadExecutor();
        template.start();
        try {
            assertThat(template.waitForAssignment(Duration.ofSeconds(30))).isTrue();
            worker.submit(() -> replyToJobs(3, "dispatcher-it-workers", REPLICA));
            KafkaJobDispatcher dispatcher = configuration.jobDispatcher(template, codec, new InMemoryJobStore());

            for (int i = 0; i < 3; i++) {
                assertRoundTrip(dispatcher);
            }
        } finally {
            template.stop(); // a container that commits has committed by now
            worker.shutdownNow();
            producers.destroy();
        }

        assertThat(admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS))
                .extracting(ConsumerGroupListing::groupId)
                .noneMatch(group -> group.startsWith(Topics.RESULT_GROUP_PREFIX));
    }

    @Test
    void shouldCreateTheResultTopicAgainAndReceiveResultsOnItWhenItIsDeletedWhileTheReplicaRuns() throws Exception {
        ReplicaIdentity replica = new ReplicaIdentity("guarded-it", Topics.resultsFor("guarded-it"));
        KafkaJobConfiguration configuration = new KafkaJobConfiguration();
        NewTopic topic = configuration.resultsTopic(replica, null);
        admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        ResultTopicGuard guard = new ResultTopicGuard(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers())), topic);
        DefaultKafkaProducerFactory<String, byte[]> producers = producers();
        KafkaMessageListenerContainer<String, byte[]> replies = configuration.resultListenerContainer(consumers(),
                replica);
        ReplyingKafkaTemplate<String, byte[], byte[]> template = configuration.replyingKafkaTemplate(producers,
                replies);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        ReplicaHeartbeat heartbeat = new ReplicaHeartbeat(new InMemoryReplicaRegistry(), replica.id(),
                Clock.systemUTC());
        heartbeat.alsoEachBeat(guard::check);
        template.start();
        heartbeat.start();
        try {
            assertThat(template.waitForAssignment(Duration.ofSeconds(30))).isTrue();
            worker.submit(() -> replyToJobs(5, "guarded-it-workers", replica));
            KafkaJobDispatcher dispatcher = configuration.jobDispatcher(template, codec, new InMemoryJobStore());
            assertRoundTrip(dispatcher);
            assertRoundTrip(dispatcher);
            assertThat(guard.check()).as("the topic exists").isFalse();

            // the reply consumer reads nothing until the new topic holds a reply
            replies.pause();
            await().atMost(Duration.ofSeconds(30)).until(replies::isContainerPaused);

            admin.deleteTopics(List.of(topic.name())).all().get(30, TimeUnit.SECONDS);
            // created again by the guard, with the topic's own settings (the broker would create it with its own)
            await().atMost(Duration.ofSeconds(60)).until(() -> maxMessageBytes(topic.name())
                    .equals(Integer.toString(Topics.MAX_MESSAGE_BYTES)));
            ExecutionJob job = anExecutionJob().build();
            CompletableFuture<ExecutionResult> first = dispatcher.dispatch(job, Duration.ofSeconds(60)).toFuture();
            await().atMost(Duration.ofSeconds(30)).until(() -> endOffset(topic.name()) == 1);
            replies.resume();

            // the consumer's position (2, on the old topic) is past the new topic's end: it reads from the start
            assertThat(first.get(30, TimeUnit.SECONDS).stdout()).isEqualTo("ran " + job.jobId());
            assertRoundTrip(dispatcher);
            assertRoundTrip(dispatcher);
        } finally {
            heartbeat.stop();
            guard.close();
            template.stop();
            worker.shutdownNow();
            producers.destroy();
        }
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                .get(30, TimeUnit.SECONDS).offset();
    }

    /** The topic's {@code max.message.bytes}, empty while it does not exist. */
    private static String maxMessageBytes(String topic) throws Exception {
        if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
            return "";
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value();
        } catch (java.util.concurrent.ExecutionException e) {
            return ""; // deleted meanwhile
        }
    }

    private void assertRoundTrip(KafkaJobDispatcher dispatcher) {
        ExecutionJob job = anExecutionJob().build();
        ExecutionResult result = dispatcher.dispatch(job, Duration.ofSeconds(30)).block();
        assertThat(result.jobId()).isEqualTo(job.jobId());
        assertThat(result.stdout()).isEqualTo("ran " + job.jobId());
    }

    private static DefaultKafkaProducerFactory<String, byte[]> producers() {
        return new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static DefaultKafkaConsumerFactory<String, byte[]> consumers() {
        return new DefaultKafkaConsumerFactory<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A worker in brief: takes the replica's jobs and answers each at the reply address it carries. */
    private void replyToJobs(int count, String group, ReplicaIdentity replica) {
        try (KafkaConsumer<String, byte[]> jobs = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> replies = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
            jobs.subscribe(List.of(Topics.JOBS));
            int replied = 0;
            while (replied < count && !Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : jobs.poll(Duration.ofMillis(200))) {
                    if (!replica.resultTopic().equals(header(record, MessageHeaders.REPLY_TOPIC))) {
                        continue; // another test's
                    }
                    ExecutionJob job = codec.decodeJob(record.value());
                    ExecutionResult result = aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED)
                            .withStdout("ran " + job.jobId()).build();
                    ProducerRecord<String, byte[]> reply = new ProducerRecord<>(
                            header(record, MessageHeaders.REPLY_TOPIC), job.jobId(), codec.encode(result));
                    reply.headers().add(MessageHeaders.CORRELATION_ID,
                            record.headers().lastHeader(MessageHeaders.CORRELATION_ID).value());
                    replies.send(reply);
                    replied++;
                }
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
