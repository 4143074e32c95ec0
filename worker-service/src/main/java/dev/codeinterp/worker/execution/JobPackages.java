package dev.codeinterp.worker.execution;

import java.time.Duration;
import java.util.List;

/**
 * Port: the third-party packages a job's program imports and its sandbox lacks, installed by the worker (never by the
 * sandbox, which has no network) before the program starts. A package that cannot be installed is not fatal: the
 * program runs and meets its {@code ModuleNotFoundError}, after a notice that says why.
 */
public interface JobPackages {

    JobPackages NONE = (sourceCode, inputPaths, budget) -> Prepared.NONE;

    /**
     * Installs what {@code sourceCode} imports and neither the sandbox nor the job's input files provide.
     *
     * @param inputPaths the job's input files ({@code /workspace/...}): modules among them are the program's own
     * @param budget     how long the job may wait for installs; past it the program runs without what is missing
     */
    Prepared prepare(String sourceCode, List<String> inputPaths, Duration budget);

    /**
     * @param sandboxPaths the installed packages' directories as the sandbox sees them, for the program's path
     * @param notices      lines for the program's stderr, one per package that could not be installed
     */
    record Prepared(List<String> sandboxPaths, List<String> notices) {

        public static final Prepared NONE = new Prepared(List.of(), List.of());

        public Prepared {
            sandboxPaths = List.copyOf(sandboxPaths);
            notices = List.copyOf(notices);
        }
    }
}
