package dev.codeinterp.worker.metrics;

import dev.codeinterp.worker.packages.PackageInstalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The worker's package installs, exported as {@code code_interpreter_package_installs_total{outcome}}. */
public final class MicrometerPackageInstalls implements PackageInstalls {

    private final Counter installed;
    private final Counter failed;

    public MicrometerPackageInstalls(MeterRegistry registry) {
        installed = counter(registry, "installed");
        failed = counter(registry, "failed");
    }

    @Override
    public void ended(boolean succeeded) {
        (succeeded ? installed : failed).increment();
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("code.interpreter.package.installs").tag("outcome", outcome)
                .description("Packages the worker installed for programs, or failed to (reuses are not counted)")
                .register(registry);
    }
}
