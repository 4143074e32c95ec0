package dev.codeinterp.api.access;

import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A list setting (README, "Configuration"): a JSON array of strings ({@code ["10.0.0.0/8", "::1"]}) or comma-separated
 * text ({@code 10.0.0.0/8,::1}). Entries are trimmed; blank text is the empty list. Messages never echo the text, since
 * some lists are secrets.
 */
public final class SettingList {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SettingList() {
    }

    /**
     * The entries of {@code text}; a malformed array or an empty entry fails with a message naming {@code variable}.
     */
    public static List<String> parse(String text, String variable) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        List<String> entries = trimmed.startsWith("[") ? jsonArray(trimmed, variable)
                : Arrays.stream(trimmed.split(",", -1)).map(String::strip).toList();
        if (entries.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(variable + " has an empty entry");
        }
        return entries;
    }

    private static List<String> jsonArray(String text, String variable) {
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(variable + " is not a valid JSON array: " + e.getOriginalMessage());
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException(variable + " must be a JSON array of strings or comma-separated");
        }
        return array.valueStream().map(element -> {
            if (!element.isString()) {
                throw new IllegalArgumentException(variable + " must hold only strings");
            }
            return element.stringValue().strip();
        }).toList();
    }
}
