"""HTML for incident pages: summary card, timeline, problems; placed by placeholders.

Pure (Jinja2, no MkDocs). The engine adapter gives the template folders to
search, the site's own first, so a theme's `custom_dir` can override any of
ours. Autoescape is on: everything an author wrote is escaped.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache, partial
from html import escape
from pathlib import Path
from typing import Any, overload

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape
from markupsafe import Markup

from . import formatting, inline
from .checker import Checked
from .model import Postmortem, Problem, TimelineEntry
from .settings import Settings
from .timeline import (
    anchor_prefix,
    draw_incident,
    entry_stamp,
    event_id,
    is_utc,
    marker_id,
    stamps_with_date,
    zone_caption,
)

ASSETS = Path(__file__).parent / "assets"


def environment(search_dirs: Sequence[str | Path] = ()) -> Environment:
    """Our templates (`postmortems/*.html`), overridable from `search_dirs`."""
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader([str(d) for d in search_dirs]),
                PackageLoader("mkdocs_postmortems", "templates"),
            ]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["duration"] = formatting.format_duration
    env.filters["minutes"] = lambda value: formatting.format_duration(timedelta(minutes=value))
    env.filters["local"] = formatting.format_datetime
    env.filters["inline"] = lambda text: Markup(inline.to_html(str(text)))  # escaped, then marked up
    env.filters["count"] = format_count
    env.filters["text_on"] = text_on
    return env


def templates_digest(env: Environment) -> str:
    """A digest of our templates as `env` finds them, a theme's override first: a page or library
    page kept from an earlier build is reused only if it was rendered from the same ones."""
    assert env.loader is not None
    digest = hashlib.blake2b(digest_size=16)
    for template in sorted((Path(__file__).parent / "templates" / "postmortems").glob("*.html")):
        name = f"postmortems/{template.name}"
        digest.update(name.encode() + b"\0" + env.loader.get_source(env, name)[0].encode() + b"\0")
    return digest.hexdigest()


def format_count(value: object) -> str:
    """A figure as people read it: numbers with thousands separators (58000 -> 58,000), text as
    written (`312 accounts`, `35%`)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0")
    text = str(value)
    if re.fullmatch(r"\d{5,}", text.strip()):  # a bare number written as text
        return f"{int(text):,}"
    return text


def _luminance(color: str) -> float | None:
    match = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", color.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_on(color: str) -> str:
    """Black or white, whichever contrasts more with a badge colour (white for colours we cannot read)."""
    lum = _luminance(str(color))
    if lum is None:
        return "#fff"
    return "#000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#fff"


_ATX_H1 = re.compile(r" {0,3}#(?!#)(?:[ \t]|$)")
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def title_line(lines: list[str]) -> int | None:
    """Index of the body's H1 (its underline for a Setext heading), or None when it has none."""
    fence = ""
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if match and (not fence or match.group(1).startswith(fence)):
            fence = "" if fence else match.group(1)[0] * 3
            continue
        if fence:
            continue
        if _ATX_H1.match(line):
            return i
        if i and _SETEXT_H1.fullmatch(line) and lines[i - 1].strip() and not _FENCE.match(lines[i - 1]):
            return i
    return None


_CLOCK = re.compile(r"(\d{1,2})[:.h](\d{2})(?:\s*([AaPp])\.?\s*[Mm]\b\.?)?")


def _same_clock(stamp: str, local: datetime) -> bool:
    """Does the stamp as written read as the same wall-clock minute as `local`?"""
    match = _CLOCK.search(stamp)
    if not match:
        return False
    hour, minute = int(match.group(1)), int(match.group(2))
    if match.group(3):
        hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
    return (hour, minute) == (local.hour, local.minute)


def time_chip(entry: TimelineEntry, tz: str, with_date: bool) -> str:
    """The entry's time as the drawing gives it, in the page's zone and in UTC, when the list's own
    stamp could read differently; "" where it adds nothing (or there is no time to give)."""
    if entry.precision in ("unknown", "day"):
        return ""
    at = entry.at.astimezone(UTC)
    local = entry_stamp(entry, tz, with_date)
    zone = formatting.to_local(entry.at, tz).tzname() or "UTC"
    if is_utc(tz):
        if _same_clock(entry.stamp, at):
            return ""
        text = f"{escape(local)} UTC"
    else:
        in_utc = entry_stamp(entry, "UTC", with_date)
        text = f"{escape(local)} {escape(zone)} · {escape(in_utc)} UTC"
    return f'<span class="pm-ev-time"><time datetime="{at.isoformat()}">{text}</time></span>'


