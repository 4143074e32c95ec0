package dev.codeinterp.local.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor under any executor that forks a preloaded interpreter per job, as the zygote does: a python3 that has
 * imported the data stack forks, the child runs {@code print(1)} and ends, nothing else (no namespaces, no agent, no
 * service). Its CPU per fork bounds the throughput of such a design on this machine: every job pays it at least once.
 */
public final class ForkFloor {

    /** The worker's default {@code APP_EXECUTOR_PRELOAD}. */
    public static final List<String> ZYGOTE_PRELOAD = List.of("numpy", "pandas", "scipy", "matplotlib",
            "matplotlib.pyplot", "PIL.Image", "sympy");
    private static final String SCRIPT = "/bench/fork_floor.py";

    /**
     * @param preloaded the modules imported before the forks (those not installed are left out)
     * @param rssMib    the forked interpreter's resident memory
     * @param p50Ms     wall time of one fork until its child is reaped, median
     * @param cpuMs     CPU time per fork, parent and child together
     */
    public record Figures(List<String> preloaded, long rssMib, int forks, double p50Ms, double cpuMs) {

        /** The most forks per second {@code cores} could make if they did nothing else. */
        public double ceilingPerSecond(int cores) {
            return cores * 1000.0 / cpuMs;
        }
    }

    private ForkFloor() {
    }

    /** Forks a python3 that preloaded {@code modules} {@code forks} times, one after the other. */
    public static Figures measure(int forks, List<String> modules) throws IOException, InterruptedException {
        Path script = Files.createTempFile("fork-floor-", ".py");
        try {
            try (InputStream in = ForkFloor.class.getResourceAsStream(SCRIPT)) {
                Files.write(script, in.readAllBytes());
            }
            Process process = new ProcessBuilder("/usr/bin/python3", "-s", script.toString(), Integer.toString(forks),
                    String.join(",", modules)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("fork_floor.py failed: " + output);
            }
            return parse(output);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static Figures parse(String json) {
        JsonNode figures = JsonMapper.builder().build().readTree(json);
        return new Figures(figures.path("preloaded").valueStream().map(JsonNode::asString).toList(),
                figures.path("rss_mib").asLong(), figures.path("forks").asInt(), figures.path("p50_ms").asDouble(),
                figures.path("cpu_ms").asDouble());
    }
}
