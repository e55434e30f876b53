"""What the library publishes: every page and file, as a path below `docs_dir` and its content.

Pure: given a Library and a Jinja environment, `LibrarySite` lists and renders
everything. Engines only place it: the MkDocs plugin hands each entry to MkDocs
as a generated file (`pages.py`), `mkdocs-postmortems generate` writes them into
the docs folder for engines that skip MkDocs plugins. A new page or export is one
entry here.

Pages live at `folder/index.md`, so the folder of the source and the folder of
the URL agree: relative links in raw HTML then hold on engines that resolve them
against the source file (Zensical) as well as the page URL (MkDocs).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from . import charts, export, render, timeline, tracker
from .export import json_for_script, page_url, relative_url
from .library import Library, month_key, quarter_key, task_text, ticket_link
from .model import Postmortem

SERVER_ROWS = 100  # rows in the overview's HTML; the script pages through the rest from the compact index
TIMELINE_INCIDENTS = 150  # newest incidents drawn on the overview's timeline, so its HTML stays bounded
STATUSES = ("final", "review", "ongoing", "draft")
ASSETS = "assets/postmortems"  # below the site root
CSS_URI = f"{ASSETS}/postmortems.css"  # engines also add it to the site's stylesheets


@dataclass(frozen=True, slots=True)
class PageSpec:
    uri: str  # below docs_dir, e.g. postmortems/services/checkout.md
    title: str
    kind: str  # overview, trends, severity, services, service, teams, team, tag, year, actions, health
    key: str = ""


@dataclass(frozen=True, slots=True)
class Options:
    folder: str = "postmortems"
    year_pages: bool = False
    tag_pages: bool = False
    ticket_url: str = ""  # e.g. https://tracker.example.com/browse/{ticket}
    stale_after_days: int = 14


def options_from(folder: str, raw: Mapping[str, Any]) -> Options:
    """The library's options from plugin options as written in mkdocs.yml (every engine's route)."""
    try:
        stale = int(raw.get("stale_after_days", 14))
    except (TypeError, ValueError):
        stale = 14
    return Options(
        folder,
        bool(raw.get("year_pages")),
        bool(raw.get("tag_pages")),
        str(raw.get("ticket_url") or ""),
        stale,
    )


def page_specs(library: Library, options: Options) -> list[PageSpec]:
    root = options.folder
    specs = [PageSpec(f"{root}/index.md", "Incident library", "overview")]
    specs += [
        PageSpec(f"{root}/severity/{g.slug}/index.md", f"{g.key} incidents", "severity", g.key)
        for g in library.severities
    ]
    specs.append(PageSpec(f"{root}/services/index.md", "Services", "services"))
    specs += [
        PageSpec(f"{root}/services/{g.slug}/index.md", g.key, "service", g.key) for g in library.services
    ]
    specs.append(PageSpec(f"{root}/teams/index.md", "Teams", "teams"))
    specs += [PageSpec(f"{root}/teams/{g.slug}/index.md", g.key, "team", g.key) for g in library.teams]
    specs.append(PageSpec(f"{root}/trends/index.md", "Trends", "trends"))
    specs.append(PageSpec(f"{root}/action-items/index.md", "Open action items", "actions"))
    specs.append(PageSpec(f"{root}/health/index.md", "Library health", "health"))
    if options.year_pages:
        specs += [PageSpec(f"{root}/years/{g.slug}/index.md", g.key, "year", g.key) for g in library.years]
    if options.tag_pages:
        specs += [
            PageSpec(f"{root}/tags/{g.slug}/index.md", f"Tag: {g.key}", "tag", g.key) for g in library.tags
        ]
    return specs


def root_base(uri: str) -> str:
    """The relative path from a `folder/index.md` page to the site root, whatever `use_directory_urls`."""
    return "../" * uri.count("/")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|-])")


def markdown_text(text: str) -> str:
    """Markdown that prints `text` as it is: HTML escapes for markup, backslash escapes for Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def page_markdown(spec: PageSpec, lead: str, body: str) -> str:
    """A library page's Markdown: its title, the lead line, and `body` (raw HTML, or an empty slot)."""
    return f"# {markdown_text(spec.title)}\n\n{markdown_text(lead)}\n\n{body}\n"


