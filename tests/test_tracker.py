"""Follow-up status from trackers (issue 17): a local HTTP server answers like GitHub, GitLab and Jira.

Never the network: every source points at http.server on 127.0.0.1, which records what it was
asked and can fail, rate-limit or hang. Bounds are asserted on what happened (requests made,
requests abandoned), never on elapsed seconds.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from mkdocs_postmortems import tracker
from mkdocs_postmortems.settings import SettingsError


@dataclass
class Answer:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to hang before answering (longer than the client's timeout)


class FakeTracker:
    """Routes (path with query) -> Answer; records each request's path and headers."""

    def __init__(self) -> None:
        self.routes: dict[str, Answer] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.abandoned: list[str] = []  # hung requests whose client went away
        self.release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                answer = owner.routes.get(self.path, Answer(404, {"message": "Not Found"}))
                if answer.delay and owner.release.wait(answer.delay) is False:
                    owner.abandoned.append(self.path)
                data = json.dumps(answer.body).encode()
                try:
                    self.send_response(answer.status)
                    for key, value in answer.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up: that is the point of a timeout

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def paths(self) -> list[str]:
        return [path for path, _ in self.seen]

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake() -> Iterator[FakeTracker]:
    server = FakeTracker()
    yield server
    server.close()


def settings(url: str, **overrides: Any) -> tracker.TrackerSettings:
    raw: dict[str, Any] = {
        "sources": [
            {"type": "github", "api": url, "repo": "acme/shop", "token_env": "PM_TEST_GH"},
            {"type": "gitlab", "api": url + "/api/v4", "project": "acme/infra", "token_env": "PM_TEST_GL"},
            {"type": "jira", "url": url, "projects": ["OPS"], "token_env": "PM_TEST_JIRA"},
        ],
        "timeout": 5,
        "request_timeout": 0.3,
        "max_requests": 20,
        **overrides,
    }
    return tracker.tracker_settings(raw)


GH = "/repos/acme/shop/issues/"
GL = "/api/v4/projects/acme%2Finfra/issues/"
JIRA = "/rest/api/2/issue/{}?fields=status"
ENV = {"PM_TEST_GH": "gh-token", "PM_TEST_GL": "gl-token", "PM_TEST_JIRA": "jira-token"}


def jira(name: str, category: str) -> dict[str, Any]:
    return {"key": "x", "fields": {"status": {"name": name, "statusCategory": {"key": category}}}}


# ---------------------------------------------------------------- configuration and references


def test_a_token_in_the_config_is_refused() -> None:
    with pytest.raises(SettingsError, match="token_env"):
        tracker.tracker_settings({"sources": [{"type": "github", "repo": "a/b", "token": "ghp_x"}]})


def test_bad_sources_are_said_in_config_words() -> None:
    with pytest.raises(SettingsError, match="type"):
        tracker.tracker_settings({"sources": [{"type": "bugzilla"}]})
    with pytest.raises(SettingsError, match="repo"):
        tracker.tracker_settings({"sources": [{"type": "github"}]})
    with pytest.raises(SettingsError, match="timeout"):
        tracker.tracker_settings({"sources": [], "timeout": "soon"})
    assert not tracker.tracker_settings({}).enabled


def test_tickets_resolve_to_their_tracker() -> None:
    shot = settings("https://gitlab.example.com")
    github, gitlab, jira_source = shot.sources

    def where(ticket: str) -> tuple[str, str] | None:
        ref = tracker.resolve(ticket, shot.sources)
        return (ref.source.kind, ref.id) if ref else None

    assert where("#2226") == ("github", "2226")
    assert where("acme/infra#7") == ("gitlab", "7")
    assert where("https://github.com/acme/shop/issues/12") == ("github", "12")
    assert where("https://github.com/acme/shop/pull/13") == ("github", "13")
    assert where("https://github.com/other/repo/issues/12") is None
    assert where("https://gitlab.example.com/acme/infra/-/issues/4") == ("gitlab", "4")
    assert where("OPS-231") == ("jira", "OPS-231")
    assert where("https://gitlab.example.com/browse/OPS-9") == ("jira", "OPS-9")
    assert where("SEC-1") is None  # not one of the Jira source's projects
    assert where("javascript:alert(1)") is None
    assert github.kind == "github" and gitlab.kind == "gitlab" and jira_source.kind == "jira"


