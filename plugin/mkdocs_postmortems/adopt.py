"""Bring an existing postmortem in: infer the front matter its body states, and add it.

`adopt` is for pages written before the library existed, with no front matter or
with another engine's (Jekyll's `layout:`/`date:`/`author:`). It reads what the
document itself says, the way `check` will read it afterwards:

- `title`: the first `# H1`, else the file name (title-cased, without a leading date);
- `started`/`ended`: the first and last timed entries of the Timeline section (or of
  the whole body, when no heading names one), placed in time by the same reader as
  `check`, anchored on the file name's date or the first full date of the document;
- `detected`/`mitigated`: only where a timeline entry says so in plain words;
- zone: the one the document names (`All times in CEST`, `14:00 PDT`), written as the
  offset of each date-time.

Every guess carries a trailing YAML comment saying where it came from; what the
document cannot say (severity, services, impact) is left as a value `check`
rejects or flags, so nothing unknown is published as if it were known.

Only the front matter changes: the bytes of the body (line ends, a missing final
newline, a byte-order mark) stay exactly as they were. TOML front matter (`+++`) is
left alone, with a note of the keys to add by hand: rewriting another engine's
block in another language would drop its comments and layout.

Pure: no MkDocs, no file system. The command in `cli.py` reads and writes files.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timezone, tzinfo
from typing import Any

from . import yamlnodes
from .checker import TEMPLATE_MARK
from .formatting import zone
from .model import Section, TimelineEntry
from .reading import entries, frontmatter, sections
from .settings import Settings

Problem = tuple[int, int, str, str, str]  # line, col, level, message, rule

_BOM = b"\xef\xbb\xbf"
_LINE_END = re.compile(r"\r\n|\r|\n")
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_ ]+|$)")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\.?,?\s+(\d{{4}})\b", re.I)
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "vs", "with"}

# Conservative on purpose: a wrong `detected` skews every time-to-detect figure of the library.
# Past tense or an event that happened, not plans ("we will add an alert") or attempts.
_DETECTED = re.compile(
    r"\b(?:detected|alerted|paged|noticed|alerts?\s+(?:fired|fires|firing|triggered|went\s+off)"
    r"|(?:fired|triggered)\s+an?\s+alert|on-?call\s+(?:was\s+)?paged)\b",
    re.I,
)
_MITIGATED = re.compile(
    r"\b(?:mitigated|rolled\s+back|roll-?back\s+(?:complete[d]?|finished|done)|reverted|restored"
    r"|workaround\s+(?:applied|deployed|in\s+place|put\s+in\s+place|rolled\s+out))\b",
    re.I,
)
_NOT_YET = re.compile(
    r"\b(?:not|no|never|attempt(?:s|ed|ing)?|try(?:ing)?|tried|start(?:s|ed|ing)?|begin(?:s|ning)?|began"
    r"|will|would|should|plan(?:s|ned)?|partially|fail(?:s|ed)?)\b|n't\b",
    re.I,
)
_TIMED = ("second", "minute", "approximate")


# ---------------------------------------------------------------- what the document states


@dataclass(slots=True)
class Guess:
    """One inferred value and why: `value` is ready to write as YAML."""

    value: str
    reason: str  # `guessed from the timeline`, ...
    line: int | None = None  # 1-based line of the input file it came from
    at: datetime | None = None


@dataclass(slots=True)
class Facts:
    title: Guess | None = None
    started: Guess | None = None
    ended: Guess | None = None
    detected: Guess | None = None
    mitigated: Guess | None = None
    zone_note: str = ""  # how the times were placed: `times in CEST, as the document says`
    anchor: str = ""  # where the date of undated stamps came from


def title_from_name(name: str) -> str:
    """`2021-03-04-api-gateway_outage.md` -> `Api Gateway Outage`."""
    stem = re.sub(r"\.(?:md|markdown)$", "", name.replace("\\", "/").rsplit("/", 1)[-1], flags=re.I)
    stem = _FILE_DATE.sub("", stem)
    words = [w for w in re.split(r"[-_\s]+", stem) if w]
    out = []
    for n, word in enumerate(words):
        lowered = word.lower()
        # keep words the author capitalised (`API`, `DNS`); small words stay small inside a title
        out.append(
            lowered if n and lowered in _SMALL_WORDS and word.islower() else word[:1].upper() + word[1:]
        )
    return " ".join(out)


def _file_date(name: str) -> date | None:
    stem = name.replace("\\", "/").rsplit("/", 1)[-1]
    match = _NAME_DATE.search(stem)  # `2017-09-29-504.md`, and `incident-2017-09-29.md` too
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _month(text: str) -> int:
    return next(n for n, names in enumerate(_MONTHS.split("|"), 1) if re.fullmatch(names, text.lower()))


def _text_date(body: str) -> date | None:
    """The first full date written anywhere in the body (`2023-12-03`, `Oct 30, 2021`, `30 October 2021`)."""
    found: list[tuple[int, date]] = []
    for match in _ISO_DATE.finditer(body):
        try:
            found.append((match.start(), date(int(match[1]), int(match[2]), int(match[3]))))
            break
        except ValueError:
            continue
    for pattern, order in ((_MONTH_DAY_YEAR, (3, 1, 2)), (_DAY_MONTH_YEAR, (3, 2, 1))):
        for match in pattern.finditer(body):
            year, month, day = (match[i] for i in order)
            try:
                found.append((match.start(), date(int(year), _month(month), int(day))))
                break
            except ValueError:
                continue
    return min(found)[1] if found else None


def _timeline_section(body: str, body_line: int, settings: Settings) -> tuple[Section, bool]:
    """The Timeline section, or the whole body as one (False: no heading names a timeline)."""
    vocabulary = sections.build_vocabulary(settings.section_aliases)
    found = next(
        (s for s in sections.parse_sections(body, body_line, vocabulary) if "Timeline" in s.names), None
    )
    if found is not None:
        return found, True
    last = body_line + body.count("\n")
    return Section("", ("Timeline",), body_line - 1, last, 0, body, body_line), False


def _first_full_date(raw: list[entries.RawEntry]) -> date | None:
    for item in raw:
        stamp = item.stamp
        if stamp.year and stamp.month and stamp.day:
            try:
                return date(stamp.year, stamp.month, stamp.day)
            except ValueError:
                continue
    return None


def _iso(at: datetime) -> str:
    return at.isoformat()


def _zone_label(at: datetime) -> str:
    name = at.tzname() or "UTC"
    return "UTC" if name in ("UTC", "UTC+00:00") else name


def infer(
    body: str,
    body_line: int,
    name: str,
    settings: Settings | None = None,
    meta: dict[str, Any] | None = None,
) -> Facts:
    """What the document states. `body` has `\\n` line ends and starts at file line `body_line`;
    `meta` is foreign front matter, if any (its `title`, `date` and `timezone` are used)."""
    settings = settings or Settings()
    meta = meta or {}
    facts = Facts()
    title = meta.get("title")
    h1 = sections.first_h1(body)
    if isinstance(title, str) and title.strip():
        facts.title = None  # theirs is kept as it is
    elif h1 is not None and h1[0]:
        facts.title = Guess(
            json.dumps(h1[0], ensure_ascii=False), "guessed from the first heading", body_line + h1[1]
        )
    else:
        named = title_from_name(name)
        facts.title = Guess(
            json.dumps(named or "TODO: the incident's title", ensure_ascii=False),
            "guessed from the file name",
        )

    page_tz = zone(str(meta.get("timezone") or "")) or zone(settings.timezone) or UTC
    default_zone = entries.document_zone(body)
    section, headed = _timeline_section(body, body_line, settings)
    raw, _ = entries.read_body_timeline(section, default_zone)
    if not headed and len(raw) < 2:
        raw = []  # one stamped line in prose is not a timeline (as `check` reads it)

    anchor_day = _file_date(name)
    facts.anchor = "the file name's date"
    given = meta.get("started")
    anchor_at = frontmatter.parse_datetime(given, page_tz) if isinstance(given, str) else None
    if anchor_at is not None:
        facts.anchor = "started"
    elif anchor_day is None:
        anchor_day, facts.anchor = _first_full_date(raw), "the timeline's first date"
        if anchor_day is None:
            anchor_day, facts.anchor = _text_date(body), "the first date in the text"
        if anchor_day is None and meta.get("date") is not None:
            written = frontmatter.parse_datetime(str(meta["date"])[:10], None)
            anchor_day, facts.anchor = (written.date() if written else None), "the page's date"
    if anchor_at is None and anchor_day is not None:
        anchor_at = datetime.combine(anchor_day, time(12))  # naive: `_place` puts it on the stamps' clock
    if anchor_at is None or not raw:
        return facts
    placed = _place(raw, anchor_at, page_tz)
    timed = [e for e in placed if e.precision in _TIMED] or [e for e in placed if e.precision == "day"]
    if not timed:
        return facts
    first, last = min(timed, key=lambda e: e.at), max(timed, key=lambda e: e.at)
    note = "" if first.precision in _TIMED else "; the timeline gives only dates"
    named = default_zone is not None or any(item.stamp.tz or item.tz for item in raw)
    label = _zone_label(first.at)
    facts.zone_note = f"times in {label}" if named else f"no zone given: times read as {label}"
    facts.started = Guess(_iso(first.at), "guessed from the timeline" + note, first.line, first.at)
    facts.ended = Guess(_iso(last.at), "guessed from the timeline" + note, last.line, last.at)
    detected = _first_saying(placed, _DETECTED, first.at)
    if detected is not None and detected.at <= last.at:
        facts.detected = Guess(_iso(detected.at), "guessed from the timeline", detected.line, detected.at)
    mitigated = _first_saying(placed, _MITIGATED, detected.at if detected else first.at)
    if mitigated is not None and mitigated.at <= last.at:
        facts.mitigated = Guess(_iso(mitigated.at), "guessed from the timeline", mitigated.line, mitigated.at)
    return facts


def _place(raw: list[entries.RawEntry], anchor: datetime, page_tz: tzinfo) -> list[TimelineEntry]:
    """Entries placed as `check` will place them once `started` is written.

    `check` reads stamps that name no zone on the clock of `started`'s offset (a team that writes
    `-07:00` there writes its stamps on that clock): start from the zone the first zoned stamp names,
    and place again until `started`'s offset and the clock used agree (two passes in practice)."""
    zoned = next((item for item in raw if item.stamp.tz or item.tz), None)
    clock: tzinfo = page_tz
    if zoned is not None:
        tz = zoned.stamp.tz or zoned.tz or page_tz
        offset = datetime.combine(anchor.date(), time(12), tz).utcoffset()
        clock = timezone(offset) if offset else UTC
    if anchor.tzinfo is None:  # a day only: noon on the stamps' clock, so 23:50 and 00:10 stay on it
        anchor = datetime.combine(anchor.date(), time(12), clock)
    placed: list[TimelineEntry] = []
    for _ in range(3):
        placed, _issues = entries.resolve_timeline(raw, anchor, clock)
        timed = [e for e in placed if e.precision in _TIMED]
        if not timed:
            break
        offset = min(timed, key=lambda e: e.at).at.utcoffset()
        if offset == datetime.combine(anchor.date(), time(12), clock).utcoffset() or offset is None:
            break
        clock = timezone(offset) if offset else UTC
    return placed


