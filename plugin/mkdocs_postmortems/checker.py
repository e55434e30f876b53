"""Bytes of one page in, a Postmortem and its problems out. Never raises.

This is the one entry point the plugin, the CLI and the tests use. Results are
cached by (path, content digest, settings), so an unchanged page costs nothing
when `mkdocs serve` rebuilds.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

from . import bidi, parse, yamlnodes
from .formatting import zone
from .model import ActionItem, Level, Postmortem, Problem
from .parse import Issue
from .rules import level_of
from .settings import Settings
from .validate import FieldValidator

_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]|&#?\w+;")
_CACHE_SIZE = 20_000
TEMPLATE_MARK = "TODO:"  # how the `new` template marks what the author must write
TEMPLATE_PROMPT = re.compile(r"\b" + re.escape(TEMPLATE_MARK))


@dataclass(slots=True)
class Checked:
    postmortem: Postmortem | None  # None when the page could not be read at all
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.level == "error" for p in self.problems)


class Checker:
    """Parses and validates pages for one site's settings."""

    def __init__(self, settings: Settings | None = None, remember: bool = False) -> None:
        """`remember`: keep results by content across builds (`mkdocs serve` rebuilds on every save)."""
        self.settings = settings or Settings()
        self.remember = remember
        self.fields = FieldValidator(self.settings)
        self.headings = self.settings.heading_index()
        self.page_tz = zone(self.settings.timezone) or UTC
        self._key = self.settings.fingerprint()

    def check_file(self, path: str | Path, shown_as: str | None = None) -> Checked:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            name = shown_as or str(path)
            return Checked(
                None, [Problem(name, 1, 1, "error", f"cannot read file: {exc.strerror}", "encoding")]
            )
        return self.check(shown_as or str(path), data)

    def check(self, path: str, data: bytes) -> Checked:
        key = (path, hashlib.blake2b(data, digest_size=16).digest(), self._key) if self.remember else None
        cached = _cache.get(key) if key else None
        if cached is None:
            try:
                cached = _Page(self, path, data).run()
            except RecursionError:  # pathological nesting in the body; never a traceback
                cached = Checked(
                    None, [Problem(path, 1, 1, "error", "file is nested too deeply to read", "yaml")]
                )
            if bidi.present(data):  # rare: warn where they stand, and keep them out of all that is shown
                cached = Checked(*bidi.neutralise(cached.postmortem, cached.problems, path, data))
            if key:
                _cache[key] = cached
                if len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
        return cached


_cache: OrderedDict[tuple[str, bytes, str], Checked] = OrderedDict()


