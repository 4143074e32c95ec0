package dev.codeinterp.worker.packages;

import dev.codeinterp.python.syntax.ImportScanner;
import dev.codeinterp.worker.execution.JobPackages;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, before a program runs, the distributions of the modules it imports that its sandbox lacks: found in its
 * source ({@link ImportScanner}), minus the sandbox Python's own modules ({@link SandboxPython}) and the program's own
 * (its input files), named by {@link ModuleDistributions}, installed once per store (a host's, or a volume the workers
 * share) into the {@link PackageStore} for the sandboxes' Python, and reused by every job after. Installs run on a
 * pool of their own, so that a job stops waiting at its budget while the install goes on for the jobs after it; jobs
 * that need a package being installed wait for that install. A failed install is remembered for
 * {@link #FAILURE_MEMORY}, and each job that needs it gets a notice saying why.
 */
public final class PackageProvisioning implements JobPackages, AutoCloseable {

    /**
     * The most installs one job may ask for (packages installed already do not count): a program importing hundreds
     * of unknown names gets notices instead.
     */
    static final int MOST_PER_JOB = 10;
    /** How long a failed install is not tried again. */
    static final Duration FAILURE_MEMORY = Duration.ofMinutes(5);
    /** How long a job waits, within its budget, for the sandboxes' Python to be known. */
    static final Duration LONGEST_PYTHON_WAIT = Duration.ofSeconds(10);
    private static final String NOTICE = "[package installation] ";
    private static final Logger log = LoggerFactory.getLogger(PackageProvisioning.class);

    private final SandboxPythonSource pythons;
    private final ModuleDistributions distributions;
    private final PackageStore store;
    private final String sandboxMount;
    private final PackageInstaller installer;
    private final Clock clock;
    private final PackageInstalls counted;
    private final ExecutorService installs;
    private final Map<String, CompletableFuture<InstalledPackage>> inProgress = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    private record Failure(String reason, Instant until) {
    }

    /**
     * @param pythons            the sandboxes' Python: its modules, and what pip installs for
     * @param sandboxMount       where sandboxes see {@link PackageStore#storeOf the store}
     * @param concurrentInstalls installs that may run at once (of different distributions)
     * @param counted            told the end of each install
     */
    public PackageProvisioning(SandboxPythonSource pythons, ModuleDistributions distributions, PackageStore store,
            String sandboxMount, PackageInstaller installer, Clock clock, int concurrentInstalls,
            PackageInstalls counted) {
        this.sandboxMount = sandboxMount;
        this.counted = counted;
        this.pythons = pythons;
        this.distributions = distributions;
        this.store = store;
        this.installer = installer;
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.installs = Executors.newFixedThreadPool(concurrentInstalls, runnable -> {
            Thread thread = new Thread(runnable, "package-install-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Prepared prepare(String sourceCode, List<String> inputPaths, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        SandboxPython python;
        try {
            python = pythons.describe(budget.compareTo(LONGEST_PYTHON_WAIT) < 0 ? budget : LONGEST_PYTHON_WAIT);
        } catch (PackageInstallException e) {
            log.debug("No packages installed for a job: {}", e.getMessage());
            return Prepared.NONE; // without its modules, every import would look missing
        }
        Map<String, String> wanted = missing(python, sourceCode, inputPaths);
        if (wanted.isEmpty()) {
            return Prepared.NONE;
        }
        List<String> paths = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        int installsAsked = 0;
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            String distribution = entry.getKey();
            String module = entry.getValue();
            try {
                Optional<InstalledPackage> stored = stored(python, distribution);
                if (stored.isEmpty() && ++installsAsked > MOST_PER_JOB) {
                    notices.add(NOTICE + "did not install " + distribution + " (for import " + module + "): a "
                            + "program gets at most " + MOST_PER_JOB + " packages installed at once");
                    continue;
                }
                InstalledPackage installed = stored.isPresent() ? stored.get()
                        : installed(python, distribution, deadline);
                paths.add(sandboxMount + "/" + installed.key());
            } catch (PackageInstallException e) {
                notices.add(NOTICE + "could not install " + distribution + " (for import " + module + "): "
                        + e.getMessage());
            }
        }
        return new Prepared(paths, notices);
    }

    private Optional<InstalledPackage> stored(SandboxPython python, String distribution)
            throws PackageInstallException {
        try {
            return store.find(python, distribution);
        } catch (IOException e) {
            throw new PackageInstallException("the package store is unreadable: " + e.getMessage());
        }
    }

    /** Distribution → the first module naming it, for each module the program imports and nothing provides. */
    Map<String, String> missing(SandboxPython python, String sourceCode, List<String> inputPaths) {
        Set<String> own = ownModules(inputPaths);
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String module : ImportScanner.topLevelModules(sourceCode)) {
            String distribution = distributions.distributionFor(module);
            if (!python.modules().contains(module) && !own.contains(module)
                    && ModuleDistributions.isDistributionName(distribution)) {
                wanted.putIfAbsent(distribution, module);
            }
        }
        return wanted;
    }

    /** Modules the program brings itself: each input file or directory at the top of {@code /workspace}. */
    private static Set<String> ownModules(List<String> inputPaths) {
        Set<String> own = new HashSet<>();
        for (String path : inputPaths) {
            String relative = path.startsWith("/workspace/") ? path.substring("/workspace/".length()) : path;
            int slash = relative.indexOf('/');
            String top = slash >= 0 ? relative.substring(0, slash) : relative;
            int dot = slash >= 0 ? -1 : top.indexOf('.');
            own.add(dot > 0 ? top.substring(0, dot) : top);
        }
        return own;
    }

    private InstalledPackage installed(SandboxPython python, String distribution, long deadline)
            throws PackageInstallException {
        String name = python.flavour() + "/" + PackageStore.normalize(distribution);
        Failure failed = failures.get(name);
        if (failed != null && clock.instant().isBefore(failed.until())) {
            throw new PackageInstallException(failed.reason());
        }
        CompletableFuture<InstalledPackage> install = inProgress.computeIfAbsent(name,
                key -> CompletableFuture.supplyAsync(() -> installNow(python, distribution, name), installs));
        try {
            return install.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new PackageInstallException("still installing when the job's time was up; later runs will have it");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PackageFailure failure ? failure.cause : new PackageInstallException(
                    String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PackageInstallException("interrupted");
        }
    }

    /** @param name the install's key in {@link #inProgress} and {@link #failures} */
    private InstalledPackage installNow(SandboxPython python, String distribution, String name) {
        long start = System.nanoTime();
        try {
            AtomicBoolean ran = new AtomicBoolean(); // else another worker of the host had installed it meanwhile
            InstalledPackage installed = store.install(python, distribution, (wanted, forPython, target) -> {
                ran.set(true);
                installer.install(wanted, forPython, target);
            });
            failures.remove(name);
            if (ran.get()) {
                counted.ended(true);
                log.info("Installed {} {} in {} ms", installed.name(), installed.version(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            return installed;
        } catch (PackageInstallException e) {
            log.warn("Could not install {}: {}", distribution, e.getMessage());
            counted.ended(false);
            failures.put(name, new Failure(e.getMessage(), clock.instant().plus(FAILURE_MEMORY)));
            throw new PackageFailure(e);
        } catch (IOException | RuntimeException e) {
            log.error("Could not install {}", distribution, e);
            counted.ended(false);
            PackageInstallException failure = new PackageInstallException("the package store failed: " + e);
            failures.put(name, new Failure(failure.getMessage(), clock.instant().plus(FAILURE_MEMORY)));
            throw new PackageFailure(failure);
        } finally {
            inProgress.remove(name);
        }
    }

    @Override
    public void close() {
        installs.shutdownNow();
    }

    /** Carries a failed install out of its future. */
    private static final class PackageFailure extends RuntimeException {
        private final PackageInstallException cause;

        PackageFailure(PackageInstallException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }
}
