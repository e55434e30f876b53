"""Timeline entries in the body, and the dates and zones that place them in time.

Entries are list items, table rows, or lines and paragraphs that begin with a stamp
(see `stamps.py`), and a stamp alone on a line whose event is on the next line.
Around them the document gives context that carries forward: a day heading
(`### 2023-07-20`, `### Tuesday 20 July`, `### Day 2`) or a line holding only a date
sets the date of the entries after it; a heading or note (`(all times PDT)`), a
table header (`Time (UTC)`) or, failing those, the zone on the first entry sets their zone.

`resolve` then places each entry: a written date wins; otherwise the entry takes
the date of the one before it, moving past midnight when a clock time steps back
and that makes the step shorter than 12 hours. The first undated entry takes the
day that puts it nearest `started`. Steps backwards are warnings, and one does not
cascade: the entries after it go on from the last entry that was in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from html import unescape
from itertools import pairwise

from ..model import Issue, Section, TimelineEntry
from .sections import HTML_TAG, code_lines, escaped_text, is_mark_label, unescaped
from .stamps import Read, Stamp, daylight_mismatch, only_a_stamp, read_stamp, zone_hint

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
# `–` is not a Markdown bullet, but authors type it as one
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?:>\s*)*(?:[-*+•–]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(?P<text>.*)$")
_QUOTE = re.compile(r"^\s*(?:>\s*)+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_DAY_NUMBER = re.compile(r"\bday\s+(\d{1,2})\b", re.I)
_DEFINITION = re.compile(r"^\s*:\s+")
_HTML_TAGS = r"(?:li|ul|ol|p|td|tr|br|div|span|b|strong|em|h[1-6])"
_HTML_LEAD = re.compile(r"^(?:\s*</?" + _HTML_TAGS + r"\b[^>]*>)+", re.I)
_HTML_TAIL = re.compile(r"(?:</?" + _HTML_TAGS + r"\b[^>]*>\s*)+$", re.I)
_BREAK = re.compile(r"<br\s*/?>", re.I)
# a Statusfy status page's update: `::: update Monitoring | 2021-05-03T19:16:54.777Z`, its text under it
_STATUSFY_UPDATE = re.compile(r"^:::[ \t]*update[ \t]+(?P<label>[^|]*?)[ \t]*\|[ \t]*(?P<stamp>\S.*)$", re.I)
_LABEL_LINE = re.compile(r"^\s*(?:(\*\*|__).+\1\s*:?|[^.!?]{3,60}:)\s*$")
_WORD_START = re.compile(r"(?<![\w-])(?=[\w~±≈])")
_DAY_OF_MONTH = re.compile(r"-(\d{1,2})(?=\s)")
_MONTH_DAY_CELL = re.compile(r"\d{1,2}-\d{1,2}$")
# and "at" in the languages the stamps read it in (`Um 16:30 konnten wir …`: German prose)
_PROSE_OPENING = re.compile(
    r"\s*(?:on|in|during|since|by|from|(?P<between>between)"
    r"|(?P<at>at|um|om|à|ore|alle|a\s+las|às|saat|pukul|jam|kl\.|klo|gegen|rond|omstreeks))(?![\w.])",
    re.I,
)
_AT_STAMP = re.compile(r"\s(?:at|on)\s+(?=[\d*_`~A-Z])", re.I)
_ZONE_NOTE = re.compile(
    r"(?<![^\W_])(?:all\s+times|times?\s+(?:are|is|in|shown|given|listed|below)|timestamps?|time\s*zone"
    r"|timeline(?=[\s(:,\-–—]*(?:in\s+)?(?-i:UTC|GMT|[A-Z]{2,5}\b)))\b",
    re.I,
)


def cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


def is_table_rule(line: str) -> bool:
    return "-" in line and bool(_TABLE_RULE.match(line))


@dataclass(frozen=True, slots=True)
class RawEntry:
    """A timeline entry as read from the body, before its date is resolved."""

    stamp: Stamp
    event: str
    line: int
    col: int
    extra: tuple[str, ...] = ()
    day: Stamp | int | None = None  # the date context it sits under: a date, or "Day N" (1-based)
    tz: tzinfo | None = None  # the zone context it sits under
    zone_word: str | None = None  # `PST` from the context, checked against daylight saving
    aside: bool = False  # a date in parentheses (`| (2025-04-26) | DB created |`): it dates no later entry


def _date_inside(text: str) -> Read:
    """The first date in a short label, wherever it starts (`Day 2 - Monday, March 3`)."""
    for start in _WORD_START.finditer(text):
        read = read_stamp(text[start.start() :])
        if read.stamp is not None and read.stamp.has_date:
            return read
    return Read(None, 0)


def balance(event: str) -> str:
    """The event after its stamp, without marks left over from around the stamp (`**14:00 - x**`)
    or closing HTML tags (`<li>14:00 - x</li>`)."""
    event = _HTML_TAIL.sub("", event.strip()) if "</" in event else event.strip()
    for mark in ("**", "__"):
        if event.count(mark) % 2:
            event = (
                event[: event.rfind(mark)] + event[event.rfind(mark) + 2 :] if event.endswith(mark) else event
            )
    return event.strip()


def document_zone(body: str) -> tuple[tzinfo, str | None] | None:
    """A note such as "All times are in PDT" anywhere in the body: the default zone of its stamps."""
    lowered = body.lower()
    at = lowered.find("time")  # every note names times or a time zone: look only around the word
    while at >= 0:
        start = body.rfind("\n", 0, at) + 1
        end = body.find("\n", at)
        end = end if end >= 0 else len(body)
        line = body[start:end]
        if _ZONE_NOTE.search(line):
            hint = zone_hint(line)
            if hint:
                return hint
        at = lowered.find("time", end)
    return None


@dataclass(slots=True)
class _Table:
    time: int | None
    date: int | None
    event: int
    tz: tuple[tzinfo, str | None] | None
    named: bool  # the header names a time or date column
    stamped: bool = False  # a row has had a stamp: an unnamed table is a timeline once one has


# time, date and event columns, also in Norwegian, German, French, Spanish, Portuguese, Dutch, Russian
# and Chinese/Japanese (`Wann | Was`, `Время | Событие`, `时间 | 事件`)
_TIME_HEADER = re.compile(
    r"\b(?:time|timestamp|when|hour|clock|klokkeslett|tidspunkt|zeit|uhrzeit|wann|heure|quand|hora|cuándo"
    r"|quando|tijd|wanneer|время|когда)\b|时间|時間|时刻|時刻|日時|시각|시간|일시",
    re.I,
)
_DATE_HEADER = re.compile(r"\b(?:date|day|datum|fecha|дата)\b|日期|日付", re.I)  # not `data`: `Data loss`
_EVENT_HEADER = re.compile(
    r"\b(?:event|events|description|action|actions|what|details?|activity|summary|notes?|update|message|entry|happened"
    r"|hendelse|ereignis|was|beschreibung|événement|evento|descripción|descrição|gebeurtenis|событие|события"
    r"|описание)\b|事件|描述|内容|出来事|이벤트|내용|사건",
    re.I,
)


def _table(header: list[str]) -> _Table:
    time_col = next((i for i, h in enumerate(header) if _TIME_HEADER.search(h)), None)
    date_col = next((i for i, h in enumerate(header) if _DATE_HEADER.search(h) and i != time_col), None)
    named = time_col is not None or date_col is not None
    if not named:
        time_col = 0
    used = {time_col, date_col}
    event_col = next((i for i, h in enumerate(header) if _EVENT_HEADER.search(h) and i not in used), None)
    if event_col is None:
        event_col = next((i for i in range(len(header)) if i not in used), len(header))
    tz = zone_hint(f"time {header[time_col]}") if time_col is not None and time_col < len(header) else None
    return _Table(time_col, date_col, event_col, tz, named)


class _Reader:
    """One pass over a Timeline section, carrying the date and zone context forward."""

    def __init__(self, section: Section, default_zone: tuple[tzinfo, str | None] | None) -> None:
        self.entries: list[RawEntry] = []
        self.issues: list[Issue] = []
        self.day: Stamp | int | None = None
        self.zone = zone_hint(section.heading) or default_zone
        self.pending: tuple[Stamp, int, int] | None = None
        self.four_digit_clocks = False  # `1738:` seen: a later `2016:` is a clock too, not a year
        self.month: tuple[int, int] | None = None  # `2023-03` alone above `-20 11:36 ...` items: their month
        self.day_heading: tuple[Stamp, str, int, int] | None = None  # a titled day heading, in waiting
        # a heading that is only a date (`## 22/Mar/2022`), in waiting: stamp, line, index, level, title
        self.bare_day: tuple[Stamp, int, int, int, str] | None = None
        # the whole body read for want of a Timeline section: only lines that start with a stamp count
        self.whole_body = not section.heading
        self.open_line = 0  # the line an entry's text may go on after (its own, or a line joined to it)
        self.prose: tuple[int, str] | None = None  # the last line of a paragraph of no entry, and its text
        self.closing = False  # stamps alone on a line close the paragraph above them (see `_closing`)
        if section.heading and any(ch.isdigit() for ch in section.heading):
            # `## Timeline (UTC) - 2022-09-07`: the day of the clocks under it (a page's second
            # timeline is on its own day, not the first's)
            self.context(section.heading)

    def stamp_of(self, text: str) -> Read:
        """`read_stamp`, with `2016:` taken for a year unless the section already writes clocks so."""
        read = read_stamp(text)
        stamp = read.stamp
        if stamp is not None and stamp.four_digits:
            digits = stamp.text.lstrip("~±≈ ")[:4]
            # after a date (`2022-02-02 1625:`) the digits are its clock: the year is written already
            year_like = digits.isdigit() and 1990 <= int(digits) <= 2035 and not stamp.has_date
            if not self.four_digit_clocks and year_like:
                return Read(None, 0)
            self.four_digit_clocks = True
        return read

    def add(
        self, stamp: Stamp, event: str, line: int, col: int, extra: tuple[str, ...] = (), zone=None
    ) -> None:
        zone = zone or self.zone
        if stamp.clock is not None:
            self.day_heading = None  # timed entries under a titled day heading: the heading is context
        self.bare_day = None  # entries under a heading that is only a date: it is their context
        self.entries.append(
            RawEntry(
                stamp, event, line, col, extra, self.day, zone[0] if zone else None, zone[1] if zone else None
            )
        )
        if zone is None and stamp.tz is not None and len(self.entries) == 1:
            # `- 9:05 AM PT: alert` then `- 9:20 AM: ack`: a zone written on the first entry, where
            # nothing else names one, is the zone of the entries after it
            self.zone = (stamp.tz, stamp.zone_word)

    def close_day_heading(self) -> None:
        """`### 25–26 August: Absolute chaos` with no timed entry under it is itself a day's entry."""
        if self.day_heading is not None:
            stamp, event, line, at = self.day_heading
            self.day_heading = None
            zone = self.zone
            entry = RawEntry(
                stamp, event, line, 1, (), self.day, zone[0] if zone else None, zone[1] if zone else None
            )
            self.entries.insert(at, entry)

    def close_bare_day(self) -> None:
        """`## 22/Mar/2022` with no entry under it (a narrative, a subheading) is itself a day's entry,
        the first heading or line of text under it being its event."""
        if self.bare_day is not None:
            stamp, line, at, _, title = self.bare_day
            self.bare_day = None
            if title:
                zone = self.zone
                entry = RawEntry(
                    stamp, title, line, 1, (), self.day, zone[0] if zone else None, zone[1] if zone else None
                )
                self.entries.insert(at, entry)

    def title_bare_day(self, text: str) -> None:
        """The first heading or line under a heading that is only a date: its event, if it becomes one."""
        if self.bare_day is not None and not self.bare_day[4]:
            self.bare_day = (*self.bare_day[:4], balance(text))

    def context(self, text: str) -> bool:
        """A heading or line that sets the date or the zone of what follows. True if it did."""
        read = read_stamp(text)
        if read.stamp is None and not read.error and len(text) <= 80:
            read = _date_inside(text)  # "Day 2 — Monday, March 3": the date need not come first
        hint = zone_hint(text)
        if hint:
            self.zone = hint
        stamp = read.stamp
        if stamp and stamp.month_only and stamp.year and stamp.month:
            self.month = (stamp.year, stamp.month)
        # a month alone (`## October 2015`) is no day: the clocks under it keep their own
        if stamp and stamp.has_date and stamp.clock is None and not stamp.unknown and not stamp.month_only:
            self.day = read.stamp
            if read.stamp.tz:
                self.zone = (read.stamp.tz, read.stamp.zone_word)
            return True
        number = _DAY_NUMBER.search(text)
        if number and read.stamp is None:
            self.day = int(number.group(1))
            return True
        return bool(hint)

    def heading(self, text: str, line: int, level: int = 2) -> None:
        """A heading sets the date and zone context, or is itself a stamp (`### 14:00`) whose event
        is the paragraph under it."""
        self.close_day_heading()
        if self.bare_day is not None and level <= self.bare_day[3]:
            self.close_bare_day()
        read = self.stamp_of(text)
        if read.stamp is None or read.error or (read.stamp.clock is None and not read.stamp.unknown):
            self.flush_pending()
            self.context(text)
            title = balance(text[read.end :]) if read.stamp is not None and not read.error else ""
            if read.stamp is not None and read.stamp.has_date and level > 1:  # not the page title
                if title:
                    self.day_heading = (read.stamp, title, line, len(self.entries))
                else:
                    self.bare_day = (read.stamp, line, len(self.entries), level, "")
            elif read.stamp is None:
                self.title_bare_day(text)
            return
        if read.stamp.has_date:
            self.context(text[: read.end])
        event = balance(text[read.end :])
        if event:
            self.pending = None
            self.add(read.stamp, event, line, 1)
        else:
            self.pending = (read.stamp, line, 1)

    def text(self, text: str, line: int, col: int, item: bool = False) -> None:
        """A list item, a line of a paragraph, or a lone line: an entry if it starts with a stamp
        (or, for a list item, ends with a full one: see `trailing`)."""
        if "<br" in text:  # entries joined into one line with <br>
            parts = _BREAK.split(text)
            if len(parts) > 1:
                for part in parts:
                    self.text(part.strip(), line, col, item)
                return
        if text[:3] == ":::" and (update := _STATUSFY_UPDATE.match(text)):
            text = f"{update['stamp']} {update['label']}"  # the stamp first, the update's label its event
        lead = _HTML_LEAD.match(text)
        if lead:  # <li>12:00 - ...</li> in raw HTML
            text, col = text[lead.end() :], col + lead.end()
            if not text.strip():
                return
        if self.month and (day := _DAY_OF_MONTH.match(text)):  # `-20 11:36 ...` under `2023-03`: the 20th
            year, month = self.month
            text = f"{year:04d}-{month:02d}-{int(day[1]):02d}" + text[day.end(1) :]
        read = self.stamp_of(text)
        if read.error:  # an impossible stamp is reported, and its entry kept with an unknown time
            self.pending = None
            self.issues.append((line, col, read.error, "timeline-stamp"))
            event = balance(text[read.end :])
            if event:
                self.add(Stamp(text[: read.end].strip(" :-–—*"), unknown=True), event, line, col)
            return
        if read.stamp is None:
            if _LABEL_LINE.match(text) and self.context(text):
                self.pending = None  # a bold or colon-ended label holding a date: "**Tuesday, 20 July**"
                return
            if self.pending:
                stamp, at_line, at_col = self.pending
                self.pending = None
                self.add(stamp, balance(_DEFINITION.sub("", text)), at_line, at_col)
                self.open_line = line
            elif _ZONE_NOTE.search(text) and (hint := zone_hint(text)):
                self.zone = hint  # `All times are in PDT.`; `the default run time is 14 days` is text
            elif item and not self.whole_body and self.trailing(text, line, col):
                return
            elif not item and not _LABEL_LINE.match(text) and self.continued(text, line):
                # the next line of an entry's paragraph (a chat paste's `[03:06] nick` / `Explorer is
                # down?`); `*Load balancer*:` heads what follows
                pass
            else:
                self.title_bare_day(text)
                if not item and text.strip():  # a paragraph's line, which a stamp right under it may close
                    above = self.prose[1] if self.prose and self.prose[0] == line - 1 else ""
                    self.prose = (line, f"{above} {balance(text)}".strip())
            return
        self.flush_pending()
        event = balance(text[read.end :])
        stamp = read.stamp
        note = event.strip("*_ ")
        if note.startswith("(") and note.endswith(")") and stamp.clock is None and stamp.has_date:
            event = ""  # "2019-11-23 (all times Central)", "**(all times in UTC)**": a date line with a note
        # a status page's `Posted Jul 10, 2025 - 14:00 EDT`, under its update
        posted = text[:6].lower() == "posted"
        if (not event or event in ("**", "__")) and stamp.clock and (self.closing or posted):
            # a log whose stamps close their paragraphs (`**Update**: ... restored.` / `<br><span
            # class="timestamp">June 1, 16:00 PDT</span>`): the paragraph above is the event; a stamp
            # with none above has no text (the paragraph below is the next stamp's)
            above = self.prose[1] if self.prose and (posted or self.prose[0] == line - 1) else ""
            self.add(stamp, above, line, col)
            self.prose = None
            return
        if not event or event in ("**", "__"):
            if stamp.has_date and stamp.clock is None and not stamp.unknown:
                self.context(text)  # a line holding only a date; or a day entry whose text follows
            if not stamp.month_only:  # `2023-03 (all times UTC)` heads what follows: no entry of its own
                self.pending = (stamp, line, col)
            return
        opening = _PROSE_OPENING.match(text) if self.whole_body and not item else None
        # `At 3:04 PM PST we queued another release ...` in a narrative is prose too; `At 04/22/24 -
        # 07:04:24 AM UTC the cluster ...`, dated, is a moment the page logs
        at_a_clock = bool(opening and opening["at"]) and not stamp.has_date
        if opening and (at_a_clock or not opening["at"]) and not (opening["between"] and stamp.has_date):
            # no Timeline section: `On Friday October 18th 2024, we experienced ...` opens prose
            # (a summary), not an entry, nor the day of what follows (Fastly's `On May 12, we began
            # a deployment` weeks before the day its timeline is on); so does `Between 1:04 PM and
            # 2:00 PM IST on October 4th, ...`, but `Between 2025-07-30 21:27 UTC and ...` is dated
            return
        self.add(stamp, event, line, col)
        self.open_line = line

    def flush_pending(self) -> None:
        """A clock alone whose text never came (`* 08:57:35 - 09:09:50 UTC`, then the next such item,
        or the end): an entry of its own, with no text. A date alone was the context of what follows."""
        if self.pending is not None and self.pending[0].clock is not None:
            stamp, line, col = self.pending
            self.add(stamp, "", line, col)
        self.pending = None

    def continued(self, text: str, line: int) -> bool:
        """The next line of the last entry's item or paragraph (`- 09:05 Alert fired for` /
        `  elevated errors`): its text, joined to the entry's event. True if it was."""
        if line != self.open_line + 1 or not self.entries or not _WORDY.search(text):
            return False
        last = self.entries[-1]
        self.entries[-1] = replace(last, event=f"{last.event} {balance(text)}".strip())
        self.open_line = line
        return True

    def trailing(self, text: str, line: int, col: int) -> bool:
        """`- Attack started at Feb-08-2021 06:17:19 PM +UTC`: a list item whose stamp comes last, after
        `at` or `on`, is an entry when the stamp is a full instant (a date and a clock), or, once the
        timeline has entries, a clock with its zone (`... notified at approximately 1:00 PM ET.`).
        True if it was."""
        for match in _AT_STAMP.finditer(text):
            read = read_stamp(text[match.start() :])
            stamp = read.stamp
            if stamp is None or read.error or stamp.clock is None or stamp.unknown:
                continue
            if not stamp.has_date and not (self.entries and (stamp.tz or stamp.zone_word)):
                continue
            rest = text[match.start() + read.end :].strip(" *_")
            # the stamp ends the item, or (a full instant) its first sentence goes on after it (`... at
            # ~11:50 a.m. ET on June 16, 2020 and began investigating`); not when a sentence ends on it
            # and more follow (`expired at midnight GMT on Monday. As a result ...`: prose)
            if rest.strip(".") and (rest.startswith((".", ";")) or not stamp.has_date):
                continue
            head = balance(text[: match.start()]).rstrip(" ,;")
            self.add(stamp, head if not rest.strip(".") and head else balance(text), line, col)
            return True
        return False

    def row(self, table: _Table, row: list[str], line: int, col: int) -> None:
        def cell(i: int | None) -> str:
            return row[i] if i is not None and i < len(row) else ""

        day = cell(table.date)
        if _MONTH_DAY_CELL.match(day):  # `08-04` under a `Date (2026)` header: a day, as `08/04` is
            day = day.replace("-", "/")
        written = " ".join(c for c in (day, cell(table.time)) if c)
        event_text = cell(table.event)
        extra = tuple(c for i, c in enumerate(row) if i not in (table.time, table.date, table.event))
        read = read_stamp(written) if written else Read(None, 0)
        zone = table.tz or self.zone
        if read.error:
            self.issues.append((line, col, read.error, "timeline-stamp"))
            return
        if read.stamp is None or read.stamp.unknown:
            if not event_text and not written:
                return
            if not table.named and not table.stamped:
                return  # not (yet) a timeline table: `| data8r-17s | … |` quoted under an entry
            if written and (read.stamp is None) and _readable(written):
                self.issues.append(
                    (
                        line,
                        col,
                        f"time '{written}' is not read; the entry is kept with an unknown time",
                        "timeline-vague",
                    )
                )
            unknown = read.stamp or Stamp(text=written or "?", unknown=True)
            self.add(unknown, event_text or written, line, col, extra, zone)
            return
        table.stamped = True
        rest = written[read.end :].strip()
        event = " — ".join(p for p in (rest, event_text) if p) if table.time == table.event else event_text
        stamp = read.stamp
        # `| 1/30 | |` above rows of times: the day they happened on, no entry of its own
        if (
            not (event or rest or any(extra))
            and stamp.has_date
            and stamp.clock is None
            and self.context(written)
        ):
            return
        self.add(stamp, balance(event or rest), line, col, extra, zone)
        if written.startswith("(") and written.endswith(")") and stamp.clock is None:
            self.entries[-1] = replace(self.entries[-1], aside=True)


