"""Runs one custom tool: the fixed part of the program behind POST /v1/execute-custom-tool.

ToolProgram (Java) appends one line, ``exit_now(run_tool("<source>", "<input JSON>"))``, carrying
the tool's dedented source and its input JSON as string literals in which every character that could
end the literal is an escape, so user text never becomes code.  Standard library only; Python 3.9
to 3.13.

The tool source is import statements followed by one ``def``: it is compiled as "<string>" and
executed in a fresh module; the tool is the last function it defines.  The input JSON object is
validated and coerced against the function's signature, much like pydantic's lax JSON mode, and the
function is called with keyword arguments.

The program is compiled and run for every call, so it imports only what every run needs: a module
such as typing, datetime or pathlib is used only when something else loaded it, since the tool's
annotations cannot name its classes otherwise; inspect, traceback and linecache only when needed.

Contract:
  exit 0  stdout is exactly ``json.dumps(result) + "\\n"``; whatever the tool itself prints
          (Python, C code or subprocesses) goes to /dev/null
  exit 1  stdout is empty; stderr says why: a pydantic-like list of validation errors, the tool's
          traceback (the runner's own frames left out), or why the result is not JSON
"""
import collections.abc
import enum
import json
import os
import re
import sys
import types

TOOL_FILENAME = "<string>"
TOOL_MODULE = "__tool__"
CO_NEWLOCALS, CO_VARARGS, CO_VARKEYWORDS, CO_COROUTINE = 0x2, 0x4, 0x8, 0x80

# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


class Unusable(Exception):
    """The tool cannot be called at all (not a validation error of its input)."""


