"""Follow-up status from issue trackers: a bounded, cached snapshot of ticket status.

Action items name tickets (`OPS-231`, `#2226`, issue URLs); their status in the
Markdown goes stale. At build time this module asks GitHub, GitLab or Jira for the
status of the tickets of open action items, within a fixed number of requests and a
fixed time, and keeps what it learns in a JSON file with the time of each answer.

A build never fails or waits beyond the bound because of a tracker: a ticket that
cannot be asked keeps its last snapshot (with its age), or has none, and the page
then shows the Markdown status. Tokens come from environment variables named in the
config, never from the config itself (mkdocs.yml is committed; secrets are not).

Pure standard library (urllib): no MkDocs, no third-party HTTP client.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .settings import SettingsError

if TYPE_CHECKING:  # urllib.request brings ssl and http.client (~3 MiB): imported by a build that asks
    import urllib.request

KINDS = ("github", "gitlab", "jira")
DEFAULT_API = {"github": "https://api.github.com", "gitlab": "https://gitlab.com/api/v4"}
CACHE_FILE = "tracker-status.json"
CACHE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Source:
    """One tracker: where its API is, which tickets are its, and which variable holds its token."""

    kind: str  # github, gitlab, jira
    api: str  # API root: https://api.github.com, https://gitlab.example.com/api/v4, https://jira.example.com
    project: str = ""  # github: owner/repo; gitlab: group/project; jira: unused
    keys: tuple[str, ...] = ()  # jira: project keys it answers for (empty: every KEY-123)
    web: str = ""  # jira/gitlab: the web host in ticket URLs (default: the API's host)
    token_env: str = ""
    user_env: str = ""  # jira cloud: the account e-mail for basic auth, with the token as password


@dataclass(frozen=True, slots=True)
class TrackerSettings:
    sources: tuple[Source, ...] = ()
    timeout: float = 10.0  # seconds for the whole snapshot, every request included
    request_timeout: float = 3.0  # seconds for one request
    max_requests: int = 50  # requests per build, whatever the number of tickets
    refresh_minutes: int = 60  # a snapshot younger than this is not asked again
    cache_dir: str = ".cache/mkdocs-postmortems"  # relative to the directory holding mkdocs.yml

    @property
    def enabled(self) -> bool:
        return bool(self.sources)


def _number(raw: Mapping[str, Any], name: str, default: float, minimum: float) -> float:
    value = raw.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise SettingsError(f"postmortems: tracker option '{name}' must be a number >= {minimum}")
    return float(value)


def tracker_settings(raw: Any) -> TrackerSettings:
    """The `tracker` plugin option, checked; an empty or missing option turns the snapshot off."""
    if not raw:
        return TrackerSettings()
    if not isinstance(raw, Mapping):
        raise SettingsError("postmortems: 'tracker' is a mapping (sources, timeout, max_requests, ...)")
    entries = raw.get("sources") or []
    if not isinstance(entries, list):
        raise SettingsError("postmortems: tracker 'sources' is a list of {type, ...} mappings")
    sources = []
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("type") not in KINDS:
            raise SettingsError(
                f"postmortems: every tracker source needs a 'type': one of {', '.join(KINDS)}"
            )
        if "token" in entry:  # mkdocs.yml is committed: a token there is a leaked token
            raise SettingsError(
                "postmortems: never put a tracker token in mkdocs.yml; name the environment "
                "variable holding it in 'token_env'"
            )
        kind = str(entry["type"])
        api = str(entry.get("api") or entry.get("url") or DEFAULT_API.get(kind, "")).rstrip("/")
        if not re.match(r"https?://", api):
            raise SettingsError(f"postmortems: tracker source '{kind}' needs an http(s) 'api' (or 'url')")
        project = str(entry.get("repo") or entry.get("project") or "").strip("/")
        if kind in ("github", "gitlab") and "/" not in project:
            field_name = "repo" if kind == "github" else "project"
            raise SettingsError(f"postmortems: tracker source '{kind}' needs '{field_name}: owner/name'")
        keys = entry.get("projects") or entry.get("keys") or []
        keys = [keys] if isinstance(keys, str) else keys
        sources.append(
            Source(
                kind=kind,
                api=api,
                project=project,
                keys=tuple(str(k).upper() for k in keys),
                web=str(entry.get("web") or "").rstrip("/"),
                token_env=str(entry.get("token_env") or ""),
                user_env=str(entry.get("user_env") or ""),
            )
        )
    return TrackerSettings(
        sources=tuple(sources),
        timeout=_number(raw, "timeout", 10.0, 0.05),
        request_timeout=_number(raw, "request_timeout", 3.0, 0.05),
        max_requests=int(_number(raw, "max_requests", 50, 0)),
        refresh_minutes=int(_number(raw, "refresh_minutes", 60, 0)),
        cache_dir=str(raw.get("cache_dir") or ".cache/mkdocs-postmortems"),
    )


# ---------------------------------------------------------------- which tracker a ticket is in


@dataclass(frozen=True, slots=True)
class Ref:
    source: Source
    id: str  # the issue number (github, gitlab) or key (jira)

    @property
    def key(self) -> str:
        """The cache key: stable across builds, one per ticket whatever way it was written."""
        return f"{self.source.kind}:{self.source.api}:{self.source.project}:{self.id}"


_JIRA_KEY = re.compile(r"^([A-Z][A-Z0-9_]+)-(\d+)$")
_HASH = re.compile(r"^(?:([\w.-]+/[\w.-]+))?#(\d+)$")


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].lower()


def resolve(ticket: str | None, sources: Iterable[Source]) -> Ref | None:
    """The tracker and id of a ticket as written in an action item; None when no source claims it."""
    if not ticket:
        return None
    text = ticket.strip()
    sources = list(sources)
    for source in sources:
        if source.kind == "github":
            found = re.match(r"https?://[^/]+/([\w.-]+/[\w.-]+)/(?:issues|pull)/(\d+)", text)
            if found and found.group(1).lower() == source.project.lower():
                return Ref(source, found.group(2))
        elif source.kind == "gitlab":
            found = re.match(r"https?://([^/]+)/(.+?)/-/(?:issues|merge_requests)/(\d+)", text)
            host = _host(source.web or source.api)
            if found and found.group(1).lower() == host and found.group(2).lower() == source.project.lower():
                return Ref(source, found.group(3))
        else:
            found = re.match(r"https?://([^/]+)/browse/([A-Za-z][\w]+-\d+)", text)
            if found and found.group(1).lower() == _host(source.web or source.api):
                return Ref(source, found.group(2).upper())
    short = _HASH.match(text)
    if short:  # `#123` is the first GitHub or GitLab source's; `owner/repo#123` the one with that repo
        for source in sources:
            if source.kind in ("github", "gitlab") and (
                short.group(1) is None or short.group(1).lower() == source.project.lower()
            ):
                return Ref(source, short.group(2))
    key = _JIRA_KEY.match(text.upper()) if re.match(r"^[A-Za-z][\w]+-\d+$", text) else None
    if key:
        for source in sources:
            if source.kind == "jira" and (not source.keys or key.group(1) in source.keys):
                return Ref(source, text.upper())
    return None


# ---------------------------------------------------------------- asking the APIs


@dataclass(frozen=True, slots=True)
class Status:
    state: str  # open or done
    label: str  # the tracker's own word: closed, opened, In Progress, Done
    fetched: datetime  # when the tracker said so

    def age(self, now: datetime) -> timedelta:
        return max(now - self.fetched, timedelta(0))

    def as_dict(self) -> dict[str, str]:
        return {"state": self.state, "label": self.label, "fetched": self.fetched.isoformat()}


class TrackerError(Exception):
    """One request that gave no status; `stop` when asking this tracker again now is pointless."""

    def __init__(self, message: str, stop: bool = False) -> None:
        super().__init__(message)
        self.stop = stop


def request_for(ref: Ref, environ: Mapping[str, str]) -> urllib.request.Request:
    import urllib.request

    source = ref.source
    headers = {"Accept": "application/json", "User-Agent": "mkdocs-postmortems"}
    token = environ.get(source.token_env, "") if source.token_env else ""
    if source.kind == "github":
        url = f"{source.api}/repos/{source.project}/issues/{ref.id}"
        headers["Accept"] = "application/vnd.github+json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
    elif source.kind == "gitlab":
        url = f"{source.api}/projects/{quote(source.project, safe='')}/issues/{ref.id}"
        if token:
            headers["PRIVATE-TOKEN"] = token
    else:
        url = f"{source.api}/rest/api/2/issue/{quote(ref.id)}?fields=status"
        user = environ.get(source.user_env, "") if source.user_env else ""
        if token and user:  # Jira Cloud: e-mail and API token
            import base64

            pair = base64.b64encode(f"{user}:{token}".encode()).decode()
            headers["Authorization"] = f"Basic {pair}"
        elif token:  # Jira Data Center: a personal access token
            headers["Authorization"] = f"Bearer {token}"
    return urllib.request.Request(url, headers=headers)


def status_from(kind: str, data: Any, now: datetime) -> Status:
    """The state of a ticket from an API's JSON answer."""
    if not isinstance(data, dict):
        raise TrackerError("unexpected answer (not a JSON object)")
    if kind in ("github", "gitlab"):
        state = data.get("state")
        if state not in ("open", "opened", "closed", "merged", "locked"):
            raise TrackerError("unexpected answer (no state)")
        reason = data.get("state_reason")
        label = f"closed ({reason.replace('_', ' ')})" if state == "closed" and reason else str(state)
        return Status("done" if state in ("closed", "merged") else "open", label, now)
    status = (data.get("fields") or {}).get("status") if isinstance(data.get("fields"), dict) else None
    if not isinstance(status, dict) or not isinstance(status.get("name"), str):
        raise TrackerError("unexpected answer (no fields.status)")
    category = status.get("statusCategory") if isinstance(status.get("statusCategory"), dict) else {}
    done = category.get("key") == "done" if category.get("key") else status["name"].lower() in (
        "done", "closed", "resolved")  # fmt: skip
    return Status("done" if done else "open", status["name"][:40], now)


