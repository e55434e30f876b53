"""Bytes of one page in, a Postmortem and its problems out. Never raises.

This is the one entry point the plugin, the CLI and the tests use. Results are
cached by (path, content digest, settings), so an unchanged page costs nothing
when `mkdocs serve` rebuilds.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from difflib import SequenceMatcher
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import bidi, editions, yamlnodes
from .formatting import zone
from .model import ActionItem, Issue, Level, Postmortem, Problem, Section, TimelineEntry, quick_pickle
from .reading import actions, entries, frontmatter, sections
from .reading.stamps import Stamp, read_stamp
from .rules import level_of
from .settings import Settings
from .validate import FieldValidator

_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]|&#?\w+;")
_CACHE_SIZE = 20_000
TEMPLATE_MARK = "TODO:"  # how the `new` template marks what the author must write
TEMPLATE_PROMPT = re.compile(r"\b" + re.escape(TEMPLATE_MARK))


@quick_pickle
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
        self.vocabulary = sections.build_vocabulary(self.settings.section_aliases)
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

    def body(self, data: bytes) -> str:
        """The body `check` reads from `data`, whose lines a postmortem's places count: an engine
        need not hold every page's body from the check until the page is rendered."""
        if self.settings.edition == "public":
            data = editions.redact_bytes(data)
        text = _newlines(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace"))
        body = frontmatter.split_front_matter(text).body
        return bidi.strip(body) if bidi.present(data) else body  # as `check` leaves the model's

    def check(self, path: str, data: bytes) -> Checked:
        if self.settings.edition == "public":  # internal text is never read, so nothing can carry it
            data = editions.redact_bytes(data)
        key = (path, hashlib.blake2b(data, digest_size=16).digest(), self._key) if self.remember else None
        cached = _cache.get(key) if key else None
        if cached is None:
            try:
                cached = _Page(self, path, data).run()
            except RecursionError:  # pathological nesting in the body; never a traceback
                cached = Checked(
                    None, [Problem(path, 1, 1, "error", "file is nested too deeply to read", "yaml")]
                )
            if self.settings.edition == "public" and cached.postmortem is not None:
                cached.postmortem.meta.pop(editions.INTERNAL_KEY, None)
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
        if data.startswith(b"\xef\xbb\xbf"):  # Checker.body reads past it too
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
        return _newlines(text)

    def run(self) -> Checked:
        text = self.decode()
        if text is None:
            return self.result(None)
        split = frontmatter.split_front_matter(text)
        if split.issue:
            self.add(*split.issue)
            return self.result(None)
        if split.yaml_text is None:
            from .adopt import hint  # rare, and adopt imports this module: imported here, when needed

            self.add(1, 1, f"no front matter: {hint(text, self.path, self.settings)}", "front-matter")
            return self.result(None)
        doc = frontmatter.load(split)
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
        self.check_cut_comments(doc, split)
        field_issues = self.checker.fields.check(doc, 1)
        self.issues += field_issues
        self.reported = {(line, col) for line, col, _, _ in field_issues}
        return self.result(self.build(doc, split))

    def check_cut_comments(self, doc: yamlnodes.YamlDoc, split: frontmatter.Split) -> None:
        """`title: Outage (incident #465)` keeps only `Outage (incident`: YAML reads ` #` as a comment.
        A comment that starts right after its `#` (`#465`), or a value left with an open bracket, was text."""
        if split.toml or "#" not in (split.yaml_text or ""):
            return
        lines = (split.yaml_text or "").split("\n")
        for path, (line, col) in doc.value_marks.items():
            value = doc.raw.get(path)
            index = line - split.yaml_line
            if not isinstance(value, str) or not 0 <= index < len(lines):
                continue
            text = lines[index]
            start = col - 1
            if text[start : start + 1] in ("'", '"', "|", ">"):
                continue  # quoted or block: YAML kept the whole value
            comment = re.match(r"\s+#(\S?)", text[start + len(value) :])
            if comment and (comment.group(1) or value.count("(") > value.count(")")):
                self.add(
                    line,
                    col,
                    f"'{value}' is cut short: YAML reads ' #' as the start of a comment; "
                    "quote the whole value to keep it",
                    "yaml-comment",
                )

    # ------------------------------------------------------------ the model

    def mark(self, doc: yamlnodes.YamlDoc, *path: str | int) -> tuple[int, int]:
        return doc.value_marks.get(path) or doc.key_marks.get(path) or (1, 1)

    def build(self, doc: yamlnodes.YamlDoc, split: frontmatter.Split) -> Postmortem:
        meta: dict[str, Any] = doc.data
        pm = Postmortem(source=self.path, meta=meta, body=split.body, body_line=split.body_line)
        self.text = sections.visible(split.body)  # what the readers read: no HTML comment
        tz = self.page_zone(doc, meta)
        pm.timezone = str(meta["timezone"]) if tz is not self.checker.page_tz else self.settings.timezone
        times: dict[str, datetime] = {}
        for name in ("started", "ended", "detected", "mitigated"):
            value = meta.get(name)
            parsed = frontmatter.parse_datetime(value, tz) if isinstance(value, str) else None
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
        pm.authors = _strings(_names(meta.get("authors") if "authors" in meta else meta.get("author")))
        pm.tags = _strings(meta.get("tags"))
        pm.title = self.title(doc, meta, split)
        pm.sections = sections.parse_sections(split.body, split.body_line, self.checker.vocabulary, pm.title)
        self.present: set[str] = set()
        pm.timeline = self.timeline(doc, meta, pm, self.stamp_zone(meta, tz))
        if "timezone" not in meta:
            pm.timezone = written_zone(pm.timeline) or pm.timezone
        pm.action_items = self.action_items(doc, meta, pm)
        self.check_sections(pm, split, self.present)
        self.check_template_text(doc, pm)
        return pm

    def stamp_zone(self, meta: dict[str, Any], tz: tzinfo) -> tzinfo:
        """The zone of timeline stamps that name none: the page's `timezone`, else the offset
        `started` is written with (a team that writes `-07:00` there writes its stamps on that
        clock), else the site's."""
        started = meta.get("started")
        if "timezone" in meta or not isinstance(started, str):
            return tz
        written = frontmatter.parse_datetime(started, None)
        return written.tzinfo if written is not None and written.tzinfo is not None else tz

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
            date.fromisoformat(given[:10])
            real = len(given) <= 10 or frontmatter.parse_datetime(given, tz) is not None
        except ValueError:
            real = False
        if not real:
            self.add(*self.mark(doc, "date"), f"date '{given}' is not a real date", "date")
        # a date other than started's is a publication date (blog engines need one): not a problem

    def title(self, doc: yamlnodes.YamlDoc, meta: dict[str, Any], split: frontmatter.Split) -> str | None:
        title = meta.get("title")
        line, col = self.mark(doc, "title")
        if not isinstance(title, str) or not title.strip():
            h1 = sections.first_h1(self.text)
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

    def check_sections(self, pm: Postmortem, split: frontmatter.Split, present: set[str]) -> None:
        """Required sections (per severity where the site says so) that no heading stands for.

        `present`: sections found without a heading of their own (a timeline under another heading,
        `Action:` lines, text before the first section as the summary)."""
        found = {name for section in pm.sections for name in section.names} | present

        missing = [name for name in self.settings.required_for(pm.severity) if name not in found]
        if "Summary" in missing and sections.lead_text(self.text, pm.sections, split.body_line, pm.title):
            missing.remove("Summary")  # the text before the first section is the summary
        if missing:  # a section that opens by naming one ("## Conclusion": "The root cause ... was") holds it
            for part in sections.heading_sections(self.text, split.body_line, lambda text: ("",)):
                opening = sections.opening_words(part.text)
                for name in sections.section_names(opening, self.checker.vocabulary) if opening else ():
                    if name in missing:
                        missing.remove(name)
        if not missing:
            return
        unmatched = self.unmatched_headings(split)
        for name in missing:
            aliases = self.settings.section_aliases.get(name, ())
            closest = _closest(name, aliases, unmatched)
            hint = (
                f"; the closest heading is '{closest[0]}' (line {closest[1]}): rename it, "
                "or add its words to the section_aliases option"
                if closest
                else f": add a heading '## {name}'"
            )
            also = (
                f" (headings with the words {', '.join(repr(a) for a in aliases[:4])} count too)"
                if aliases and not closest
                else ""
            )
            self.add(split.body_line, 1, f"missing section '{name}'{hint}{also}", "section-missing")

    def unmatched_headings(self, split: frontmatter.Split) -> list[tuple[str, int]]:
        lines = self.text.split("\n")
        return [
            (h.text.strip(), h.index + split.body_line)
            for h in sections.headings(lines, sections.code_lines(lines))
            if h.level and not sections.section_names(h.text, self.checker.vocabulary)
        ]

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
                        (section.text_line or section.line + 1) + offset,
                        match.start() + 1,
                        f"template text left in section {section.names[0]}: replace the 'TODO:' prompt",
                        "template-text",
                    )

    def timeline(self, doc: yamlnodes.YamlDoc, meta: dict[str, Any], pm: Postmortem, tz: tzinfo) -> list:
        items = meta.get("timeline")
        if isinstance(items, list) and items:
            return self.front_matter_timeline(doc, items, pm, tz)
        default_zone = entries.document_zone(self.text)
        section = pm.section("Timeline")
        if section is None:
            # no Timeline heading: a status page's `### Log` (a word too common to name a Timeline
            # anywhere else), else stamped entries under any heading (`## What happened`) are the timeline
            whole = Section(
                "",
                ("Timeline",),
                pm.body_line - 1,
                pm.body_line + pm.body.count("\n"),
                0,
                self.text,
                pm.body_line,
            )
            logs = sections.heading_sections(self.text, pm.body_line, _log_heading)
            raw, issues = entries.read_body_timeline(logs[0] if logs else whole, default_zone)
            if logs and not raw:
                raw, issues = entries.read_body_timeline(whole, default_zone)
            titles = self.title_headings(pm.body_line)
            raw = [entry for entry in raw if entry.line not in titles]
            if not raw:
                return []
            self.issues += issues
            self.present.add("Timeline")
            # where the entries are is the Timeline, for the drawing and for readers of the model
            first, last = raw[0].line, raw[-1].line
            lines = self.text.split("\n")[first - pm.body_line : last - pm.body_line + 1]
            top = max(first - 1, pm.body_line)
            pm.sections.append(Section("", ("Timeline",), top, last, 0, "\n".join(lines), first))
            parts: list[list[entries.RawEntry]] = [raw]
        else:
            # a page reporting several incidents has a Timeline for each (`## Incident 2` / `### Timeline`,
            # then `## Incident 1` / `### Timeline`): each is read, and dated from the start, on its own
            parts = []
            read_issues: list[Issue] = []
            for timeline in entries.timeline_sections(pm.sections):
                part, issues = entries.read_body_timeline(timeline, default_zone)
                read_issues += issues
                parts.append(part)
            self.issues += read_issues
            raw = [entry for part in parts for entry in part]
            if not raw and not read_issues:
                self.add(
                    section.line,
                    1,
                    "the Timeline section has no entries starting with a time stamp "
                    "(such as '- 12:32 - Alert fires')",
                    "timeline-empty",
                )
        anchor = pm.started or _first_date(raw, tz) or _day_of(meta.get("date"), tz)
        if anchor is None:
            return []
        placed = []
        for part in parts:
            resolved, issues = entries.resolve_written(part, anchor, tz)
            self.issues += issues
            placed += resolved
        return placed

    def title_headings(self, body_line: int) -> set[int]:
        """Lines of headings over headings of the page's sections: a date in one (`## February 5th,
        2020` / `### What Happened`, `## 2026-09-08 — one HTTP request wedged the VM` / `### What
        happened`) is the day the page (or its incident) is about, its title, no entry. Over an
        incident's own heading (`## 22/Mar/2022` / `### 1. Incident on …`) it is that day's entry."""
        lines = self.text.split("\n")
        found = [h for h in sections.headings(lines, sections.code_lines(lines)) if h.level]
        titles = set()
        for n, heading in enumerate(found):
            for below in found[n + 1 :]:
                if below.level <= heading.level:
                    break
                if sections.section_names(below.text, self.checker.vocabulary):
                    titles.add(heading.index + body_line)
                    break
        return titles

    def front_matter_timeline(self, doc: yamlnodes.YamlDoc, items: list, pm: Postmortem, tz: tzinfo) -> list:
        raw: list[entries.RawEntry] = []
        kinds: list[str | None] = []
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("at"), str) or "event" not in item:
                continue  # the schema has reported it
            line, col = self.mark(doc, "timeline", i, "at")
            text = item["at"].strip()
            full = frontmatter.parse_datetime(text, tz)
            if full is not None:
                stamp: Stamp | None = Stamp(
                    text, full.year, full.month, full.day, None, full.time(), bool(full.second), full.tzinfo
                )
            else:
                read = read_stamp(text)
                stamp = read.stamp
                if stamp is None or text[read.end :].strip():
                    self.add(
                        line,
                        col,
                        read.error or f"timeline[{i}].at '{text}' is not a date-time or a time of day",
                        "timeline",
                    )
                    continue
            raw.append(entries.RawEntry(stamp, str(item["event"]), line, col))
            kind = item.get("kind")
            kinds.append(str(kind) if kind is not None else None)
        if pm.started is None:
            return []
        placed, issues = entries.resolve_timeline(raw, pm.started, tz, kinds)
        # out of order in front matter is the author's own data: an error there, as the schema's are
        self.issues += [
            (ln, col, msg, "timeline" if rule == "timeline-order" else rule) for ln, col, msg, rule in issues
        ]
        return placed

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
        found: dict[int, ActionItem] = {}
        resolutions = [s for s in pm.sections if "Resolution" in s.names]
        holders = _outermost([s for s in pm.sections if "Action Items" in s.names]) or _outermost(
            # no follow-up section: a Remediation or prevention section's lists are the follow-up work,
            # as are those of a `## Mitigations` after the page's Resolution (`## Solution`): the
            # template's "steps to prevent this from happening again"
            [
                s
                for s in pm.sections
                if _FOLLOW_UP_WORDS & set(sections.heading_words(s.heading))
                or (s in resolutions[1:] and "mitigation" in sections.heading_words(s.heading))
            ]
            or sections.heading_sections(self.text, pm.body_line, _follow_up_heading)
        )
        read = [(section, actions.read_body_action_items(section)) for section in holders]
        if any(items for section, items in read if 1 <= section.level <= 6):
            # a heading's section holds the follow-ups: a label elsewhere that seems to name them
            # (`**Phase 2 — Stuck tasks:**`, level 0; a colon sentence, 7) is the page's prose, not a
            # second list of work
            read = [(section, items) for section, items in read if 1 <= section.level <= 6]
        for _, items in read:
            for item in items:
                found.setdefault(item.line, item)
        if not found:
            found = {item.line: item for item in actions.action_tables(self.text, pm.body_line)}
        else:  # a tracked table of follow-ups beside them (`### Process Changes` under a Resolution)
            for item in actions.action_tables(self.text, pm.body_line, tracked=True):
                found.setdefault(item.line, item)
        loose = actions.action_lines(self.text, pm.body_line, holders)
        if loose or found:
            self.present.add("Action Items")  # also when a Remediation section holds the follow-ups
        items = actions.with_referenced_tickets([*found.values(), *loose], self.text)
        return sorted(items, key=lambda item: item.line)