class Invalid(Exception):
    """One or more validation errors, each (location, type code, message, input value)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def one(cls, code, message, value):
        return cls([((), code, message, value)])

    def under(self, *loc):
        """The same errors, located under ``loc`` (a field name, index or union member)."""
        return [(loc + err_loc, code, message, value) for err_loc, code, message, value in self.errors]

    def render(self, title):
        count = len(self.errors)
        lines = [f"{count} validation error{'' if count == 1 else 's'} for {title}"]
        for loc, code, message, value in self.errors:
            if loc:
                lines.append(".".join(str(part) for part in loc))
            lines.append(f"  {message} [type={code}, input_value={short_repr(value)}, "
                         f"input_type={type(value).__name__}]")
        return "\n".join(lines) + "\n"


def short_repr(value):
    text = repr(value)
    return text if len(text) <= 50 else text[:25] + "..." + text[-24:]


# ---------------------------------------------------------------------------------------------
# Coercion of JSON values to annotated types
# ---------------------------------------------------------------------------------------------

UNION_TYPE = getattr(types, "UnionType", None)  # X | Y, Python 3.10+
LIST_TYPES = (list, collections.abc.Sequence, collections.abc.MutableSequence,
              collections.abc.Collection, collections.abc.Iterable)
SET_TYPES = (set, collections.abc.Set, collections.abc.MutableSet)
DICT_TYPES = (dict, collections.abc.Mapping, collections.abc.MutableMapping)
TRUE_STRINGS = {"1", "on", "t", "true", "y", "yes"}
FALSE_STRINGS = {"0", "off", "f", "false", "n", "no"}
# Patterns are compiled on first use (re caches them): most runs need few or none.
INT_STRING = r"[+-]?\d+(?:\.0*)?"
FLOAT_STRING = r"(?i)[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|infinity|nan)"


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def loaded(name):
    """The module if anything imported it, else None."""
    return sys.modules.get(name)


def origin_and_args(tp):
    """typing.get_origin(tp) and typing.get_args(tp); without typing loaded, only builtin generics
    (list[int]) and X | Y can carry any."""
    typing = loaded("typing")
    if typing is not None:
        return typing.get_origin(tp), typing.get_args(tp)
    if isinstance(tp, types.GenericAlias):
        return tp.__origin__, tp.__args__
    if UNION_TYPE is not None and isinstance(tp, UNION_TYPE):
        return UNION_TYPE, tp.__args__
    return None, ()


def is_union(origin):
    typing = loaded("typing")
    return origin is not None and (origin is UNION_TYPE or (typing is not None and origin is typing.Union))


class Coercer:
    """Turns a parsed JSON value into a value of an annotated type, or raises Invalid.

    ``exact`` accepts only values that need no conversion (an int for int, a list for list[...]):
    unions try that first for every member, then the lax rules, like pydantic's smart mode.
    """

    def __init__(self, namespace):
        self.namespace = namespace  # the tool's globals, for string annotations

    def coerce(self, value, tp, exact=False):
        tp = self.resolve(tp)
        typing = loaded("typing")
        if tp is object or (typing is not None and tp is typing.Any):
            return value
        if tp is None or tp is type(None):
            if value is None:
                return None
            raise Invalid.one("none_required", "Input should be None", value)
        origin, args = origin_and_args(tp)
        if is_union(origin):
            return self.coerce_union(value, args, exact)
        if typing is not None and origin is typing.Literal:
            return coerce_literal(value, args)
        container = origin if origin is not None else tp
        if container is tuple:
            return self.coerce_tuple(value, args, exact)
        if container in SET_TYPES or container is frozenset:
            return self.coerce_set(value, args, exact, container is frozenset)
        if container in DICT_TYPES:
            return self.coerce_dict(value, args, exact)
        if container in LIST_TYPES:
            return self.coerce_list(value, args, exact)
        scalar = SCALARS.get(tp) or datetime_coercer(tp)
        if scalar is not None:
            return scalar(value, exact)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return coerce_enum(value, tp)
        pathlib = loaded("pathlib")
        if pathlib is not None and isinstance(tp, type) and issubclass(tp, pathlib.PurePath):
            if isinstance(value, str) and not exact:
                return tp(value)
            raise Invalid.one("path_type", f"Input is not a valid path for {tp}", value)
        if isinstance(container, type):  # any other class: JSON can only match it as is
            if isinstance(value, container):
                return value
            raise Invalid.one("is_instance_of", f"Input should be an instance of {container.__name__}",
                              value)
        return value  # an annotation that constrains nothing we can check (e.g. a TypeVar)

    def resolve(self, tp):
        """Evaluates string annotations and forward references; unwraps Annotated and NewType."""
        while True:
            typing = loaded("typing")
            if typing is not None and isinstance(tp, typing.ForwardRef):
                tp = tp.__forward_arg__
            if isinstance(tp, str):
                tp = self.evaluate(tp)
            elif hasattr(tp, "__metadata__") and hasattr(tp, "__origin__"):  # Annotated[X, ...]
                tp = tp.__origin__
            elif callable(tp) and hasattr(tp, "__supertype__"):  # NewType
                tp = tp.__supertype__
            else:
                return tp

    def evaluate(self, text):
        try:
            return eval(text, self.namespace)  # the tool's own annotation text, in its namespace
        except Exception as error:
            raise Unusable(f"Cannot evaluate the tool's annotation {text!r}: "
                           f"{type(error).__name__}: {error}") from None

    def coerce_union(self, value, members, exact):
        if len(members) == 2 and type(None) in members:  # Optional[X]: errors are X's alone
            if value is None:
                return None
            other = members[0] if members[1] is type(None) else members[1]
            return self.coerce(value, other, exact)
        for member in members:
            try:
                return self.coerce(value, member, exact=True)
            except Invalid:
                pass
        if exact:
            raise Invalid.one("union_inexact", "Input matches no member of the union exactly",
                              value)  # only ever seen by an enclosing union, which goes on
        errors = []
        for member in members:
            try:
                return self.coerce(value, member)
            except Invalid as invalid:
                errors.extend(invalid.under(type_name(member)))
        raise Invalid(errors)

    def coerce_items(self, items, item_types, exact=False):
        """Coerces items[i] to item_types[i], gathering every item's errors."""
        result, errors = [], []
        for index, (item, item_type) in enumerate(zip(items, item_types)):
            try:
                result.append(self.coerce(item, item_type, exact))
            except Invalid as invalid:
                errors.extend(invalid.under(index))
        if errors:
            raise Invalid(errors)
        return result

    def coerce_list(self, value, args, exact):
        if not isinstance(value, list):
            raise Invalid.one("list_type", "Input should be a valid list", value)
        item_type = args[0] if args else object
        return self.coerce_items(value, [item_type] * len(value), exact)

    def coerce_tuple(self, value, args, exact):
        if exact or not isinstance(value, list):  # JSON has no tuples: always a conversion
            raise Invalid.one("tuple_type", "Input should be a valid tuple", value)
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            item_type = args[0] if args else object
            return tuple(self.coerce_items(value, [item_type] * len(value)))
        if args == ((),):  # Tuple[()] before Python 3.11
            args = ()
        if len(value) > len(args):
            raise Invalid.one("too_long", f"Tuple should have at most {len(args)} item"
                              f"{'' if len(args) == 1 else 's'} after validation, not {len(value)}",
                              value)
        missing = [((index,), "missing", "Field required", value)
                   for index in range(len(value), len(args))]
        try:
            items = self.coerce_items(value, args)
        except Invalid as invalid:
            raise Invalid(invalid.errors + missing) from None
        if missing:
            raise Invalid(missing)
        return tuple(items)

    def coerce_set(self, value, args, exact, frozen):
        kind = "frozenset" if frozen else "set"
        if exact or not isinstance(value, list):  # JSON has no sets: always a conversion
            raise Invalid.one(f"{kind}_type", f"Input should be a valid {kind}", value)
        item_type = args[0] if args else object
        items = self.coerce_items(value, [item_type] * len(value))
        try:
            return frozenset(items) if frozen else set(items)
        except TypeError:
            raise Invalid.one("set_item_not_hashable", "Set items should be hashable", value) from None

    def coerce_dict(self, value, args, exact):
        if not isinstance(value, dict):
            raise Invalid.one("dict_type", "Input should be a valid dictionary", value)
        key_type, value_type = args if len(args) == 2 else (object, object)
        result, errors = {}, []
        for key, item in value.items():
            try:
                key = self.coerce(key, key_type, exact)
            except Invalid as invalid:
                errors.extend(invalid.under(key, "[key]"))
                continue
            try:
                result[key] = self.coerce(item, value_type, exact)
            except Invalid as invalid:
                errors.extend(invalid.under(key))
        if errors:
            raise Invalid(errors)
        return result


