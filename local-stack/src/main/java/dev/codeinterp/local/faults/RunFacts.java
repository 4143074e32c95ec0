package dev.codeinterp.local.faults;

import dev.codeinterp.local.bench.Percentiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a run went, apart from the jobs: its settings, the kills, the floors and how busy the machine was.
 *
 * @param loadAverages the 1-minute load average at the start and at the end of the load
 */
record RunFacts(Duration load, int workers, int syncClients, int asyncClients, Duration killEvery, int kills,
        int killsSkipped, long survivors, int workerStarts, Duration drained, int cores, List<String> loadAverages,
        Percentiles python, Percentiles bwrapPython, Path runDir) {
}
