package dev.codeinterp.local.bench;

import dev.codeinterp.embedded.EmbeddedInfrastructure;
import dev.codeinterp.local.LocalStack;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What package installation costs, through the whole embedded stack, against floors measured in the same run: hello
 * world and pandas with installs off, then on ({@code APP_PIP_FIND_LINKS}: a directory of small wheels it builds, so
 * no network) where there is nothing to install (what reading every program's imports costs), a job whose package is
 * installed on its way (first use), and the same job once its package is installed (reuse); the floors are
 * {@code python3 -S -c 'print(1)'} and pip installing one such wheel into an empty directory by itself. Run with
 * {@code scripts/bench-packages.sh [packages] [requests]} (10 packages, 100 requests).
 */
public final class PackageInstallBenchmark {

    private static final String WHEELS = """
            import sys, zipfile
            directory, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
            for i in range(count):
                name = f"{prefix}_{i}"
                info = f"{name}-1.0.dist-info/"
                with zipfile.ZipFile(f"{directory}/{name}-1.0-py3-none-any.whl", "w") as wheel:
                    wheel.writestr(f"{name}.py", f"N = {i}\\n")
                    wheel.writestr(info + "METADATA", f"Metadata-Version: 2.1\\nName: {name}\\nVersion: 1.0\\n")
                    wheel.writestr(info + "WHEEL", "Wheel-Version: 1.0\\nGenerator: bench\\nRoot-Is-Purelib: true\\n"
                                   "Tag: py3-none-any\\n")
                    files = [f"{name}.py", info + "METADATA", info + "WHEEL", info + "RECORD"]
                    wheel.writestr(info + "RECORD", "".join(f"{file},,\\n" for file in files))
            """;
    private static final int FLOOR_RUNS = 50;
    private static final int PIP_FLOOR_RUNS = 5;

    private final BenchReport report;
    private final int packages;
    private final int requests;

    private PackageInstallBenchmark(BenchReport report, int packages, int requests) {
        this.report = report;
        this.packages = packages;
        this.requests = requests;
    }

    public static void main(String[] args) throws Exception {
        int packages = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        PrintStream out = System.out;
        Path logs = Files.createTempFile("bench-packages-", ".log");
        System.setOut(new PrintStream(new FileOutputStream(logs.toFile()), true, StandardCharsets.UTF_8));
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        out.println("logs: " + logs);
        try {
            new PackageInstallBenchmark(new BenchReport(out), packages, requests).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            out.println("The benchmark failed: " + e + " (see " + logs + ")");
            out.flush();
            System.exit(2);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        report.line("machine: %d cores; %d packages installed once each, %d requests per sequential measure",
                Runtime.getRuntime().availableProcessors(), packages, requests);
        Path wheels = Files.createTempDirectory("bench-wheels-");
        Path store = Files.createTempDirectory("bench-packages-");
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
        build(wheels, "bench_pkg", packages);
        build(wheels, "pip_floor", PIP_FLOOR_RUNS);
        Percentiles floor = ProcessFloor.time(ProcessFloor.PYTHON_NO_SITE, FLOOR_RUNS);
        report.latency("python3 -S -c 'print(1)' (the reference floor)", floor);
        report.latency("pip install --target of one wheel, alone (the install floor)", pipFloor(wheels));
        StackClient.Call hello = StackClient.execute("bench", "print(1)", "1\n");
        StackClient.Call pandas = StackClient.execute("bench", "import pandas, numpy; print(1)", "1\n");
        // a stack of its own each (closing a stack stops its embedded infrastructure)
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.forTests();
                LocalStack stack = LocalStack.start(infra, Map.of("app.http-listen-addr", "127.0.0.1:0"))) {
            StackClient api = new StackClient(stack.baseUrl());
            api.sequential(hello, Math.max(30, requests / 3)); // warm-up
            report.againstFloor("/v1/execute print(1), installs off", api.sequential(hello, requests),
                    floor.millis(0.50));
            report.againstFloor("/v1/execute import pandas, numpy, installs off",
                    api.sequential(pandas, Math.max(10, requests / 10)), floor.millis(0.50));
        }
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.forTests();
                LocalStack stack = LocalStack.start(infra, Map.of("app.http-listen-addr", "127.0.0.1:0",
                        "app.pip-find-links", wheels.toString(), "app.package-cache-dir", store.toString()))) {
            measureInstalls(new StackClient(stack.baseUrl()), hello, pandas, floor);
        }
        report.latency("python3 -S -c 'print(1)' again, at the end", ProcessFloor.time(ProcessFloor.PYTHON_NO_SITE,
                FLOOR_RUNS));
    }

    private void measureInstalls(StackClient api, StackClient.Call hello, StackClient.Call pandas, Percentiles floor)
            throws Exception {
        api.sequential(hello, Math.max(30, requests / 3)); // warm-up
        report.againstFloor("/v1/execute print(1), installs on (nothing to install)", api.sequential(hello, requests),
                floor.millis(0.50));
        report.againstFloor("/v1/execute import pandas, numpy, installs on (preinstalled: nothing to install)",
                api.sequential(pandas, Math.max(10, requests / 10)), floor.millis(0.50));
        long[] firstUse = new long[packages];
        for (int i = 0; i < packages; i++) {
            firstUse[i] = api.time(StackClient.execute("bench", "import bench_pkg_" + i + "; print(bench_pkg_" + i
                    + ".N)", i + "\n"));
        }
        report.againstFloor("/v1/execute import bench_pkg_<i> (first use: installed on its way)",
                new StackClient.Timings(new Percentiles(firstUse), Map.of()), floor.millis(0.50));
        report.againstFloor("/v1/execute import bench_pkg_0 (reuse: installed already)",
                api.sequential(StackClient.execute("bench", "import bench_pkg_0; print(bench_pkg_0.N)", "0\n"),
                        requests), floor.millis(0.50));
    }

    private static void build(Path directory, String prefix, int count) throws IOException, InterruptedException {
        if (!ProcessFloor.succeeds(List.of("/usr/bin/python3", "-c", WHEELS, directory.toString(), prefix,
                Integer.toString(count)))) {
            throw new IOException("could not build the benchmark's wheels");
        }
    }

    /** pip alone, as the worker runs it, installing one wheel of the directory into an empty directory. */
    private static Percentiles pipFloor(Path wheels) throws IOException, InterruptedException {
        long[] nanos = new long[PIP_FLOOR_RUNS];
        for (int i = 0; i < PIP_FLOOR_RUNS; i++) {
            Path target = Files.createTempDirectory("bench-pip-");
            List<String> command = new ArrayList<>(Arrays.asList("/usr/bin/python3", "-I", "-m", "pip", "install",
                    "--target", target.toString(), "--only-binary=:all:", "--no-input", "--no-cache-dir",
                    "--disable-pip-version-check", "--quiet", "--no-index", "--find-links", wheels.toString(),
                    "pip_floor_" + i));
            long start = System.nanoTime();
            if (!ProcessFloor.succeeds(command)) {
                throw new IOException("pip could not install pip_floor_" + i);
            }
            nanos[i] = System.nanoTime() - start;
        }
        return new Percentiles(nanos);
    }
}
