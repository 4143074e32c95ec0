package dev.codeinterp.python.schema;

import dev.codeinterp.python.syntax.Expression;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The draft-07 JSON schema of an evaluated annotation, as the custom-tool contract wants: the mappings pydantic makes,
 * with draft-07 tuple syntax. Keys come out in alphabetical order, as pydantic writes them.
 */
final class JsonSchemas {

    private JsonSchemas() {
    }

    static Map<String, Object> of(TypeValue type) throws AnnotationError {
        if (type instanceof TypeValue.Named named) {
            return ofNamed(named.known());
        }
        if (type instanceof TypeValue.Generic generic) {
            return ofGeneric(generic);
        }
        if (type instanceof TypeValue.Union union) {
            List<Object> anyOf = new ArrayList<>();
            for (TypeValue member : union.members()) {
                anyOf.add(of(member));
            }
            return schema("anyOf", anyOf);
        }
        if (type instanceof TypeValue.Literal literal) {
            return ofLiteral(literal.values());
        }
        if (type instanceof TypeValue.Opaque opaque) {
            throw new AnnotationError("Cannot generate a JSON schema for " + opaque.qualifiedName());
        }
        if (type instanceof TypeValue.Constant constant && constant.value() instanceof Expression.Str) {
            throw new AnnotationError("string (forward reference) annotations are not supported");
        }
        throw new AnnotationError(TypeEvaluator.describe(type).replace("'", "") + " is not a type");
    }

    private static Map<String, Object> ofNamed(AnnotationObject known) throws AnnotationError {
        return switch (known.kind()) {
            case STRING -> schema("type", "string");
            case INTEGER -> schema("type", "integer");
            case NUMBER -> schema("type", "number");
            case BOOLEAN -> schema("type", "boolean");
            case NULL -> schema("type", "null");
            case ARRAY, TUPLE -> schema("items", Map.of(), "type", "array");
            case SET -> schema("items", Map.of(), "type", "array", "uniqueItems", true);
            case OBJECT -> schema("additionalProperties", true, "type", "object");
            case ANY -> schema();
            case DATE_TIME -> schema("format", "date-time", "type", "string");
            case DATE -> schema("format", "date", "type", "string");
            case TIME -> schema("format", "time", "type", "string");
            case DURATION -> schema("format", "duration", "type", "string");
            case PATH -> schema("format", "path", "type", "string");
            case OPTIONAL, UNION, LITERAL, ANNOTATED ->
                    throw new AnnotationError(known.qualifiedName() + " cannot be used without type arguments");
        };
    }

    private static Map<String, Object> ofGeneric(TypeValue.Generic generic) throws AnnotationError {
        List<TypeValue> arguments = generic.arguments();
        String name = generic.origin().qualifiedName();
        return switch (generic.origin().kind()) {
            case ARRAY -> schema("items", of(single(name, arguments)), "type", "array");
            case SET -> schema("items", of(single(name, arguments)), "type", "array", "uniqueItems", true);
            case OBJECT -> {
                if (arguments.size() != 2) {
                    throw new AnnotationError(name + " expects 2 type arguments (keys and values), got "
                            + arguments.size());
                }
                of(arguments.get(0)); // keys must be a valid type too, though JSON keys are strings whatever it is
                Map<String, Object> values = of(arguments.get(1));
                yield schema("additionalProperties", values.isEmpty() ? (Object) true : values, "type", "object");
            }
            case TUPLE -> ofTuple(name, arguments);
            default -> throw new IllegalStateException("Not a generic: " + name);
        };
    }

    private static TypeValue single(String name, List<TypeValue> arguments) throws AnnotationError {
        if (arguments.size() != 1) {
            throw new AnnotationError(name + " expects 1 type argument, got " + arguments.size());
        }
        return arguments.get(0);
    }

    private static Map<String, Object> ofTuple(String name, List<TypeValue> arguments) throws AnnotationError {
        if (arguments.size() == 2 && isEllipsis(arguments.get(1))) {
            return schema("items", of(arguments.get(0)), "type", "array");
        }
        List<Object> items = new ArrayList<>();
        for (TypeValue argument : arguments) {
            if (isEllipsis(argument)) {
                throw new AnnotationError("'...' is allowed only as the second of two arguments of " + name);
            }
            items.add(of(argument));
        }
        return schema("additionalItems", false, "items", items, "maxItems", items.size(), "minItems", items.size(),
                "type", "array");
    }

    private static boolean isEllipsis(TypeValue value) {
        return value instanceof TypeValue.Constant constant && constant.value() == Expression.Singleton.ELLIPSIS;
    }

    private static Map<String, Object> ofLiteral(List<Expression.Value> values) throws AnnotationError {
        List<Object> allowed = new ArrayList<>();
        Set<String> types = new LinkedHashSet<>();
        for (Expression.Value value : values) {
            allowed.add(jsonValue(value));
            types.add(TypeEvaluator.pythonTypeName(value));
        }
        String type = types.size() != 1 ? null : switch (types.iterator().next()) {
            case "str" -> "string";
            case "int" -> "integer";
            case "float" -> "number";
            case "bool" -> "boolean";
            case "NoneType" -> "null";
            default -> null;
        };
        return type == null ? schema("enum", allowed) : schema("enum", allowed, "type", type);
    }

    private static Object jsonValue(Expression.Value value) throws AnnotationError {
        if (value instanceof Expression.Str str) {
            return str.value();
        } else if (value instanceof Expression.Bytes bytes) {
            return new String(bytes.value(), StandardCharsets.UTF_8);
        } else if (value instanceof Expression.Int integer) {
            return integer.value();
        } else if (value instanceof Expression.Float number) {
            return number.value();
        } else if (value instanceof Expression.Bool bool) {
            return bool.value();
        } else if (value == Expression.Singleton.NONE) {
            return null;
        }
        throw new AnnotationError("a " + TypeEvaluator.pythonTypeName(value) + " cannot be a Literal value");
    }

    /** A schema from alternating keys and values, keys sorted. */
    private static Map<String, Object> schema(Object... keysAndValues) {
        Map<String, Object> schema = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            schema.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return schema;
    }
}
