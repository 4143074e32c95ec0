package dev.codeinterp.api.tools.python;

import java.util.List;

/** A parsed module: its top-level statements in order. */
public record PythonModule(List<Statement> body) {
}
