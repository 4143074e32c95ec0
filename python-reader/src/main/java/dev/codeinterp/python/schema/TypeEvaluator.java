package dev.codeinterp.python.schema;

import dev.codeinterp.python.syntax.Expression;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Evaluates a (safe) annotation expression the way Python would, without running anything: names are looked up in
 * the {@link TypeNamespace}, attributes in the known modules, subscripts build generics, unions and literals with
 * {@code typing}'s normalisation (nested unions flattened, duplicates dropped, a one-member union is that member).
 */
final class TypeEvaluator {

    private final TypeNamespace namespace;

    TypeEvaluator(TypeNamespace namespace) {
        this.namespace = namespace;
    }

    TypeValue evaluate(Expression expression) throws AnnotationError {
        if (expression instanceof Expression.Name name) {
            return namespace.lookup(name.id());
        }
        if (expression instanceof Expression.Attribute attribute) {
            return attribute(evaluate(attribute.value()), attribute.attr());
        }
        if (expression instanceof Expression.Subscript subscript) {
            return subscript(evaluate(subscript.value()), arguments(subscript.slice()));
        }
        if (expression instanceof Expression.TupleExpr tuple) {
            return new TypeValue.Sequence(evaluateAll(tuple.elements()), false);
        }
        if (expression instanceof Expression.ListExpr list) {
            return new TypeValue.Sequence(evaluateAll(list.elements()), true);
        }
        if (expression instanceof Expression.BinOp binOp && binOp.operator().equals("|")) {
            return or(evaluate(binOp.left()), evaluate(binOp.right()));
        }
        if (expression instanceof Expression.Constant constant) {
            return constant.value() == Expression.Singleton.NONE ? new TypeValue.Named(AnnotationObject.NONE)
                    : new TypeValue.Constant(constant.value());
        }
        throw new IllegalArgumentException("Not a safe annotation: " + expression);
    }

    private List<TypeValue> arguments(Expression slice) throws AnnotationError {
        return slice instanceof Expression.TupleExpr tuple ? evaluateAll(tuple.elements()) : List.of(evaluate(slice));
    }

    private List<TypeValue> evaluateAll(List<Expression> expressions) throws AnnotationError {
        List<TypeValue> values = new ArrayList<>(expressions.size());
        for (Expression expression : expressions) {
            values.add(evaluate(expression));
        }
        return values;
    }

    private static TypeValue attribute(TypeValue owner, String attr) throws AnnotationError {
        if (owner instanceof TypeValue.Module module) {
            if (!AnnotationObject.exists(module.name(), attr)) {
                throw new AnnotationError("module '" + module.name() + "' has no attribute '" + attr + "'");
            }
            return TypeNamespace.member(module.name(), attr);
        }
        throw new AnnotationError(describe(owner) + " has no attribute '" + attr + "'");
    }

    private TypeValue subscript(TypeValue owner, List<TypeValue> arguments) throws AnnotationError {
        if (owner instanceof TypeValue.Opaque) {
            return owner;
        }
        if (!(owner instanceof TypeValue.Named named)) {
            throw new AnnotationError(describe(owner) + " is not subscriptable");
        }
        AnnotationObject known = named.known();
        switch (known.kind()) {
            case ARRAY, OBJECT, SET, TUPLE:
                return new TypeValue.Generic(known, List.copyOf(arguments));
            case OPTIONAL:
                if (arguments.size() != 1) {
                    throw new AnnotationError("typing.Optional requires a single type");
                }
                return union(List.of(arguments.get(0), new TypeValue.Named(AnnotationObject.NONE)));
            case UNION:
                return union(arguments);
            case LITERAL:
                return literal(arguments);
            case ANNOTATED:
                if (arguments.size() < 2) {
                    throw new AnnotationError("Annotated[...] should be used with at least two arguments "
                            + "(a type and an annotation)");
                }
                return arguments.get(0);
            default:
                throw new AnnotationError(describe(owner) + " is not subscriptable");
        }
    }

    private static TypeValue or(TypeValue left, TypeValue right) throws AnnotationError {
        boolean bothNone = isNone(left) && isNone(right);
        if (bothNone || !isTypeLike(left) || !isTypeLike(right)) {
            throw new AnnotationError("unsupported operand type(s) for |: " + describe(left) + " and "
                    + describe(right));
        }
        return union(List.of(left, right));
    }

    private static TypeValue union(List<TypeValue> members) throws AnnotationError {
        if (members.isEmpty()) {
            throw new AnnotationError("Cannot take a Union of no types");
        }
        LinkedHashSet<TypeValue> flat = new LinkedHashSet<>();
        for (TypeValue member : members) {
            if (member instanceof TypeValue.Union nested) {
                flat.addAll(nested.members());
            } else if (!isTypeLike(member)) {
                throw new AnnotationError("Union[arg, ...]: each arg must be a type, not " + describe(member));
            } else {
                flat.add(member);
            }
        }
        return flat.size() == 1 ? flat.iterator().next() : new TypeValue.Union(List.copyOf(flat));
    }

    private static TypeValue literal(List<TypeValue> arguments) throws AnnotationError {
        LinkedHashSet<Expression.Value> values = new LinkedHashSet<>();
        for (TypeValue argument : arguments) {
            if (argument instanceof TypeValue.Literal nested) {
                values.addAll(nested.values());
            } else if (argument instanceof TypeValue.Constant constant
                    && !(constant.value() instanceof Expression.Singleton)) {
                values.add(constant.value());
            } else if (isNone(argument)) {
                values.add(Expression.Singleton.NONE);
            } else {
                throw new AnnotationError("Literal values must be str, int, float, bool or None, not "
                        + describe(argument));
            }
        }
        return new TypeValue.Literal(List.copyOf(values));
    }

    private static boolean isNone(TypeValue value) {
        return value instanceof TypeValue.Named named && named.known() == AnnotationObject.NONE;
    }

    private static boolean isTypeLike(TypeValue value) {
        return value instanceof TypeValue.Named || value instanceof TypeValue.Generic
                || value instanceof TypeValue.Union || value instanceof TypeValue.Literal
                || value instanceof TypeValue.Opaque;
    }

    /** How Python's error messages refer to a value. */
    static String describe(TypeValue value) {
        if (value instanceof TypeValue.Module module) {
            return "module '" + module.name() + "'";
        }
        if (value instanceof TypeValue.Named named) {
            return named.known() == AnnotationObject.NONE ? "'NoneType'" : "'" + named.known().qualifiedName() + "'";
        }
        if (value instanceof TypeValue.Opaque opaque) {
            return "'" + opaque.qualifiedName() + "'";
        }
        if (value instanceof TypeValue.Constant constant) {
            return "'" + pythonTypeName(constant.value()) + "'";
        }
        if (value instanceof TypeValue.Sequence sequence) {
            return sequence.list() ? "'list'" : "'tuple'";
        }
        if (value instanceof TypeValue.Generic generic) {
            return "'" + generic.origin().qualifiedName() + "[...]'";
        }
        return value instanceof TypeValue.Union ? "'typing.Union'" : "'typing.Literal'";
    }

    static String pythonTypeName(Expression.Value value) {
        if (value instanceof Expression.Str) {
            return "str";
        } else if (value instanceof Expression.Bytes) {
            return "bytes";
        } else if (value instanceof Expression.Int) {
            return "int";
        } else if (value instanceof Expression.Float) {
            return "float";
        } else if (value instanceof Expression.Imaginary) {
            return "complex";
        } else if (value instanceof Expression.Bool) {
            return "bool";
        }
        return value == Expression.Singleton.NONE ? "NoneType" : "ellipsis";
    }
}
