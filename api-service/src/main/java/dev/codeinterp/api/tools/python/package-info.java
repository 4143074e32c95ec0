/**
 * A static reader of the Python subset a custom tool is written in: a tokenizer and parser that build the syntax tree
 * of {@link dev.codeinterp.api.tools.python.PythonModule}, and {@link dev.codeinterp.api.tools.python.Unparser}, which
 * prints an expression the way CPython's {@code ast.unparse} does. Nothing here executes Python.
 */
package dev.codeinterp.api.tools.python;