class _Page:
    """One run of the checker over one page (keeps the problem list and marks at hand)."""

    def __init__(self, checker: Checker, path: str, data: bytes) -> None:
        self.checker = checker
        self.settings = checker.settings
        self.path = path
        self.data = data
        self.issues: list[Issue] = []
        self.levels: dict[int, Level] = {}  # issue index -> level, where it differs from its rule's
        self.reported: set[tuple[int, int]] = set()  # where the schema has already said what is wrong

    def add(self, line: int, col: int, message: str, rule: str, level: Level | None = None) -> None:
        if level is not None:
            self.levels[len(self.issues)] = level
        self.issues.append((line, col, message, rule))

    def result(self, postmortem: Postmortem | None) -> Checked:
        problems = [
            # a problem is one line, whatever text a message quotes
            Problem(
                self.path,
                ln,
                col,
                self.levels.get(i, level_of(rule)),
                msg.replace("\r", "\\r").replace("\n", "\\n"),
                rule,
            )
            for i, (ln, col, msg, rule) in enumerate(self.issues)
        ]
        problems.sort(key=lambda p: (p.line, p.col))
        return Checked(postmortem, problems)

    # ------------------------------------------------------------ reading

    def decode(self) -> str | None:
        data = self.data
        if not data.strip():
            self.add(1, 1, "file is empty: a postmortem needs front matter and sections", "empty")
            return None
        if b"\x00" in data[:8192]:
            line, _ = _byte_position(data, data.index(b"\x00"))
            self.add(line, 1, "file looks binary (it contains NUL bytes), not Markdown text", "encoding")
            return None
        if data.startswith(b"\xef\xbb\xbf"):
            # harmless to read, so only a warning (the encoding rule's other findings are errors)
            self.add(
                1,
                1,
                "file starts with a byte-order mark; save it as UTF-8 without BOM",
                "encoding",
                "warning",
            )
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, col = _byte_position(data, exc.start)
            self.add(
                line, col, f"file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8", "encoding"
            )
            return None
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def run(self) -> Checked:
        text = self.decode()
        if text is None:
            return self.result(None)
        split = parse.split_front_matter(text)
        if split.issue:
            self.add(*split.issue)
            return self.result(None)
        if split.yaml_text is None:
            self.add(
                1, 1, "no front matter: a postmortem starts with a '---' block of YAML fields", "front-matter"
            )
            return self.result(None)
        doc = yamlnodes.load(split.yaml_text, split.yaml_line)
        if isinstance(doc, yamlnodes.YamlError):
            self.add(doc.line, doc.col, doc.message, doc.rule)
            return self.result(None)
        self.issues += [(p.line, p.col, p.message, p.rule) for p in doc.problems]
        if not isinstance(doc.data, dict):
            kind = (
                "empty"
                if doc.data is None
                else ("a list" if isinstance(doc.data, list) else "a single value")
            )
            self.add(
                split.yaml_line,
                1,
                f"front matter must be a mapping of keys to values, not {kind}",
                "front-matter",
            )
            return self.result(None)
        field_issues = self.checker.fields.check(doc, 1)
        self.issues += field_issues
        self.reported = {(line, col) for line, col, _, _ in field_issues}
        return self.result(self.build(doc, split))

    # ------------------------------------------------------------ the model

    def mark(self, doc: yamlnodes.YamlDoc, *path: str | int) -> tuple[int, int]:
        return doc.value_marks.get(path) or doc.key_marks.get(path) or (1, 1)

    def build(self, doc: yamlnodes.YamlDoc, split: parse.Split) -> Postmortem:
        meta: dict[str, Any] = doc.data
        pm = Postmortem(source=self.path, meta=meta, body=split.body, body_line=split.body_line)
        tz = self.page_zone(doc, meta)
        pm.timezone = str(meta["timezone"]) if tz is not self.checker.page_tz else self.settings.timezone
        times: dict[str, datetime] = {}
        for name in ("started", "ended", "detected", "mitigated"):
            value = meta.get(name)
            parsed = parse.parse_datetime(value, tz) if isinstance(value, str) else None
            if parsed is not None:
                times[name] = parsed
            elif isinstance(value, str) and self.mark(doc, name) not in self.reported:
                # the schema's pattern lets through date-times that do not exist (2024-02-30, 25:00)
                self.add(*self.mark(doc, name), f"{name} '{value}' is not a real date-time", name)
        pm.started, pm.ended = times.get("started"), times.get("ended")
        pm.detected, pm.mitigated = times.get("detected"), times.get("mitigated")
        self.check_order(doc, times)
        self.check_date(doc, meta, pm.started, tz)
        pm.severity = meta["severity"] if meta.get("severity") in self.settings.severity_ids else None
        pm.services = _strings(meta.get("services"))
        pm.status = (
            meta["status"] if meta.get("status") in ("draft", "review", "final", "ongoing") else "final"
        )
        pm.impact = meta["impact"] if isinstance(meta.get("impact"), str) else None
        affected = meta.get("affected_users")
        pm.affected_users = (
            affected if isinstance(affected, int | float | str) and not isinstance(affected, bool) else None
        )
        pm.authors, pm.tags = _strings(meta.get("authors")), _strings(meta.get("tags"))
        pm.title = self.title(doc, meta, split)
        pm.sections = parse.parse_sections(split.body, split.body_line, self.checker.headings)
        self.check_sections(pm, split)
        self.check_template_text(doc, pm)
        pm.timeline = self.timeline(doc, meta, pm, tz)
        pm.action_items = self.action_items(doc, meta, pm)
        return pm

    def page_zone(self, doc: yamlnodes.YamlDoc, meta: dict[str, Any]) -> tzinfo:
        name = meta.get("timezone")
        if not isinstance(name, str) or not name:
            return self.checker.page_tz
        tz = zone(name)
        if tz is None:
            self.add(
                *self.mark(doc, "timezone"),
                f"timezone '{name}' is not an IANA time zone name (such as UTC or Europe/Berlin)",
                "timezone",
            )
            return self.checker.page_tz
        return tz

    def check_order(self, doc: yamlnodes.YamlDoc, times: dict[str, datetime]) -> None:
        """Blame the outliers: the fewest fields whose removal leaves the rest in order.

        One wrong value breaks two pairs; reporting pairs would point at a correct neighbour.
        """
        order = [name for name in _TIME_FIELDS if name in times]
        kept = _in_order_subset(order, times)
        for name in order:
            if name in kept:
                continue
            position = _TIME_FIELDS.index(name)
            earlier = [k for k in kept if _TIME_FIELDS.index(k) < position and times[k] > times[name]]
            later = [k for k in kept if _TIME_FIELDS.index(k) > position and times[k] < times[name]]
            # kept fields are in order, so an outlier contradicts only earlier ones or only later ones
            relation, others = ("before", earlier) if earlier else ("after", later)
            named = [f"{k} ({times[k].isoformat()})" for k in others]
            listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
            self.add(
                *self.mark(doc, name),
                f"{name} ({times[name].isoformat()}) is {relation} {listed}; "
                "times must run started <= detected <= mitigated <= ended",
                "time-order",
            )

    def check_date(
        self, doc: yamlnodes.YamlDoc, meta: dict[str, Any], started: datetime | None, tz: tzinfo
    ) -> None:
        given = meta.get("date")
        if not isinstance(given, str) or started is None or self.mark(doc, "date") in self.reported:
            return
        try:
            day = date.fromisoformat(given)
        except ValueError:
            self.add(*self.mark(doc, "date"), f"date '{given}' is not a real date", "date")
            return
        local = started.astimezone(tz).date()
        if day != local:
            self.add(
                *self.mark(doc, "date"),
                f"date {given} does not agree with started ({local.isoformat()}); drop it or fix it",
                "date",
            )

    def title(self, doc: yamlnodes.YamlDoc, meta: dict[str, Any], split: parse.Split) -> str | None:
        title = meta.get("title")
        line, col = self.mark(doc, "title")
        if not isinstance(title, str) or not title.strip():
            h1 = parse.first_h1(split.body)
            if h1 is None:
                if "title" not in meta:
                    self.add(
                        1,
                        1,
                        "no title: give 'title:' in front matter or start the page with '# Title'",
                        "title",
                    )
                return None
            title, index = h1
            line, col = split.body_line + index, 1
        if _MARKUP.search(title):
            # MkDocs and themes print titles unescaped into every page's nav and <title>
            self.add(line, col, f"title contains markup ('{title[:60]}'); write it as plain text", "title")
        return title.strip()

    def check_sections(self, pm: Postmortem, split: parse.Split) -> None:
        found = {name for section in pm.sections for name in section.names}
        for name in self.settings.required_sections:
            if name not in found:
                aliases = self.settings.section_aliases.get(name, ())
                also = f" (also accepted: {', '.join(aliases)})" if aliases else ""
                self.add(
                    split.body_line,
                    1,
                    f"missing section '{name}': add a heading '## {name}'{also}",
                    "section-missing",
                )

    def check_template_text(self, doc: yamlnodes.YamlDoc, pm: Postmortem) -> None:
        """Prompts of the `new` template (`TODO: ...`) that the author has not replaced yet."""
        if TEMPLATE_MARK not in pm.body and TEMPLATE_MARK not in (pm.impact or ""):
            return  # the common case, without a regex per line
        if isinstance(pm.impact, str) and TEMPLATE_PROMPT.search(pm.impact):
            self.add(
                *self.mark(doc, "impact"),
                "template text left in impact: replace the 'TODO:' prompt",
                "template-text",
            )
        for section in pm.sections:
            for offset, line in enumerate(section.text.split("\n")):
                match = TEMPLATE_PROMPT.search(line)
                if match:
                    self.add(
                        section.line + 1 + offset,
                        match.start() + 1,
                        f"template text left in section {section.names[0]}: replace the 'TODO:' prompt",
                        "template-text",
                    )

    def timeline(self, doc: yamlnodes.YamlDoc, meta: dict[str, Any], pm: Postmortem, tz: tzinfo) -> list:
        items = meta.get("timeline")
        if isinstance(items, list) and items:
            return self.front_matter_timeline(doc, items, pm, tz)
        section = pm.section("Timeline")
        if section is None:
            return []
        raw, issues = parse.read_body_timeline(section)
        self.issues += issues
        if not raw and not issues:
            self.add(
                section.line,
                1,
                "the Timeline section has no entries starting with a time stamp "
                "(such as '- 12:32 - Alert fires')",
                "timeline-empty",
            )
        if pm.started is None:
            return []
        entries, issues = parse.resolve_timeline(raw, pm.started, tz)
        self.issues += issues
        return entries

    def front_matter_timeline(self, doc: yamlnodes.YamlDoc, items: list, pm: Postmortem, tz: tzinfo) -> list:
        raw: list[parse.RawEntry] = []
        kinds: list[str | None] = []
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("at"), str) or "event" not in item:
                continue  # the schema has reported it
            line, col = self.mark(doc, "timeline", i, "at")
            text = item["at"].strip()
            stamp = None
            full = parse.parse_datetime(text, tz)
            if full is not None:
                stamp = parse.Stamp(full.date(), full.timetz().replace(tzinfo=None), full.tzinfo, text)
            else:
                stamp, used, error = parse.parse_stamp(text)
                if stamp is None or text[used:].strip():
                    self.add(
                        line,
                        col,
                        error or f"timeline[{i}].at '{text}' is not a date-time or a time of day",
                        "timeline",
                    )
                    continue
            raw.append(parse.RawEntry(stamp, str(item["event"]), line, col))
            kind = item.get("kind")
            kinds.append(str(kind) if kind is not None else None)
        if pm.started is None:
            return []
        entries, issues = parse.resolve_timeline(raw, pm.started, tz, kinds)
        self.issues += [(ln, col, msg, "timeline") for ln, col, msg, _ in issues]
        return entries

    def action_items(self, doc: yamlnodes.YamlDoc, meta: dict[str, Any], pm: Postmortem) -> list[ActionItem]:
        items = meta.get("action_items")
        if isinstance(items, list) and items:
            out: list[ActionItem] = []
            for i, item in enumerate(items):
                if not isinstance(item, dict) or not isinstance(item.get("task"), str):
                    continue
                due = item.get("due")
                try:
                    due_date = date.fromisoformat(due) if isinstance(due, str) else None
                except ValueError:
                    due_date = None
                    mark = self.mark(doc, "action_items", i, "due")
                    if mark not in self.reported:  # the pattern passed it, but there is no such day
                        self.add(*mark, f"action_items[{i}].due '{due}' is not a real date", "action-items")
                out.append(
                    ActionItem(
                        task=item["task"],
                        status="done" if item.get("status") == "done" else "open",
                        owner=_text(item.get("owner")),
                        ticket=_text(item.get("ticket")),
                        due=due_date,
                    )
                )
            return out
        found: list[ActionItem] = []
        for section in pm.sections:
            if "Action Items" in section.names:
                found += parse.read_body_action_items(section)
        return found