def lead(spec: PageSpec, library: Library) -> str:
    """One line of plain text opening a library page: what search indexes besides the title."""

    def span(incidents: list[Postmortem]) -> str:
        dates = [pm.date for pm in incidents if pm.date]
        return f" from {min(dates)} to {max(dates)}" if dates else ""

    if spec.kind == "overview":
        return f"{len(library.incidents)} incidents{span(library.incidents)}, by severity and by service."
    if spec.kind == "services":
        return f"{len(library.services)} services with incidents: " + ", ".join(
            g.key for g in library.services[:20]
        )
    if spec.kind == "actions":
        counts = [len(pm.open_action_items) for pm in library.incidents]  # not open_items(): no ages
        items, incidents = sum(counts), sum(1 for n in counts if n)
        return f"{items} open action items across {incidents} incidents, by owner, team and due date."
    if spec.kind == "teams":
        return f"{len(library.teams)} teams with incidents: " + ", ".join(g.key for g in library.teams[:20])
    if spec.kind == "trends":
        return "Incidents, time to resolve and time to detect per quarter and month, by severity."
    if spec.kind == "health":
        return (
            "Drafts and reviews left open, incidents without detected or mitigated times, "
            "unowned action items."
        )
    group = library.group(spec.kind, spec.key)
    assert group is not None, spec
    what = {"severity": f"{spec.key} incidents", "service": f"incidents affecting {spec.key}",
            "team": f"incidents of team {spec.key}",
            "tag": f"incidents tagged {spec.key}", "year": f"incidents in {spec.key}"}[spec.kind]  # fmt: skip
    return f"{len(group.incidents)} {what}{span(group.incidents)}."


def filter_index(library: Library, overview_url: str) -> dict[str, Any]:
    """The compact data the overview filters: lookup tables and one short array per incident.

    Kept well under 300 bytes an incident: ids instead of names, dates as text,
    URLs relative to the overview, and no timelines (incidents.json has those).
    """
    severities = library.settings.severity_ids
    services = sorted({s for pm in library.incidents for s in pm.services}, key=str.lower)
    tags = sorted({t for pm in library.incidents for t in pm.tags}, key=str.lower)
    service_index = {name: i for i, name in enumerate(services)}
    tag_index = {name: i for i, name in enumerate(tags)}
    teams = sorted({t for pm in library.incidents for t in library.teams_of(pm)}, key=str.lower)
    team_index = {name: i for i, name in enumerate(teams)}
    # people (owners, authors, roles) once in a table: the same names recur across incidents
    people = sorted({p for pm in library.incidents for p in _people(pm)}, key=str.lower)
    person_index = {name: i for i, name in enumerate(people)}
    rows = []
    for pm in library.incidents:
        url = pm.url or ""
        link = url[len(overview_url) :] if url.startswith(overview_url) else relative_url(url, overview_url)
        day = pm.date.isoformat() if pm.date else ""
        rows.append(
            [
                pm.title or "",
                link,
                0 if day and link.startswith(day) else day,  # 0: the link starts with the date (bytes saved)
                severities.index(pm.severity) if pm.severity in severities else -1,
                [service_index[s] for s in dict.fromkeys(pm.services)],
                STATUSES.index(pm.status) if pm.status in STATUSES else 0,
                round(pm.duration.total_seconds() / 60) if pm.duration is not None else None,
                len(pm.open_action_items),
                [tag_index[t] for t in dict.fromkeys(pm.tags)],
                (pm.impact or "")[:100],
                [team_index[t] for t in library.teams_of(pm)],
                [person_index[p] for p in _people(pm)],
                " ".join(dict.fromkeys(_ticket_word(i.ticket) for i in pm.action_items if i.ticket))[:48],
            ]
        )
    return {"sev": severities, "svc": services, "st": list(STATUSES), "tag": tags, "team": teams,
            "ppl": people, "rows": rows}  # fmt: skip


def _people(pm: Postmortem) -> list[str]:
    names = [*pm.authors, pm.commander or "", *pm.responders, *(i.owner or "" for i in pm.action_items)]
    return list(dict.fromkeys(n for n in names if n))


def _ticket_word(ticket: str) -> str:
    """What text search needs of a ticket: its id, or a URL's last part (the whole URL costs bytes)."""
    return ticket.rstrip("/").rsplit("/", 1)[-1] if "://" in ticket else ticket


