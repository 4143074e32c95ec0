package dev.codeinterp.local.bench;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code APP_*} variables this run inherited. The stack's services read them like any Spring property
 * ({@code APP_EXECUTOR_MODE} is {@code app.executor-mode}), so the benchmark measures whatever they select; the
 * report names them, with secrets masked.
 */
final class AppEnvironment {

    private static final Pattern SECRET = Pattern.compile("SECRET|PASSWORD|TOKEN|KEY");

    private AppEnvironment() {
    }

    /** {@code NAME=value} of each {@code APP_*} variable, sorted, the values of secret-looking names masked. */
    static List<String> describe(Map<String, String> environment) {
        return environment.entrySet().stream().filter(e -> e.getKey().startsWith("APP_"))
                .map(e -> e.getKey() + "=" + (SECRET.matcher(e.getKey()).find() ? "***" : e.getValue()))
                .sorted().toList();
    }
}