def _first_saying(
    placed: list[TimelineEntry], words: re.Pattern[str], not_before: datetime
) -> TimelineEntry | None:
    for entry in placed:
        if entry.precision not in _TIMED or entry.at < not_before:
            continue
        match = words.search(entry.event)
        if match and not _NOT_YET.search(entry.event[: match.start()]):
            return entry
    return None


# ---------------------------------------------------------------- the front matter block


@dataclass(slots=True)
class Adoption:
    """What `adopt` does to one file: `data` is the new content (None: left alone)."""

    status: str  # "adopted", "merged" (keys added to foreign front matter), "has-keys", "toml", "error"
    data: bytes | None = None
    facts: Facts = field(default_factory=Facts)
    problems: list[Problem] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # the keys added

    @property
    def changed(self) -> bool:
        return self.data is not None


def _prompts(settings: Settings) -> dict[str, str]:
    """Values `check` reports until the author replaces them (never a plausible default)."""
    ids = ", ".join(settings.severity_ids)
    services = ", ".join(settings.services[:3]) if settings.services else "checkout, orders-db"
    return {
        "started": f"TODO  # {TEMPLATE_MARK} when it began, ISO 8601 such as 2024-08-15T12:30:00+00:00",
        "ended": f"TODO  # {TEMPLATE_MARK} when it ended, ISO 8601 (or remove it and set status: ongoing)",
        "severity": f"TODO  # {TEMPLATE_MARK} one of {ids}",
        "services": f"[]  # {TEMPLATE_MARK} the services affected, such as [{services}]",
        "impact": json.dumps(
            f"{TEMPLATE_MARK} one line of customer impact (who could not do what, and how many)"
        ),
    }