def _readable(text: str) -> bool:
    return bool(re.search(r"[A-Za-z0-9]", text))


def timeline_sections(sections: list[Section]) -> list[Section]:
    """The page's Timeline sections, in order, leaving out any inside another (a `### Timeline`
    under `## Timeline` is read with it)."""
    found: list[Section] = []
    for section in sections:
        if "Timeline" in section.names and not any(
            outer.line < section.line <= outer.end_line for outer in found
        ):
            found.append(section)
    return sorted(found, key=lambda s: s.line)


def read_body_timeline(
    section: Section, default_zone: tuple[tzinfo, str | None] | None = None
) -> tuple[list[RawEntry], list[Issue]]:
    """Entries of a Timeline section, with the date and zone context each sits under. Code blocks
    are read only when nothing outside them is an entry (a timeline pasted as a code block), and
    only in a Timeline section: with none (`section.heading` empty, the whole body read), a fenced
    log's stamped lines are a log, not a timeline."""
    lines = section.text.split("\n")
    code = code_lines(lines)
    if escaped_text(section.text):
        lines = unescaped(lines, code)
    entries, issues = _read(section, lines, code, default_zone)
    if not entries and any(code) and section.heading:
        entries, issues = _read(section, lines, [False] * len(lines), default_zone)
    return entries, issues


