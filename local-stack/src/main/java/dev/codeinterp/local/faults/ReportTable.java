package dev.codeinterp.local.faults;

import dev.codeinterp.local.bench.Percentiles;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The benchmark's result as a small plain-text table. */
final class ReportTable {

    private ReportTable() {
    }

    static String render(RunFacts facts, KindTally sync, KindTally async, Percentiles syncLatency) {
        StringBuilder out = new StringBuilder();
        line(out, "Fault-load benchmark: %.1f min of load, %d worker JVMs, %d sync + %d async clients, "
                + "a worker killed (SIGKILL, while running a program) every %d s from %d s in",
                facts.load().toSeconds() / 60.0,
                facts.workers(), facts.syncClients(), facts.asyncClients(), facts.killEvery().toSeconds(),
                facts.killEvery().toSeconds() / 2);
        line(out, "kills: %d (%d skipped: no program running), worker JVMs started: %d, "
                + "processes outliving a killed worker: %d, drain: %d s", facts.kills(), facts.killsSkipped(),
                facts.workerStarts(), facts.survivors(), facts.drained().toSeconds());
        line(out, "machine: %d cores, load average (1 min) %s at start, %s at end", facts.cores(),
                facts.loadAverages().get(0), facts.loadAverages().get(1));
        line(out, "");
        line(out, "%-28s %8s %8s %8s", "", "sync", "async", "total");
        row(out, "submitted", sync.submitted(), async.submitted());
        row(out, "accepted", sync.accepted(), async.accepted());
        row(out, "succeeded with own marker", sync.succeeded(), async.succeeded());
        row(out, "LOST", sync.lost(), async.lost());
        row(out, "DUPLICATED", sync.duplicated(), async.duplicated());
        row(out, "re-run (attempt > 1)", sync.rerun(), async.rerun());
        row(out, "runs to the end (worker logs)", sync.runs(), async.runs());
        TreeSet<String> statuses = new TreeSet<>(sync.refusals().keySet());
        statuses.addAll(async.refusals().keySet());
        for (String status : statuses) {
            row(out, "not accepted: " + status, sync.refusals().getOrDefault(status, 0),
                    async.refusals().getOrDefault(status, 0));
        }
        line(out, "");
        latency(out, "sync /v1/execute answered 2xx", syncLatency);
        latency(out, "python3 -c 'print(1)'", facts.python());
        latency(out, "same in bubblewrap", facts.bwrapPython());
        examples(out, sync.examples());
        examples(out, async.examples());
        line(out, "");
        line(out, "logs: %s", facts.runDir());
        return out.toString();
    }

    private static void row(StringBuilder out, String name, int sync, int async) {
        line(out, "%-28s %8d %8d %8d", name, sync, async, sync + async);
    }

    private static void latency(StringBuilder out, String name, Percentiles p) {
        line(out, "%-32s n=%-5d p50 %8.1f ms  p99 %8.1f ms", name, p.count(), p.millis(0.50), p.millis(0.99));
    }

    private static void examples(StringBuilder out, Map<String, String> examples) {
        examples.forEach((jobId, why) -> line(out, "  job %s: %s", jobId, why));
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