# ---------------------------------------------------------------- answers


def test_each_api_is_asked_with_its_token_from_the_environment(fake: FakeTracker, tmp_path: Path) -> None:
    fake.routes[GH + "12"] = Answer(body={"state": "closed", "state_reason": "completed"})
    fake.routes[GL + "4"] = Answer(body={"state": "opened"})
    fake.routes[JIRA.format("OPS-231")] = Answer(body=jira("Done", "done"))
    fake.routes[JIRA.format("OPS-232")] = Answer(body=jira("In Progress", "indeterminate"))
    shot = tracker.snapshot(
        ["#12", "acme/infra#4", "OPS-231", "OPS-232", "not a ticket", None],
        settings(fake.url),
        tmp_path,
        environ=ENV,
    )
    assert shot.asked == shot.answered == 4
    assert shot.status("#12") == tracker.Status("done", "closed (completed)", shot.now)
    assert shot.status("acme/infra#4").state == "open"  # type: ignore[union-attr]
    assert shot.status("OPS-231").label == "Done"  # type: ignore[union-attr]
    assert shot.status("OPS-232").state == "open"  # type: ignore[union-attr]
    assert shot.is_mismatch("#12", "open") and not shot.is_mismatch("OPS-232", "open")
    headers = dict(fake.seen)
    assert headers[GH + "12"]["authorization"] == "Bearer gh-token"
    assert headers[GL + "4"]["private-token"] == "gl-token"
    assert headers[JIRA.format("OPS-231")]["authorization"] == "Bearer jira-token"
    cached = json.loads((tmp_path / ".cache/mkdocs-postmortems" / tracker.CACHE_FILE).read_text())
    assert len(cached["tickets"]) == 4
    assert "gh-token" not in json.dumps(cached)  # the cache holds statuses, never tokens


def test_jira_cloud_uses_basic_auth_with_the_user_variable(fake: FakeTracker, tmp_path: Path) -> None:
    fake.routes[JIRA.format("OPS-1")] = Answer(body=jira("Closed", "done"))
    raw = {"sources": [{"type": "jira", "url": fake.url, "token_env": "T", "user_env": "U"}]}
    tracker.snapshot(["OPS-1"], tracker.tracker_settings(raw), tmp_path, environ={"T": "tok", "U": "me@x"})
    assert fake.seen[0][1]["authorization"] == "Basic bWVAeDp0b2s="  # base64("me@x:tok")


def test_errors_keep_the_last_snapshot_and_its_age(fake: FakeTracker, tmp_path: Path) -> None:
    fake.routes[GH + "1"] = Answer(body={"state": "closed"})
    fake.routes[GH + "2"] = Answer(body={"state": "open"})
    first = datetime(2026, 1, 1, tzinfo=UTC)
    tracker.snapshot(["#1", "#2"], settings(fake.url), tmp_path, now=first, environ=ENV)
    fake.routes[GH + "1"] = Answer(500, {"message": "oops"})
    fake.routes[GH + "2"] = Answer(200, "<html>not json</html>")
    later = first + timedelta(days=2)
    shot = tracker.snapshot(["#1", "#2"], settings(fake.url), tmp_path, now=later, environ=ENV)
    assert shot.asked == 2 and shot.answered == 0
    assert shot.status("#1") is not None and shot.status("#1").fetched == first  # type: ignore[union-attr]
    assert tracker.age_text(shot.status("#1").age(later)) == "2 d ago"  # type: ignore[union-attr]
    assert any("HTTP 500" in note for note in shot.notes)
    assert any("unexpected answer" in note for note in shot.notes)