_WORDY = re.compile(r"[^\W_]")  # a line with a letter or digit: not a lone `\\` or `---`
_HTML_TABLE_END = re.compile(r"</table\s*>", re.I)
_HTML_ROW = re.compile(r"<tr\b", re.I)
_HTML_CELL = re.compile(r"<(t[hd])\b[^>]*>(.*?)(?:</t[hd]\s*>|(?=<t[hd]\b)|(?=</tr\s*>)|$)", re.I | re.S)


def html_rows(lines: list[str], start: int) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """A raw HTML `<table>` from line `start`: the index of its last line, its header (the `<th>`
    row's text, else one blank per column of its widest row), and its other rows as (index of the
    `<tr>` line, the cells' text), however the rows are wrapped."""
    end = next((j for j in range(start, len(lines)) if _HTML_TABLE_END.search(lines[j])), None)
    if end is None:  # never closed: Markdown ends the HTML block at the first blank line
        end = next((j - 1 for j in range(start, len(lines)) if not lines[j].strip()), len(lines) - 1)
    rows: list[tuple[int, bool, list[str]]] = []
    opened: list[int] = [j for j in range(start, end + 1) if _HTML_ROW.search(lines[j])]
    for n, at in enumerate(opened):
        upto = opened[n + 1] if n + 1 < len(opened) else end + 1
        html = "\n".join(lines[at:upto])
        html = html[_HTML_ROW.search(html).start() :]  # type: ignore[union-attr]
        found = _HTML_CELL.findall(html)
        texts = [unescape(" ".join(HTML_TAG.sub(" ", text).split())) for _, text in found]
        if texts:
            rows.append((at, all(tag.lower() == "th" for tag, _ in found), texts))
    if rows and rows[0][1]:
        return end, rows[0][2], [(at, texts) for at, _, texts in rows[1:]]
    return end, [""] * max((len(texts) for *_, texts in rows), default=0), [(at, t) for at, _, t in rows]


