package dev.codeinterp.common.config;

/** Defaults of settings that more than one service reads, defined once. */
public final class SharedDefaults {

    /**
     * {@code APP_RESULT_GRACE}, seconds: time allowed beyond a program's timeout for copying files and delivering
     * the result. The worker kills a sandbox past timeout + grace; the api stops waiting after queue timeout +
     * timeout + grace.
     */
    public static final String RESULT_GRACE_SECONDS = "60";

    /**
     * {@code APP_MAX_EXECUTION_TIMEOUT}, seconds: the longest timeout a request may ask for. The janitor reaps executor
     * pods leased for longer than this plus the result grace plus a margin.
     */
    public static final String MAX_EXECUTION_TIMEOUT_SECONDS = "600";

    private SharedDefaults() {
    }
}
