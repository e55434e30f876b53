"""A yes/no validator compiled from the front matter JSON Schema, for the common case.

`jsonschema` explains *why* a document is invalid, but costs about a millisecond
per page even when it is valid, which is most pages, most of the time. This
compiles the same schema (the single source of the rules) into closures that
only answer "valid?"; `jsonschema` runs only to explain a "no". It knows the
keywords our schema uses and refuses to compile any other validation keyword,
so a schema change can never be skipped silently. A property test checks that
both always agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that annotate and never affect validity.
_ANNOTATIONS = {
    "$schema",
    "$id",
    "$defs",
    "$comment",
    "title",
    "description",
    "examples",
    "default",
    "x-expect",
}

_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, but 1 is 1.0."""
    return a == b and isinstance(a, bool) == isinstance(b, bool)


class UnsupportedSchema(ValueError):
    pass


def compile_schema(schema: dict[str, Any]) -> Check:
    """A function telling whether an instance is valid against `schema` (a document root)."""
    return _Compiler(schema).compile(schema)


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, pointer: str) -> Check:
        if not pointer.startswith("#/"):
            raise UnsupportedSchema(f"only local $ref is supported, not {pointer}")
        if pointer not in self.refs:
            target: Any = self.root
            for part in pointer[2:].split("/"):
                target = target[part]
            self.refs[pointer] = lambda v: True  # placeholder while compiling (recursive schemas)
            self.refs[pointer] = self.compile(target)
        compiled = self.refs
        return lambda v: compiled[pointer](v)

    def compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return lambda v: True
        if schema is False:
            return lambda v: False
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in _ANNOTATIONS or keyword in ("then", "else"):
                continue
            checks.append(self.keyword(keyword, value, schema))
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(check(v) for check in checks)

    def keyword(self, keyword: str, value: Any, schema: dict[str, Any]) -> Check:
        if keyword == "type":
            kinds = [_TYPES[t] for t in ([value] if isinstance(value, str) else value)]
            return lambda v: any(kind(v) for kind in kinds)
        if keyword == "enum":
            allowed = list(value)
            return lambda v: any(_equal(v, a) for a in allowed)
        if keyword == "const":
            return lambda v: _equal(v, value)
        if keyword == "pattern":
            search = re.compile(value).search
            return lambda v: not isinstance(v, str) or search(v) is not None
        if keyword == "minLength":
            return lambda v: not isinstance(v, str) or len(v) >= value
        if keyword == "minimum":
            return lambda v: not _TYPES["number"](v) or v >= value
        if keyword == "minItems":
            return lambda v: not isinstance(v, list) or len(v) >= value
        if keyword == "items":
            item = self.compile(value)
            return lambda v: not isinstance(v, list) or all(item(x) for x in v)
        if keyword == "required":
            names = list(value)
            return lambda v: not isinstance(v, dict) or all(name in v for name in names)
        if keyword == "properties":
            props = {name: self.compile(sub) for name, sub in value.items()}
            return lambda v: not isinstance(v, dict) or all(props[k](v[k]) for k in props.keys() & v.keys())
        if keyword == "oneOf":
            options = [self.compile(sub) for sub in value]
            return lambda v: sum(1 for option in options if option(v)) == 1
        if keyword == "$ref":
            return self.ref(value)
        if keyword == "if":
            condition = self.compile(value)
            then = self.compile(schema.get("then", True))
            otherwise = self.compile(schema.get("else", True))
            return lambda v: then(v) if condition(v) else otherwise(v)
        raise UnsupportedSchema(f"keyword {keyword!r} is not supported by the fast validator")
