package dev.codeinterp.api.tools;

import java.util.Map;

/**
 * A Python function described as a tool an LLM can call.
 *
 * @param name        the function's name
 * @param description its docstring's description, then {@code Returns: …} when the return is annotated or documented
 * @param inputSchema the draft-07 JSON schema of its arguments, as an ordered JSON tree
 */
public record CustomTool(String name, String description, Map<String, Object> inputSchema) {

    /** The schema as text, formatted exactly like Python's {@code json.dumps}. */
    public String inputSchemaJson() {
        return PythonJson.dumps(inputSchema);
    }
}