def type_name(tp):
    """How a union member is named in an error location, e.g. int, list[int], Literal['a']."""
    if isinstance(tp, type) and not origin_and_args(tp)[1]:
        return tp.__name__
    return re.sub(r"\btyping\.|\bdatetime\.(?=\w)|\bpathlib\.", "", repr(tp))


def coerce_literal(value, allowed):
    plain = [option.value if isinstance(option, enum.Enum) else option for option in allowed]
    for option, plain_option in zip(allowed, plain):
        if type(plain_option) is type(value) and plain_option == value:  # 1 is not True nor 1.0
            return option
    texts = [repr(option) for option in plain]
    expected = texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " or " + texts[-1]
    raise Invalid.one("literal_error", f"Input should be {expected}", value)


def coerce_enum(value, enum_type):
    for member in enum_type:
        if type(member.value) is type(value) and member.value == value:
            return member
    texts = [repr(member.value) for member in enum_type]
    expected = texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " or " + texts[-1]
    raise Invalid.one("enum", f"Input should be {expected}", value)


def coerce_int(value, exact):
    if type(value) is int:
        return value
    if not exact:
        if isinstance(value, float):
            if not is_finite(value):
                raise Invalid.one("finite_number", "Input should be a finite number", value)
            if value.is_integer():
                return int(value)
            raise Invalid.one("int_from_float",
                              "Input should be a valid integer, got a number with a fractional part",
                              value)
        if isinstance(value, str):
            text = value.strip()
            if re.fullmatch(INT_STRING, text):
                try:
                    return int(text.split(".")[0])
                except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
                    pass
            raise Invalid.one("int_parsing",
                              "Input should be a valid integer, unable to parse string as an integer",
                              value)
    raise Invalid.one("int_type", "Input should be a valid integer", value)


def coerce_float(value, exact):
    if type(value) is float:
        return value
    if not exact:
        if is_number(value):
            return float(value)
        if isinstance(value, str):
            text = value.strip()
            if re.fullmatch(FLOAT_STRING, text):
                return float(text)
            raise Invalid.one("float_parsing",
                              "Input should be a valid number, unable to parse string as a number",
                              value)
    raise Invalid.one("float_type", "Input should be a valid number", value)


