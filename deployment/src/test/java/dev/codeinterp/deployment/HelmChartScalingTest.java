package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelmChartScalingTest {

    @Test
    void shouldScaleTheApiOnCpuAndLeaveItsReplicasToTheHpaWhenValuesAreTheDefaults() {
        Rendered rendered = Rendered.defaults();
        HorizontalPodAutoscaler hpa = rendered.get(HorizontalPodAutoscaler.class, "api");

        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName())
                .isEqualTo(rendered.deployment("api").getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies((MetricSpec metric) -> {
            assertThat(metric.getType()).isEqualTo("Resource");
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        });
        assertThat(rendered.deployment("api").getSpec().getReplicas()).isNull();
    }

    @Test
    void shouldFixTheApiReplicasWhenItsAutoscalingIsOff() {
        Rendered rendered = Rendered.defaults(Map.of("api.autoscaling.enabled", "false", "api.replicas", "3"));

        assertThat(rendered.has(HorizontalPodAutoscaler.class, "api")).isFalse();
        assertThat(rendered.deployment("api").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void shouldRenderNoWorkerHpaWhenKafkaLagScalingIsOffByDefault() {
        Rendered rendered = Rendered.defaults();

        assertThat(rendered.has(HorizontalPodAutoscaler.class, "worker")).isFalse();
        assertThat(rendered.deployment("worker").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void shouldScaleWorkersOnTheConsumerLagOfTheirGroupWhenKafkaLagScalingIsOn() {
        Rendered rendered = Rendered.defaults(Map.of("worker.autoscaling.kafkaLag.enabled", "true"));
        HorizontalPodAutoscaler hpa = rendered.get(HorizontalPodAutoscaler.class, "worker");

        assertThat(hpa.getSpec().getScaleTargetRef().getName())
                .isEqualTo(rendered.deployment("worker").getMetadata().getName());
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies((MetricSpec metric) -> {
            assertThat(metric.getType()).isEqualTo("External");
            assertThat(metric.getExternal().getMetric().getName()).isEqualTo("kafka_consumergroup_lag");
            assertThat(metric.getExternal().getMetric().getSelector().getMatchLabels())
                    .containsEntry("consumergroup", "code-interpreter-workers")
                    .containsEntry("topic", "code-interpreter.jobs.v1");
            assertThat(metric.getExternal().getTarget().getType()).isEqualTo("AverageValue");
            assertThat(metric.getExternal().getTarget().getAverageValue().toString()).isEqualTo("8");
        });
        assertThat(rendered.deployment("worker").getSpec().getReplicas()).isNull();
    }

    @Test
    void shouldBudgetDisruptionsOfApiAndWorkersButNotOfASingleJanitorWhenValuesAreTheDefaults() {
        Rendered rendered = Rendered.defaults();

        for (String component : new String[] {"api", "worker"}) {
            PodDisruptionBudget budget = rendered.get(PodDisruptionBudget.class, component);
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(budget.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(rendered.deployment(component).getSpec().getSelector().getMatchLabels());
        }
        assertThat(rendered.has(PodDisruptionBudget.class, "janitor")).isFalse();
    }

    @Test
    void shouldBudgetJanitorDisruptionsWhenThereAreSeveralJanitors() {
        Rendered rendered = Rendered.production();

        assertThat(rendered.deployment("janitor").getSpec().getReplicas()).isEqualTo(2);
        assertThat(rendered.get(PodDisruptionBudget.class, "janitor").getSpec().getSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "janitor");
    }
}