@dataclass(frozen=True, slots=True)
class Choices:
    """The values of each incident filter, with the links and colours the controls carry."""

    severity: list[str]
    severity_href: dict[str, str]
    severity_color: dict[str, str]
    service: list[str]
    service_href: dict[str, str]
    team: list[str]
    status: list[str]
    year: list[int]


def incident_choices(
    library: Library, incidents: list[Postmortem], base: str, url: Any, all_severities: bool = True
) -> Choices:
    settings = library.settings
    present = {pm.severity for pm in incidents}
    severities = [s for s in settings.severity_ids if all_severities or s in present]
    services = sorted({s for pm in incidents for s in pm.services}, key=str.lower)
    return Choices(
        severity=severities,
        severity_href={s: base + url("severity", s) for s in severities if url("severity", s)},
        severity_color={s: level.color for s in severities if (level := settings.severity(s))},
        service=services,
        service_href={s: base + url("service", s) for s in services if url("service", s)},
        team=sorted({t for pm in incidents for t in library.teams_of(pm)}, key=str.lower),
        status=sorted(
            {pm.status for pm in incidents}, key=lambda st: STATUSES.index(st) if st in STATUSES else 9
        ),
        year=sorted({pm.date.year for pm in incidents if pm.date}, reverse=True),
    )


def filter_script(library: Library, overview_url: str) -> str:
    """The index as a script (not JSON to fetch): it loads from file:// too, where fetch() cannot."""
    return "window.pmIndex=" + json_for_script(filter_index(library, overview_url)) + ";\n"


def published_files(
    library: Library, overview_url: str, site_url: str, site_name: str
) -> list[tuple[tuple[str, str], str, str]]:
    """Every file the library publishes besides its pages: (url key, path below the site, content).

    The url keys are LibraryRenderer's, so pages can link the files wherever an engine puts them.
    Add an export here and both engines' routes publish it.
    """
    makers = file_makers(library, overview_url, site_url, site_name)
    return [(key, path, make()) for key, path, make in makers]


def file_makers(
    library: Library, overview_url: str, site_url: str, site_name: str
) -> list[tuple[tuple[str, str], str, Callable[[], str]]]:
    """published_files, each content made only when asked: a dirty rebuild reuses unchanged ones."""
    folder = library.settings.folder
    feed = f"{folder}/feed.xml"

    def asset(name: str) -> Callable[[], str]:
        return lambda: (render.ASSETS / name).read_text("utf-8")

    return [
        (("css", ""), CSS_URI, asset("postmortems.css")),
        (("library-css", ""), f"{ASSETS}/library.css", asset("library.css")),
        (("library-js", ""), f"{ASSETS}/library.js", asset("library.js")),
        (("filter-index", ""), f"{folder}/filter-index.js", lambda: filter_script(library, overview_url)),
        (("json", ""), f"{folder}/incidents.json", lambda: export.to_json(library.incidents, indent=None)),
        (("csv", ""), f"{folder}/incidents.csv", lambda: export.to_csv(library.incidents)),
        (("feed", ""), feed, lambda: export.atom_feed(library.incidents, site_url, site_name, feed)),
    ]


GROUP_KINDS = ("severity", "service", "team", "tag", "year")  # pages listing one group's incidents


# an element whose text is not read for character references (its text must stay as it is), or
# a C1 control, which a reference cannot stand for (browsers read &#128; as the euro sign)
_NO_REFERENCES = re.compile(r"<(script|style)\b[^>]*>(?!\s*</\1\s*>)|[\x80-\x9f]", re.IGNORECASE)


def ascii_html(text: str) -> str:
    """`text` with every non-ASCII character as a character reference, which reads the same in a
    browser: Python stores a str at the width of its widest character, so a page of 7 MB with one
    dash in it takes 14 MB in each copy an engine makes while it writes the page. Left as it is
    where an inline script or style could hold such a character, or a reference would not do."""
    if text.isascii() or _NO_REFERENCES.search(text):
        return text
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _digest(*parts: bytes) -> bytes:
    return hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()


# (what an incident's record is made from: its page's content key; its URL; its teams) -> its digests
DigestMemo = dict[tuple[bytes, str, str], tuple[bytes, bytes]]


