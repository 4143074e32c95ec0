package dev.codeinterp.common.sandbox;

/**
 * How executor pods of the Kubernetes backend are marked: the worker that creates and leases them and the janitor that
 * reaps them read the same labels and annotations, and the Helm chart's NetworkPolicies select them by
 * {@link #NAME_LABEL}.
 */
public final class ExecutorPods {

    /** {@code app.kubernetes.io/name}: every executor pod has {@link #NAME}. */
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String NAME = "code-interpreter-executor";
    /** {@code app.kubernetes.io/managed-by}: every executor pod has {@link #MANAGED_BY}. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "code-interpreter-worker";
    /** The name of the worker pod that created the executor pod. */
    public static final String WORKER_LABEL = "code-interpreter.dev/worker";
    /** {@link #WARM} while waiting in a pool, {@link #LEASED} once a job has it (no pool sees it again). */
    public static final String STATE_LABEL = "code-interpreter.dev/state";
    public static final String WARM = "warm";
    public static final String LEASED = "leased";
    /** When the pod was leased (ISO-8601 instant); the janitor reaps pods leased for longer than any job may run. */
    public static final String LEASED_AT_ANNOTATION = "code-interpreter.dev/leased-at";
    /** The agent's TCP port, when it is not the configured one (the tests' fake kubelet sets it). */
    public static final String AGENT_PORT_ANNOTATION = "code-interpreter.dev/agent-port";
    /** The environment variable that hands the agent its per-pod token. */
    public static final String AGENT_TOKEN_ENV = "AGENT_TOKEN";
    /** The environment variable that names the modules the agent's launcher imports before the pod is ready. */
    public static final String AGENT_PRELOAD_ENV = "AGENT_PRELOAD";

    private ExecutorPods() {
    }
}
