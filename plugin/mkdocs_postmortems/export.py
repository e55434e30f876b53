"""The machine-readable library: `incidents.json` records, CSV, and JSON safe to embed in HTML."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .model import Postmortem


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a Markdown page (for exports made outside MkDocs)."""
    stem = src_uri.rsplit(".", 1)[0]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def newest_first(postmortems: Iterable[Postmortem]) -> list[Postmortem]:
    return sorted(postmortems, key=lambda pm: (pm.started is not None, pm.started, pm.source), reverse=True)


def records(postmortems: Iterable[Postmortem]) -> list[dict[str, Any]]:
    return [pm.as_record() for pm in newest_first(postmortems)]


def to_json(postmortems: Iterable[Postmortem], indent: int | None = 2) -> str:
    return json.dumps(records(postmortems), indent=indent, ensure_ascii=False, default=str)


def json_for_script(data: Any) -> str:
    """JSON that can sit inside <script> without closing it or opening a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace(
        "\u2028", "\\u2028").replace("\u2029", "\\u2029")
