"""The compiled yes/no validator agrees with jsonschema on every document, valid or not."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from mkdocs_postmortems.fastschema import UnsupportedSchema, compile_schema
from mkdocs_postmortems.schema import build_schema
from mkdocs_postmortems.settings import Settings, settings_from_options

SCHEMAS = [build_schema(Settings()), build_schema(settings_from_options({"services": ["api", "db"]}))]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "SEV1", "SEV9", "api", "db", "draft", "ongoing", "open", "done", "35%", "lots",
                     "2024-08-15", "2024-08-15T12:30:00Z", "2024-08-15 12:30", "12:30", "x\ny", " "]),
    st.text(max_size=8),
)  # fmt: skip
item_keys = st.sampled_from(["at", "event", "kind", "task", "status", "due", "owner", "ticket", "x"])
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(item_keys, inner, max_size=4),
    max_leaves=8,
)
FIELDS = [
    "title", "started", "ended", "detected", "mitigated", "date", "timezone", "severity", "services",
    "impact",
    "affected_users", "status", "authors", "tags", "timeline", "action_items", "custom",
]  # fmt: skip
fields = st.sampled_from(FIELDS)
VALID = {
    "title": "t", "started": "2024-08-15T12:30:00Z", "ended": "2024-08-15T13:00:00Z", "severity": "SEV2",
    "services": ["api"], "impact": "x", "affected_users": "35%", "status": "final", "authors": "a",
    "timeline": [{"at": "12:32", "event": "e", "kind": "detect"}],
    "action_items": [{"task": "t", "status": "open", "due": "2024-09-01"}],
}  # fmt: skip


@st.composite
def near_valid(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document with a few fields changed or dropped, so every sub-schema gets exercised."""
    document = dict(VALID)
    for name in draw(st.lists(fields, max_size=3)):
        if draw(st.booleans()):
            document[name] = draw(values)
        else:
            document.pop(name, None)
    return document


documents = st.one_of(values, st.dictionaries(fields, values, max_size=10), near_valid())


PAIRS = [(compile_schema(schema), Draft202012Validator(schema)) for schema in SCHEMAS]


@settings(max_examples=500, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents)
def test_agrees_with_jsonschema(document: Any) -> None:
    for fast, reference in PAIRS:
        assert fast(document) == reference.is_valid(document)
    event("valid" if PAIRS[0][1].is_valid(document) else "invalid")


def test_agrees_on_a_valid_full_document() -> None:
    document = VALID
    for schema in SCHEMAS:
        assert compile_schema(schema)(document) is True
        assert compile_schema(schema)({**document, "severity": "SEV9"}) is False


def test_unknown_validation_keywords_are_refused_not_skipped() -> None:
    with pytest.raises(UnsupportedSchema):
        compile_schema({"type": "object", "maxProperties": 3})
