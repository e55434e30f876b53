"""Incidents where engineers already read: a block any docs page can hold.

    <!-- postmortems service="checkout" limit=5 sort=newest show="incidents,actions" -->

lists that service's (or team's, or tag's) recent incidents and open action items,
compact and linked. The directive is an HTML comment so a page stays clean on any
engine that does not know it (the comment renders as nothing), and it survives both
routes: the MkDocs plugin replaces it in `on_page_markdown`, the Python-Markdown
extension (Zensical) in a preprocessor, before raw HTML is stashed.

Pure: given a Library, the URLs of the library pages and the page's own URL, it
returns HTML (everything user-written escaped) and the problems of each block.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from .export import relative_url
from .formatting import format_duration
from .library import Library, OpenItem, task_text, ticket_link
from .model import Postmortem, Problem
from .render import text_on
from .validate import suggest

RULE = "embed"
DIRECTIVE = re.compile(r"^ {0,3}<!--\s*postmortems\b(?P<args>.*?)-->\s*$")
KINDS = ("service", "team", "tag")
SORTS = ("newest", "oldest", "severity", "duration")
SHOWS = ("incidents", "actions")
MAX_LIMIT = 100  # a block is a glance, not a second library page
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(slots=True)
class Block:
    line: int  # 0-based index of the directive in the page's lines
    kind: str = ""
    key: str = ""
    limit: int = 5
    sort: str = "newest"
    show: tuple[str, ...] = SHOWS
    errors: list[str] = field(default_factory=list)


def parse(args: str, line: int) -> Block:
    """A directive's arguments: `key=value` pairs, values quoted when they hold spaces."""
    block = Block(line)
    try:
        words = shlex.split(args)
    except ValueError as exc:
        block.errors.append(f"cannot read the block's options ({exc})")
        return block
    for word in words:
        name, sep, value = word.partition("=")
        name = name.strip().lower()
        if not sep:
            block.errors.append(f"'{word}' is not key=value")
        elif name in KINDS:
            if block.kind:
                block.errors.append(f"give one of service, team or tag, not both {block.kind} and {name}")
            block.kind, block.key = name, value.strip()
        elif name == "limit":
            if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
                block.errors.append(f"limit '{value}' is not a number from 1 to {MAX_LIMIT}")
            else:
                block.limit = int(value)
        elif name == "sort":
            if value not in SORTS:
                block.errors.append(f"sort '{value}' is not one of {', '.join(SORTS)}")
            else:
                block.sort = value
        elif name == "show":
            shown = tuple(s.strip() for s in value.split(",") if s.strip())
            wrong = [s for s in shown if s not in SHOWS]
            if wrong or not shown:
                block.errors.append(f"show '{value}' is not incidents, actions or incidents,actions")
            else:
                block.show = shown
        else:
            hint = suggest(name, (*KINDS, "limit", "sort", "show"))
            block.errors.append(f"unknown option '{name}'" + (f" (did you mean '{hint}'?)" if hint else ""))
    if not block.kind and not block.errors:
        block.errors.append('name a service, team or tag: <!-- postmortems service="checkout" -->')
    return block


def find(lines: list[str]) -> list[Block]:
    """The directives of a page, outside fenced code (a guide showing the syntax keeps it as text)."""
    found = []
    fence = ""
    for index, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        if "postmortems" in line:
            match = DIRECTIVE.match(line)
            if match:
                found.append(parse(match.group("args"), index))
    return found


def members(library: Library, block: Block) -> list[Postmortem] | None:
    """The block's incidents, or None when the library and the catalog do not know the name."""
    settings = library.settings
    group = library.group(block.kind, block.key)
    if group is not None:
        return list(group.incidents)
    if block.kind == "service" and block.key in settings.services:
        return []
    if block.kind == "team" and any(i.get("team") == block.key for i in settings.service_info.values()):
        return []
    return None


def known_names(library: Library, kind: str) -> tuple[str, ...]:
    settings = library.settings
    groups = {"service": library.services, "team": library.teams, "tag": library.tags}[kind]
    names = [g.key for g in groups]
    if kind == "service":
        names += list(settings.services)
    if kind == "team":
        names += [i["team"] for i in settings.service_info.values() if "team" in i]
    return tuple(dict.fromkeys(names))


def ordered(library: Library, incidents: list[Postmortem], sort: str) -> list[Postmortem]:
    newest = list(incidents)  # the library's groups are newest first already
    if sort == "oldest":
        return newest[::-1]
    if sort == "severity":
        order = {level.id: level.order for level in library.settings.severities}
        return sorted(newest, key=lambda pm: order.get(pm.severity or "", 99))  # stable: newest first
    if sort == "duration":
        return sorted(newest, key=lambda pm: -(pm.duration.total_seconds() if pm.duration else -1))
    return newest


@dataclass(slots=True)
class Rendered:
    html: str
    problem: str | None = None  # the message of a problem line, when the block has one


