package dev.codeinterp.worker.infra.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where job messages that no worker can read go, with the reason, before their offset is committed. */
interface DeadLetters {

    void send(ConsumerRecord<String, byte[]> record, String reason);
}
