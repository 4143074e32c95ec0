package dev.codeinterp.api.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Typed reading of a JSON request's top-level fields, accepting each field's camelCase alias and a body wrapped as
 * {@code {"requestBody": {...}}}. A field of the wrong type is a 400 whose detail names the field. Keys inside
 * objects such as {@code env} and {@code files} are data and are never renamed.
 */
public final class RequestFields {

    private final JsonNode body;

    private RequestFields(JsonNode body) {
        this.body = body;
    }

    public static RequestFields of(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        JsonNode wrapped = root.get("requestBody");
        if (wrapped != null && wrapped.isObject()) {
            return new RequestFields(wrapped);
        }
        return new RequestFields(root);
    }

    public Optional<String> string(String name, String alias) {
        return field(name, alias).map(node -> {
            if (!node.isString()) {
                throw ApiException.badRequest("Field '" + name + "' must be a string");
            }
            return node.stringValue();
        });
    }

    public Optional<Boolean> bool(String name, String alias) {
        return field(name, alias).map(node -> {
            if (!node.isBoolean()) {
                throw ApiException.badRequest("Field '" + name + "' must be a boolean");
            }
            return node.booleanValue();
        });
    }

    /** A non-negative integer; also accepted as a string of digits, as form-minded clients send it. */
    public Optional<Integer> nonNegativeInt(String name, String alias) {
        return field(name, alias).map(node -> {
            if (node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0) {
                return node.intValue();
            }
            if (node.isString() && node.stringValue().matches("\\d{1,9}")) {
                return Integer.parseInt(node.stringValue());
            }
            throw ApiException.badRequest("Field '" + name + "' must be a non-negative integer");
        });
    }

    /** A positive number (integer or decimal), e.g. a timeout in seconds. */
    public Optional<Double> positiveNumber(String name, String alias) {
        return field(name, alias).map(node -> {
            if (node.isNumber() && node.doubleValue() > 0 && Double.isFinite(node.doubleValue())) {
                return node.doubleValue();
            }
            throw ApiException.badRequest("Field '" + name + "' must be a positive number");
        });
    }

    /** A string or a number, as text (e.g. {@code expires_in}: {@code "30d"} or {@code 3600}). */
    public Optional<String> stringOrNumber(String name, String alias) {
        return field(name, alias).map(node -> {
            if (node.isString()) {
                return node.stringValue();
            }
            if (node.isIntegralNumber()) {
                return node.asString();
            }
            throw ApiException.badRequest("Field '" + name + "' must be a string or an integer");
        });
    }

    /** An object whose values are all strings, in request order. */
    public Map<String, String> stringMap(String name, String alias, int maxEntries) {
        Optional<JsonNode> field = field(name, alias);
        if (field.isEmpty()) {
            return Map.of();
        }
        JsonNode node = field.get();
        if (!node.isObject()) {
            throw ApiException.badRequest("Field '" + name + "' must be an object of strings");
        }
        if (node.size() > maxEntries) {
            throw ApiException.badRequest("Field '" + name + "' has " + node.size() + " entries; at most "
                    + maxEntries + " are allowed");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isString()) {
                throw ApiException.badRequest("Field '" + name + "' must map to strings, but '" + entry.getKey()
                        + "' does not");
            }
            values.put(entry.getKey(), entry.getValue().stringValue());
        }
        return values;
    }

    private Optional<JsonNode> field(String name, String alias) {
        JsonNode node = body.get(name);
        if ((node == null || node.isNull()) && alias != null) {
            node = body.get(alias);
        }
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }
}
