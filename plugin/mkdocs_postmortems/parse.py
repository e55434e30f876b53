"""Text-level parsing: front matter block, body sections, timeline stamps, action items.

Pure functions over strings. Problems found here are returned as
`(line, col, message, rule)` tuples; `checker.py` turns them into `Problem`s
for a path. Line numbers are 1-based file lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from .model import ActionItem, Section, TimelineEntry

Issue = tuple[int, int, str, str]  # line, col, message, rule

# ---------------------------------------------------------------- front matter


@dataclass(slots=True)
class Split:
    yaml_text: str | None  # None: the page has no front matter block
    yaml_line: int  # file line of the YAML text's first line
    body: str
    body_line: int
    issue: Issue | None = None


_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def split_front_matter(text: str) -> Split:
    """Split `---` front matter from the body. `text` has `\\n` line ends."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return Split(None, 1, text, 1)
    for index in range(1, len(lines)):
        if _END.match(lines[index]):
            # a file that ends on the closing fence has no line after it: point body problems at the fence
            body_line = min(index + 2, len(lines))
            return Split("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), body_line)
    issue = (
        1,
        1,
        "front matter opened here is never closed: add a line '---' after the last key",
        "front-matter",
    )
    return Split(None, 1, "", 1, issue)


# ---------------------------------------------------------------- time stamps

_STAMP = re.compile(
    r"""\s*(?:(?P<date>\d{4}-\d{2}-\d{2})[ T])?
    (?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?
    (?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?
    (?:\s*(?P<tz>UTC|GMT|Z|[+-]\d{2}(?::?\d{2})?)(?![A-Za-z]))?""",
    re.X,
)
_SEPARATOR = re.compile(r"\s*[:\-–—]\s*")
_DATETIME_TZ = re.compile(r"\s*(UTC|GMT)$")


@dataclass(frozen=True, slots=True)
class Stamp:
    """A time stamp as written: the date is optional, the clock time is not."""

    day: date | None
    clock: time
    tz: tzinfo | None  # None: the page's time zone
    text: str


def _offset(text: str) -> tzinfo:
    if text in ("UTC", "GMT", "Z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def parse_stamp(text: str) -> tuple[Stamp | None, int, str | None]:
    """Read a stamp at the start of `text`.

    Returns (stamp, characters consumed, error). No stamp and no error: the
    text does not start with a time. An error: it looks like a time but is not one.
    """
    match = _STAMP.match(text)
    if not match:
        return None, 0, None
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    written = match.group(0).strip()
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None, match.end(), f"'{written}' is not a valid time (12-hour clocks run from 1 to 12)"
        hour = hour % 12 + (12 if match["ampm"][0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None, match.end(), f"'{written}' is not a valid time of day"
    day = None
    if match["date"]:
        try:
            day = date.fromisoformat(match["date"])
        except ValueError:
            return None, match.end(), f"'{match['date']}' is not a valid date"
    tz = _offset(match["tz"]) if match["tz"] else None
    return Stamp(day, time(hour, minute, second), tz, written), match.end(), None


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


# ---------------------------------------------------------------- sections

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_BOLD_MARKER = re.compile(r"^ {0,3}(\*\*|__)(?P<text>[^*_].*?)\1[ \t]*(?P<colon>:?)[ \t]*$")
_CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_NUMBERING = re.compile(r"^\d+(\.\d+)*[.)]?\s+")
_INLINE_MARKUP = re.compile(r"[*_`]")


def _code_lines(lines: list[str]) -> list[bool]:
    """Which lines are inside fenced code blocks (headings there are not headings)."""
    if not any(("```" in line or "~~~" in line) for line in lines):
        return [False] * len(lines)  # the common case, without a regex per line
    inside: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = _CODE_FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            inside.append(True)
        elif fence is not None:
            inside.append(True)
            # only a bare fence of the same character, at least as long, closes it (CommonMark):
            # a ```markdown example inside a ```` block does not
            closing = line.strip()
            if closing.startswith(fence) and closing == fence[0] * len(closing):
                fence = None
        else:
            inside.append(False)
    return inside


def normalize_heading(text: str) -> str:
    text = _INLINE_MARKUP.sub("", text).strip().rstrip(":").strip()
    return " ".join(_NUMBERING.sub("", text).split()).lower()


@dataclass(slots=True)
class _Start:
    index: int  # 0-based body line
    level: int  # heading level, 0 for a bold marker
    heading: str
    names: tuple[str, ...]


def _section_starts(
    lines: list[str], code: list[bool], index: dict[str, tuple[str, ...]]
) -> Iterator[_Start]:
    previous_blank = True
    for i, line in enumerate(lines):
        if code[i]:
            previous_blank = False
            continue
        stripped = line.lstrip(" ")
        if not stripped.startswith(("#", "*", "_")):  # cheap test before the regexes
            previous_blank = not stripped.strip()
            continue
        heading = _HEADING.match(line)
        if heading:
            text = heading.group(2)
            yield _Start(i, len(heading.group(1)), text, index.get(normalize_heading(text), ()))
        elif previous_blank:
            bold = _BOLD_MARKER.match(line)
            # only bold text ending in a colon (inside or outside the bold) is a marker
            if bold and (bold["colon"] or bold["text"].rstrip().endswith(":")):
                text = bold["text"]
                yield _Start(i, 0, text.rstrip(": "), index.get(normalize_heading(text), ()))
        previous_blank = not line.strip() or line.strip() in ("---", "***", "___")


def parse_sections(body: str, body_line: int, index: dict[str, tuple[str, ...]]) -> list[Section]:
    """Sections by heading or bold marker. A known section runs to the next known
    section or the next heading of its own level or higher; other headings inside it
    are its subsections. Unknown headings are not returned."""
    lines = body.split("\n")
    starts = list(_section_starts(lines, _code_lines(lines), index))
    sections: list[Section] = []
    for n, start in enumerate(starts):
        if not start.names:
            continue
        end = len(lines)
        for m in range(n + 1, len(starts)):  # by index: slicing the rest each time is quadratic
            later = starts[m]
            if later.names or (later.level and (start.level == 0 or later.level <= start.level)):
                end = later.index
                break
        text = "\n".join(lines[start.index + 1 : end])
        sections.append(
            Section(
                start.heading.strip(),
                start.names,
                start.index + body_line,
                end - 1 + body_line,
                start.level,
                text,
            )
        )
    return sections


def first_h1(body: str) -> tuple[str, int] | None:
    """The first `# H1` of the body and its 0-based line, outside code."""
    lines = body.split("\n")
    code = _code_lines(lines)
    for i, line in enumerate(lines):
        match = _HEADING.match(line)
        if match and not code[i] and len(match.group(1)) == 1:
            return match.group(2).strip(), i
    return None


# ---------------------------------------------------------------- timeline

_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+(?P<text>.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_BOLD_LEAD = re.compile(r"^(\*\*|__)(.+?)\1")


def _cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


@dataclass(frozen=True, slots=True)
class RawEntry:
    """A timeline entry as read from the body, before dates are resolved."""

    stamp: Stamp
    event: str
    line: int
    col: int
    extra: tuple[str, ...] = ()


def _stamped(text: str) -> tuple[Stamp | None, str, str | None]:
    """(stamp, event text, error) for a list item or table cell text."""
    bold = _BOLD_LEAD.match(text)
    inner, rest = (bold.group(2), text[bold.end() :]) if bold else (text, "")
    stamp, used, error = parse_stamp(inner)
    if stamp is None:
        return None, "", error
    tail = inner[used:]
    separator = _SEPARATOR.match(tail)
    if separator:
        tail = tail[separator.end() :]
    elif bold and tail.strip():
        return None, "", None  # bold text that merely starts with a number
    if bold:
        if tail.strip():
            return None, "", None
        separator = _SEPARATOR.match(rest)
        event = rest[separator.end() :] if separator else rest
    else:
        if not separator:
            return None, "", None  # "10:00 people joined": no separator, not a stamp
        event = tail
    return stamp, event.strip(), None


def read_body_timeline(section: Section) -> tuple[list[RawEntry], list[Issue]]:
    """Entries of a Timeline section: stamped list items and table rows."""
    entries: list[RawEntry] = []
    issues: list[Issue] = []
    lines = section.text.split("\n")
    code = _code_lines(lines)
    table_header = False
    for i, line in enumerate(lines):
        number = section.line + 1 + i
        if code[i]:
            continue
        if _TABLE_RULE.match(line) and "-" in line and i > 0 and "|" in lines[i - 1]:
            table_header = True
            continue
        if table_header and "|" in line:
            if i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]) and "-" in lines[i + 1]:
                continue  # the header row of a second table
            cells = _cells(line)
            stamp, event, error = _stamped(f"{cells[0]} — {cells[1] if len(cells) > 1 else ''}")
            if stamp is None:
                message = error or f"table row does not start with a time stamp: '{cells[0]}'"
                issues.append((number, line.find(cells[0]) + 1, message, "timeline-stamp"))
                continue
            entries.append(RawEntry(stamp, event, number, line.find(cells[0]) + 1, tuple(cells[2:])))
            continue
        table_header = False
        item = _LIST_ITEM.match(line)
        if not item:
            continue
        col = item.start("text") + 1
        stamp, event, error = _stamped(item["text"])
        if error:
            issues.append((number, col, error, "timeline-stamp"))
        elif stamp:
            entries.append(RawEntry(stamp, event, number, col))
    return entries, issues


def resolve_timeline(
    raw: list[RawEntry], started: datetime, page_tz: tzinfo, kinds: list[str | None] | None = None
) -> tuple[list[TimelineEntry], list[Issue]]:
    """Give each stamp its date: the date of `started` in the page's zone, moved to
    the next day when a stamp steps back and that makes the step under 12 hours."""
    entries: list[TimelineEntry] = []
    issues: list[Issue] = []
    previous: TimelineEntry | None = None
    for n, item in enumerate(raw):
        stamp = item.stamp
        tz = stamp.tz or page_tz
        day = (previous.at if previous else started).astimezone(tz).date()
        at = datetime.combine(stamp.day or day, stamp.clock, tz)
        if previous is None and stamp.day is None and started - at > timedelta(hours=12):
            # started 23:50, first entry 00:05: the entry is the next morning, not the morning before
            at = datetime.combine(day + timedelta(days=1), stamp.clock, tz)
        if previous and at < previous.at:
            later = datetime.combine(day + timedelta(days=1), stamp.clock, tz)
            if stamp.day is None and later - previous.at < timedelta(hours=12):
                at = later
            else:
                issues.append(
                    (
                        item.line,
                        item.col,
                        f"'{stamp.text}' is earlier than the entry before it "
                        f"('{previous.stamp}', line {previous.line}); "
                        "timeline entries must be in time order "
                        "(only a step past midnight is read as the next day)",
                        "timeline-order",
                    )
                )
                continue
        kind = kinds[n] if kinds else None
        previous = TimelineEntry(at, item.event, kind, item.line, stamp.text, item.extra)
        entries.append(previous)
    return entries, issues


# ---------------------------------------------------------------- action items

_TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[(?P<mark>[ xX])\]\s+(?P<text>.*)$")
_OWNER = re.compile(r"(?<![\w.])@(?P<owner>[A-Za-z0-9][\w.-]*[A-Za-z0-9]|[A-Za-z0-9])")
_TICKET = re.compile(
    # link text stops at '[' too: with only ']' excluded, a run of '[' backtracks quadratically
    r"\[[^\][]*\]\((?P<link>[^)\s]+)\)|(?P<id>\b[A-Z][A-Z0-9]+-\d+\b)|(?P<url>https?://[^\s)>]+)"
)
_DUE = re.compile(r"\bdue:?\s*(?P<due>\d{4}-\d{2}-\d{2})", re.I)
_LABEL_ONLY = re.compile(r"^(\*\*|__)[^*_]+?:?\1:?\s*$")


def action_item_from_text(text: str, done: bool, line: int) -> ActionItem:
    owner = _OWNER.search(text)
    ticket = _TICKET.search(text)
    due = _DUE.search(text)
    due_date = None
    if due:
        try:
            due_date = date.fromisoformat(due["due"])
        except ValueError:
            due_date = None
    return ActionItem(
        task=text.strip(),
        status="done" if done else "open",
        owner=owner["owner"] if owner else None,
        ticket=(ticket["link"] or ticket["id"] or ticket["url"]) if ticket else None,
        due=due_date,
        line=line,
    )


def read_body_action_items(section: Section) -> list[ActionItem]:
    """Task-list items of the section or, failing those, its plain list items."""
    lines = section.text.split("\n")
    code = _code_lines(lines)
    tasks: list[ActionItem] = []
    plain: list[ActionItem] = []
    for i, line in enumerate(lines):
        if code[i]:
            continue
        number = section.line + 1 + i
        task = _TASK.match(line)
        if task:
            tasks.append(action_item_from_text(task["text"], task["mark"] != " ", number))
            continue
        item = _LIST_ITEM.match(line)
        if item and item["text"].strip() and not _LABEL_ONLY.match(item["text"].strip()):
            plain.append(action_item_from_text(item["text"], False, number))
    return tasks or plain
