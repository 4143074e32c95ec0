package dev.codeinterp.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.codeinterp.common.job.OutputChunk.Stream;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link LiveOutput} must do; each adapter's test extends it. */
public abstract class LiveOutputContract {

    protected LiveOutput output;

    protected abstract LiveOutput newEmptyOutput();

    @BeforeEach
    void setUp() {
        output = newEmptyOutput();
    }

    @Test
    void shouldReadNothingWhenJobHasNoOutput() {
        assertThat(output.readAfter("job-1", LiveOutput.START, 10)).isEmpty();
    }

    @Test
    void shouldReadChunksInOrderWithTheirStreamAndAttemptWhenReadFromStart() {
        output.append("job-1", 1, Stream.STDOUT, "hello\n");
        output.append("job-1", 1, Stream.STDERR, "oops\n");
        output.append("job-1", 2, Stream.STDOUT, "again ✓\n");

        List<OutputChunk> chunks = output.readAfter("job-1", LiveOutput.START, 10);

        assertThat(chunks).extracting(OutputChunk::attempt, OutputChunk::stream, OutputChunk::text).containsExactly(
                tuple(1, Stream.STDOUT, "hello\n"),
                tuple(1, Stream.STDERR, "oops\n"),
                tuple(2, Stream.STDOUT, "again ✓\n"));
        assertThat(chunks).extracting(OutputChunk::position).allMatch(p -> LiveOutput.POSITION.matcher(p).matches())
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldReadOnlyChunksAfterPositionWhenResumed() {
        output.append("job-1", 1, Stream.STDOUT, "a");
        output.append("job-1", 1, Stream.STDOUT, "b");
        output.append("job-1", 1, Stream.STDOUT, "c");
        String afterFirst = output.readAfter("job-1", LiveOutput.START, 1).get(0).position();

        assertThat(output.readAfter("job-1", afterFirst, 10)).extracting(OutputChunk::text).containsExactly("b", "c");
        String last = output.readAfter("job-1", LiveOutput.START, 10).get(2).position();
        assertThat(output.readAfter("job-1", last, 10)).isEmpty();
    }

    @Test
    void shouldReadAtMostMaxChunksWhenMoreFollow() {
        for (int i = 0; i < 5; i++) {
            output.append("job-1", 1, Stream.STDOUT, "line " + i);
        }

        assertThat(output.readAfter("job-1", LiveOutput.START, 2)).extracting(OutputChunk::text)
                .containsExactly("line 0", "line 1");
    }

    @Test
    void shouldKeepEachJobsOutputApartWhenJobsRunTogether() {
        output.append("job-1", 1, Stream.STDOUT, "one");
        output.append("job-2", 1, Stream.STDOUT, "two");

        assertThat(output.readAfter("job-2", LiveOutput.START, 10)).extracting(OutputChunk::text)
                .containsExactly("two");
    }

    @Test
    void shouldRefuseMalformedPositionWhenRead() {
        assertThatThrownBy(() -> output.readAfter("job-1", "1-2-3", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> output.readAfter("job-1", "99999999999999999999-0", 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
