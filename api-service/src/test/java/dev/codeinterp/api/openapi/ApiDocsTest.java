package dev.codeinterp.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docs/api.md}, the guide for client authors, agrees with the shipped OpenAPI document: it has a section for
 * exactly the documented operations, each listing exactly the documented statuses, and the README links it.
 */
class ApiDocsTest {

    private static final Path DOCS = Path.of("..", "docs", "api.md");
    private static final Pattern SECTION = Pattern.compile("^### `([A-Z]+) (/\\S+)`$", Pattern.MULTILINE);
    private static final Pattern STATUSES = Pattern.compile("^Statuses: ([0-9, ]+)\\.$", Pattern.MULTILINE);

    @Test
    void shouldDescribeExactlyTheDocumentedOperationsWithTheirStatuses() throws IOException {
        assertThat(operationsOfThePage(Files.readString(DOCS))).isEqualTo(operationsOfTheDocument());
    }

    @Test
    void shouldBeLinkedFromTheReadme() throws IOException {
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("(docs/api.md)");
    }

    /** {@code METHOD /path} → its statuses, from each {@code ### `METHOD /path`} section's "Statuses:" line. */
    private static Map<String, Set<String>> operationsOfThePage(String page) {
        Map<String, Set<String>> operations = new TreeMap<>();
        Matcher section = SECTION.matcher(page);
        while (section.find()) {
            String operation = section.group(1) + " " + section.group(2);
            Matcher statuses = STATUSES.matcher(page.substring(section.end(), nextSection(page, section.end())));
            assertThat(statuses.find()).as("a 'Statuses:' line under " + operation).isTrue();
            operations.put(operation, new TreeSet<>(Set.of(statuses.group(1).split(", "))));
        }
        return operations;
    }

    private static int nextSection(String page, int from) {
        int next = page.indexOf("\n#", from);
        return next < 0 ? page.length() : next;
    }

    private static Map<String, Set<String>> operationsOfTheDocument() throws IOException {
        JsonNode document;
        try (InputStream in = OpenApiController.class.getResourceAsStream(OpenApiController.DOCUMENT)) {
            document = JsonMapper.builder().build().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Map<String, Set<String>> operations = new TreeMap<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!operation.getKey().equals("parameters")) {
                Set<String> statuses = new TreeSet<>(operation.getValue().get("responses").propertyNames());
                operations.put(operation.getKey().toUpperCase() + " " + path.getKey(), statuses);
            }
        }));
        return operations;
    }
}