def fetch(ref: Ref, timeout: float, environ: Mapping[str, str], now: datetime) -> Status:
    """One request; TrackerError for anything but a usable answer (never another exception)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(request_for(ref, environ), timeout=timeout) as answer:
            body = answer.read(1_000_000)  # an issue's JSON is small: a bound on what we hold
    except urllib.error.HTTPError as exc:
        limited = exc.code == 429 or (
            exc.code == 403
            and (exc.headers.get("x-ratelimit-remaining") == "0" or "retry-after" in exc.headers)
        )
        if limited:  # asking again now only spends the quota: stop for this build
            raise TrackerError(f"rate limited (HTTP {exc.code})", stop=True) from None
        if exc.code in (401, 403):
            raise TrackerError(
                f"HTTP {exc.code}: check the token in ${ref.source.token_env}", stop=True
            ) from None
        raise TrackerError(f"HTTP {exc.code}") from None
    except TimeoutError:
        raise TrackerError(f"no answer within {timeout:g} s", stop=True) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TrackerError(f"unreachable ({reason})", stop=True) from None
    try:
        data = json.loads(body)
    except ValueError:
        raise TrackerError("unexpected answer (not JSON)") from None
    return status_from(ref.source.kind, data, now)


# ---------------------------------------------------------------- the snapshot


@dataclass(slots=True)
class Snapshot:
    """What is known of each ticket, and what happened while asking this time."""

    statuses: dict[str, Status] = field(default_factory=dict)  # Ref.key -> status
    refs: dict[str, Ref] = field(default_factory=dict)  # ticket as written -> its ref
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    asked: int = 0  # requests made
    answered: int = 0
    notes: list[str] = field(default_factory=list)  # one line per tracker that failed, for the log
    fresh: set[str] = field(default_factory=set)  # keys answered in this build

    def status(self, ticket: str | None) -> Status | None:
        ref = self.refs.get(ticket or "")
        return self.statuses.get(ref.key) if ref else None

    def is_mismatch(self, ticket: str | None, markdown_status: str) -> bool:
        """Done in the tracker but open in the postmortem (or the other way round)."""
        found = self.status(ticket)
        return found is not None and found.state != markdown_status

    def oldest(self) -> datetime | None:
        used = [self.statuses[r.key] for r in self.refs.values() if r.key in self.statuses]
        return min((s.fetched for s in used), default=None)


def read_cache(path: Path) -> dict[str, Status]:
    """The last snapshot; empty when absent, unreadable or of another version (never an exception)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    tickets = data.get("tickets") if isinstance(data, dict) and data.get("version") == CACHE_VERSION else None
    out: dict[str, Status] = {}
    for key, value in (tickets if isinstance(tickets, dict) else {}).items():
        try:
            fetched = datetime.fromisoformat(value["fetched"])
            if fetched.tzinfo is None:
                continue
            out[str(key)] = Status(str(value["state"]), str(value["label"]), fetched)
        except (KeyError, TypeError, ValueError):
            continue
    return out


