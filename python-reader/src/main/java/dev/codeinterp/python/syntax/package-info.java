/**
 * A static reader of the Python subset a custom tool is written in: a tokenizer and parser that build the syntax tree
 * of {@link dev.codeinterp.python.syntax.PythonModule}, and {@link dev.codeinterp.python.syntax.Unparser}, which
 * prints an expression the way CPython's {@code ast.unparse} does. Also
 * {@link dev.codeinterp.python.syntax.ImportScanner}, which finds the modules any program imports (so that the missing
 * ones can be installed). Nothing here executes Python.
 */
package dev.codeinterp.python.syntax;