def test_a_fresh_snapshot_is_not_asked_again(fake: FakeTracker, tmp_path: Path) -> None:
    fake.routes[GH + "1"] = Answer(body={"state": "open"})
    now = datetime(2026, 1, 1, tzinfo=UTC)
    tracker.snapshot(["#1"], settings(fake.url), tmp_path, now=now, environ=ENV)
    tracker.snapshot(["#1"], settings(fake.url), tmp_path, now=now + timedelta(minutes=5), environ=ENV)
    assert len(fake.seen) == 1  # refresh_minutes (60) had not passed
    tracker.snapshot(["#1"], settings(fake.url), tmp_path, now=now + timedelta(hours=2), environ=ENV)
    assert len(fake.seen) == 2


def test_a_rate_limit_stops_asking_that_tracker(fake: FakeTracker, tmp_path: Path) -> None:
    for n in range(1, 6):
        fake.routes[GH + str(n)] = Answer(429, {"message": "slow down"}, {"Retry-After": "60"})
    fake.routes[JIRA.format("OPS-1")] = Answer(body=jira("Done", "done"))
    shot = tracker.snapshot(["#1", "#2", "#3", "#4", "#5", "OPS-1"], settings(fake.url), tmp_path,
                            environ=ENV)  # fmt: skip
    github = [p for p in fake.paths() if p.startswith(GH)]
    assert len(github) == 1  # one 429, then no more requests to GitHub in this build
    assert shot.status("OPS-1") is not None  # other trackers are still asked
    assert any("rate limited" in note for note in shot.notes)


def test_githubs_403_rate_limit_counts_as_one(fake: FakeTracker, tmp_path: Path) -> None:
    fake.routes[GH + "1"] = Answer(
        403, {"message": "API rate limit exceeded"}, {"x-ratelimit-remaining": "0"}
    )
    shot = tracker.snapshot(["#1", "#2"], settings(fake.url), tmp_path, environ=ENV)
    assert len(fake.seen) == 1 and "rate limited" in " ".join(shot.notes)


def test_a_hanging_tracker_is_abandoned_at_the_timeout(fake: FakeTracker, tmp_path: Path) -> None:
    for n in range(1, 4):
        fake.routes[GH + str(n)] = Answer(body={"state": "open"}, delay=30)
    shot = tracker.snapshot(["#1", "#2", "#3"], settings(fake.url), tmp_path, environ=ENV)
    assert len(fake.seen) == 1  # a timeout stops that tracker: one hang per build, not one per ticket
    assert shot.answered == 0 and shot.status("#1") is None
    assert any("no answer within 0.3 s" in note for note in shot.notes)


def test_the_total_time_bound_stops_further_requests(fake: FakeTracker, tmp_path: Path) -> None:
    fake.routes[GH + "1"] = Answer(body={"state": "open"})
    fake.routes[GH + "2"] = Answer(body={"state": "open"})
    ticks = iter([0.0, 0.0, 100.0, 100.0, 100.0])  # a clock that jumps past the bound after one request
    shot = tracker.snapshot(["#1", "#2"], settings(fake.url), tmp_path, environ=ENV,
                            clock=lambda: next(ticks))  # fmt: skip
    assert fake.paths() == [GH + "1"] and shot.answered == 1
    assert any("1 ticket(s) not refreshed" in note for note in shot.notes)


def test_the_request_count_is_bounded(fake: FakeTracker, tmp_path: Path) -> None:
    for n in range(1, 11):
        fake.routes[GH + str(n)] = Answer(body={"state": "open"})
    tickets = [f"#{n}" for n in range(1, 11)]
    shot = tracker.snapshot(tickets, settings(fake.url, max_requests=3), tmp_path, environ=ENV)
    assert len(fake.seen) == 3 == shot.asked
    # the next build asks the tickets never asked before the ones it already knows
    shot = tracker.snapshot(tickets, settings(fake.url, max_requests=3, refresh_minutes=0), tmp_path,
                            environ=ENV)  # fmt: skip
    assert len({p for p in fake.paths()}) == 6