def _closing(lines: list[str], code: list[bool]) -> bool:
    """Whether the section's stamps alone on a line (not list items) close the paragraph above them,
    as status logs write them, more often than they open the one below (the stamp-then-event form)."""
    closing = opening = 0
    for i, line in enumerate(lines):
        text = line.strip()
        if "<" in text:  # `<br><span class="timestamp">June 1, 16:00 PDT</span>`
            text = HTML_TAG.sub("", text).strip()
        if not text or len(text) > 60 or not text[0].isalnum() or code[i] or _LIST_ITEM.match(line):
            continue
        read = read_stamp(text)
        if read.stamp is None or read.stamp.clock is None or text[read.end :].strip(" .*_"):
            continue
        closing += i > 0 and bool(lines[i - 1].strip()) and not code[i - 1]
        opening += i + 1 < len(lines) and bool(lines[i + 1].strip()) and not code[i + 1]
    return closing > opening


def _read(
    section: Section, lines: list[str], code: list[bool], default_zone: tuple[tzinfo, str | None] | None
) -> tuple[list[RawEntry], list[Issue]]:
    reader = _Reader(section, default_zone)
    reader.closing = _closing(lines, code)
    table: _Table | None = None
    first = section.text_line or section.line + 1
    skip_to = -1  # the last line of a raw HTML table already read
    in_item = False  # the line before is a list item's, or goes on with one
    for i, line in enumerate(lines):
        number = first + i
        if code[i] or i <= skip_to:
            continue
        stripped = line.strip()
        if not stripped:
            table = None if table and not stripped else table
            in_item = False
            continue
        if stripped[:6].lower() == "<table":
            # a raw HTML table (pasted from a wiki or a CMS): its rows, each on its `<tr>` line
            skip_to, header, rows = html_rows(lines, i)
            html_table = _table(header)
            for at, row in rows:
                reader.row(html_table, row, first + at, len(lines[at]) - len(lines[at].lstrip()) + 1)
            table = None
            continue
        if "|" in line and i + 1 < len(lines) and is_table_rule(lines[i + 1]) and not is_table_rule(line):
            table = _table(cells(line))
            continue
        if table is not None and is_table_rule(line):
            continue
        if table is not None and "|" in line:
            row = cells(line)
            reader.row(table, row, number, line.find(row[0]) + 1 if row and row[0] else 1)
            continue
        table = None
        heading = _HEADING.match(line)
        if heading:
            reader.heading(heading.group(2), number, len(heading.group(1)))
            continue
        if i + 1 < len(lines) and _SETEXT.match(lines[i + 1]) and not _LIST_ITEM.match(line):
            reader.heading(stripped, number)
            continue
        if _SETEXT.match(line):
            continue
        if i and is_mark_label(lines[i - 1]) and only_a_stamp(stripped):
            continue  # `■発生日時` / `2017年11月15日 17:28 ~ 20:28`: a notice's field, as `Date:` is
        item = _LIST_ITEM.match(line)
        if item:
            reader.text(item["text"], number, item.start("text") + 1, item=True)
            in_item = True
            continue
        quote = _QUOTE.match(line)
        start = quote.end() if quote else len(line) - len(line.lstrip())
        if in_item and start > 0 and not quote and reader.pending is None:
            # an item's next line, indented under it (`- 10:58 No failure was recorded through` /
            # `  2026-08-17.`): its text goes on, even where it starts with a date or a time (an
            # item holding only a stamp has its event there: `- 2023-03-14 08:02` / `  Alert fires`)
            reader.continued(line[start:], number)
            continue
        in_item = False
        reader.text(line[start:], number, start + 1)
    reader.flush_pending()
    reader.close_day_heading()
    reader.close_bare_day()
    return reader.entries, reader.issues