def incident_digests(
    library: Library, record_keys: Mapping[str, bytes] | None = None, memo: DigestMemo | None = None
) -> tuple[dict[int, bytes], dict[int, bytes]]:
    """Per incident (by id): a digest of what the library pages show of it (every field but the
    timeline's entries, whose detect and mitigate times are fields of the record), and one of its
    whole record (incidents.json). An edit of a timeline entry's text changes only the second.

    `record_keys` (source -> a key of everything its record is made from) lets `memo` keep the
    digests between builds: `mkdocs serve` digests only the incidents that changed. The memo is left
    holding this build's incidents only."""
    listed: dict[int, bytes] = {}
    whole: dict[int, bytes] = {}
    used: DigestMemo = {}
    for pm in library.incidents:
        teams = repr(library.teams_of(pm))
        known = record_keys.get(pm.source or "") if record_keys is not None else None
        key = (known, pm.url or "", teams) if known is not None else None
        found = memo.get(key) if key is not None and memo is not None else None
        if found is None:
            record = pm.as_record()
            timeline = record.pop("timeline")
            shown = _digest(repr(record).encode(), teams.encode())
            found = (shown, _digest(shown, repr(timeline).encode()))
        if key is not None:
            used[key] = found
        listed[id(pm)], whole[id(pm)] = found
    if memo is not None:
        memo.clear()
        memo.update(used)
    return listed, whole


def incident_links(
    library: Library, urls: dict[tuple[str, str], str], pm: Postmortem, page_url: str
) -> render.Links:
    """The library pages an incident page links to, relative to the page at `page_url`."""

    def rel(url: str) -> str:
        return relative_url(url, page_url) if url else ""

    return render.Links(
        overview=rel(urls.get(("overview", ""), "")),
        severity=rel(urls.get(("severity", pm.severity or ""), "")),
        services={name: rel(urls.get(("service", name), "")) for name in pm.services},
        teams={name: rel(urls.get(("team", name), "")) for name in library.teams_of(pm)},
        related=[(other, rel(other.url or "")) for other in library.related(pm)],
    )


