package dev.codeinterp.python.schema;

import dev.codeinterp.python.syntax.Expression;
import java.util.List;

/**
 * What a piece of a type annotation evaluates to, as Python would see it: the result of evaluating the annotation in
 * a namespace holding only the builtin types and what the tool imports from {@code typing}, {@code datetime} and
 * {@code pathlib}.
 */
sealed interface TypeValue {

    /** An imported module ({@code typing}, {@code datetime}, {@code pathlib}). */
    record Module(String name) implements TypeValue {
    }

    /** A named object of a module or of the builtins, such as {@code int}, {@code typing.Optional}. */
    record Named(AnnotationObject known) implements TypeValue {
    }

    /** A public member of an allowed module that has no JSON schema, such as {@code typing.Callable}. */
    record Opaque(String qualifiedName) implements TypeValue {
    }

    /** A subscripted generic such as {@code list[int]} or {@code typing.Dict[str, int]}. */
    record Generic(AnnotationObject origin, List<TypeValue> arguments) implements TypeValue {
    }

    /** {@code Union[...]}, {@code Optional[...]} or {@code A | B}: members flattened, duplicates removed. */
    record Union(List<TypeValue> members) implements TypeValue {
    }

    /** {@code Literal[...]}: the allowed values, flattened. */
    record Literal(List<Expression.Value> values) implements TypeValue {
    }

    /** A literal value used where a type is expected ({@code None} is {@link AnnotationObject#NONE} instead). */
    record Constant(Expression.Value value) implements TypeValue {
    }

    /** A tuple or list display, e.g. the argument list of {@code Callable[[int], str]}. */
    record Sequence(List<TypeValue> elements, boolean list) implements TypeValue {
    }
}