# ---------------------------------------------------------------- placing entries in time


def _nearest_date(stamp: Stamp, reference: date) -> date | None:
    """The stamp's date; a missing year (or a month/day that may be day/month) is read nearest `reference`."""
    options = [(stamp.month, stamp.day)]
    if stamp.alt_month_day:
        options.append(stamp.alt_month_day)
    years = [stamp.year] if stamp.year else [reference.year - 1, reference.year, reference.year + 1]
    best: date | None = None
    for year in years:
        for month, day in options:
            if month is None or day is None or year is None:
                continue
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if best is None or abs((candidate - reference).days) < abs((best - reference).days):
                best = candidate
    return best


def _day_of(context: Stamp | int, anchor: datetime, tz: tzinfo) -> date | None:
    number = context if isinstance(context, int) else context.day_number
    if number is not None:  # "Day 2": counted from the day the incident started
        return anchor.astimezone(tz).date() + timedelta(days=max(number, 1) - 1)
    assert isinstance(context, Stamp)
    return _nearest_date(context, anchor.astimezone(tz).date())


# how far back an entry may be from the one before it and still be in order, by its precision
_PRECISION_SLACK = {"minute": timedelta(minutes=1), "approximate": timedelta(minutes=15)}


def _afternoon_follows(later: list[RawEntry], clock: time) -> bool:
    """Whether, before the next date, an entry's clock is past noon and after `clock` read as afternoon
    (12:00, 01:16, 01:47, then 14:03: the 01:16 was 13:16)."""
    for item in later:
        if item.stamp.has_date:
            return False
        found = item.stamp.clock
        if found is not None and not item.stamp.morning_hour and found.hour >= 13:
            return found >= time(clock.hour + 12, clock.minute, clock.second)
    return False


