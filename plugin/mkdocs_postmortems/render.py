"""HTML for incident pages: summary card, timeline, problems; placed by placeholders.

Pure (Jinja2, no MkDocs). The engine adapter gives the template folders to
search, the site's own first, so a theme's `custom_dir` can override any of
ours. Autoescape is on: everything an author wrote is escaped.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape
from markupsafe import Markup

from . import formatting, inline
from .checker import Checked
from .model import Postmortem, Problem
from .settings import Settings
from .timeline import draw_incident

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
    return env


_drawings: OrderedDict[tuple[Any, ...], str] = OrderedDict()


def drawing(pm: Postmortem) -> str:
    """`draw_incident`, remembered by what it draws: `mkdocs serve` rebuilds every page on every
    save, and an unchanged postmortem should cost nothing."""
    key = (pm.source, pm.title, pm.timezone, pm.status, pm.started, pm.ended, pm.detected_at,
           pm.mitigated_at, tuple((e.at, e.event, e.kind, e.stamp) for e in pm.timeline))  # fmt: skip
    svg = _drawings.get(key)
    if svg is None:
        svg = _drawings[key] = draw_incident(pm)
        if len(_drawings) > 20_000:
            _drawings.popitem(last=False)
    return svg


@dataclass(slots=True)
class Links:
    """Site-relative URLs of the library pages a postmortem links to ("" when absent)."""

    overview: str = ""
    severity: str = ""
    services: dict[str, str] = field(default_factory=dict)
    related: list[tuple[Postmortem, str]] = field(default_factory=list)


@dataclass(slots=True)
class Decorated:
    """A page's Markdown with empty slots, and the HTML each slot receives in the finished page.

    Filling the slots last keeps our markup out of Markdown's hands and out of the search
    indexer's (a timeline drawing is hundreds of elements that repeat the author's own list).
    """

    markdown: str
    replacements: dict[str, str]  # empty slot element -> HTML

    def apply(self, html: str) -> str:
        for slot, snippet in self.replacements.items():
            html = html.replace(slot, snippet, 1)
        return html


@dataclass(slots=True)
class Pieces:
    """An incident page's HTML by place: `head` above the body, `after[i]` after body line i (0-based)."""

    head: list[tuple[str, str]]  # (name, html)
    after: dict[int, list[tuple[str, str]]]


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

    def timeline_html(self, pm: Postmortem) -> str:
        return self.env.get_template("postmortems/timeline.html").render(pm=pm, svg=Markup(self.draw(pm)))

    def pieces(self, checked: Checked, links: Links, show_problems: bool) -> Pieces:
        """The HTML a page receives and where: above the body, or after a line of the body."""
        pm = checked.postmortem
        head: list[tuple[str, str]] = []
        after: dict[int, list[tuple[str, str]]] = {}
        if show_problems and checked.problems:
            head.append(("problems", self.problems_html(checked.problems)))
        if pm is None:
            return Pieces(head, after)
        if pm.started is not None:
            head.append(("summary", self.summary_html(pm, links)))
        timeline = pm.section("Timeline")
        if timeline is not None and pm.started is not None:
            after.setdefault(timeline.line - pm.body_line, []).append(("timeline", self.timeline_html(pm)))
        actions = pm.section("Action Items")
        if actions is not None:
            anchor = '<span id="pm-action-items"></span>'
            after.setdefault(actions.line - pm.body_line, []).append(("actions", anchor))
        return Pieces(head, after)

    def decorate(self, checked: Checked, links: Links, show_problems: bool) -> Decorated:
        """The page's Markdown with empty slots, and what each slot becomes."""
        pm = checked.postmortem
        pieces = self.pieces(checked, links, show_problems)
        replacements: dict[str, str] = {}

        def token(name: str, snippet: str) -> str:
            slot = f'<div class="pm-slot" id="pm-slot-{self._nonce}-{name}"></div>'
            replacements[slot] = snippet
            return f"\n\n{slot}\n\n"

        head = "".join(token(name, snippet) for name, snippet in pieces.head)
        if pm is None:
            return Decorated(head, replacements)
        lines = pm.body.split("\n")
        for index in sorted(pieces.after, reverse=True):
            lines.insert(index + 1, "".join(token(name, snippet) for name, snippet in pieces.after[index]))
        return Decorated(head + "\n".join(lines), replacements)
