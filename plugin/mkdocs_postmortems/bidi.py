"""Bidirectional control characters: reported where they stand, and taken out of all that is shown.

U+202A-U+202E (embeddings and overrides) and U+2066-U+2069 (isolates) reorder the text around
them on screen, so a title, service or owner holding one can display one thing and be another
("Trojan Source"): the library would show one name and link or filter by another. The marks
U+200E and U+200F only set the direction of neutral characters; right-to-left text needs
them, and they stay.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

from .model import Postmortem, Problem

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(f"[{CONTROLS}]")
_ENCODED = re.compile(b"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")  # the same, as UTF-8 bytes
MAX_REPORTED = 100  # lines reported per page; a page made of them must not make millions of problems
RULE = "bidi"
_SKIP = {"source", "url"}  # paths the engine sets, not text the author wrote

T = TypeVar("T")


def present(data: bytes) -> bool:
    """Whether the raw page holds any: one scan of the bytes, so clean pages cost nothing more."""
    return _ENCODED.search(data) is not None


def strip(text: str) -> str:
    return _CONTROL.sub("", text)


def inert(value: T) -> T:
    """`value` with every string in it (lists, mappings, dataclasses, keys too) stripped of them."""
    if isinstance(value, str):
        return strip(value)  # type: ignore[return-value]
    if isinstance(value, list):
        # a name made of nothing but controls shows as nothing: drop it rather than list a blank
        return [inert(v) for v in value if not (isinstance(v, str) and v and not strip(v))]  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(inert(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {inert(k): inert(v) for k, v in value.items()}  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: inert(getattr(value, f.name)) for f in fields(value) if f.name not in _SKIP}
        return replace(value, **changes)  # type: ignore[return-value]
    return value


def _found(data: bytes) -> list[tuple[int, int, str]]:
    """(line, column, character) of the first control on each line, counted as the checker counts:
    after a byte-order mark, with \\r\\n and \\r as line ends, columns in characters."""
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return []  # the page is unreadable, and says so; nothing of it is shown
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found: list[tuple[int, int, str]] = []
    line, line_start, last_line = 1, 0, 0
    for match in _CONTROL.finditer(text):
        line += text.count("\n", line_start, match.start())
        line_start = text.rfind("\n", 0, match.start()) + 1
        if line != last_line:
            found.append((line, match.start() - line_start + 1, match.group()))
            last_line = line
    return found


def neutralise(
    postmortem: Postmortem | None, problems: list[Problem], path: str, data: bytes
) -> tuple[Postmortem | None, list[Problem]]:
    """A warning per line holding controls, and the page's model and messages without them."""
    found = _found(data)
    warnings = []
    for n, (line, col, char) in enumerate(found[:MAX_REPORTED], 1):
        more = len(found) - MAX_REPORTED
        tail = f" (and {more} more lines with them, not listed)" if n == MAX_REPORTED and more > 0 else ""
        message = (
            f"bidirectional control character U+{ord(char):04X} ({unicodedata.name(char)}) can make "
            f"text display differently from what it is; it is left out of the published pages{tail}"
        )
        warnings.append(Problem(path, line, col, "warning", message, RULE))
    cleaned = [replace(p, message=strip(p.message)) for p in problems]  # messages quote author text
    merged = sorted([*cleaned, *warnings], key=lambda p: (p.line, p.col))
    return (inert(postmortem) if postmortem is not None else None), merged