def resolve_written(
    raw: list[RawEntry], anchor: datetime, page_tz: tzinfo
) -> tuple[list[TimelineEntry], list[Issue]]:
    """A timeline as written in a page's body: one written newest first (status-page updates, `(7:30 UTC)
    Services operating normally.` above `(7:20 UTC) ...`) is placed from its end, so its steps back are
    no warnings; its entries keep the page's order."""
    if not _newest_first(raw):
        return resolve_timeline(raw, anchor, page_tz)
    placed, issues = resolve_timeline(raw[::-1], anchor, page_tz)
    return placed[::-1], issues


def _newest_first(raw: list[RawEntry]) -> bool:
    """Whether the stamps that can be compared only ever step back (twice at least)."""
    back = forward = 0
    for a, b in pairwise(raw):
        sa, sb = a.stamp, b.stamp
        if sa.after is not None or sb.after is not None or sa.unknown or sb.unknown:
            continue
        if sa.month and sb.month and sa.day and sb.day and ((sa.year and sb.year) or sa.year == sb.year):
            # full dates, or month-days both without a year (`June 1, 16:00 PDT` over `May 31, 22:45`)
            ka: tuple[object, ...] = (sa.year or 0, sa.month, sa.day, sa.clock or time(0))
            kb: tuple[object, ...] = (sb.year or 0, sb.month, sb.day, sb.clock or time(0))
        elif not sa.has_date and not sb.has_date and sa.clock and sb.clock and a.day is b.day:
            ka, kb = (sa.clock,), (sb.clock,)
        else:
            continue
        back, forward = back + (kb < ka), forward + (kb > ka)
    return back >= 2 and forward == 0


