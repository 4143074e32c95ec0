package dev.codeinterp.api.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.messaging.Topics;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

class ReplicaIdsTest {

    @Test
    void shouldUseTheInstanceIdWhenItIsSet() {
        assertThat(ReplicaIds.choose("api-1", "code-interpreter-api-7f9c-x2", () -> "generated")).isEqualTo("api-1");
    }

    @Test
    void shouldUseThePodNameWhenNoInstanceIdIsSet() {
        assertThat(ReplicaIds.choose("", "code-interpreter-api-7f9c-x2", () -> "generated"))
                .isEqualTo("code-interpreter-api-7f9c-x2");
        assertThat(ReplicaIds.choose("  ", "pod-a", () -> "generated")).isEqualTo("pod-a");
        assertThat(ReplicaIds.choose(null, "pod-a", () -> "generated")).isEqualTo("pod-a");
    }

    @Test
    void shouldGenerateAnIdWhenNeitherIsSet() {
        assertThat(ReplicaIds.choose("", "", () -> "4b1c-generated")).isEqualTo("4b1c-generated");
        assertThat(ReplicaIds.choose(null, null, () -> "4b1c-generated")).isEqualTo("4b1c-generated");
    }

    @Test
    void shouldReplaceCharactersKafkaRefusesWhenTheIdHasThem() {
        assertThat(ReplicaIds.choose("api 1/ö:x", "", () -> "generated")).isEqualTo("api-1---x");
    }

    @Test
    void shouldCutAnIdSoItsTopicNameStaysLegalWhenTheIdIsLong() {
        String id = ReplicaIds.choose("a".repeat(400), "", () -> "generated");

        assertThat(id).hasSize(ReplicaIds.MAX_LENGTH);
        Topic.validate(Topics.resultsFor(id));
    }

    @Test
    void shouldKeepDotsAndUnderscoresWhenTheIdHasThem() {
        assertThat(ReplicaIds.choose("", "pod.a_b-c", () -> "generated")).isEqualTo("pod.a_b-c");
    }
}