def coerce_bool(value, exact):
    if type(value) is bool:
        return value
    if not exact:
        if is_number(value) and value in (0, 1):
            return value == 1
        if isinstance(value, str):
            text = value.strip().lower()
            if text in TRUE_STRINGS or text in FALSE_STRINGS:
                return text in TRUE_STRINGS
            raise Invalid.one("bool_parsing", "Input should be a valid boolean, unable to interpret input",
                              value)
    raise Invalid.one("bool_type", "Input should be a valid boolean", value)


def is_finite(number):
    import math
    return math.isfinite(number)


def coerce_str(value, exact):
    if isinstance(value, str):
        return value
    raise Invalid.one("string_type", "Input should be a valid string", value)


def coerce_bytes(value, exact):
    if isinstance(value, str) and not exact:
        return value.encode("utf-8")
    raise Invalid.one("bytes_type", "Input should be a valid bytes", value)


# ---------------------------------------------------------------------------------------------
# Dates and times: ISO 8601 parsed here, the same on every Python (fromisoformat varies)
# ---------------------------------------------------------------------------------------------

datetime = None  # the module, imported by datetime_coercer once an annotation can be one of its classes
DATE_PATTERN = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
TIME_PATTERN = (r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?"
                r"(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?")
DATETIME_PATTERN = DATE_PATTERN + r"(?:[Tt ]" + TIME_PATTERN + ")?"
DURATION_NUMBER = r"(\d+(?:[.,]\d+)?)"
ISO_DURATION_PATTERN = (
    rf"(?i)(?P<sign>[-+])?P(?:{DURATION_NUMBER}Y)?(?:{DURATION_NUMBER}M)?(?:{DURATION_NUMBER}W)?"
    rf"(?:{DURATION_NUMBER}D)?(?:T(?:{DURATION_NUMBER}H)?(?:{DURATION_NUMBER}M)?(?:{DURATION_NUMBER}S)?)?")
# Years and months have no fixed length: counted as 365 and 30 days, as pydantic does.
ISO_DURATION_UNITS = (365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1)
# What str(timedelta) prints: "[-]N day[s], H:MM:SS[.ffffff]", or "[-]H:MM:SS[.ffffff]" alone.
CLOCK_DURATION_PATTERN = (r"(?:(?P<days>[-+]?\d+) days?,? ?|(?P<sign>[-+]))?"
                          r"(?P<hours>\d+):(?P<minutes>\d{2})(?::(?P<seconds>\d{2}(?:\.\d{1,6})?))?")
MILLISECONDS_ABOVE = 2e10  # a larger unix timestamp is in milliseconds, as in pydantic


def datetime_coercer(tp):
    """The coercer of one of datetime's classes, else None."""
    if not (loaded("datetime") or loaded("_datetime")):
        return None  # then no annotation can be one of them
    global datetime
    import datetime
    return {datetime.datetime: coerce_datetime, datetime.date: coerce_date, datetime.time: coerce_time,
            datetime.timedelta: coerce_timedelta}.get(tp)


def time_fields(match):
    fraction = (match.group("fraction") or "")[:6].ljust(6, "0")
    return dict(hour=int(match.group("hour")), minute=int(match.group("minute")),
                second=int(match.group("second") or 0), microsecond=int(fraction),
                tzinfo=parse_offset(match.group("tz")))


def parse_offset(text):
    if not text:
        return None
    if text in "Zz":
        return datetime.timezone.utc
    digits = text[1:].replace(":", "")
    offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return datetime.timezone(-offset if text[0] == "-" else offset)


def timestamp_number(value):
    """A unix timestamp given as a number or a numeric string, else None."""
    if is_number(value):
        return value
    if isinstance(value, str) and re.fullmatch(FLOAT_STRING, value.strip()):
        number = float(value)
        return number if is_finite(number) else None
    return None


def from_timestamp(number):
    if abs(number) > MILLISECONDS_ABOVE:
        number = number / 1000
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return epoch + datetime.timedelta(seconds=number)


