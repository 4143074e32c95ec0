package dev.codeinterp.python.schema;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every object an annotation may name: the builtin types a tool can use without importing, and the members of the
 * modules it may import them from. {@link Kind} says what each means to the schema; names that exist in Python but
 * have no JSON schema ({@code typing.Callable}) are listed apart, so that the error says so instead of claiming the
 * name does not exist.
 */
enum AnnotationObject {
    STR("builtins", "str", Kind.STRING),
    INT("builtins", "int", Kind.INTEGER),
    FLOAT("builtins", "float", Kind.NUMBER),
    BOOL("builtins", "bool", Kind.BOOLEAN),
    LIST("builtins", "list", Kind.ARRAY),
    DICT("builtins", "dict", Kind.OBJECT),
    SET("builtins", "set", Kind.SET),
    TUPLE("builtins", "tuple", Kind.TUPLE),
    NONE("builtins", "None", Kind.NULL),

    ANY("typing", "Any", Kind.ANY),
    OPTIONAL("typing", "Optional", Kind.OPTIONAL),
    UNION("typing", "Union", Kind.UNION),
    LITERAL("typing", "Literal", Kind.LITERAL),
    ANNOTATED("typing", "Annotated", Kind.ANNOTATED),
    TEXT("typing", "Text", Kind.STRING),
    TYPING_LIST("typing", "List", Kind.ARRAY),
    TYPING_SEQUENCE("typing", "Sequence", Kind.ARRAY),
    TYPING_MUTABLE_SEQUENCE("typing", "MutableSequence", Kind.ARRAY),
    TYPING_ITERABLE("typing", "Iterable", Kind.ARRAY),
    TYPING_COLLECTION("typing", "Collection", Kind.ARRAY),
    TYPING_DEQUE("typing", "Deque", Kind.ARRAY),
    TYPING_DICT("typing", "Dict", Kind.OBJECT),
    TYPING_MAPPING("typing", "Mapping", Kind.OBJECT),
    TYPING_MUTABLE_MAPPING("typing", "MutableMapping", Kind.OBJECT),
    TYPING_ORDERED_DICT("typing", "OrderedDict", Kind.OBJECT),
    TYPING_DEFAULT_DICT("typing", "DefaultDict", Kind.OBJECT),
    TYPING_SET("typing", "Set", Kind.SET),
    TYPING_FROZEN_SET("typing", "FrozenSet", Kind.SET),
    TYPING_ABSTRACT_SET("typing", "AbstractSet", Kind.SET),
    TYPING_MUTABLE_SET("typing", "MutableSet", Kind.SET),
    TYPING_TUPLE("typing", "Tuple", Kind.TUPLE),

    DATETIME("datetime", "datetime", Kind.DATE_TIME),
    DATE("datetime", "date", Kind.DATE),
    TIME("datetime", "time", Kind.TIME),
    TIMEDELTA("datetime", "timedelta", Kind.DURATION),

    PATH("pathlib", "Path", Kind.PATH),
    PURE_PATH("pathlib", "PurePath", Kind.PATH),
    POSIX_PATH("pathlib", "PosixPath", Kind.PATH),
    PURE_POSIX_PATH("pathlib", "PurePosixPath", Kind.PATH),
    WINDOWS_PATH("pathlib", "WindowsPath", Kind.PATH),
    PURE_WINDOWS_PATH("pathlib", "PureWindowsPath", Kind.PATH);

    /** The other public names of the modules (Python 3.12): they exist, but have no JSON schema. */
    private static final Map<String, Set<String>> OTHER_NAMES = Map.of("typing", Set.of(
            "AnyStr", "AsyncContextManager", "AsyncGenerator", "AsyncIterable", "AsyncIterator",
            "Awaitable", "BinaryIO", "ByteString", "Callable", "ChainMap", "ClassVar", "Concatenate", "Container",
            "ContextManager", "Coroutine", "Counter", "Final", "ForwardRef", "Generator", "Generic", "Hashable",
            "IO", "ItemsView", "Iterator", "KeysView", "LiteralString", "Match", "NamedTuple", "Never",
            "NewType", "NoReturn", "NotRequired", "ParamSpec", "ParamSpecArgs", "ParamSpecKwargs", "Pattern",
            "Protocol", "Required", "Reversible", "Self", "Sized", "SupportsAbs", "SupportsBytes",
            "SupportsComplex", "SupportsFloat", "SupportsIndex", "SupportsInt", "SupportsRound", "TextIO",
            "Type", "TypeAlias", "TypeAliasType", "TypeGuard", "TypeVar", "TypeVarTuple", "TypedDict", "Unpack",
            "ValuesView", "TYPE_CHECKING", "assert_never", "assert_type", "cast", "clear_overloads",
            "dataclass_transform", "final", "get_args", "get_origin", "get_overloads", "get_type_hints",
            "is_typeddict", "no_type_check", "no_type_check_decorator", "overload", "override",
            "reveal_type", "runtime_checkable"),
            "datetime", Set.of("timezone", "tzinfo", "UTC", "MINYEAR", "MAXYEAR", "datetime_CAPI"),
            "pathlib", Set.of());

    /** The modules a tool may take annotation names from. */
    static final Set<String> MODULES = OTHER_NAMES.keySet();

    private static final Map<String, AnnotationObject> BY_QUALIFIED_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(AnnotationObject::qualifiedName, Function.identity()));

    private final String module;
    private final String name;
    private final Kind kind;

    AnnotationObject(String module, String name, Kind kind) {
        this.module = module;
        this.name = name;
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** {@code typing.Optional}; {@code int} for builtins. */
    String qualifiedName() {
        return module.equals("builtins") ? name : module + "." + name;
    }

    static Optional<AnnotationObject> member(String module, String name) {
        return Optional.ofNullable(BY_QUALIFIED_NAME.get(module + "." + name));
    }

    /** Whether the module has a public member of that name, with or without a JSON schema. */
    static boolean exists(String module, String name) {
        return member(module, name).isPresent() || OTHER_NAMES.getOrDefault(module, Set.of()).contains(name);
    }

    /** The names {@code from module import *} binds. */
    static Set<String> publicNames(String module) {
        Set<String> names = new java.util.TreeSet<>(OTHER_NAMES.getOrDefault(module, Set.of()));
        Arrays.stream(values()).filter(known -> known.module.equals(module)).forEach(known -> names.add(known.name));
        return names;
    }

    static Optional<AnnotationObject> builtin(String name) {
        AnnotationObject known = BY_QUALIFIED_NAME.get(name);
        return known != null && known.module.equals("builtins") && known != NONE ? Optional.of(known)
                : Optional.empty();
    }

    /** What a name means for the JSON schema. */
    enum Kind {
        STRING, INTEGER, NUMBER, BOOLEAN, NULL, ARRAY, OBJECT, SET, TUPLE, ANY, OPTIONAL, UNION, LITERAL, ANNOTATED,
        DATE_TIME, DATE, TIME, DURATION, PATH
    }
}
