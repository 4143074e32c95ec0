package dev.codeinterp.python.schema;

import dev.codeinterp.python.syntax.Expression;
import dev.codeinterp.python.syntax.Statement;
import dev.codeinterp.python.syntax.Unparser;
import java.util.List;
import java.util.Map;

/**
 * Turns a tool's parameter annotations into JSON schemas (the types a tool may use and the schema each maps to). An
 * annotation must first be built only of names, attributes, subscripts, tuples, lists, simple constants and {@code |};
 * anything else (a call, a lambda, {@code int + str}) is an {@code Invalid type annotation}. It is then evaluated
 * against the names the tool's imports bind, and failures read {@code Error when parsing type `...`: <reason>}.
 */
public final class AnnotationSchemas {

    private final TypeEvaluator evaluator;

    private AnnotationSchemas(TypeEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Schemas for annotations that may use what {@code imports} (the tool's import statements) bind. */
    public static AnnotationSchemas forImports(List<Statement> imports) {
        return new AnnotationSchemas(new TypeEvaluator(TypeNamespace.of(imports)));
    }

    public Map<String, Object> schemaOf(Expression annotation) throws InvalidAnnotationException {
        String text = Unparser.unparse(annotation);
        if (!isSafe(annotation)) {
            throw new InvalidAnnotationException("Invalid type annotation `" + text + "`");
        }
        try {
            return JsonSchemas.of(evaluator.evaluate(annotation));
        } catch (AnnotationError e) {
            throw new InvalidAnnotationException("Error when parsing type `" + text + "`: " + e.getMessage());
        }
    }

    private static boolean isSafe(Expression expression) {
        if (expression instanceof Expression.Name) {
            return true;
        }
        if (expression instanceof Expression.Attribute attribute) {
            return isSafe(attribute.value());
        }
        if (expression instanceof Expression.Subscript subscript) {
            return isSafe(subscript.value()) && isSafe(subscript.slice());
        }
        if (expression instanceof Expression.TupleExpr tuple) {
            return tuple.elements().stream().allMatch(AnnotationSchemas::isSafe);
        }
        if (expression instanceof Expression.ListExpr list) {
            return list.elements().stream().allMatch(AnnotationSchemas::isSafe);
        }
        if (expression instanceof Expression.BinOp binOp) {
            return binOp.operator().equals("|") && isSafe(binOp.left()) && isSafe(binOp.right());
        }
        if (expression instanceof Expression.Constant constant) {
            // The reference also refuses "...", which would make the contract's tuple[X, ...] impossible; it is allowed
            // here.
            return !(constant.value() instanceof Expression.Bytes || constant.value() instanceof Expression.Imaginary);
        }
        return false;
    }
}
