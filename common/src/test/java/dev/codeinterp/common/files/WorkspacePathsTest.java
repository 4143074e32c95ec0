package dev.codeinterp.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspacePathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/workspace/data.csv", "/workspace/dir/sub/file.txt", "/workspace/.hidden",
            "/workspace/..dots-in-a-name", "/workspace/a b/c d.txt", "/workspace/ünïcode/数据.csv"})
    void shouldAcceptPathWhenItIsNormalisedUnderWorkspace(String path) {
        assertThat(WorkspacePaths.problemWith(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/workspace/", "/workspace", "/etc/passwd", "/workspacex/a", "workspace/a", "a.txt", ""})
    void shouldRefusePathWhenItIsNotStrictlyUnderWorkspace(String path) {
        assertThat(WorkspacePaths.problemWith(path)).contains("must be an absolute path under /workspace/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/workspace/../etc/passwd", "/workspace/a/../../etc", "/workspace/a/./b", "/workspace/.",
            "/workspace/.."})
    void shouldRefusePathWhenItHasDotSegments(String path) {
        assertThat(WorkspacePaths.problemWith(path)).contains("must not contain '.' or '..' segments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/workspace//a", "/workspace/a//b", "/workspace/a/"})
    void shouldRefusePathWhenItHasEmptySegments(String path) {
        assertThat(WorkspacePaths.problemWith(path)).contains("must not contain empty segments");
    }

    @Test
    void shouldRefusePathWhenItContainsNul() {
        assertThat(WorkspacePaths.problemWith("/workspace/a\0.txt")).contains("must not contain NUL characters");
    }

    @Test
    void shouldAcceptPathWhenItIsExactlyTheLongestAllowed() {
        String path = WorkspacePaths.ROOT + "a".repeat(4096 - WorkspacePaths.ROOT.length());

        assertThat(WorkspacePaths.problemWith(path)).isEmpty();
    }

    @Test
    void shouldRefusePathWhenItIsLongerThan4096Bytes() {
        String path = WorkspacePaths.ROOT + "a".repeat(4097 - WorkspacePaths.ROOT.length());

        assertThat(WorkspacePaths.problemWith(path)).contains("is too long");
    }

    @Test
    void shouldCountUtf8BytesWhenCheckingLength() {
        String path = WorkspacePaths.ROOT + "é".repeat(2100);

        assertThat(path.length()).isLessThan(4096);
        assertThat(WorkspacePaths.problemWith(path)).contains("is too long");
    }
}
