"""Incidents inside service docs (issue 17, part 2): the `<!-- postmortems ... -->` block.

The core is tested on a hand-made library; then the block is built on MkDocs (the plugin) and on
Zensical (the extension), from a docs page outside the postmortems folder.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from conftest import BUILD_ENV, mkdocs
from mkdocs_postmortems import embed
from mkdocs_postmortems.library import Library
from mkdocs_postmortems.model import ActionItem, Postmortem
from mkdocs_postmortems.settings import Settings

NOW = datetime(2024, 7, 1, tzinfo=UTC)


def incident(
    name: str, day: int, minutes: int, severity: str, services: list[str], **extra: object
) -> Postmortem:
    started = datetime(2024, 6, day, 10, 0, tzinfo=UTC)
    return Postmortem(
        source=f"postmortems/{name}.md",
        title=str(extra.pop("title", name)),
        severity=severity,
        services=services,
        started=started,
        ended=started + timedelta(minutes=minutes),
        url=f"postmortems/{name}/",
        **extra,
    )  # type: ignore[arg-type]


def library() -> Library:
    settings = Settings(services=("api", "db", "quiet"), service_info={"db": {"team": "data"}})
    return Library(
        [
            incident("a", 1, 10, "SEV3", ["api"]),
            incident("b", 5, 30, "SEV1", ["api", "db"], tags=["database"]),
            incident("c", 10, 600, "SEV2", ["db"], action_items=[
                ActionItem("later <b>fix</b>", owner="ann", due=date(2024, 8, 1), ticket="OPS-2"),
                ActionItem("overdue fix", due=date(2024, 6, 20)),
                ActionItem("done one", status="done")]),
            incident("d", 20, 120, "SEV2", ["api", "db"], title="<script>alert(1)</script>"),
        ],
        settings,
        NOW,
    )  # fmt: skip


URLS = {("service", "db"): "postmortems/services/db/"}


def titles(html: str) -> list[str]:
    return re.findall(r'href="[^"]*postmortems/(\w)/"', html)


def test_a_service_block_lists_newest_first_limited_with_links_relative_to_the_page() -> None:
    block = embed.parse('service="db" limit=2', 0)
    done = embed.render(library(), block, "services/db-runbook/", URLS)
    assert done.problem is None
    assert titles(done.html) == ["d", "c", "c", "c"]  # two incidents, then each open item's incident
    assert "2 of 3" in done.html
    assert 'href="../../postmortems/d/"' in done.html  # relative to the page URL
    assert 'href="../../postmortems/services/db/">db</a>' in done.html
    assert "&lt;script&gt;" in done.html and "<script>" not in done.html  # titles are escaped
    assert "later &lt;b&gt;fix&lt;/b&gt;" in done.html
    # open items: overdue first, then by due date; done items never
    assert done.html.index("overdue fix") < done.html.index("later &lt;b&gt;fix")
    assert "done one" not in done.html and "(overdue)" in done.html
    assert "\n" not in done.html  # one raw HTML line: no blank line can split it


@pytest.mark.parametrize(
    ("sort", "order"),
    [("newest", "dcb"), ("oldest", "bcd"), ("severity", "bdc"), ("duration", "cdb")],
)
def test_sorting(sort: str, order: str) -> None:
    done = embed.render(library(), embed.parse(f"service=db sort={sort} show=incidents", 0), "", {})
    assert "".join(titles(done.html)) == order
    assert "Open action items" not in done.html


def test_team_and_tag_blocks_and_a_catalog_service_without_incidents() -> None:
    lib = library()
    team = embed.render(lib, embed.parse("team=data show=incidents", 0), "", {})
    assert set(titles(team.html)) == {"b", "c", "d"}  # through the catalog's owner of db
    tag = embed.render(lib, embed.parse("tag=database", 0), "", {})
    assert titles(tag.html) == ["b"] and "No open action items." in tag.html
    quiet = embed.render(lib, embed.parse("service=quiet", 0), "", {})
    assert quiet.problem is None and "No incidents recorded." in quiet.html


def test_an_unknown_name_or_option_is_a_problem_with_a_suggestion() -> None:
    lib = library()
    unknown = embed.render(lib, embed.parse('service="dbb"', 0), "", {})
    assert unknown.problem is not None and "did you mean 'db'" in unknown.problem
    assert "pm-embed--problem" in unknown.html
    for args, words in [
        ("service=db sort=recent", "sort 'recent'"),
        ("service=db limit=0", "limit '0'"),
        ("service=db limt=3", "did you mean 'limit'"),
        ("service=db team=data", "not both"),
        ("", "name a service"),
        ('service="db', "cannot read"),
    ]:
        done = embed.render(lib, embed.parse(args, 0), "", {})
        assert done.problem is not None and words in done.problem, (args, done.problem)


def test_directives_in_fenced_code_stay_text_and_problems_name_the_line() -> None:
    text = (
        "# Runbook\n\n```markdown\n<!-- postmortems service=nope -->\n```\n\n"
        "<!-- postmortems service=db -->\n\ntext\n\n<!-- postmortems service=nope -->\n"
    )
    out, problems = embed.replace_blocks(text, library(), "runbook/", {}, "docs/runbook.md")
    assert "<!-- postmortems service=nope -->\n```" in out  # the fenced example is left alone
    assert out.count('class="pm-embed"') == 1
    assert [str(p) for p in problems] == [
        "docs/runbook.md:11:1: warning: postmortems block: no service 'nope' in the library "
        "or the service catalog [embed]"
    ]


# ---------------------------------------------------------------- on both engines

PAGE = """---
title: {title}
started: 2024-05-0{day}T10:00:00Z
ended: 2024-05-0{day}T11:00:00Z
severity: SEV2
services: [checkout]
impact: Some checkouts failed.
---