def test_an_offline_tracker_costs_one_refused_connection(tmp_path: Path) -> None:
    server = FakeTracker()
    url = server.url
    server.close()  # nothing listens there now
    shot = tracker.snapshot(["#1", "#2", "OPS-3"], settings(url), tmp_path, environ=ENV)
    assert shot.asked == 2 and shot.answered == 0  # one per tracker, then that tracker is skipped
    assert all("unreachable" in note for note in shot.notes)


def test_an_unwritable_cache_never_fails(fake: FakeTracker, tmp_path: Path) -> None:
    fake.routes[GH + "1"] = Answer(body={"state": "open"})
    (tmp_path / "blocked").write_text("a file where the cache folder would be")
    shot = tracker.snapshot(["#1"], settings(fake.url, cache_dir="blocked/cache"), tmp_path, environ=ENV)
    assert shot.status("#1") is not None
    (tmp_path / "bad.json").write_text("{not json")
    assert tracker.read_cache(tmp_path / "bad.json") == {}


# ---------------------------------------------------------------- in a site build


def tracker_site(tmp: Path, url: str, extra: str = "") -> Path:
    from test_site import make_site, page_text

    body = page_text("2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z", "SEV2", "[checkout]", "Checkout")
    body = body.replace(
        "- [ ] Fix it @owner (OPS-1)", "- [ ] Fix it @owner #12\n- [ ] Add alerts @ann OPS-231\n"
    )
    options = (
        "tracker:\n"
        f"  sources:\n    - {{type: github, api: '{url}', repo: acme/shop, token_env: PM_TEST_GH}}\n"
        f"    - {{type: jira, url: '{url}', projects: [OPS], token_env: PM_TEST_JIRA}}\n"
        f"  request_timeout: 0.3\n  timeout: 2\n{extra}"
    )
    return make_site(tmp, {"2024-05-01-checkout.md": body}, options)


@pytest.mark.slow
def test_the_queue_shows_tracker_status_and_mismatches(fake: FakeTracker, tmp_path: Path) -> None:
    from conftest import mkdocs

    fake.routes[GH + "12"] = Answer(body={"state": "closed", "state_reason": "completed"})
    fake.routes[JIRA.format("OPS-231")] = Answer(body=jira("In Progress", "indeterminate"))
    site = tracker_site(tmp_path, fake.url)
    mkdocs("build", "--strict", "-q", cwd=site)
    page = (site / "site/postmortems/action-items/index.html").read_text()
    assert "done in the tracker, open here" in page and page.count("data-pm-mismatch") == 1
    assert "In Progress" in page and 'data-pm-figure="mismatch">1<' in page
    assert (site / ".cache/mkdocs-postmortems" / tracker.CACHE_FILE).is_file()
    fake.routes[GH + "12"] = Answer(body={}, delay=30)  # the tracker now hangs
    fake.routes[JIRA.format("OPS-231")] = Answer(body={}, delay=30)
    fake.seen.clear()
    mkdocs("build", "--strict", "-q", cwd=site)  # refresh_minutes not passed: the cache answers
    assert fake.seen == []
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text().replace(
        "timeout: 2\n", "timeout: 2\n        refresh_minutes: 0\n"))  # fmt: skip
    result = mkdocs("build", "--strict", cwd=site)  # every ticket is stale: asked, and the tracker hangs
    assert result.returncode == 0
    assert len(fake.seen) == 2 and "no answer within 0.3 s" in result.stderr
    page = (site / "site/postmortems/action-items/index.html").read_text()
    assert "done in the tracker, open here" in page  # the last snapshot, with its age
    assert 'class="pm-age"' in page


@pytest.mark.slow
def test_a_token_in_mkdocs_yml_fails_the_build_with_a_clear_message(tmp_path: Path) -> None:
    from conftest import mkdocs
    from test_site import make_site

    site = make_site(tmp_path, {}, "tracker:\n  sources:\n    - {type: github, repo: a/b, token: ghp_x}\n")
    result = mkdocs("build", cwd=site, check=False)
    assert result.returncode != 0 and "token_env" in result.stderr and "Traceback" not in result.stderr
