package dev.codeinterp.python.schema;

import dev.codeinterp.python.syntax.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names an annotation can use: the builtin types, plus whatever the tool's imports bind from {@code typing},
 * {@code datetime} and {@code pathlib} ({@code import typing as t}, {@code from typing import Union as U},
 * {@code from typing import *}). Imports of other modules bind nothing here, so their names are "not defined". A
 * name imported that the module lacks fails only when an annotation uses it, as a Python import error.
 */
final class TypeNamespace {

    private final Map<String, TypeValue> names = new HashMap<>();
    private final Map<String, String> failedImports = new HashMap<>();

    private TypeNamespace() {
        for (String builtin : List.of("str", "int", "float", "bool", "list", "dict", "set", "tuple")) {
            names.put(builtin, new TypeValue.Named(AnnotationObject.builtin(builtin).orElseThrow()));
        }
    }

    static TypeNamespace of(List<Statement> imports) {
        TypeNamespace namespace = new TypeNamespace();
        for (Statement statement : imports) {
            if (statement instanceof Statement.Import i) {
                namespace.bindModules(i);
            } else if (statement instanceof Statement.ImportFrom from && from.level() == 0
                    && AnnotationObject.MODULES.contains(from.module())) {
                namespace.bindMembers(from);
            }
        }
        return namespace;
    }

    private void bindModules(Statement.Import statement) {
        for (Statement.Alias alias : statement.names()) {
            if (AnnotationObject.MODULES.contains(alias.name())) {
                bind(alias.asName() != null ? alias.asName() : alias.name(), new TypeValue.Module(alias.name()));
            }
        }
    }

    private void bindMembers(Statement.ImportFrom statement) {
        String module = statement.module();
        for (Statement.Alias alias : statement.names()) {
            if (alias.name().equals("*")) {
                AnnotationObject.publicNames(module).forEach(name -> bind(name, member(module, name)));
            } else if (AnnotationObject.exists(module, alias.name())) {
                bind(alias.asName() != null ? alias.asName() : alias.name(), member(module, alias.name()));
            } else {
                String bound = alias.asName() != null ? alias.asName() : alias.name();
                names.remove(bound);
                failedImports.put(bound, "cannot import name '" + alias.name() + "' from '" + module + "'");
            }
        }
    }

    private void bind(String name, TypeValue value) {
        failedImports.remove(name);
        names.put(name, value);
    }

    static TypeValue member(String module, String name) {
        return AnnotationObject.member(module, name).<TypeValue>map(TypeValue.Named::new)
                .orElseGet(() -> new TypeValue.Opaque(module + "." + name));
    }

    TypeValue lookup(String name) throws AnnotationError {
        TypeValue value = names.get(name);
        if (value != null) {
            return value;
        }
        String importFailure = failedImports.get(name);
        throw new AnnotationError(importFailure != null ? importFailure : "name '" + name + "' is not defined");
    }
}