def coerce_datetime(value, exact):
    if not exact:
        try:
            if isinstance(value, str):
                match = re.fullmatch(DATETIME_PATTERN, value.strip())
                if match:
                    date = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
                    if match.group("hour") is None:
                        return datetime.datetime.combine(date, datetime.time())
                    return datetime.datetime.combine(date, datetime.time(**time_fields(match)))
            number = timestamp_number(value)
            if number is not None:
                return from_timestamp(number)
        except (ValueError, OverflowError) as error:
            raise Invalid.one("datetime_parsing", f"Input should be a valid datetime, {error}",
                              value) from None
    raise Invalid.one("datetime_type" if not isinstance(value, str) else "datetime_parsing",
                      "Input should be a valid datetime, e.g. 2000-01-31T13:45:00 or a unix timestamp",
                      value)


def coerce_date(value, exact):
    if not exact:
        if isinstance(value, str) and re.fullmatch(DATE_PATTERN, value.strip()):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError as error:
                raise Invalid.one("date_parsing", f"Input should be a valid date, {error}",
                                  value) from None
        try:
            moment = coerce_datetime(value, False)
        except Invalid:
            pass
        else:
            if moment.time() == datetime.time():
                return moment.date()
            raise Invalid.one("date_from_datetime_inexact",
                              "Datetimes provided to dates should have zero time - e.g. be exact dates",
                              value)
    raise Invalid.one("date_parsing" if isinstance(value, str) else "date_type",
                      "Input should be a valid date in the format YYYY-MM-DD", value)


def coerce_time(value, exact):
    if not exact:
        try:
            if isinstance(value, str):
                match = re.fullmatch(TIME_PATTERN, value.strip())
                if match:
                    return datetime.time(**time_fields(match))
            elif is_number(value) and 0 <= value < 86400:  # seconds since midnight
                return (datetime.datetime.min + datetime.timedelta(seconds=value)).time()
        except ValueError as error:
            raise Invalid.one("time_parsing", f"Input should be a valid time, {error}", value) from None
    raise Invalid.one("time_parsing" if isinstance(value, str) else "time_type",
                      "Input should be a valid time in the format HH:MM[:SS[.ffffff]][Z or +HH:MM]",
                      value)


def coerce_timedelta(value, exact):
    if not exact:
        try:
            if is_number(value):
                return datetime.timedelta(seconds=value)
            if isinstance(value, str):
                duration = parse_duration(value.strip())
                if duration is not None:
                    return duration
        except (ValueError, OverflowError) as error:
            raise Invalid.one("time_delta_parsing", f"Input should be a valid timedelta, {error}",
                              value) from None
    raise Invalid.one("time_delta_parsing" if isinstance(value, str) else "time_delta_type",
                      "Input should be a valid timedelta, e.g. P1DT2H30M, 1 day, 2:30:00 or seconds",
                      value)


def parse_duration(text):
    match = re.fullmatch(ISO_DURATION_PATTERN, text)
    if match and any(match.groups()[1:]) and not text.upper().endswith("T"):
        seconds = sum(float(number.replace(",", ".")) * unit
                      for number, unit in zip(match.groups()[1:], ISO_DURATION_UNITS) if number)
        duration = datetime.timedelta(seconds=seconds)
        return -duration if match["sign"] == "-" else duration
    match = re.fullmatch(CLOCK_DURATION_PATTERN, text)
    if match:
        clock = datetime.timedelta(hours=int(match["hours"]), minutes=int(match["minutes"]),
                                   seconds=float(match["seconds"] or 0))
        if match["sign"] == "-":
            clock = -clock
        return datetime.timedelta(days=int(match["days"] or 0)) + clock
    return None


SCALARS = {int: coerce_int, float: coerce_float, bool: coerce_bool, str: coerce_str, bytes: coerce_bytes}


# ---------------------------------------------------------------------------------------------
# Binding the input JSON to the tool's parameters
# ---------------------------------------------------------------------------------------------

POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, VAR_POSITIONAL, KEYWORD_ONLY, VAR_KEYWORD = range(5)  # as inspect's
NO_DEFAULT = object()


