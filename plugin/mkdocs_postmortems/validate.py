"""Field rules from the JSON Schema, plus the rules a schema cannot say (typos of keys).

Each jsonschema error becomes one problem at the offending key or value, with a
message that says what is wrong and what is allowed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when first needed: most pages are valid, and `check` starts faster
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from .fastschema import compile_schema
from .model import Issue
from .schema import build_schema, item_keys, known_keys
from .settings import Settings
from .yamlnodes import YamlDoc

_TYPE_NAMES = {
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "a mapping",
    type(None): "empty",
}


def rule_for(field: str) -> str:
    return field.replace("_", "-")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only: keys and service names)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@lru_cache(maxsize=4096)  # teams repeat their own keys on every page
def suggest(word: str, choices: tuple[str, ...], limit: int = 2) -> str | None:
    """The closest choice within `limit` edits (case-insensitive), if any."""
    lowered = word.lower()
    best, best_distance = None, limit + 1
    for choice in choices:
        if abs(len(choice) - len(word)) > limit:
            continue  # cannot be within the limit
        distance = edit_distance(lowered, choice.lower())
        if distance < best_distance:
            best, best_distance = choice, distance
    return best


def _shown(value: Any) -> str:
    text = str(value).replace("\r", "\\r").replace("\n", "\\n")  # a problem is one line
    return text if len(text) <= 60 else text[:57] + "..."


def _leaves(error: ValidationError) -> list[ValidationError]:
    """The errors worth reporting for one schema error.

    A `oneOf` failure says only "valid under none"; the branches whose type
    fits the value say what is actually wrong (an unknown service in a list,
    a number among authors), so report theirs.
    """
    if error.validator != "oneOf" or not error.context:
        return [error]
    wrong_type = {
        e.relative_schema_path[0]
        for e in error.context
        if e.validator == "type" and len(e.relative_path) == 0
    }
    fitting = [e for e in error.context if e.relative_schema_path[0] not in wrong_type]
    return [leaf for e in fitting for leaf in _leaves(e)] or [error]


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class FieldValidator:
    """The compiled schema for one site's settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.schema = build_schema(settings)
        self._explainer: Draft202012Validator | None = None
        self._is_valid = compile_schema(self.schema)  # the fast yes; jsonschema explains a no
        self._known = known_keys()
        self._item_keys = {"timeline": item_keys("timeline"), "action_items": item_keys("action_items")}

    @property
    def explainer(self) -> Draft202012Validator:
        """jsonschema, which says why a document is invalid."""
        if self._explainer is None:
            from jsonschema import Draft202012Validator

            self._explainer = Draft202012Validator(self.schema)
        return self._explainer

    def check(self, doc: YamlDoc, front_line: int) -> list[Issue]:
        issues: list[Issue] = []
        seen: set[tuple[str | int, ...]] = set()
        for top in () if self._is_valid(doc.data) else self.explainer.iter_errors(doc.data):
            for error in _leaves(top):
                path = tuple(error.absolute_path)
                if error.validator == "required":
                    missing = error.message.split("'")[1]
                    path = (*path, missing)
                if path in seen:
                    continue
                seen.add(path)
                issues.append(self._issue(error, path, doc, front_line, self._expect(top)))
        issues.extend(self._typos(doc))
        return issues

    def _issue(
        self, error: ValidationError, path: tuple[str | int, ...], doc: YamlDoc, front_line: int, expect: str
    ) -> Issue:
        field = str(path[0]) if path else "front matter"
        rule = rule_for(field)
        line, col = doc.value_marks.get(path) or doc.key_marks.get(path) or (front_line, 1)
        name = _dotted(path)
        if error.validator == "required":
            missing = str(path[-1])
            parent = _dotted(path[:-1])
            line, col = doc.value_marks.get(path[:-1], (front_line, 1)) if parent else (front_line, 1)
            hint = " (only an ongoing incident may leave it out)" if missing == "ended" else ""
            where = f" in {parent}" if parent else ""
            return (
                line,
                col,
                f"missing required field '{missing}'{where}{hint}",
                rule if parent else "required",
            )
        value = doc.raw.get(path, error.instance)
        if isinstance(error.schema, dict) and "x-expect" in error.schema:
            expect = str(error.schema["x-expect"])  # an item's own expectation beats its field's
        if error.validator == "enum" and field == "services":
            names = list(error.validator_value)
            guess = suggest(str(value), tuple(names))
            hint = f"; did you mean '{guess}'?" if guess else f" (known services: {', '.join(names)})"
            return line, col, f"service '{_shown(value)}' is not in the service catalog{hint}", rule
        if error.validator == "enum" and not isinstance(error.instance, list | dict):  # not "'['final']'"
            allowed = ", ".join(str(v) for v in error.validator_value)
            return line, col, f"{name} '{_shown(value)}' is not one of {allowed}", rule
        if error.instance in ("", None, []) or error.validator in ("minItems", "minLength"):
            return line, col, f"{name} must be {expect}, not empty", rule
        if isinstance(error.instance, list | dict) and error.validator in ("type", "oneOf", "enum"):
            got = _TYPE_NAMES.get(type(error.instance), type(error.instance).__name__)
            return line, col, f"{name} must be {expect}, not {got}", rule
        return line, col, f"{name} must be {expect}, not '{_shown(value)}'", rule

    @staticmethod
    def _expect(error: ValidationError) -> str:
        for schema in (error.schema, *(e.schema for e in error.context or ())):
            if isinstance(schema, dict) and "x-expect" in schema:
                return str(schema["x-expect"])
        return "valid"

    def _typos(self, doc: YamlDoc) -> list[Issue]:
        issues: list[Issue] = []
        if not isinstance(doc.data, dict):
            return issues
        groups: list[tuple[tuple[str | int, ...], dict[str, Any], tuple[str, ...]]] = [
            ((), doc.data, self._known)
        ]
        for field, keys in self._item_keys.items():
            items = doc.data.get(field)
            if isinstance(items, list):
                groups += [((field, i), item, keys) for i, item in enumerate(items) if isinstance(item, dict)]
        for prefix, mapping, keys in groups:
            for key in mapping:
                if key in keys:
                    continue
                guess = suggest(key, keys)
                if guess:
                    line, col = doc.key_marks[(*prefix, key)]
                    where = f" in {_dotted(prefix)}" if prefix else ""
                    issues.append(
                        (line, col, f"unknown key '{key}'{where}; did you mean '{guess}'?", "unknown-key")
                    )
        return issues
