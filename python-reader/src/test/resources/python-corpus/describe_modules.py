"""Prints, as JSON, what the Java PythonParser must find in each source of a JSON list read from stdin."""
import ast
import json
import sys

KINDS = {
    "Expr": "expression", "Assign": "assignment", "AugAssign": "augmented assignment",
    "AnnAssign": "annotated assignment", "ClassDef": "class", "AsyncFunctionDef": "async def", "If": "if",
    "For": "for", "AsyncFor": "async for", "While": "while", "Try": "try", "TryStar": "try", "With": "with",
    "AsyncWith": "async with", "Match": "match", "Return": "return", "Pass": "pass", "Break": "break",
    "Continue": "continue", "Delete": "del", "Global": "global", "Nonlocal": "nonlocal", "Assert": "assert",
    "Raise": "raise", "TypeAlias": "type",
}


def unparse(node):
    return None if node is None else ast.unparse(node)


def parameters(args):
    positional = args.posonlyargs + args.args
    defaults = [False] * (len(positional) - len(args.defaults)) + [True] * len(args.defaults)
    result = []
    for index, (arg, has_default) in enumerate(zip(positional, defaults)):
        group = "positional-only" if index < len(args.posonlyargs) else "positional"
        result.append([group, arg.arg, unparse(arg.annotation), has_default])
    if args.vararg:
        result.append(["var-positional", args.vararg.arg, unparse(args.vararg.annotation), False])
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        result.append(["keyword-only", arg.arg, unparse(arg.annotation), default is not None])
    if args.kwarg:
        result.append(["var-keyword", args.kwarg.arg, unparse(args.kwarg.annotation), False])
    return result


def describe(statement):
    kind = type(statement).__name__
    if isinstance(statement, ast.Import):
        return {"kind": "import", "line": statement.lineno,
                "names": [[a.name, a.asname] for a in statement.names]}
    if isinstance(statement, ast.ImportFrom):
        return {"kind": "from", "line": statement.lineno, "module": statement.module, "level": statement.level,
                "names": [[a.name, a.asname] for a in statement.names]}
    if isinstance(statement, ast.FunctionDef):
        return {"kind": "def", "line": statement.lineno, "name": statement.name,
                "parameters": parameters(statement.args), "returns": unparse(statement.returns),
                "docstring": ast.get_docstring(statement, clean=False),
                "decorators": [unparse(d) for d in statement.decorator_list]}
    return {"kind": KINDS.get(kind, kind), "line": statement.lineno}


results = []
for source in json.load(sys.stdin):
    try:
        tree = ast.parse(source)
        results.append({"body": [describe(s) for s in tree.body]})
    except SyntaxError as error:
        results.append({"error": error.msg, "line": error.lineno})
json.dump(results, sys.stdout, ensure_ascii=True)