def bind_arguments(function, namespace, input_json):
    """(args, kwargs) to call the tool with, coerced from the input JSON object; or Invalid.

    ``namespace`` (the tool's module globals) is where string annotations are evaluated.
    """
    try:
        payload = json.loads(input_json)
    except (ValueError, RecursionError) as error:
        raise Invalid.one("json_invalid", f"Invalid JSON: {error}", input_json) from None
    if not isinstance(payload, dict):
        raise Invalid.one("dict_type", "Input should be a JSON object mapping parameter names to values",
                          payload)
    coercer = Coercer(namespace)
    parameters = parameters_of(function)
    args, kwargs, errors = [], {}, []
    extra_type = None  # the annotation of **kwargs: extra inputs are errors without one
    for name, kind, default, annotation in parameters:
        if kind == VAR_KEYWORD:
            extra_type = annotation
        if kind in (VAR_KEYWORD, VAR_POSITIONAL):
            continue  # JSON names every argument: nothing can go to *args
        if name not in payload:
            if default is NO_DEFAULT:
                errors.append(((name,), "missing", "Field required", payload))
            elif kind == POSITIONAL_ONLY:
                args.append(default)
            continue
        try:
            value = coercer.coerce(payload[name], annotation)
        except Invalid as invalid:
            errors.extend(invalid.under(name))
            continue
        if kind == POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[name] = value
    named = {name for name, kind, _, _ in parameters if kind not in (VAR_KEYWORD, VAR_POSITIONAL)}
    for name, value in payload.items():
        if name in named:
            continue
        if extra_type is None:
            errors.append(((name,), "extra_forbidden", "Extra inputs are not permitted", value))
            continue
        try:
            kwargs[name] = coercer.coerce(value, extra_type)
        except Invalid as invalid:
            errors.extend(invalid.under(name))
    if errors:
        raise Invalid(errors)
    return args, kwargs


def is_plain_function(function):
    """Whether the tool is a function just as ``def`` made it: no decorator replaced it and nothing
    (``__wrapped__``, ``__signature__``) tells inspect to look elsewhere, so its code says it all."""
    return type(function) is types.FunctionType and not function.__dict__


def parameters_of(function):
    """(name, kind, default, annotation) of each parameter, as inspect.signature sees them; a missing
    annotation is ``object``, which accepts anything."""
    if not is_plain_function(function):
        return parameters_from_signature(function)
    code = function.__code__
    positional_count, keyword_only_count = code.co_argcount, code.co_kwonlyargcount
    names = code.co_varnames
    defaults = function.__defaults__ or ()
    keyword_defaults = function.__kwdefaults__ or {}
    annotations = function.__annotations__ or {}
    first_default = positional_count - len(defaults)
    parameters = []
    for index, name in enumerate(names[:positional_count]):
        kind = POSITIONAL_ONLY if index < code.co_posonlyargcount else POSITIONAL_OR_KEYWORD
        default = defaults[index - first_default] if index >= first_default else NO_DEFAULT
        parameters.append((name, kind, default, annotations.get(name, object)))
    next_name = positional_count + keyword_only_count
    if code.co_flags & CO_VARARGS:
        name = names[next_name]
        parameters.append((name, VAR_POSITIONAL, NO_DEFAULT, annotations.get(name, object)))
        next_name += 1
    for name in names[positional_count:positional_count + keyword_only_count]:
        parameters.append((name, KEYWORD_ONLY, keyword_defaults.get(name, NO_DEFAULT),
                           annotations.get(name, object)))
    if code.co_flags & CO_VARKEYWORDS:
        name = names[next_name]
        parameters.append((name, VAR_KEYWORD, NO_DEFAULT, annotations.get(name, object)))
    return parameters


def parameters_from_signature(function):
    import inspect
    return [(parameter.name, int(parameter.kind),
             NO_DEFAULT if parameter.default is parameter.empty else parameter.default,
             object if parameter.annotation is parameter.empty else parameter.annotation)
            for parameter in inspect.signature(function).parameters.values()]


# ---------------------------------------------------------------------------------------------
# Running the tool
# ---------------------------------------------------------------------------------------------


def silence_stdout():
    """Points fd 1 (and sys.stdout) at /dev/null; returns a private duplicate of the real fd 1.

    Working on the file descriptor also silences C extensions and subprocesses. The duplicate is
    not inheritable, so the tool's subprocesses cannot write to it either.
    """
    sys.stdout.flush()
    result_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    sys.stdout = open(os.devnull, "w", encoding="utf-8")
    return result_fd


