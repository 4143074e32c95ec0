package dev.codeinterp.python.syntax;

import java.util.List;

/** A parsed module: its top-level statements in order. */
public record PythonModule(List<Statement> body) {
}
