package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelmChartSecurityTest {

    private static final Rendered DEFAULTS = Rendered.defaults();
    private static final Rendered PRODUCTION = Rendered.production();

    @Test
    void shouldLetTheWorkerDoExactlyWhatItsPoolNeedsWithPodsWhenRendered() {
        assertOnlyPodRule(DEFAULTS.get(Role.class, "worker"), "create", "get", "list", "watch", "patch", "delete");
    }

    @Test
    void shouldLetTheJanitorOnlyReadAndDeletePodsWhenRendered() {
        assertOnlyPodRule(DEFAULTS.get(Role.class, "janitor"), "get", "list", "watch", "delete");
    }

    @ParameterizedTest
    @ValueSource(strings = {"worker", "janitor"})
    void shouldBindEachRoleToItsOwnServiceAccountInTheReleaseNamespaceWhenRendered(String component) {
        RoleBinding binding = DEFAULTS.get(RoleBinding.class, component);
        String name = DEFAULTS.get(ServiceAccount.class, component).getMetadata().getName();

        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(DEFAULTS.get(Role.class, component).getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(name);
            assertThat(subject.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        });
        assertThat(DEFAULTS.deployment(component).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(name);
    }

    @Test
    void shouldGiveTheApiNoServiceAccountTokenWhenRendered() {
        assertThat(DEFAULTS.get(ServiceAccount.class, "api").getAutomountServiceAccountToken()).isFalse();
        assertThat(DEFAULTS.deployment("api").getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .isFalse();
        assertThat(DEFAULTS.all(Role.class)).noneMatch(role -> role.getMetadata().getName().endsWith("-api"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api", "worker", "janitor"})
    void shouldRunEveryServiceNonRootReadOnlyWithoutCapabilitiesWhenRendered(String component) {
        for (Rendered rendered : List.of(DEFAULTS, PRODUCTION)) {
            PodSpec pod = rendered.deployment(component).getSpec().getTemplate().getSpec();
            PodSecurityContext podContext = pod.getSecurityContext();
            SecurityContext context = rendered.container(component).getSecurityContext();

            assertThat(podContext.getRunAsNonRoot()).isTrue();
            assertThat(podContext.getRunAsUser()).isPositive();
            assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(context.getAllowPrivilegeEscalation()).isFalse();
            assertThat(context.getReadOnlyRootFilesystem()).isTrue();
            assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(rendered.container(component).getVolumeMounts())
                    .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
            assertThat(pod.getVolumes()).anySatisfy(volume -> {
                assertThat(volume.getName()).isEqualTo("tmp");
                assertThat(volume.getEmptyDir()).isNotNull();
            });
        }
    }

    @Test
    void shouldGiveTheWorkerItsPodNameUidAndNamespaceFromTheDownwardApiWhenRendered() {
        Map<String, EnvVar> env = DEFAULTS.env("worker");

        assertThat(fieldPath(env.get("APP_WORKER_POD_NAME"))).isEqualTo("metadata.name");
        assertThat(fieldPath(env.get("APP_WORKER_POD_UID"))).isEqualTo("metadata.uid");
        assertThat(fieldPath(env.get("APP_EXECUTOR_NAMESPACE"))).isEqualTo("metadata.namespace");
        assertThat(fieldPath(DEFAULTS.env("janitor").get("APP_EXECUTOR_NAMESPACE"))).isEqualTo("metadata.namespace");
        assertThat(env.get("APP_EXECUTOR_BACKEND").getValue()).isEqualTo("kubernetes");
        assertThat(DEFAULTS.env("janitor").get("APP_EXECUTOR_BACKEND").getValue()).isEqualTo("kubernetes");
    }

    @Test
    void shouldGiveTheApiItsPodNameAsReplicaIdAndTheJanitorTheKafkaAddressWhenRendered() {
        assertThat(fieldPath(DEFAULTS.env("api").get("APP_API_POD_NAME"))).isEqualTo("metadata.name");
        assertThat(DEFAULTS.env("janitor").get("APP_KAFKA_BOOTSTRAP_SERVERS").getValue())
                .isEqualTo(DEFAULTS.env("api").get("APP_KAFKA_BOOTSTRAP_SERVERS").getValue()).isNotBlank();
    }

    @Test
    void shouldReferenceEveryCredentialFromItsExistingSecretWhenRendered() {
        assertThat(PRODUCTION.all(Secret.class)).isEmpty();
        for (String component : List.of("api", "worker", "janitor")) {
            Map<String, EnvVar> env = PRODUCTION.env(component);
            assertSecretRef(env.get("APP_S3_ACCESS_KEY"), "code-interpreter-s3", "access-key");
            assertSecretRef(env.get("APP_S3_SECRET_KEY"), "code-interpreter-s3", "secret-key");
            assertSecretRef(env.get("SPRING_DATA_REDIS_PASSWORD"), "code-interpreter-redis", "redis-password");
        }
        assertSecretRef(PRODUCTION.env("api").get("APP_API_KEYS"), "code-interpreter-api-keys", "api-keys");
    }

    @Test
    void shouldInlineNoCredentialAnywhereWhenRendered() {
        for (Rendered rendered : List.of(DEFAULTS, PRODUCTION)) {
            for (String component : List.of("api", "worker", "janitor")) {
                Container container = rendered.container(component);
                assertThat(container.getEnv())
                        .filteredOn(env -> env.getName().matches(".*(KEY|PASSWORD|SECRET|TOKEN).*"))
                        .allSatisfy(env -> {
                            assertThat(env.getValue()).as(env.getName()).isNull();
                            assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
                        });
            }
        }
    }

    private static void assertOnlyPodRule(Role role, String... verbs) {
        assertThat(role.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        assertThat(role.getRules()).singleElement().satisfies((PolicyRule rule) -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder(verbs);
            assertThat(rule.getResourceNames()).isNullOrEmpty();
        });
    }

    private static String fieldPath(EnvVar env) {
        return env.getValueFrom().getFieldRef().getFieldPath();
    }

    private static void assertSecretRef(EnvVar env, String secret, String key) {
        assertThat(env.getValue()).isNull();
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
    }
}