def write_cache(path: Path, statuses: Mapping[str, Status]) -> None:
    """Replace the cache in one step; a read-only disk costs the cache, never the build."""
    data = {"version": CACHE_VERSION, "tickets": {k: v.as_dict() for k, v in sorted(statuses.items())}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        os.replace(temporary, path)
    except OSError:
        pass


Fetcher = Callable[[Ref, float, Mapping[str, str], datetime], Status]


def snapshot(
    tickets: Iterable[str | None],
    settings: TrackerSettings,
    root: Path,
    *,
    now: datetime | None = None,
    environ: Mapping[str, str] | None = None,
    fetcher: Fetcher = fetch,
    clock: Callable[[], float] = time.monotonic,
) -> Snapshot:
    """Status of `tickets`: the cache, refreshed where stale, within the request and time bounds.

    Tickets are asked stalest first, so a bound too small for all of them still moves every
    ticket forward over successive builds. A tracker that times out, refuses or rate-limits
    is not asked again in this build.
    """
    now = now or datetime.now(UTC)
    environ = os.environ if environ is None else environ
    cache_path = (root / settings.cache_dir / CACHE_FILE).resolve()
    shot = Snapshot(read_cache(cache_path), now=now)
    for ticket in dict.fromkeys(t for t in tickets if t):
        ref = resolve(ticket, settings.sources)
        if ref is not None:
            shot.refs[ticket] = ref
    refresh = timedelta(minutes=settings.refresh_minutes)
    due = {r.key: r for r in shot.refs.values() if r.key not in shot.statuses or
           now - shot.statuses[r.key].fetched >= refresh}  # fmt: skip
    order = sorted(due.values(), key=lambda r: (r.key in shot.statuses, shot.statuses[r.key].fetched
                   if r.key in shot.statuses else now))  # fmt: skip
    deadline = clock() + settings.timeout
    stopped: dict[Source, str] = {}
    for index, ref in enumerate(order):
        if ref.source in stopped:
            continue
        left = deadline - clock()
        if shot.asked >= settings.max_requests or left <= 0:
            skipped = sum(r.source not in stopped for r in order[index:])
            shot.notes.append(
                f"{skipped} ticket(s) not refreshed: the bound of {settings.max_requests} requests "
                f"or {settings.timeout:g} s was reached"
            )
            break
        shot.asked += 1
        try:
            shot.statuses[ref.key] = fetcher(ref, min(settings.request_timeout, left), environ, now)
            shot.answered += 1
            shot.fresh.add(ref.key)
        except TrackerError as exc:
            if exc.stop:
                stopped[ref.source] = str(exc)
            else:
                shot.notes.append(f"{ref.source.kind} {ref.id}: {exc}")
    for source, why in stopped.items():
        shot.notes.append(f"{source.kind} {source.project or source.api}: {why}; last snapshot kept")
    if shot.answered:
        write_cache(cache_path, shot.statuses)
    return shot


def age_text(age: timedelta) -> str:
    """`just now`, `5 min`, `3 h`, `2 d`: how old a status is, for a page."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} d ago"