# heading words that name follow-up work where no heading names the Action Items
# (stems, as heading_words gives them). Not `Lessons learned` (British `Lessons learnt` is kept, as
# its one writer here used it for work), which mostly holds what went well and what did not, nor
# `Future`: both read observations as work in a dozen documents of the corpus
_FOLLOW_UP_WORDS = {"remediation", "prevent", "learnt", "improvement", "next"}


def written_zone(timeline: list[TimelineEntry]) -> str | None:
    """The one region every timed entry was written in (`All times in CST`, `4:16 p.m. ET`), for a page
    that names no `timezone`: its figure and times are shown on the clock its text uses."""
    zones = {entry.at.tzinfo for entry in timeline if entry.at is not None}
    found = zones.pop() if len(zones) == 1 else None
    return found.key if isinstance(found, ZoneInfo) and found.key != "UTC" else None


def _log_heading(text: str) -> tuple[str, ...]:
    return ("Timeline",) if sections.heading_words(text) in (("log",), ("update", "log")) else ()


def _follow_up_heading(text: str) -> tuple[str, ...]:
    return ("Action Items",) if _FOLLOW_UP_WORDS & set(sections.heading_words(text)) else ()


def _outermost(found: list[Section]) -> list[Section]:
    """Sections not inside another of the list: a subsection is read with its parent, once."""
    return [s for s in found if not any(o is not s and o.line < s.line <= o.end_line for o in found)]


