package dev.codeinterp.common.infra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.files.GrantKey;
import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every key list a Redis adapter passes to one script hashes to one Redis Cluster slot. */
class ScriptKeySlotsTest {

    private static final String HASH = "a".repeat(64);
    private static final String OTHER_HASH = "0123456789abcdef".repeat(4);
    private static final GrantKey GRANT = new GrantKey("chat-1", HASH, "data.csv");
    private static final GrantKey OTHER_GRANT = new GrantKey("other_chat", OTHER_HASH, "report.pdf");

    @Test
    void shouldPutEveryFileLedgerScriptsKeysInOneSlotWhenTheAdaptersBuildThem() {
        Map<String, List<String>> scripts = Map.of(
                "register, expire, consume download", FileKeys.forGrantChange(GRANT),
                "remove expired", FileKeys.forRemoveExpired(List.of(GRANT, OTHER_GRANT)),
                "claim deletable", FileKeys.forClaim(List.of(HASH, OTHER_HASH)),
                "release", FileKeys.forRelease(HASH),
                "reserve", FileKeys.forReserve(OTHER_HASH),
                "mark in use", FileKeys.forMarkInUse());

        scripts.forEach((script, keys) -> assertThat(slots(keys)).as(script).hasSize(1));
    }

    @Test
    void shouldPutAJobsRecordAndItsRunningIndexInOneSlot() {
        for (String jobId : List.of("job-1", "5b1d9c1e-6a4e-4c5e-9a51-7f0e2d3c4b5a", "")) {
            assertThat(slots(JobKeys.forTransition(jobId))).as(jobId).hasSize(1);
        }
    }

    @Test
    void shouldSpreadJobsOverSixteenSlotsWhenThereAreManyJobs() {
        Set<Integer> slots = IntStream.range(0, 1000)
                .mapToObj(i -> SlotHash.getSlot(JobKeys.record("job-" + i)))
                .collect(Collectors.toSet());

        assertThat(slots).hasSize(JobKeys.SHARDS);
        assertThat(JobKeys.runningIndexes().stream().map(SlotHash::getSlot).collect(Collectors.toSet()))
                .isEqualTo(slots);
    }

    private static Set<Integer> slots(List<String> keys) {
        return keys.stream().map(SlotHash::getSlot).collect(Collectors.toSet());
    }
}