def badge(prefix: str, n: int) -> str:
    """Entry n's number in the list: the target of marker n's link, and a link back to the marker."""
    return (
        f'<a class="pm-ev" id="{event_id(prefix, n)}" href="#{marker_id(prefix, n)}" '
        f'title="Entry {n}: show it on the timeline">{n}</a>'
    )


_HEADING_LINE = re.compile(r" {0,3}#")


def number_entries(
    pm: Postmortem, lines: list[str], with_date: bool, stand_in: Callable[[int, str], str] | None = None
) -> bool:
    """Put each entry's number (and, where needed, its time in the page's zone and UTC) before its
    stamp in the author's own lines. All or nothing: False, lines untouched, unless every entry's
    stamp is found on its line (a front-matter timeline has none: the figure then lists them).

    `stand_in(n, html)` gives what goes into a line instead of entry n's HTML (a plain word Markdown
    passes through cheaply); a heading keeps the HTML, as its text also names its anchor."""
    if not pm.timeline:
        return False
    prefix = anchor_prefix(pm.source)
    edits: dict[int, list[tuple[int, str]]] = {}
    cursor: dict[int, int] = {}
    for n, entry in enumerate(pm.timeline, 1):
        i = entry.line - pm.body_line
        if not entry.stamp or not 0 <= i < len(lines):
            return False
        pos = lines[i].find(entry.stamp, cursor.get(i, 0))
        if pos < 0:
            return False
        cursor[i] = pos + len(entry.stamp)
        while pos > 0 and lines[i][pos - 1] in "*_~[(`":  # before the emphasis or link the stamp opens
            pos -= 1
        snippet = badge(prefix, n) + time_chip(entry, pm.timezone, with_date)
        if stand_in is not None and not _HEADING_LINE.match(lines[i]):
            snippet = stand_in(n, snippet)
        edits.setdefault(i, []).append((pos, snippet))
    for i, inserts in edits.items():
        line = lines[i]
        for pos, snippet in sorted(inserts, reverse=True):
            line = line[:pos] + snippet + line[pos:]
        lines[i] = line
    return True


_drawings: OrderedDict[tuple[Any, ...], str] = OrderedDict()


def drawing(pm: Postmortem) -> str:
    """`draw_incident`, remembered by what it draws: `mkdocs serve` rebuilds every page on every
    save, and an unchanged postmortem should cost nothing."""
    entries = tuple((e.at, e.event, e.kind, e.stamp, e.precision) for e in pm.timeline)
    key = (pm.source, pm.title, pm.timezone, pm.status, pm.started, pm.ended, pm.detected_at,
           pm.mitigated_at, entries)  # fmt: skip
    svg = _drawings.get(key)
    if svg is None:
        svg = _drawings[key] = draw_incident(pm)
        if len(_drawings) > 20_000:
            _drawings.popitem(last=False)
    return svg


def with_dates(pm: Postmortem) -> bool:
    """Whether stamps need their date: the incident spans more than one day in the page's zone."""
    return stamps_with_date(pm)


@dataclass(slots=True)
class Links:
    """Site-relative URLs of the library pages a postmortem links to ("" when absent)."""

    overview: str = ""
    severity: str = ""
    services: dict[str, str] = field(default_factory=dict)
    teams: dict[str, str] = field(default_factory=dict)
    related: list[tuple[Postmortem, str]] = field(default_factory=list)


# a piece of a page's HTML, or what renders it when the page is filled (IncidentRenderer.pieces)
Snippet = str | Callable[[], str]


def html_of(snippet: Snippet) -> str:
    return snippet if isinstance(snippet, str) else snippet()