class LibraryRenderer:
    def __init__(self, env: Environment, library: Library, options: Options | None = None) -> None:
        self.env = env
        self.library = library
        self.options = options or Options()
        self.urls: dict[tuple[str, str], str] = {}  # (kind, key) -> site-relative URL, set by the adapter
        self.tickets: tracker.Snapshot | None = None  # tracker status for the queue, set by the adapter
        self.rows: dict[tuple[int, str], Markup] = {}  # (id of incident, base) -> its table row

    def row(self, pm: Postmortem, base: str) -> Markup:
        """An incident's table row, rendered once for all pages at one depth: an incident shows on
        its severity's, services' and teams' pages (0.7 s of Jinja at 1,000 incidents, rendered anew)."""
        found = self.rows.get((id(pm), base))
        if found is None:
            macro = self.env.get_template("postmortems/_library.html").module.incident_row  # type: ignore[attr-defined]
            found = self.rows[(id(pm), base)] = macro(pm, base, self.url, self.library.settings, self.library)
        return found

    def url(self, kind: str, key: str = "") -> str:
        return self.urls.get((kind, key), "")

    def timeline(self, incidents: list[Postmortem], base: str) -> Markup:
        """The newest incidents on one axis, in the site's time zone and severity colours."""
        drawn = incidents[:TIMELINE_INCIDENTS]
        settings = self.library.settings
        return Markup(
            timeline.draw_library(
                drawn,
                colors={level.id: level.color for level in settings.severities},
                links={pm.source: base + (pm.url or "") for pm in drawn},
                tz=settings.timezone,
            )
        )

    def render(self, spec: PageSpec, base: str, now: datetime | None = None) -> str:
        """The page's HTML; `base` is the relative path from the page to the site root."""
        now = now or datetime.now(UTC)
        library = self.library
        settings = library.settings
        pattern = self.options.ticket_url
        context: dict[str, Any] = {
            "spec": spec,
            "library": library,
            "base": base,
            "now": now,
            "url": self.url,
            "settings": settings,
            "library_script": base + self.url("library-js"),
            "ticket": lambda ticket: ticket_link(ticket, pattern),
            "task": task_text,
            "row": lambda pm: self.row(pm, base),
            "mix": lambda counts: Markup(charts.severity_mix(counts, settings)),
            "spark": lambda counts, labels: Markup(charts.sparkline(counts, labels)),
        }
        today = now.date()
        if spec.kind == "overview":
            context.update(
                incidents=library.incidents[:SERVER_ROWS],
                monthly=Markup(charts.monthly_chart(library.per_month(), settings)),
                overview_timeline=self.timeline(library.incidents, base),
                timeline_count=min(len(library.incidents), TIMELINE_INCIDENTS),
                filter_script=base + self.url("filter-index"),
                choices=incident_choices(library, library.incidents, base, self.url),
                open_count=len(library.open_items(today)),
                comparison=library.compare(library.periods("quarter")),
            )
            return self.env.get_template("postmortems/overview.html").render(**context)
        if spec.kind in ("services", "teams"):
            groups = library.services if spec.kind == "services" else library.teams
            rows = library.service_rows(today, None if spec.kind == "services" else groups)
            info = settings.service_info
            context.update(
                rows=rows,
                quarters=library.trend_quarters(),
                teams=sorted({i["team"] for i in info.values() if "team" in i}, key=str.lower),
                tiers=sorted({i["tier"] for i in info.values() if "tier" in i}),
                row_services={
                    g.key: sorted({s for pm in g.incidents for s in pm.services}, key=str.lower)
                    for g in groups
                },
            )
            return self.env.get_template("postmortems/services.html").render(**context)
        if spec.kind == "actions":
            items = library.queue(today)
            context.update(
                items=items,
                incident_count=len({id(entry.incident) for entry in items}),
                overdue_count=sum(entry.overdue for entry in items),
                done=library.done_items(),
                tracker=self.tickets,
                age=tracker.age_text,
                choices={
                    "owner": sorted({e.item.owner for e in items if e.item.owner}, key=str.lower),
                    "team": sorted({t for e in items for t in e.teams}, key=str.lower),
                    "service": sorted({s for e in items for s in e.incident.services}, key=str.lower),
                    "severity": [
                        s for s in settings.severity_ids if any(e.incident.severity == s for e in items)
                    ],
                },
            )
            return self.env.get_template("postmortems/action_items.html").render(**context)
        if spec.kind == "trends":
            quarters, months = library.periods("quarter"), library.periods("month")
            context.update(
                quarters=quarters,
                months=months,
                by_quarter=library.compare(quarters),
                by_month=library.compare(months),
                last_open={
                    "quarter": bool(quarters) and quarter_key(today) == quarters[-1].key,
                    "month": bool(months) and month_key(today) == months[-1].key,
                },
                quarter_bars=Markup(
                    charts.period_bars([(p.key, p.by_severity) for p in quarters], settings, "quarter")
                ),
                quarter_times=Markup(charts.period_times(quarters, "quarter")),
                month_bars=Markup(
                    charts.period_bars([(p.key, p.by_severity) for p in months], settings, "month")
                ),
                month_times=Markup(charts.period_times(months, "month")),
            )
            return self.env.get_template("postmortems/trends.html").render(**context)
        if spec.kind == "health":
            context.update(
                health=library.health(self.options.stale_after_days, today),
                stale_after_days=self.options.stale_after_days,
                include_drafts=settings.include_drafts,
                teams=[g.key for g in library.teams],
            )
            return self.env.get_template("postmortems/health.html").render(**context)
        group = library.group(spec.kind, spec.key)
        assert group is not None, spec
        context.update(
            group=group,
            info=settings.service_info.get(group.key, {}) if spec.kind == "service" else {},
            choices=incident_choices(library, group.incidents, base, self.url),
            incidents=group.incidents,
            histogram=Markup(charts.histogram(group.stats.resolve_minutes)),
            group_timeline=self.timeline(group.incidents, base),
            timeline_count=min(len(group.incidents), TIMELINE_INCIDENTS),
        )
        return self.env.get_template("postmortems/group.html").render(**context)


@dataclass(frozen=True, slots=True)
class Published:
    """One page or file of the library: its path below `docs_dir`, and what it holds.

    Files carry their text; a page carries its spec and lead, and `LibrarySite.page_html`
    renders its body when an engine asks (the plugin fills it in after search has indexed
    the page, the command writes it into the Markdown).
    """

    path: str
    key: tuple[str, str]  # the renderer's url key: (kind, key) of a page, ("json", "") of a file
    spec: PageSpec | None = None  # pages only
    lead: str = ""  # pages only: one line of text for search
    make: Callable[[], str] | None = None  # files only: makes the text, when an engine asks

    @property
    def is_page(self) -> bool:
        return self.spec is not None