def render(
    library: Library,
    block: Block,
    page_url: str,
    urls: dict[tuple[str, str], str],
    ticket_url: str = "",
) -> Rendered:
    """The block's HTML, links relative to `page_url` (site-relative), and its problem if any."""
    esc = html.escape
    if block.errors:
        message = "postmortems block: " + "; ".join(block.errors)
        return Rendered(_problem_box(message), message)
    incidents = members(library, block)
    if incidents is None:
        hint = suggest(block.key, known_names(library, block.kind))
        message = (
            f"postmortems block: no {block.kind} '{block.key}' in the library"
            + (" or the service catalog" if block.kind == "service" else "")
            + (f" (did you mean '{hint}'?)" if hint else "")
        )
        return Rendered(_problem_box(message), message)

    def link(url: str) -> str:
        return esc(relative_url(url, page_url), quote=True)

    label = {"service": "Service", "team": "Team", "tag": "Tag"}[block.kind]
    group_url = urls.get((block.kind, block.key), "")
    out = [f'<div class="pm-embed" data-pm-embed="{esc(block.kind)}:{esc(block.key)}">']
    name = esc(block.key)
    if group_url:
        name = f'<a href="{link(group_url)}">{name}</a>'
    if "incidents" in block.show:
        shown = ordered(library, incidents, block.sort)[: block.limit]
        more = f" · {len(shown)} of {len(incidents)}" if len(incidents) > len(shown) else ""
        out.append(f'<p class="pm-embed__title"><strong>Incidents</strong> · {label} {name}{more}</p>')
        if shown:
            out.append('<ul class="pm-embed__list">')
            out += [f"<li>{_incident(library, pm, link)}</li>" for pm in shown]
            out.append("</ul>")
        else:
            out.append('<p class="pm-embed__none">No incidents recorded.</p>')
    if "actions" in block.show:
        ids = {id(pm) for pm in incidents}
        items = [entry for entry in library.open_items() if id(entry.incident) in ids]
        # overdue first, then by due date (undated last), then oldest incident first
        items.sort(key=lambda e: (not e.overdue, e.item.due is None, e.item.due or library.now.date()))
        shown_items = items[: block.limit]
        more = f" · {len(shown_items)} of {len(items)}" if len(items) > len(shown_items) else ""
        out.append(f'<p class="pm-embed__title"><strong>Open action items</strong>{more}</p>')
        if shown_items:
            out.append('<ul class="pm-embed__list">')
            out += [f"<li>{_action(entry, link, ticket_url)}</li>" for entry in shown_items]
            out.append("</ul>")
        else:
            out.append('<p class="pm-embed__none">No open action items.</p>')
    out.append("</div>")
    return Rendered("".join(out))  # one line: no blank line may split a raw HTML block


def _badge(library: Library, severity: str | None) -> str:
    level = library.settings.severity(severity)
    if level is None:
        return f'<span class="pm-badge">{html.escape(severity or "?")}</span>'
    style = f"--pm-sev-color: {level.color}; --pm-sev-text: {text_on(level.color)}"
    return f'<span class="pm-badge" style="{html.escape(style)}">{html.escape(level.id)}</span>'


def _incident(library: Library, pm: Postmortem, link: Callable[[str], str]) -> str:
    meta = [str(pm.date) if pm.date else "", format_duration(pm.duration) if pm.duration else pm.status]
    title = html.escape(pm.title or pm.source)
    return (
        f'{_badge(library, pm.severity)} <a href="{link(pm.url or "")}">{title}</a> '
        f'<span class="pm-embed__meta">{html.escape(" · ".join(m for m in meta if m))}</span>'
    )


def _action(entry: OpenItem, link: Callable[[str], str], ticket_url: str) -> str:
    item, pm = entry.item, entry.incident
    parts = [html.escape(task_text(item))]
    if item.owner:
        parts.append(f'<span class="pm-embed__meta">@{html.escape(item.owner)}</span>')
    if item.due:
        due = f"due {item.due}" + (" (overdue)" if entry.overdue else "")
        parts.append(f'<span class="pm-embed__meta{" pm-overdue__label" * entry.overdue}">{due}</span>')
    text, href = ticket_link(item.ticket, ticket_url)
    if href:
        parts.append(f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>')
    elif text:
        parts.append(html.escape(text))
    title = html.escape(pm.title or pm.source)
    parts.append(f'<a class="pm-embed__from" href="{link(pm.url or "")}">{title}</a>')
    return " · ".join(parts)


def _problem_box(message: str) -> str:
    return f'<div class="pm-embed pm-embed--problem" role="note"><p>{html.escape(message)}</p></div>'


def problem(path: str, block: Block, message: str) -> Problem:
    return Problem(path, block.line + 1, 1, "warning", message, RULE)


def replace_blocks(
    markdown: str,
    library: Library,
    page_url: str,
    urls: dict[tuple[str, str], str],
    path: str,
    ticket_url: str = "",
    store: Callable[[str], str] | None = None,
) -> tuple[str, list[Problem]]:
    """`markdown` with each directive replaced by its block's HTML, and the blocks' problems.

    `store`, when given, takes the HTML and returns what to put in its place (Python-Markdown's
    stash); otherwise the HTML goes in as a raw HTML block between blank lines.
    """
    if "postmortems" not in markdown:
        return markdown, []
    lines = markdown.split("\n")
    problems = []
    for block in reversed(find(lines)):
        done = render(library, block, page_url, urls, ticket_url)
        if done.problem:
            problems.append(problem(path, block, done.problem))
        piece = store(done.html) if store is not None else done.html
        lines[block.line : block.line + 1] = ["", piece, ""]
    return "\n".join(lines), problems[::-1]
