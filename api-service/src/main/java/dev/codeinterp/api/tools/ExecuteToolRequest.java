package dev.codeinterp.api.tools;

import java.util.Map;

/**
 * A validated {@code /v1/execute-custom-tool} request.
 *
 * @param chatId        the chat the run is accounted to, or null when the request named none
 * @param toolInputJson the arguments as a JSON object, still as text: the tool's program validates them
 */
public record ExecuteToolRequest(String chatId, String toolSourceCode, String toolInputJson, Map<String, String> env) {
}
