"""`mkdocs serve`: problems at the top of the page, gone after the author fixes the file.

A real server on a free port on 127.0.0.1; bounded waits; the test stops the server.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BUILD_ENV, free_port
from test_site import make_site, page_text

pytestmark = pytest.mark.slow


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def test_serve_shows_problems_then_clears_them_after_a_fix(tmp_path: Path) -> None:
    good = page_text(
        "2024-01-01T10:00:00Z",
        "2024-01-01T11:00:00Z",
        "SEV2",
        "[api]",
        "Live preview",
        body_timeline="- 10:05 - Alert\n- 10:40 - Fixed",
    )
    broken = good.replace("severity: SEV2", "severity: SEV9")
    draft = page_text(
        "2024-01-02T10:00:00Z",
        "2024-01-02T11:00:00Z",
        "SEV3",
        "[api]",
        "Draft preview",
        extra="status: draft",
    )
    site = make_site(
        tmp_path,
        {
            "2024-01-01-live.md": broken,
            "2024-01-02-draft.md": draft,
            "unreadable.md": "---\ntitle: [oops\n---\n",
        },
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        env=BUILD_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/postmortems/2024-01-01-live/"
    try:
        wait_for(lambda: fetch(url) is not None, 60, "the server")
        page = fetch(url) or ""
        assert "pm-problems" in page
        assert "severity &#39;SEV9&#39; is not one of SEV1, SEV2, SEV3, SEV4" in page
        # a page that cannot be parsed at all is an error page, not a crash
        broken_page = fetch(f"http://127.0.0.1:{port}/postmortems/unreadable/") or ""
        assert "pm-problems" in broken_page and "[yaml]" in broken_page
        # drafts are previewed in serve, with a visible marker
        draft_page = fetch(f"http://127.0.0.1:{port}/postmortems/2024-01-02-draft/") or ""
        assert "pm-summary--draft" in draft_page and ">Draft<" in draft_page
        (site / "docs/postmortems/2024-01-01-live.md").write_text(good)
        wait_for(lambda: "pm-problems" not in (fetch(url) or "pm-problems"), 60, "the rebuild after the fix")
        fixed = fetch(url) or ""
        assert 'class="pm-summary' in fixed and "SEV2" in fixed
        assert server.poll() is None, "problems must never stop the server"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
