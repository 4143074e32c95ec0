package dev.codeinterp.common.config;

/** Defaults of settings that more than one service reads, defined once. */
public final class SharedDefaults {

    /**
     * {@code APP_RESULT_GRACE}, seconds: time allowed beyond a program's timeout for copying files and delivering
     * the result. The worker kills a sandbox past timeout + grace; the api stops waiting after queue timeout +
     * timeout + grace.
     */
    public static final String RESULT_GRACE_SECONDS = "60";

    private SharedDefaults() {
    }
}