def resolve_timeline(
    raw: list[RawEntry],
    anchor: datetime,
    page_tz: tzinfo,
    kinds: list[str | None] | None = None,
) -> tuple[list[TimelineEntry], list[Issue]]:
    """Place each entry in time; see the module's docstring for the rules."""
    entries: list[TimelineEntry] = []
    issues: list[Issue] = []
    previous: TimelineEntry | None = None
    context_used: Stamp | int | None = None
    last_in_order: TimelineEntry | None = None  # the last entry that did not step back
    zone_warned: set[str] = set()
    stepped_back = False
    stepped_under: Stamp | int | None = None  # the day heading whose own date stepped back
    written_at: datetime | None = None  # the last entry written as an instant: `+10 minutes` counts from it
    twelve_hour_before = False  # the last clock written was written with AM/PM
    for n, item in enumerate(raw):
        stamp = item.stamp
        if n and raw[n - 1].stamp.clock is not None:
            twelve_hour_before = raw[n - 1].stamp.twelve_hour
        kind = kinds[n] if kinds else None
        tz = stamp.tz or item.tz or page_tz
        if stamp.after is not None:
            # `| +10 minutes |` under `| July 2 2025, 11:00 AM UTC |`: T0 and how long after it
            at = (written_at or anchor) + stamp.after
            previous = TimelineEntry(at, item.event, kind, item.line, stamp.text, item.extra, stamp.precision)
            entries.append(previous)
            continue
        if (
            stamp.clock is None
            and not stamp.has_date
            and item.day is not None
            and item.day is not context_used
        ):
            # `unknown` first under a day heading: the time is unknown, the day is not
            day = _day_of(item.day, anchor, tz)
            if day is not None:
                context_used = item.day
                previous = TimelineEntry(
                    datetime.combine(day, time(0, 0), tz),
                    item.event,
                    kind,
                    item.line,
                    stamp.text,
                    item.extra,
                    "day",
                )
                entries.append(previous)
                stepped_back = False
                last_in_order = previous
                continue
        if stamp.clock is None and not stamp.has_date:  # the time is unknown: drawn after the entry before
            at = previous.at if previous else anchor
            entries.append(TimelineEntry(at, item.event, kind, item.line, stamp.text, item.extra, "unknown"))
            continue
        explicit = True
        under: Stamp | int | None = None
        if stamp.day_number is not None:
            day = _day_of(stamp, anchor, tz)
        elif stamp.has_date:
            reference = (previous.at if previous else anchor).astimezone(tz).date()
            day = _nearest_date(stamp, reference)
        elif item.day is not None and item.day is not context_used:
            day = _day_of(item.day, anchor, tz)
            under = item.day
        else:
            explicit = False
            # after an entry that stepped back, go on from the last one in order: one odd date
            # (a typo, a latent change days before) must not drag every later entry with it; the
            # entries under a day heading that stepped back stay on its day
            if (
                previous is not None
                and stepped_back
                and last_in_order is not None
                and (item.day is None or item.day is not stepped_under)
            ):
                previous = last_in_order
            day = (previous.at if previous else anchor).astimezone(tz).date()
            if stamp.weekday is not None and stamp.weekday != day.weekday():
                # `Sunday 14:20` after Saturday's entries: the next Sunday; the first entry, the
                # nearest one to `started` (`Friday 22:10`, the deploy the night before)
                ahead = (stamp.weekday - day.weekday()) % 7
                day += timedelta(days=ahead if previous is not None or ahead <= 3 else ahead - 7)
        if item.day is not None and not item.aside:
            context_used = item.day
        if day is None:
            issues.append((item.line, item.col, f"'{stamp.text}' is not a valid date", "timeline-stamp"))
            continue
        clock = stamp.clock or time(0, 0)
        at = datetime.combine(day, clock, tz)
        # `1:50` written by a 12-hour writer may be 13:50: the afternoon is a reading too. `01:50` is
        # written by 24-hour writers as well, so it is read as afternoon only right after noon (`12:00`,
        # then `01:16`) and when a later clock of that afternoon follows (`14:03`)
        just_past_noon = previous is not None and previous.at.astimezone(tz).hour in (12, 13)
        pm_reading = (
            stamp.may_be_pm
            or (
                stamp.morning_hour
                # `Sept 3, 11:11pm` then `Sept 3 11:19`: a 12-hour writer leaving the PM out
                and (twelve_hour_before or (just_past_noon and _afternoon_follows(raw[n + 1 :], clock)))
            )
        )
        afternoon = time(clock.hour + 12, clock.minute, clock.second) if pm_reading else None
        stepped = False
        if previous is None:
            # the first entry: the reading nearest started; undated, on the day that puts it nearest
            # (23:50 before a 00:10 start); ties keep the day and the clock as written
            days = (0,) if explicit else (0, 1, -1)
            readings = [datetime.combine(day + timedelta(days=d), clock, tz) for d in days]
            if afternoon:  # the afternoon only of the day itself: `4:16` on a day started at 16:10
                readings.append(datetime.combine(day, afternoon, tz))
            at = min(readings, key=lambda t: abs(t - anchor))
        elif (
            afternoon
            and at < previous.at
            and previous.precision != "day"
            and previous.at.astimezone(tz).hour >= 12
            and timedelta(0) <= datetime.combine(day, afternoon, tz) - previous.at < timedelta(hours=12)
        ):
            at = datetime.combine(day, afternoon, tz)  # 12:39, then 1:50: the afternoon goes on
        elif (
            previous is not None
            and at < previous.at
            and not (
                stamp.clock is None
                or (previous.precision == "day" and at.date() >= previous.at.astimezone(tz).date())
                # as precise as it is written: `17:55` after `17:55:08`, `~16:50` after `16:50:25`
                or previous.at - at < _PRECISION_SLACK.get(stamp.precision, timedelta(0))
            )
        ):
            later = datetime.combine(day + timedelta(days=1), clock, tz)
            if not explicit and later - previous.at < timedelta(hours=12):
                at = later
            else:
                stepped = True
                issues.append(
                    (
                        item.line,
                        item.col,
                        f"'{stamp.text}' is earlier than the entry before it "
                        f"('{previous.stamp}', line {previous.line}); "
                        "timeline entries are expected in time order "
                        "(only a step past midnight is read as the next day)",
                        "timeline-order",
                    )
                )
        word = stamp.zone_word or (item.zone_word if not stamp.tz else None)
        if word and daylight_mismatch(word, at) and word not in zone_warned:
            zone_warned.add(word)  # said once a page: the same word on every entry is one habit
            issues.append(
                (
                    item.line,
                    item.col,
                    f"'{word}' on {at.date().isoformat()} is read as the local clock there "
                    f"(UTC{at.strftime('%z')[:3]}:{at.strftime('%z')[3:]}, {at.tzname()}), "
                    f"which kept {'daylight saving' if at.dst() else 'standard'} time that day",
                    "timeline-zone",
                )
            )
        precision = stamp.precision
        entry = TimelineEntry(at, item.event, kind, item.line, stamp.text, item.extra, precision)
        entries.append(entry)
        if item.aside:
            continue  # an aside dates nothing after it, and no step is taken from it
        previous = entry
        if stamp.clock is not None:
            written_at = at
        stepped_back = stepped
        stepped_under = under if stepped else (stepped_under if item.day is stepped_under else None)
        if not stepped:
            last_in_order = previous
    return entries, issues
