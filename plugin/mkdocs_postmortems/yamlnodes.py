"""YAML front matter to plain values, keeping the line and column of every key and value.

PyYAML's composer (the C one where available) gives nodes with marks; we turn
them into JSON-like values ourselves instead of using its constructor, because
we want: marks for every path, raw text for date-times (so `12:30` is not read
as the sexagesimal integer 752 and time zones stay as written), duplicate keys
reported instead of silently dropped, and alias bombs and deep nesting refused
in bounded time and memory.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

Path = tuple[str | int, ...]

MAX_NODES = 20_000  # a real front matter has a few hundred; a billion-laughs bomb has billions
MAX_DEPTH = 32

_RAW_TAGS = {
    "tag:yaml.org,2002:timestamp",  # date-times: parsed by us, with the page's time zone
}


@dataclass(slots=True)
class YamlError:
    line: int  # 1-based, in the file
    col: int
    message: str
    rule: str


@dataclass(slots=True)
class YamlDoc:
    data: Any
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)  # 1-based file line, col
    value_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)  # scalar text as written
    problems: list[YamlError] = field(default_factory=list)


class _TooBig(Exception):
    def __init__(self, message: str, mark: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.mark = mark  # where to point; None: the start of the front matter


def load(text: str, first_line: int = 1) -> YamlDoc | YamlError:
    """Compose `text` (which starts at file line `first_line`) and convert it.

    Returns a YamlError when it is not YAML at all; marks are 1-based file positions.
    """
    where = _Positions(text, first_line)
    loader = None
    try:
        if len(text) > _SCAN_ABOVE and _too_many_events(text):
            # composing a huge mapping costs seconds and hundreds of MB before the node budget can say no
            return YamlError(
                first_line, 1, f"front matter has more than {MAX_NODES} values; refusing to read it", "yaml"
            )
        loader = SafeLoader(text)  # the pure-Python reader checks characters here, so inside the try
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        # not a MarkedYAMLError: its position is a byte offset (libyaml) or a character offset (PyYAML)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        index = text.find(chr(code))
        line, col = where.of_index(index) if index >= 0 else (first_line, 1)
        return YamlError(
            line, col, f"front matter is not valid YAML: character U+{code:04X} is not allowed", "yaml"
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if (
            exc.context in _POINT_AT_CONTEXT
            and exc.context_mark
            and exc.problem_mark
            and exc.context_mark.line != exc.problem_mark.line
        ):
            # noticed lines later (often at the end of the front matter); the fix goes where
            # the quote was opened, or on the line of words that lacks its ':'
            mark = exc.context_mark
        line, col = where.of(mark) if mark else (first_line, 1)
        detail = exc.problem or exc.context
        if mark is exc.context_mark and exc.context == _POINT_AT_CONTEXT[0]:
            detail = "the quoted value starting here is never closed"
        if exc.problem == "second occurrence" and exc.context_mark:  # libyaml's wording alone says nothing
            detail = f"duplicate anchor (first defined on line {where.of(exc.context_mark)[0]})"
        message = f"front matter is not valid YAML: {detail}"
        lines = text.split("\n")
        if line - first_line < len(lines) and "\t" in lines[line - first_line]:
            message += " (YAML does not allow tabs for indentation; use spaces)"
        return YamlError(line, col, message, "yaml")
    except yaml.YAMLError as exc:
        return YamlError(first_line, 1, f"front matter is not valid YAML: {exc}", "yaml")
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return YamlDoc(data=None)
    doc = YamlDoc(data=None)
    converter = _Converter(loader, doc, where)
    try:
        doc.data = converter.convert(node, (), 0)
    except _TooBig as exc:
        line, col = exc.mark or where.of(node.start_mark)
        return YamlError(line, col, str(exc), "yaml")
    return doc


_POINT_AT_CONTEXT = ("while scanning a quoted scalar", "while scanning a simple key")
_SCAN_ABOVE = 64_000  # characters; smaller front matter cannot hold enough values to be slow
_MAX_EVENTS = 3 * MAX_NODES + 4  # a value, its key and a collection end each: more means > MAX_NODES values
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


def _too_many_events(text: str) -> bool:
    """Count parser events (cheap, no nodes built), stopping at the limit."""
    return any(n > _MAX_EVENTS for n, _ in enumerate(yaml.parse(text, Loader=SafeLoader)))


class _Positions:
    """1-based file line and column of YAML marks.

    PyYAML follows YAML 1.1, which also breaks lines at U+0085, U+2028 and U+2029; editors and
    the rest of the checker count only newlines. Where the text holds one of those, positions
    are counted from the mark's character index instead of its line and column.
    """

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line
        self.trust_marks = not _YAML_ONLY_BREAKS.search(text)
        self._starts: list[int] | None = None

    def of(self, mark: Any) -> tuple[int, int]:
        if self.trust_marks:
            return mark.line + self.first_line, mark.column + 1
        return self.of_index(mark.index)

    def of_index(self, index: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        row = bisect_right(self._starts, index) - 1
        return row + self.first_line, index - self._starts[row] + 1


class _Converter:
    def __init__(self, loader: Any, doc: YamlDoc, where: _Positions) -> None:
        self.loader = loader
        self.doc = doc
        self.where = where
        self.budget = MAX_NODES

    def mark(self, node: yaml.Node) -> tuple[int, int]:
        return self.where.of(node.start_mark)

    def convert(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooBig(
                f"front matter expands to more than {MAX_NODES} values (a YAML alias bomb?); "
                "refusing to read it"
            )
        if depth > MAX_DEPTH:
            raise _TooBig(f"front matter is nested more than {MAX_DEPTH} levels deep", self.mark(node))
        self.doc.value_marks[path] = self.mark(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.problems.append(
                    YamlError(*self.mark(key_node), "a front matter key must be plain text", "yaml")
                )
                continue
            key = str(key_node.value)
            key_path = (*path, key)
            mark = self.mark(key_node)
            if key in result:
                first = self.doc.key_marks[key_path][0]
                self.doc.problems.append(
                    YamlError(
                        *mark,
                        f"duplicate key '{key}' (first given on line {first}); "
                        "the earlier value would be lost",
                        "duplicate-key",
                    )
                )
            self.doc.key_marks[key_path] = mark
            result[key] = self.convert(value_node, key_path, depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        self.doc.raw[path] = node.value
        if node.tag in _RAW_TAGS or node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            value = self.loader.construct_object(node)
        except yaml.YAMLError:
            self.doc.problems.append(YamlError(*self.mark(node), f"unsupported YAML tag {node.tag}", "yaml"))
            return node.value
        except Exception:  # `!!int x`, `!!int ""`, `!!bool maybe`: PyYAML constructors raise anything
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            message = f"'{node.value}' is not a valid {tag}"
            self.doc.problems.append(YamlError(*self.mark(node), message, "yaml"))
            return node.value
        if isinstance(value, bytes):
            return node.value
        # YAML 1.1 reads 12:30 as the base-60 integer 750; nobody means that.
        if isinstance(value, int | float) and not isinstance(value, bool) and ":" in node.value:
            return node.value
        return value