@dataclass(slots=True)
class Decorated:
    """A page's Markdown with empty slots, and the HTML each slot receives in the finished page.

    Filling the slots last keeps our markup out of Markdown's hands and out of the search
    indexer's (a timeline drawing is hundreds of elements that repeat the author's own list).
    Entry n's number in the author's line goes into the Markdown as a word (`pmw<nonce>n<n>x`), and
    each slot as a paragraph of one word (`pmw<nonce>s<name>x`), made slot comments in the page's
    HTML by `place_words` before search reads the page: raw HTML in every entry's line cost
    Markdown a third of its time on a postmortem, and any raw HTML makes it parse the whole page.
    """

    markdown: str
    replacements: dict[str, Snippet]  # slot name -> HTML, or what renders it when the page is filled
    nonce: str = ""
    # every slot's HTML at once, when it was kept from an earlier build (cache.RenderedPages)
    load: Callable[[], dict[str, str]] | None = None

    def filled(self) -> dict[str, str]:
        """Each slot's HTML, rendered now where it was left for later."""
        if self.load is not None:
            return self.load()
        return {name: html_of(snippet) for name, snippet in self.replacements.items()}

    def place_words(self, html: str) -> str:
        word, _ = _patterns(self.nonce)
        if f"pmw{self.nonce}" not in html:
            return html
        return word.sub(lambda m: slot(self.nonce, m[1] or m[2] or f"e{m[3]}"), html)

    def apply(self, html: str, filled: dict[str, str] | None = None) -> str:
        """The finished page with its slots filled (`filled`: from `filled()`, when the caller keeps it)."""
        filled = self.filled() if filled is None else filled
        if not filled:
            return html
        _, element = _patterns(self.nonce)
        return element.sub(lambda m: filled.get(m[1], m[0]), html)


def slot(nonce: str, name: str) -> str:
    """A comment search passes over, filled in the finished page: an element would cost the search
    indexer a start and an end tag to parse for every timeline entry (~6 % of a build at 1,000)."""
    return f"<!--pm-slot-{nonce}-{name}-->"


def entry_word(nonce: str, n: int) -> str:
    """The word standing in for entry n's number in the page's Markdown (see Decorated)."""
    return f"pmw{nonce}n{n}x "


def slot_word(nonce: str, name: str) -> str:
    """The paragraph standing in for a slot in the page's Markdown: a word, where an HTML element
    would send Markdown's raw-HTML reader over the whole page (~0.17 ms a page)."""
    return f"\n\npmw{nonce}s{name}x\n\n"


@lru_cache(maxsize=16)
def _patterns(nonce: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(rf"<p>pmw{nonce}s([a-z]+)x</p>|pmw{nonce}s([a-z]+)x|pmw{nonce}n(\d+)x ?"),
        re.compile(rf"<!--pm-slot-{nonce}-([\w-]+)-->"),
    )


@dataclass(slots=True)
class Pieces:
    """An incident page's HTML by place: `head` above the body, `after[i]` after body line i (0-based)."""

    head: list[tuple[str, Snippet]]  # (name, html)
    after: dict[int, list[tuple[str, Snippet]]]
    edits: dict[int, str] = field(default_factory=dict)  # body line i -> its text with entry numbers


class StampedEntries(Sequence[tuple[int, TimelineEntry, str, Markup]]):
    """A template's (number, entry, stamp, time chip) of each timeline entry, stamped when read: the
    figure of a page whose own lines carry the numbers only asks whether there are any."""

    def __init__(self, pm: Postmortem, with_date: bool) -> None:
        self.pm, self.with_date = pm, with_date

    def __len__(self) -> int:
        return len(self.pm.timeline)

    @overload
    def __getitem__(self, index: int) -> tuple[int, TimelineEntry, str, Markup]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, TimelineEntry, str, Markup]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        entry, zone = self.pm.timeline[index], self.pm.timezone
        n = range(1, len(self) + 1)[index]
        return (
            n,
            entry,
            entry_stamp(entry, zone, self.with_date),
            Markup(time_chip(entry, zone, self.with_date)),
        )