class LibrarySite:
    """Everything the library publishes, in one list, with the URLs pages use to link each other.

    `own_overview` is the site-relative URL of a `folder/index.md` the site wrote itself: it is
    kept and linked, and the generated overview left out.
    """

    def __init__(
        self,
        library: Library,
        env: Environment,
        options: Options,
        *,
        site_url: str = "",
        site_name: str = "",
        use_directory_urls: bool = True,
        own_overview: str | None = None,
        digests: bool = False,
        context: bytes = b"",
        record_keys: Mapping[str, bytes] | None = None,
        memo: DigestMemo | None = None,
    ) -> None:
        """With `digests`, every entry gets a digest of what it is made from (`self.digests`;
        `context`, the engine's share, goes into each): an engine that kept what it made last time
        need not make an entry whose digest is unchanged (`record_keys` and `memo`: see
        incident_digests). A file's text is made only when asked."""
        self.library = library
        self.renderer = LibraryRenderer(env, library, options)
        urls = self.renderer.urls
        specs = page_specs(library, options)
        if own_overview is not None:
            specs = [s for s in specs if s.kind != "overview"]
            urls[("overview", "")] = own_overview
        self.entries: list[Published] = []
        for spec in specs:
            self.entries.append(Published(spec.uri, (spec.kind, spec.key), spec, lead(spec, library)))
            urls[(spec.kind, spec.key)] = page_url(spec.uri, use_directory_urls)
        overview_url = urls.get(("overview", ""), "")
        makers = file_makers(library, overview_url, site_url, site_name)
        self.digests: dict[str, bytes] = {}
        self.listing = b""
        if digests:
            settings, day = library.settings.fingerprint(), library.now.date()
            paths = [p for _, p, _ in makers]
            shared = repr((sorted(urls.items()), paths, options, site_url, site_name, use_directory_urls))
            shared += repr((settings, day))
            self.digests = self.entry_digests(
                specs, [(k, p) for k, p, _ in makers], _digest(shared.encode(), context), record_keys, memo
            )
        for key, path, make in makers:
            self.entries.append(Published(path, key, make=make))
            urls[key] = path

    def entry_digests(
        self,
        specs: list[PageSpec],
        files: list[tuple[tuple[str, str], str]],
        shared: bytes,
        record_keys: Mapping[str, bytes] | None = None,
        memo: DigestMemo | None = None,
    ) -> dict[str, bytes]:
        """A digest per page and file of what it shows: the incidents it lists (a group's, or all),
        and `shared` (URLs of every page, options, settings, the day: overdue items and ages are
        by the day; "since the last incident" is recomputed by the page's script when read)."""
        library = self.library
        listed, whole = incident_digests(library, record_keys, memo)
        every = _digest(shared, *(listed[id(pm)] for pm in library.incidents))
        self.listing = every  # what every page shows of every incident, and where each page is
        out: dict[str, bytes] = {}
        for spec in specs:
            if spec.kind in GROUP_KINDS:
                group = library.group(spec.kind, spec.key)
                incidents = group.incidents if group is not None else []
                out[spec.uri] = _digest(shared, spec.uri.encode(), *(listed[id(pm)] for pm in incidents))
            else:
                out[spec.uri] = _digest(every, spec.uri.encode())
        for (kind, _), path in files:
            if kind == "json":  # the only export holding the timelines
                out[path] = _digest(shared, path.encode(), *(whole[id(pm)] for pm in library.incidents))
            elif kind in ("css", "library-css", "library-js"):
                out[path] = _digest(path.encode())  # the package's own files: they change with the code
            else:
                out[path] = _digest(every, path.encode())
        return out

    @property
    def urls(self) -> dict[tuple[str, str], str]:
        return self.renderer.urls

    @property
    def pages(self) -> list[Published]:
        return [entry for entry in self.entries if entry.is_page]

    def page_html(self, entry: Published) -> str:
        assert entry.spec is not None, entry
        return self.renderer.render(entry.spec, root_base(entry.path), self.library.now)

    def content(self, entry: Published) -> str:
        """The whole text of an entry: a page's Markdown with its HTML in place, or a file's text."""
        if entry.make is not None:
            return entry.make()
        return page_markdown(entry.spec, entry.lead, self.page_html(entry))
