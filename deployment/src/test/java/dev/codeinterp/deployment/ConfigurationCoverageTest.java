package dev.codeinterp.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigurationCoverageTest {

    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\|([^|\\n]*)\\|([^|\\n]*)\\|");
    private static final Pattern VARIABLE = Pattern.compile("`(APP_[A-Z0-9_]+)`");

    private final Set<String> read = ServiceSettings.read();

    /** Variable → its default cell, from every table row of the README whose first cell names APP_ variables. */
    private static Map<String, String> documentedDefaults() {
        Map<String, String> defaults = new TreeMap<>();
        Matcher row = TABLE_ROW.matcher(RepoFiles.read(RepoFiles.ROOT.resolve("README.md")));
        while (row.find()) {
            String defaultCell = row.group(2).strip();
            VARIABLE.matcher(row.group(1)).results().forEach(m -> defaults.putIfAbsent(m.group(1), defaultCell));
        }
        return defaults;
    }

    @Test
    void shouldFindTheSettingsOfEveryServiceWhenScanningSources() {
        assertThat(read).contains("APP_HTTP_LISTEN_ADDR", "APP_EXECUTOR_BACKEND", "APP_JANITOR_INTERVAL",
                "APP_S3_ACCESS_KEY", "APP_FILE_STORAGE_BACKEND", "APP_JOB_PARTITIONS", "APP_KAFKA_BOOTSTRAP_SERVERS",
                "APP_REDIS_HOST");
    }

    @Test
    void shouldDocumentADefaultWhenAServiceReadsASetting() {
        Map<String, String> defaults = documentedDefaults();

        assertThat(read).allSatisfy(name -> assertThat(defaults.get(name))
                .as("README configuration row with a default for %s", name).isNotBlank());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldOnlySetSettingsTheServicesReadWhenComposeConfiguresThem() {
        Set<String> set = new TreeSet<>();
        ((Map<String, Map<String, Object>>) RepoFiles.compose().get("services")).values().forEach(service ->
                ((Map<String, Object>) service.getOrDefault("environment", Map.of())).keySet().stream()
                        .filter(key -> key.startsWith("APP_")).forEach(set::add));

        assertThat(set).isNotEmpty();
        assertThat(read).containsAll(set);
    }

    @Test
    void shouldNameTheVariableWhenRelaxedBindingMapsAProperty() {
        assertThat(ServiceSettings.envName("app.s3.accessKey")).isEqualTo("APP_S3_ACCESS_KEY");
        assertThat(ServiceSettings.envName("app.job-partitions")).isEqualTo("APP_JOB_PARTITIONS");
        assertThat(ServiceSettings.componentNames(
                "@DefaultValue(\"a,b)\") String first, @DurationUnit(ChronoUnit.SECONDS) Map<String, Integer> second) {", 0))
                .containsExactly("first", "second");
    }
}
