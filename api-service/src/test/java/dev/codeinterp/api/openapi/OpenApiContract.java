package dev.codeinterp.api.openapi;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An OpenAPI document and what holds the api to it: every request/response pair is validated (statuses, headers,
 * bodies; a response field the document does not name is an error too), every Server-Sent Event's data is validated
 * against the schema of its event name, and the operations and statuses seen are recorded.
 */
final class OpenApiContract {

    /** Data schema of each event name of the job event streams (the document's {@code EventStream} response). */
    private static final Map<String, String> EVENT_SCHEMAS = Map.of("status", "JobStatusEvent", "stdout",
            "JobOutputEvent", "stderr", "JobOutputEvent", "result", "Job", "error", "JobErrorEvent");

    private final OpenAPI api;
    private final OpenApiInteractionValidator validator;
    private final SchemaValidator schemas;
    private final Set<String> seen = new TreeSet<>();

    OpenApiContract(String document) {
        // A response field the document does not name is an error, not the library's default warning.
        LevelResolver levels = LevelResolver.create()
                .withLevel(SchemaValidator.ADDITIONAL_PROPERTIES_KEY, ValidationReport.Level.ERROR)
                .build();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        if (parsed.getOpenAPI() == null || !parsed.getMessages().isEmpty()) {
            throw new IllegalArgumentException("Not a valid OpenAPI document: " + parsed.getMessages());
        }
        this.api = parsed.getOpenAPI();
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(levels)
                .withResolveCombinators(true)
                .build();
        this.schemas = new SchemaValidator(api, new MessageResolver(levels));
    }

    /**
     * The problems of one exchange, empty when the document describes it; records the operation and status. The
     * request is validated too when the api accepted it (a refused request is meant to break the document's rules).
     */
    List<String> problemsOf(ApiCall call, ApiAnswer answer) {
        return problemsOf(call, answer, answer.status() < 400);
    }

    /** As {@link #problemsOf(ApiCall, ApiAnswer)}, saying whether the request must be valid too. */
    List<String> problemsOf(ApiCall call, ApiAnswer answer, boolean validRequest) {
        seen.add(operationOf(call.method(), call.path()) + " " + answer.status());
        Request request = call.toValidated();
        ValidationReport report = validRequest ? validator.validate(request, answer.toValidated())
                : validator.validateResponse(request.getPath(), request.getMethod(), answer.toValidated());
        List<String> problems = new ArrayList<>(messages(report));
        String contentType = answer.header("Content-Type");
        if (contentType != null && contentType.startsWith("text/event-stream")) {
            ServerSentEvents.parse(answer.text()).forEach(event -> problems.addAll(problemsOf(event)));
        }
        return problems;
    }

    private List<String> problemsOf(ServerSentEvents.Event event) {
        String schemaName = EVENT_SCHEMAS.get(event.name());
        if (schemaName == null) {
            return List.of("Event '" + event.name() + "' is not documented");
        }
        List<String> problems = new ArrayList<>();
        if (event.id() == null && !event.name().equals("result") && !event.name().equals("error")) {
            problems.add("Event '" + event.name() + "' has no id");
        }
        Schema<?> schema = api.getComponents().getSchemas().get(schemaName);
        problems.addAll(messages(schemas.validate(event.data(), schema, "event." + event.name()))
                .stream().map(message -> "Event '" + event.name() + "': " + message).toList());
        return problems;
    }

    /** {@code METHOD /path/{template}} of the documented operation a request goes to, or its raw path if none. */
    String operationOf(String method, String path) {
        return api.getPaths().keySet().stream()
                .filter(template -> template.equals(path))
                .findFirst()
                .or(() -> api.getPaths().keySet().stream().filter(template -> matches(template, path)).findFirst())
                .map(template -> method + " " + template)
                .orElse(method + " " + path);
    }

    /** Every documented {@code METHOD /path}. */
    Set<String> operations() {
        return api.getPaths().entrySet().stream()
                .flatMap(path -> path.getValue().readOperationsMap().keySet().stream()
                        .map(method -> method.name() + " " + path.getKey()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every documented {@code METHOD /path status}. */
    Set<String> responses() {
        return api.getPaths().entrySet().stream()
                .flatMap(path -> path.getValue().readOperationsMap().entrySet().stream()
                        .flatMap(op -> op.getValue().getResponses().keySet().stream()
                                .map(status -> op.getKey().name() + " " + path.getKey() + " " + status)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The {@code METHOD /path status} of every exchange checked so far. */
    Set<String> seen() {
        return Set.copyOf(seen);
    }

    private static boolean matches(String template, String path) {
        String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
        return path.matches(regex);
    }

    private static List<String> messages(ValidationReport report) {
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .map(message -> message.getKey() + ": " + message.getMessage())
                .toList();
    }
}