## Summary

Text.

## Timeline

- 10:00 - it broke

## Root Cause

Text.

## Resolution

Text.

## Action Items

- [ ] Fix {title} @owner OPS-{day}
"""

RUNBOOK = """# Checkout runbook

How to restart checkout.

<!-- postmortems service="checkout" limit=1 -->

## On call

Page the team.
"""


def project(tmp: Path, runbook: str = RUNBOOK) -> Path:
    folder = tmp / "docs" / "postmortems"
    folder.mkdir(parents=True)
    (tmp / "docs" / "index.md").write_text("# Home\n")
    (tmp / "docs" / "services").mkdir()
    (tmp / "docs" / "services" / "checkout.md").write_text(runbook)
    for day, title in ((1, "First outage"), (2, "Second outage")):
        (folder / f"2024-05-0{day}-x.md").write_text(PAGE.format(title=title, day=day))
    (tmp / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\n  font: false\n"
        "markdown_extensions:\n  - mkdocs_postmortems.extension\n"
        "plugins:\n  - search\n  - postmortems:\n      services: [checkout, payments]\n"
    )
    return tmp


def check_runbook(html: str, to_root: str) -> None:
    block = re.search(r'<div class="pm-embed".*?</div>', html, re.S)
    assert block is not None, html[:2000]
    text = block.group(0)
    assert "Second outage" in text and "First outage" not in text.split("Open action items")[0]
    assert "1 of 2" in text  # limit=1
    assert f'href="{to_root}postmortems/2024-05-02-x/"' in text
    assert "Fix First outage" in text and text.count("1 of 2") == 2  # the limit holds for each list
    assert "Page the team." in html  # the rest of the page is intact


@pytest.mark.slow
def test_the_block_on_mkdocs(tmp_path: Path) -> None:
    site = project(tmp_path)
    mkdocs("build", "--strict", "-q", cwd=site)
    html = (site / "site/services/checkout/index.html").read_text()
    check_runbook(html, "../../")
    block = re.search(r'<div class="pm-embed".*?</div>', html, re.S)
    assert block and "1 of 2" in block.group(0) and 'href="../../postmortems/2024-05-02-x/"' in block.group(0)
    assert 'href="../../postmortems/services/checkout/">checkout</a>' in block.group(0)


@pytest.mark.slow
def test_an_unknown_service_fails_strict_with_the_line_and_shows_in_place(tmp_path: Path) -> None:
    site = project(tmp_path, RUNBOOK.replace('"checkout"', '"chekout"'))
    result = mkdocs("build", "--strict", cwd=site, check=False)
    assert result.returncode != 0
    assert (
        "docs/services/checkout.md:5:1: warning: postmortems block: no service 'chekout' in the library "
        "or the service catalog (did you mean 'checkout'?) [embed]"
    ) in result.stderr
    mkdocs("build", cwd=site)
    assert "pm-embed--problem" in (site / "site/services/checkout/index.html").read_text()


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("zensical") is None, reason="zensical is not installed")
def test_the_block_on_zensical(tmp_path: Path) -> None:
    site = project(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, *args], cwd=site, env=BUILD_ENV, capture_output=True,
                                text=True, timeout=600)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    run("-m", "mkdocs_postmortems", "generate")
    run("-m", "zensical", "build", "--clean")
    html = (site / "site/services/checkout/index.html").read_text()
    block = re.search(r'<div class="pm-embed".*?</div>', html, re.S)
    assert block is not None and "Second outage" in block.group(0) and "1 of 2" in block.group(0)
    # Zensical resolves raw-HTML links against the source file (services/checkout.md) and rewrites them
    hrefs = re.findall(r'href="([^"]+)"', block.group(0))
    for href in hrefs:
        target = (site / "site/services/checkout" / href).resolve()
        assert (target / "index.html").is_file() or target.is_file(), (href, hrefs)