_TIME_FIELDS = ("started", "detected", "mitigated", "ended")


def _in_order_subset(names: list[str], times: dict[str, datetime]) -> tuple[str, ...]:
    """The largest subset of `names` (in field order) whose times do not decrease.

    Ties keep started, then ended, then detected: the incident's bounds are the values an author
    copies from the alert and the all-clear, so an odd one out between them is the likelier typo.
    """
    keep_first = ("started", "ended", "detected", "mitigated")
    best: tuple[str, ...] = ()
    best_rank: tuple[int, ...] = (-1,)
    for size in range(len(names), 0, -1):
        for subset in combinations(names, size):  # at most 15 subsets of four fields
            if all(times[a] <= times[b] for a, b in pairwise(subset)):
                rank = (size, *(name in subset for name in keep_first))
                if rank > best_rank:
                    best, best_rank = subset, rank
        if best:
            return best
    return best


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and column of the byte at `index`, counting \\r\\n, \\r and \\n as line ends like
    the rest of the checker (a CR-only file is read line by line too, not as one line)."""
    head = data[:index]
    line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
    start = max(head.rfind(b"\n"), head.rfind(b"\r")) + 1
    # the bytes before the first undecodable one are valid UTF-8: count characters, as editors do
    return line, len(head[start:].decode("utf-8", "replace")) + 1


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip()]
    return []


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int) and str(value) else None
