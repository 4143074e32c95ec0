package dev.codeinterp.common.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The key lists the admission scripts pass to its scripts hash to one Redis Cluster slot. */
class AdmissionKeySlotsTest {

    @Test
    void shouldPutEveryAdmissionScriptsKeysInOneSlotWhenTheAdapterBuildsThem() {
        for (String chatId : List.of("chat-1", "other_chat", "default")) {
            assertThat(slots(AdmissionKeys.forAdmit(chatId))).as("admit %s", chatId).hasSize(1);
            assertThat(slots(AdmissionKeys.forRelease(chatId))).as("release %s", chatId).hasSize(1);
        }
    }

    private static Set<Integer> slots(List<String> keys) {
        return keys.stream().map(SlotHash::getSlot).collect(Collectors.toSet());
    }
}