class IncidentRenderer:
    def __init__(self, env: Environment, settings: Settings, remember: bool = False) -> None:
        self.env = env
        self.settings = settings
        self.draw = (
            drawing if remember else draw_incident
        )  # remembering costs memory a one-off build never uses
        self._nonce = secrets.token_hex(6)  # placeholders no author text can collide with

    def problems_html(self, problems: list[Problem]) -> str:
        return self.env.get_template("postmortems/problems.html").render(problems=problems)

    def summary_html(self, pm: Postmortem, links: Links) -> str:
        return self.env.get_template("postmortems/summary.html").render(
            pm=pm, level=self.settings.severity(pm.severity), links=links, action_anchor="pm-action-items"
        )

    def timeline_html(self, pm: Postmortem, listed: bool = True) -> str:
        """The drawing in its scrolling frame, the zone it uses, and (when the page's own lines do not
        carry the entry numbers, `listed` False) a numbered list of the entries."""
        assert pm.started is not None
        svg = self.draw(pm)
        entries = StampedEntries(pm, with_dates(pm))
        prefix = anchor_prefix(pm.source)
        return self.env.get_template("postmortems/timeline.html").render(
            pm=pm,
            svg=Markup(svg),
            zone=zone_caption(pm.timezone, pm.started),
            utc=is_utc(pm.timezone),
            listed=listed,
            entries=entries,
            event_id=lambda n: event_id(prefix, n),
            marker_id=lambda n: marker_id(prefix, n),
        )

    def pieces(
        self,
        checked: Checked,
        links: Links,
        show_problems: bool,
        number_lines: bool = False,
        stand_in: Callable[[int, str], str] | None = None,
        lazy: bool = False,
    ) -> Pieces:
        """The HTML a page receives and where: above the body, or after a line of the body.

        The summary card goes right under the body's H1 (or first, where the theme prints the title).
        With `number_lines`, `edits` puts each timeline entry's number into the author's own line; an
        engine that cannot apply edits leaves it off and the timeline figure lists the entries itself.
        `lazy` leaves the card and the drawing to be rendered when the page is filled (`html_of`): an
        engine that reads every page before it writes one would hold them all (~17 MB at 1,000).
        """
        pm = checked.postmortem
        head: list[tuple[str, Snippet]] = []
        after: dict[int, list[tuple[str, Snippet]]] = {}

        def later(render: Callable[..., str], *args: Any) -> Snippet:
            return partial(render, *args) if lazy else render(*args)

        if show_problems and checked.problems:
            head.append(("problems", self.problems_html(checked.problems)))
        if pm is None:
            return Pieces(head, after)
        lines = pm.body.split("\n")
        if pm.started is not None:
            h1 = title_line(lines)
            card = ("summary", later(self.summary_html, pm, links))
            if h1 is None:
                head.append(card)
            else:
                after.setdefault(h1, []).append(card)
        edits: dict[int, str] = {}
        timeline = pm.section("Timeline")
        if timeline is not None and pm.started is not None:
            numbered = list(lines)
            listed = number_lines and number_entries(pm, numbered, with_dates(pm), stand_in)
            if listed:
                edits = {i: line for i, line in enumerate(numbered) if line != lines[i]}
            after.setdefault(timeline.line - pm.body_line, []).append(
                ("timeline", later(self.timeline_html, pm, listed))
            )
        actions = pm.section("Action Items")
        if actions is not None:
            anchor = '<span id="pm-action-items"></span>'
            after.setdefault(actions.line - pm.body_line, []).append(("actions", anchor))
        return Pieces(head, after, edits)

    def decorate(self, checked: Checked, links: Links, show_problems: bool, body: str = "") -> Decorated:
        """The page's Markdown with empty slots, and what each slot becomes (`body`: the text of a
        page that could not be read as a postmortem, shown under its problems, never lost)."""
        pm = checked.postmortem
        replacements: dict[str, Snippet] = {}

        def stand_in(n: int, snippet: str) -> str:
            replacements[f"e{n}"] = snippet
            return entry_word(self._nonce, n)

        pieces = self.pieces(checked, links, show_problems, number_lines=True, stand_in=stand_in, lazy=True)

        def token(name: str, snippet: Snippet) -> str:
            replacements[name] = snippet
            return slot_word(self._nonce, name)

        head = "".join(token(name, snippet) for name, snippet in pieces.head)
        if pm is None:
            return Decorated(head + "\n\n" + body if body else head, replacements, self._nonce)
        lines = pm.body.split("\n")
        for index, line in pieces.edits.items():
            lines[index] = line
        for index in sorted(pieces.after, reverse=True):
            lines.insert(index + 1, "".join(token(name, snippet) for name, snippet in pieces.after[index]))
        return Decorated(head + "\n".join(lines), replacements, self._nonce)