def defined_function_names(code):
    """The names of the functions a module's code defines with ``def``, in source order.

    The compiler adds each function's code object to the module's constants as it meets the
    ``def``; class bodies lack CO_NEWLOCALS, lambdas and comprehensions are named ``<...>``, and
    ``def f[T]`` (Python 3.12+) puts f inside a ``<generic parameters of f>`` scope.
    """
    for const in code.co_consts:
        if isinstance(const, types.CodeType) and const.co_flags & CO_NEWLOCALS:
            if const.co_name.isidentifier():
                yield const.co_name
            elif const.co_name.startswith("<generic parameters of "):
                yield from defined_function_names(const)


def load_tool(code, source):
    """Executes the tool's compiled source in a fresh module; returns its last function and the
    module's namespace."""
    names = list(defined_function_names(code))
    if not names:
        raise Unusable("The tool source defines no function")
    module = types.ModuleType(TOOL_MODULE)
    sys.modules[TOOL_MODULE] = module  # lets typing, dataclasses and pickle find the tool's names
    try:
        exec(code, module.__dict__)
    except BaseException:
        remember_source(source)  # for the traceback run_tool writes
        raise
    if loaded("linecache"):  # the tool may print tracebacks through its own code
        remember_source(source)
    function = module.__dict__.get(names[-1])
    if not callable(function):
        raise Unusable(f"The tool '{names[-1]}' is not callable after its definition ran")
    return function, module.__dict__


def remember_source(source):
    """Lets tracebacks through the tool show its lines (mtime None: linecache keeps them)."""
    import linecache
    linecache.cache[TOOL_FILENAME] = (len(source), None, source.splitlines(True), TOOL_FILENAME)


def call_tool(function, args, kwargs):
    if is_coroutine_function(function):
        import asyncio
        return asyncio.run(function(*args, **kwargs))
    return function(*args, **kwargs)


def is_coroutine_function(function):
    if is_plain_function(function):
        return bool(function.__code__.co_flags & CO_COROUTINE)
    import inspect
    return inspect.iscoroutinefunction(function)


def describe_exception(exc):
    """The traceback Python would print, from the tool's first frame on (the runner's are left out)."""
    import traceback
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != TOOL_FILENAME:
        tb = tb.tb_next
    lines = traceback.format_exception(type(exc), exc, tb)  # no tool frame (e.g. SyntaxError): no trace
    if isinstance(exc, SystemExit):
        lines.append(f"The tool raised SystemExit (exit code {exc.code!r}) instead of returning a value\n")
    return "".join(lines)


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def exit_now(code):
    """Leaves at once with the exit code: threads the tool left running cannot keep the job alive
    until its timeout after the result is out."""
    for stream in (sys.stderr, sys.__stderr__):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)


def run_tool(source, input_json):
    """Runs the tool on its input; returns the exit code (see the module's docstring)."""
    stderr = sys.stderr  # kept: the tool may replace sys.stderr
    result_fd = silence_stdout()
    try:
        code = compile(source, TOOL_FILENAME, "exec", dont_inherit=True)
    except BaseException as exc:  # a syntax error: no line of the tool ran
        stderr.write(describe_exception(exc))
        return 1
    try:
        function, namespace = load_tool(code, source)
    except Unusable as error:
        stderr.write(f"{error}\n")
        return 1
    except BaseException as exc:  # the tool's imports or definition failed
        stderr.write(describe_exception(exc))
        return 1
    try:
        args, kwargs = bind_arguments(function, namespace, input_json)
    except Invalid as invalid:
        stderr.write(invalid.render(function.__name__))
        return 1
    except Unusable as error:
        stderr.write(f"{error}\n")
        return 1
    try:
        result = call_tool(function, args, kwargs)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the tool failed
        remember_source(source)
        stderr.write(describe_exception(exc))
        return 1
    try:
        output = json.dumps(result)
    except Exception as error:
        stderr.write(f"The tool's result cannot be serialised to JSON: {type(error).__name__}: {error}\n")
        return 1
    write_all(result_fd, (output + "\n").encode("ascii"))
    return 0