def _first_date(raw: list[entries.RawEntry], tz: tzinfo) -> datetime | None:
    """Where to anchor a timeline with no `started`: its first full date."""
    for item in raw:
        stamp = item.stamp
        if stamp.year and stamp.month and stamp.day:
            return datetime.combine(
                date(stamp.year, stamp.month, stamp.day), stamp.clock or time(0), stamp.tz or item.tz or tz
            )
    return None


def _day_of(value: object, tz: tzinfo) -> datetime | None:
    """The start of a front matter `date` (a YAML date, or ISO text): where a timeline of bare
    clock times is dated when there is no `started` (that is reported; its entries still count)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tz)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return datetime.combine(date.fromisoformat(value.strip()[:10]), time(0), tz)
    return None


def _closest(name: str, aliases: tuple[str, ...], headings: list[tuple[str, int]]) -> tuple[str, int] | None:
    """The unrecognised heading most like the section's name or one of its aliases, if any is close."""
    best: tuple[float, tuple[str, int]] | None = None
    for heading, line in headings:
        text = " ".join(sections.heading_words(heading))
        for target in (name, *aliases):
            score = SequenceMatcher(None, text, " ".join(sections.words(target))).ratio()
            if score >= 0.75 and (best is None or score > best[0]):  # a typo away, not a guess
                best = (score, (heading, line))
    return best[1] if best else None


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


def _names(value: Any) -> Any:
    """Blog engines' author mappings (`- name: Jane Doe` with `photo`, `link`) by their names."""
    if isinstance(value, list):
        return [v.get("name") if isinstance(v, dict) else v for v in value]
    return value


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int) and str(value) else None


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
