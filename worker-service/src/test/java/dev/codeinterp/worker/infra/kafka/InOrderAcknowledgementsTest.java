package dev.codeinterp.worker.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

class InOrderAcknowledgementsTest {

    private static final TopicPartition P0 = new TopicPartition("jobs", 0);
    private static final TopicPartition P1 = new TopicPartition("jobs", 1);

    private final InOrderAcknowledgements acknowledgements = new InOrderAcknowledgements();
    private final List<String> committed = new ArrayList<>();

    private void take(TopicPartition partition, long offset) {
        acknowledgements.taken(partition, offset, recording(partition.partition() + "@" + offset));
    }

    private Acknowledgment recording(String name) {
        return () -> committed.add(name);
    }

    @Test
    void shouldCommitAJobAsSoonAsItFinishesWhenNothingEarlierRuns() {
        take(P0, 5);

        acknowledgements.finished(P0, 5);

        assertThat(committed).containsExactly("0@5");
    }

    @Test
    void shouldNotCommitPastAJobStillRunningWhenALaterOneFinishesFirst() {
        take(P0, 5);
        take(P0, 6);
        take(P0, 7);

        acknowledgements.finished(P0, 7);
        acknowledgements.finished(P0, 6);
        assertThat(committed).isEmpty();

        acknowledgements.finished(P0, 5);
        assertThat(committed).containsExactly("0@7");
    }

    @Test
    void shouldTrackEachPartitionOnItsOwn() {
        take(P0, 1);
        take(P1, 1);
        take(P0, 2);

        acknowledgements.finished(P1, 1);
        acknowledgements.finished(P0, 2);
        assertThat(committed).containsExactly("1@1");

        acknowledgements.finished(P0, 1);
        assertThat(committed).containsExactly("1@1", "0@2");
    }

    @Test
    void shouldIgnoreAJobItNeverTookOrAlreadyCommitted() {
        take(P0, 1);
        acknowledgements.finished(P0, 1);

        acknowledgements.finished(P0, 1);
        acknowledgements.finished(P1, 9);

        assertThat(committed).containsExactly("0@1");
    }
}
