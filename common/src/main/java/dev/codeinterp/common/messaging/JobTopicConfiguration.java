package dev.codeinterp.common.messaging;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Declares the job topic, so whichever service starts first creates it with its full partition count
 * ({@code APP_JOB_PARTITIONS}, default 16: at least the largest number of workers planned). Growing it later would
 * leave consumers blind to new partitions until their next metadata refresh.
 */
@Configuration(proxyBeanMethods = false)
public class JobTopicConfiguration {

    @Bean
    NewTopic jobsTopic(@Value("${app.job-partitions:16}") int partitions) {
        return TopicBuilder.name(Topics.JOBS).partitions(partitions)
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES)).build();
    }

    /** Dead letters are few and read by operators: one partition keeps them in the order they came. */
    @Bean
    NewTopic jobsDeadLetterTopic() {
        return TopicBuilder.name(Topics.JOBS_DLQ).partitions(1)
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES)).build();
    }
}
