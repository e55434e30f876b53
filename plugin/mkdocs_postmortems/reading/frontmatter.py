"""The front matter block: YAML between `---` lines or TOML between `+++` lines, with line marks.

TOML (common in blog engines) is read with `tomllib` and given the same shape
as the YAML reader's result (`yamlnodes.YamlDoc`): plain values, date-times as
the text the author wrote, and the line and column of each top-level key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Any

from .. import yamlnodes
from ..model import Issue


@dataclass(slots=True)
class Split:
    yaml_text: str | None  # None: the page has no front matter block
    yaml_line: int  # file line of the block's first line
    body: str
    body_line: int
    issue: Issue | None = None
    toml: bool = False


_FENCES = {"---": re.compile(r"^(?:---|\.\.\.)[ \t]*$"), "+++": re.compile(r"^\+\+\+[ \t]*$")}


def split_front_matter(text: str) -> Split:
    """Split the front matter block from the body. `text` has `\\n` line ends."""
    lines = text.split("\n")
    opener = lines[0].rstrip(" \t") if lines else ""
    if opener not in _FENCES:
        return Split(None, 1, text, 1)
    end = _FENCES[opener]
    for index in range(1, len(lines)):
        if end.match(lines[index]):
            # a file that ends on the closing fence has no line after it: point body problems at the fence
            body_line = min(index + 2, len(lines))
            return Split(
                "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), body_line, toml=opener == "+++"
            )
    issue = (
        1,
        1,
        f"front matter opened here is never closed: add a line '{opener}' after the last key",
        "front-matter",
    )
    return Split(None, 1, "", 1, issue)


def load(split: Split) -> yamlnodes.YamlDoc | yamlnodes.YamlError:
    text = split.yaml_text or ""
    return load_toml(text, split.yaml_line) if split.toml else yamlnodes.load(text, split.yaml_line)


def _plain(value: Any) -> Any:
    """TOML values as the YAML reader gives them: date-times and dates as ISO text."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_TOML_KEY = re.compile(r"^[ \t]*(?P<key>[A-Za-z0-9_-]+|\"[^\"]*\")[ \t]*=[ \t]*(?P<value>.*)$")
_TOML_ERROR = re.compile(r"\(at line (?P<line>\d+), column (?P<col>\d+)\)")


def load_toml(text: str, first_line: int) -> yamlnodes.YamlDoc | yamlnodes.YamlError:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_ERROR.search(str(exc))
        line = first_line + int(where["line"]) - 1 if where else first_line
        col = int(where["col"]) if where else 1
        message = _TOML_ERROR.sub("", str(exc)).strip()
        return yamlnodes.YamlError(line, col, f"front matter is not valid TOML: {message}", "yaml")
    doc = yamlnodes.YamlDoc(_plain(data))
    for offset, line in enumerate(text.split("\n")):
        match = _TOML_KEY.match(line)
        if match:
            key = match["key"].strip('"')
            if key in data and (key,) not in doc.key_marks:
                doc.key_marks[(key,)] = (first_line + offset, match.start("key") + 1)
                doc.value_marks[(key,)] = (first_line + offset, match.start("value") + 1)
    return doc


_DATETIME_TZ = re.compile(r"\s*(UTC|GMT)$")


def parse_datetime(text: str, default_tz: tzinfo | None) -> datetime | None:
    """An ISO 8601 date-time; without an offset, in `default_tz` (naive when None). None if unreadable."""
    text = text.strip()
    utc = _DATETIME_TZ.search(text)
    if utc:
        text = text[: utc.start()] + "+00:00"
    try:
        value = datetime.fromisoformat(text.upper())  # Python 3.11 rejects the lower-case t and z ISO allows
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=default_tz)
