"""The front matter JSON Schema: the single source of the field rules.

The shipped file holds the fixed rules; a site's severity ids and service
catalog are added as enums, so the CLI's `schema` output and the validator
agree with the site's configuration.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from .settings import Settings


@cache
def _base_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schema/postmortem.schema.json").read_text("utf-8")
    return json.loads(text)


def build_schema(settings: Settings) -> dict[str, Any]:
    schema = copy.deepcopy(_base_schema())
    properties = schema["properties"]
    ids = settings.severity_ids
    properties["severity"]["enum"] = ids
    properties["severity"]["x-expect"] = "one of " + ", ".join(ids)
    if settings.services:
        catalog = sorted(settings.services)
        properties["services"]["oneOf"][0]["enum"] = catalog
        properties["services"]["oneOf"][1]["items"]["enum"] = catalog
    return schema


def known_keys() -> tuple[str, ...]:
    return tuple(_base_schema()["properties"])


def item_keys(field: str) -> tuple[str, ...]:
    return tuple(_base_schema()["properties"][field]["items"]["properties"])