ORDER = ("title", "started", "ended", "detected", "mitigated", "severity", "services", "impact")


def _block_lines(facts: Facts, wanted: list[str], settings: Settings, shift: int) -> list[str]:
    """`key: value  # why` lines for the keys in `wanted`; source lines moved down by `shift`."""
    prompts = _prompts(settings)
    lines = []
    for key in wanted:
        guess: Guess | None = getattr(facts, key, None)
        if guess is not None:
            where = f", line {guess.line + shift}" if guess.line else ""
            zone_note = f" ({facts.zone_note})" if key in ("started", "ended") and facts.zone_note else ""
            lines.append(f"{key}: {guess.value}  # {guess.reason}{where}{zone_note}")
        elif key in prompts:
            lines.append(f"{key}: {prompts[key]}")
    return lines


def _required(meta: dict[str, Any], has_h1: bool) -> list[str]:
    """Required keys the front matter lacks (present with any value counts: `check` judges values)."""
    need = ["started", "severity", "services", "impact"]
    if meta.get("status") != "ongoing":
        need.insert(1, "ended")
    if not has_h1:
        need.insert(0, "title")
    return [key for key in need if key not in meta]


def _decode(data: bytes) -> tuple[str | None, Problem | None]:
    if not data.strip():
        return None, (1, 1, "error", "file is empty: nothing to adopt", "empty")
    if b"\x00" in data[:8192]:
        at = data.index(b"\x00")
        return None, (
            _line_of(data, at),
            1,
            "error",
            "file looks binary (it contains NUL bytes), not Markdown text",
            "encoding",
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        start = max(head.rfind(b"\n"), head.rfind(b"\r")) + 1
        col = len(head[start:].decode("utf-8", "replace")) + 1
        message = f"file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8, then adopt it"
        return None, (_line_of(data, exc.start), col, "error", message, "encoding")


def _line_of(data: bytes, index: int) -> int:
    head = data[:index]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def adopt(data: bytes, name: str, settings: Settings | None = None) -> Adoption:
    """The adopted file for `data` (a page's bytes; `name`: its file name or path). Never raises on
    bad input: unreadable pages come back with status "error" and a problem."""
    settings = settings or Settings()
    bom = data.startswith(_BOM)
    raw_text, problem = _decode(data[3:] if bom else data)
    if raw_text is None:
        return Adoption("error", problems=[problem] if problem else [])
    ends = _LINE_END.search(raw_text)
    eol = ends.group(0) if ends else "\n"  # our lines take the file's own line end
    text = _normal(raw_text)
    split = frontmatter.split_front_matter(text)
    if split.issue:
        line, col, message, rule = split.issue
        return Adoption("error", problems=[(line, col, "error", message, rule)])
    original = data[3:] if bom else data
    prefix = _BOM if bom else b""
    if split.yaml_text is None and _late_block(text):
        return Adoption("error", problems=[(1, 1, "error", LATE_BLOCK, "front-matter")])
    if split.yaml_text is None:
        facts = infer(text, 1, name, settings)
        wanted = _wanted({}, _required({}, True), facts)
        lines = _block_lines(facts, wanted, settings, 0)
        # the block and its two fences come before the body: its lines move down
        lines = _block_lines(facts, wanted, settings, len(lines) + 2)
        head = eol.join(["---", *lines, "---"]) + eol
        return Adoption("adopted", prefix + head.encode("utf-8") + original, facts, added=wanted)
    doc = frontmatter.load(split)
    if isinstance(doc, yamlnodes.YamlError):
        return Adoption("error", problems=[(doc.line, doc.col, "error", doc.message, doc.rule)])
    meta = doc.data if doc.data is not None else {}
    if not isinstance(meta, dict):
        kind = "a list" if isinstance(meta, list) else "a single value"
        message = f"front matter is {kind}, not a mapping of keys: adopt adds keys to a mapping only"
        return Adoption("error", problems=[(split.yaml_line, 1, "error", message, "front-matter")])
    missing = _required(meta, sections.first_h1(split.body) is not None)
    facts = infer(split.body, split.body_line, name, settings, meta)
    if not missing:
        return Adoption("has-keys", None, facts)
    wanted = _wanted(meta, missing, facts)
    if split.toml:
        message = f"TOML front matter (+++) is left alone: add {', '.join(wanted)} to it by hand"
        return Adoption("toml", None, facts, [(1, 1, "warning", message, "front-matter")], wanted)
    lines = _block_lines(facts, wanted, settings, 0)
    lines = _block_lines(facts, wanted, settings, len(lines))
    # our keys go last in their block, before its closing fence: their keys and the body keep their bytes
    cut = len("".join(_keep_ends(raw_text)[: _closing_fence(raw_text)]).encode("utf-8"))
    new = original[:cut] + "".join(line + eol for line in lines).encode("utf-8") + original[cut:]
    reread = frontmatter.load(frontmatter.split_front_matter(_normal(new.decode("utf-8"))))
    if (
        isinstance(reread, yamlnodes.YamlError)
        or not isinstance(reread.data, dict)
        or any(k not in reread.data for k in wanted)
    ):
        message = (
            "cannot add keys to this front matter without rewriting it (a flow mapping?): add them by hand"
        )
        return Adoption(
            "error", None, facts, [(split.yaml_line, 1, "error", message, "front-matter")], wanted
        )
    return Adoption("merged", prefix + new, facts, added=wanted)


_OPTIONAL = ("title", "detected", "mitigated")


def _wanted(meta: dict[str, Any], missing: list[str], facts: Facts) -> list[str]:
    """The keys to add, in the contract's order: the missing required ones, and guesses the page lacks."""
    return [
        k
        for k in ORDER
        if k not in meta and (k in missing or (k in _OPTIONAL and getattr(facts, k) is not None))
    ]


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _keep_ends(text: str) -> list[str]:
    """Lines with their own ends (`\\r\\n`, `\\r` or `\\n`), unlike `splitlines`, which also splits on
    form feeds and Unicode separators the checker does not count."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def _closing_fence(text: str) -> int:
    """0-based line index of the line closing the front matter that opens `text`."""
    lines = _keep_ends(text)
    closing = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
    for index in range(1, len(lines)):
        if closing.match(lines[index].rstrip("\r\n")):
            return index
    return len(lines)


def _late_block(text: str) -> bool:
    """A `---` block after blank lines: meant as front matter, but front matter must open the file."""
    head = text.lstrip(" \t\n")
    return head != text and bool(re.match(r"(?:---|\+\+\+)[ \t]*\n", head))


LATE_BLOCK = "the '---' block is not on the first line, so it is not front matter: remove the lines before it"


def hint(text: str, path: str, settings: Settings | None = None) -> str:
    """What to do about a page without front matter (`text` with `\\n` line ends), for `check`:
    the `adopt` command line and what it would add."""
    if _late_block(text):
        return LATE_BLOCK
    command = f"run 'mkdocs-postmortems adopt {shlex.quote(path)}' to add one"
    try:
        facts = infer(text, 1, path, settings)
    except Exception:  # a hint must never hide the finding it decorates
        return command
    parts = [f"title {facts.title.value}"] if facts.title is not None else []
    parts += [f"{key} {getattr(facts, key).value}" for key in ("started", "ended") if getattr(facts, key)]
    return f"{command} ({', '.join([*parts, 'severity, services and impact to fill in'])})"
