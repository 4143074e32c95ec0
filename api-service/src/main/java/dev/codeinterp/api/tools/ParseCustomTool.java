package dev.codeinterp.api.tools;

import dev.codeinterp.python.syntax.PythonModule;
import dev.codeinterp.python.syntax.PythonParser;
import dev.codeinterp.python.syntax.PythonSyntaxError;
import dev.codeinterp.python.syntax.Statement;
import dev.codeinterp.python.syntax.Unparser;
import dev.codeinterp.python.schema.AnnotationSchemas;
import dev.codeinterp.python.schema.InvalidAnnotationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The use case behind {@code /v1/parse-custom-tool} (README, "Custom tools"): reads a tool's source statically, never
 * running it, and describes it as a {@link CustomTool}, or fails with the spec's messages.
 */
public final class ParseCustomTool {

    static final String SINGLE_FUNCTION =
            "The tool source code must only define a single function, optionally preceded by imports.";
    static final String SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#";

    /** @throws InvalidToolException when the source is not a valid tool */
    public CustomTool parse(String toolSourceCode) {
        PythonModule module = parseModule(TextWrap.dedent(toolSourceCode));
        List<Statement> body = module.body();
        if (body.isEmpty() || !(body.get(body.size() - 1) instanceof Statement.FunctionDef function)
                || !body.subList(0, body.size() - 1).stream().allMatch(ParseCustomTool::isImport)) {
            throw new InvalidToolException(SINGLE_FUNCTION);
        }
        checkSignature(function.parameters());
        SphinxDocstring docstring = SphinxDocstring.parse(function.docstring());
        Map<String, Object> schema = inputSchema(function, docstring,
                AnnotationSchemas.forImports(body.subList(0, body.size() - 1)));
        return new CustomTool(function.name(), description(function, docstring), schema);
    }

    private static PythonModule parseModule(String source) {
        try {
            return PythonParser.parse(source);
        } catch (PythonSyntaxError e) {
            throw new InvalidToolException("Syntax error: " + e.getMessage() + " on line " + e.line());
        }
    }

    private static boolean isImport(Statement statement) {
        return statement instanceof Statement.Import || statement instanceof Statement.ImportFrom;
    }

    private static void checkSignature(Statement.Parameters parameters) {
        List<String> errors = new ArrayList<>();
        if (!parameters.positionalOnly().isEmpty()) {
            errors.add("The tool function must not have positional-only arguments");
        }
        if (parameters.varArgs() != null) {
            errors.add("The tool function must not have *args");
        }
        if (parameters.varKeywords() != null) {
            errors.add("The tool function must not have **kwargs");
        }
        if (arguments(parameters).anyMatch(parameter -> parameter.annotation() == null)) {
            errors.add("The tool function arguments must have type annotations");
        }
        if (!errors.isEmpty()) {
            throw new InvalidToolException(errors);
        }
    }

    /** The parameters a caller passes by name: positional-or-keyword, then keyword-only. */
    private static Stream<Statement.Parameter> arguments(Statement.Parameters parameters) {
        return Stream.concat(parameters.positional().stream(), parameters.keywordOnly().stream());
    }

    private static Map<String, Object> inputSchema(Statement.FunctionDef function, SphinxDocstring docstring,
            AnnotationSchemas schemas) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Statement.Parameter parameter : arguments(function.parameters()).toList()) {
            Map<String, Object> property = new LinkedHashMap<>(schemaOf(parameter, schemas));
            String description = docstring.parameters().get(parameter.name());
            if (description != null && !description.isEmpty()) {
                property.put("description", description);
            }
            properties.put(parameter.name(), property);
            if (!parameter.hasDefault()) {
                required.add(parameter.name());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", SCHEMA_DIALECT);
        schema.put("type", "object");
        schema.put("title", function.name());
        schema.put("properties", properties);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> schemaOf(Statement.Parameter parameter, AnnotationSchemas schemas) {
        try {
            return schemas.schemaOf(parameter.annotation());
        } catch (InvalidAnnotationException e) {
            throw new InvalidToolException(e.getMessage());
        }
    }

    /** The description, then a blank line and {@code Returns: <annotation> -- <text>} with whichever exist. */
    private static String description(Statement.FunctionDef function, SphinxDocstring docstring) {
        List<String> returns = new ArrayList<>();
        if (function.returns() != null) {
            returns.add(Unparser.unparse(function.returns()));
        }
        if (!docstring.returns().isEmpty()) {
            returns.add(docstring.returns());
        }
        List<String> parts = new ArrayList<>();
        if (!docstring.description().isEmpty()) {
            parts.add(docstring.description());
        }
        if (!returns.isEmpty()) {
            parts.add("Returns: " + String.join(" -- ", returns));
        }
        return String.join("\n\n", parts);
    }
}
