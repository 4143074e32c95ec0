package dev.codeinterp.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single-node Kafka cluster (KRaft, combined broker and controller) running inside this JVM,
 * based on spring-kafka-test's {@link EmbeddedKafkaKraftBroker}.
 *
 * <p>It listens on a random port (the KRaft test kit cannot take a fixed one) and keeps its logs
 * in temporary directories: nothing survives {@link #close()}. Topics are auto-created on first
 * use with {@link #defaultPartitions()} partitions; others can be created up front with their
 * own partition counts.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    /** Partitions of auto-created topics when none is given. */
    public static final int DEFAULT_PARTITIONS = 8;

    /**
     * System property the underlying broker sets to the address of the most recently started broker
     * (instead of {@code spring.kafka.bootstrap-servers}). Use {@link #bootstrapServers()} instead.
     */
    public static final String BROKER_LIST_SYSTEM_PROPERTY = "dev.codeinterp.embedded.kafka.bootstrap-servers";

    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    /** Request handler threads ({@code num.io.threads}). */
    static final int REQUEST_HANDLER_THREADS = 2;

    private final EmbeddedKafkaKraftBroker broker;
    private final String bootstrapServers;
    private final int defaultPartitions;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaBroker(EmbeddedKafkaKraftBroker broker, int defaultPartitions) {
        this.broker = broker;
        this.bootstrapServers = broker.getBrokersAsString();
        this.defaultPartitions = defaultPartitions;
    }

    /**
     * Starts a broker whose auto-created topics get {@value #DEFAULT_PARTITIONS} partitions.
     *
     * @return the running broker
     */
    public static KafkaBroker start() {
        return start(DEFAULT_PARTITIONS, Map.of());
    }

    /**
     * Starts a broker and creates topics.
     *
     * @param defaultPartitions partitions of topics created without an explicit count
     *                          ({@code num.partitions})
     * @param topics            topics to create before returning, name to partition count
     * @return the running broker
     */
    public static KafkaBroker start(int defaultPartitions, Map<String, Integer> topics) {
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be at least 1: " + defaultPartitions);
        }
        long startNanos = System.nanoTime();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, defaultPartitions);
        broker.brokerProperties(brokerProperties(defaultPartitions));
        // By default the broker publishes its address as the JVM-wide system property
        // spring.kafka.bootstrap-servers, which would leak into every Spring context of the JVM and
        // clash between brokers. 4.0.x does not accept null here, so use a private name instead.
        broker.brokerListProperty(BROKER_LIST_SYSTEM_PROPERTY);
        broker.adminTimeout((int) ADMIN_TIMEOUT_SECONDS);
        try {
            broker.afterPropertiesSet();
        }
        catch (RuntimeException e) {
            destroyQuietly(broker);
            throw e;
        }
        KafkaBroker kafka = new KafkaBroker(broker, defaultPartitions);
        try {
            kafka.createTopics(topics);
        }
        catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        log.info("Kafka broker ready at {} in {} ms (default partitions {}, topics {})", kafka.bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), defaultPartitions, topics);
        return kafka;
    }

    /**
     * Broker settings for a fast single-node cluster.
     *
     * @param defaultPartitions value of {@code num.partitions}
     * @return the properties
     */
    static Map<String, String> brokerProperties(int defaultPartitions) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", Integer.toString(defaultPartitions));
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("offsets.topic.replication.factor", "1");
        // 50 partitions (the default) makes the first consumer group noticeably slower to form
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("delete.topic.enable", "true");
        // Fewer idle pollers: each request handler and group coordinator thread wakes every 300 ms with nothing to
        // do (Kafka's defaults are 8, 3 and 4 of them, sized for a server of its own, not one JVM on a few cores).
        props.put("num.io.threads", Integer.toString(REQUEST_HANDLER_THREADS));
        props.put("num.network.threads", "2");
        props.put("group.coordinator.threads", "1");
        return props;
    }

    /**
     * Creates topics; topics that already exist are left as they are.
     *
     * @param topics name to partition count
     */
    public void createTopics(Map<String, Integer> topics) {
        if (topics == null || topics.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = new ArrayList<>();
        topics.forEach((name, partitions) -> newTopics.add(new NewTopic(name, partitions, (short) 1)));
        broker.doWithAdmin(admin -> admin.createTopics(newTopics).values().forEach((name, future) -> {
            try {
                future.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + name, e.getCause());
                }
                log.debug("Topic {} already exists", name);
            }
            catch (TimeoutException e) {
                throw new IllegalStateException("Timed out creating topic " + name, e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + name, e);
            }
        }));
    }

    /** @return the {@code host:port} list clients bootstrap from */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** @return the partition count of auto-created topics */
    public int defaultPartitions() {
        return defaultPartitions;
    }

    /** @return the wrapped spring-kafka-test broker, for its admin helpers */
    public EmbeddedKafkaKraftBroker embeddedBroker() {
        return broker;
    }

    /** Shuts the broker down and deletes its log directories. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long startNanos = System.nanoTime();
        broker.destroy();
        log.info("Kafka broker at {} stopped in {} ms", bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static void destroyQuietly(EmbeddedKafkaKraftBroker broker) {
        try {
            broker.destroy();
        }
        catch (RuntimeException e) {
            log.debug("Ignoring failure to destroy a broker that failed to start", e);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers + "]";
    }
}
