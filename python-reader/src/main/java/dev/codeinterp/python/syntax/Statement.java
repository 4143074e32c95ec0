package dev.codeinterp.python.syntax;

import java.util.List;

/** A top-level statement of a module, as far as custom tools care. */
public sealed interface Statement {

    /** The line the statement starts on (1-based). */
    int line();

    /** {@code import a.b as c, d}. */
    record Import(List<Alias> names, int line) implements Statement {
    }

    /**
     * {@code from module import names}; {@code module} is null for {@code from . import x}; {@code level} counts the
     * leading dots; {@code from m import *} has one alias named {@code *}.
     */
    record ImportFrom(String module, List<Alias> names, int level, int line) implements Statement {
    }

    /**
     * A plain (not {@code async}) {@code def}, possibly decorated.
     *
     * @param returns   the return annotation, or null
     * @param docstring the docstring's value exactly as {@code ast.get_docstring(clean=False)} gives it, or null
     */
    record FunctionDef(String name, Parameters parameters, Expression returns, String docstring,
            List<Expression> decorators, int line) implements Statement {
    }

    /** Any other statement (assignment, class, {@code async def}, expression…); {@code kind} names it for logs. */
    record Other(String kind, int line) implements Statement {
    }

    /** One name of an import: {@code name as asName}; {@code asName} is null when absent. */
    record Alias(String name, String asName) {
    }

    /** A function's parameters in source order, grouped as CPython's {@code ast.arguments}. */
    record Parameters(List<Parameter> positionalOnly, List<Parameter> positional, Parameter varArgs,
            List<Parameter> keywordOnly, Parameter varKeywords) {
    }

    /** One parameter; {@code annotation} is null when absent. */
    record Parameter(String name, Expression annotation, boolean hasDefault) {
    }
}
