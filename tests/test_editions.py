"""One source, two editions (issue 17, part 1).

The decisive test plants one unique string in an internal page, an internal block, an inline
internal span and an internal front-matter field, builds the public edition, and reads every
byte of the site (the gzipped sitemap decompressed): the string must be nowhere.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILD_ENV, mkdocs
from mkdocs_postmortems import cli, editions
from mkdocs_postmortems.settings import SettingsError, settings_from_options

SECRET = "QZX-7f3a-SECRET"  # in nothing but what the public edition must leave out
INTERNAL_FILE = f"2024-05-02-{SECRET.lower()}.md"  # in the internal page's URL: the sitemap must not name it


# ---------------------------------------------------------------- the markers


def test_redact_blanks_blocks_and_spans_and_keeps_line_numbers() -> None:
    text = (
        "a\n<!-- internal -->\nhidden 1\n\n- hidden 2\n<!-- /internal -->\n"
        "b <!-- internal -->x<!-- /internal --> c\n"
        "```markdown\n<!-- internal -->\nshown: an example\n<!-- /internal -->\n```\n"
        "`<!-- internal -->code<!-- /internal -->` stays\n"
    )
    out = editions.redact(text)
    assert out.count("\n") == text.count("\n")
    assert "hidden" not in out and "b  c" in out and "x" not in out.split("\n")[6]
    assert "shown: an example" in out  # fenced code is an example, not a marker
    assert "`<!-- internal -->code<!-- /internal -->` stays" in out


def test_an_unclosed_block_runs_to_the_end() -> None:
    assert editions.redact("a\n<!-- internal -->\nb\nc") == "a\n\n\n"


def test_mark_and_unmark_make_a_visible_box() -> None:
    marked = editions.mark(
        "a\n<!-- internal -->\nhidden\n<!-- /internal -->\nb <!-- internal -->x<!-- /internal -->", "T1"
    )
    html = "<p>a</p>\n<p>T1o</p>\n<p>hidden</p>\n<p>T1c</p>\n<p>b T1ixT1e</p>"
    assert "T1o" in marked and "T1ixT1e" in marked
    out = editions.unmark(html, "T1")
    assert '<div class="pm-internal" role="note"><p class="pm-internal__label">Internal</p>' in out
    assert (
        out.count("</div>") == 1
        and 'pm-internal--inline"><span class="pm-internal__label">internal</span> x</span>' in out
    )


def test_edition_options_are_checked() -> None:
    assert settings_from_options({"edition": "public"}).edition == "public"
    assert settings_from_options({}).default_visibility == "internal"
    with pytest.raises(SettingsError, match="edition 'secret'"):
        settings_from_options({"edition": "secret"})


# ---------------------------------------------------------------- a site with both kinds of page


def page(
    title: str, visibility: str | None, body_extra: str = "", front_extra: str = "", day: int = 1
) -> str:
    shown = f"visibility: {visibility}\n" if visibility else ""
    return (
        f"---\ntitle: {title}\nstarted: 2024-05-0{day}T10:00:00Z\nended: 2024-05-0{day}T11:00:00Z\n"
        f"severity: SEV2\nservices: [checkout]\nimpact: Some checkouts failed.\n{shown}{front_extra}---\n\n"
        f"## Summary\n\nA summary.\n{body_extra}\n## Timeline\n\n- 10:00 - it broke\n- 10:30 - fixed\n\n"
        "## Root Cause\n\nA cause.\n\n## Resolution\n\nA fix.\n\n"
        "## Action Items\n\n- [ ] Fix it @owner OPS-1\n"
    )


PUBLIC_WITH_SECRETS = page(
    "Public outage",
    "public",
    body_extra=(
        f"\n<!-- internal -->\nThe customer was {SECRET} and the refund cost a lot.\n\n"
        f"- 10:15 - {SECRET} escalated\n<!-- /internal -->\n\n"
        f"The cause was a <!-- internal -->{SECRET} tenant<!-- /internal --> config change.\n"
    ),
    front_extra=f"internal:\n  customer: {SECRET}\n",
)


def site(tmp: Path, edition: str) -> Path:
    folder = tmp / "docs" / "postmortems"
    folder.mkdir(parents=True)
    (tmp / "docs" / "index.md").write_text(
        f"# Home\n\nWelcome.\n\n<!-- internal -->\nOn-call phone: {SECRET}\n<!-- /internal -->\n\n"
        '<!-- postmortems service="checkout" -->\n'
    )
    (folder / "2024-05-01-public.md").write_text(PUBLIC_WITH_SECRETS)
    internal = page(f"Internal {SECRET} outage", "internal", f"\n{SECRET} in the body.\n",
                    f"tags: [{SECRET}]\n", day=2)  # fmt: skip
    (folder / INTERNAL_FILE).write_text(internal)
    (folder / "2024-05-03-default.md").write_text(
        page(f"Default {SECRET}", None, day=3)
    )  # internal by default
    (tmp / "mkdocs.yml").write_text(
        "site_name: Test\nsite_url: https://incidents.example.com/\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - postmortems:\n"
        f"      edition: {edition}\n      tag_pages: true\n      year_pages: true\n"
    )
    return tmp


def files_holding(root: Path, needle: str) -> list[str]:
    """Every file below `root` whose bytes, or whose gunzipped bytes, hold `needle` (in any case)."""
    found = []
    for file in root.rglob("*"):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if file.suffix == ".gz":
            data += gzip.decompress(data)
        for form in (needle, needle.lower(), needle.upper(), json.dumps(needle)[1:-1]):
            if form.encode() in data:
                found.append(str(file.relative_to(root)))
                break
    return found


@pytest.mark.slow
def test_the_public_edition_holds_no_internal_byte(tmp_path: Path) -> None:
    project = site(tmp_path, "public")
    mkdocs("build", "--strict", "-q", cwd=project)
    built = project / "site"
    assert (built / "sitemap.xml.gz").is_file() and (built / "search/search_index.json").is_file()
    assert files_holding(built, SECRET) == []
    # what is public is all there
    assert (built / "postmortems/2024-05-01-public/index.html").is_file()
    assert not (built / "postmortems" / INTERNAL_FILE[:-3]).exists()
    assert not (built / "postmortems/2024-05-03-default").exists()
    records = json.loads((built / "postmortems/incidents.json").read_text())
    assert [r["title"] for r in records] == ["Public outage"]
    assert "internal" not in records[0] and records[0]["visibility"] == "public"
    page_html = (built / "postmortems/2024-05-01-public/index.html").read_text()
    assert "The cause was a" in page_html and "config change" in page_html
    assert "pm-internal" not in page_html
    sitemap = gzip.decompress((built / "sitemap.xml.gz").read_bytes()).decode()
    assert "2024-05-01-public" in sitemap and "2024-05-03-default" not in sitemap
    assert "1 incidents" in (built / "postmortems/index.html").read_text()


@pytest.mark.slow
def test_the_internal_edition_shows_internal_text_in_marked_boxes(tmp_path: Path) -> None:
    project = site(tmp_path, "internal")
    mkdocs("build", "--strict", "-q", cwd=project)
    built = project / "site"
    page_html = (built / "postmortems/2024-05-01-public/index.html").read_text()
    assert f"The customer was {SECRET}" in page_html
    box = page_html.split('<div class="pm-internal" role="note">', 1)[1].split("</div>", 1)[0]
    assert "Internal</p>" in box and SECRET in box and "<li>" in box  # Markdown inside the box is rendered
    assert f'<span class="pm-internal__label">internal</span> {SECRET} tenant</span>' in page_html
    assert "On-call phone" in (built / "index.html").read_text()
    records = json.loads((built / "postmortems/incidents.json").read_text())
    assert len(records) == 3 and any(r.get("internal") == {"customer": SECRET} for r in records)
    assert "pmint" not in page_html  # no token left over
    sitemap = gzip.decompress((built / "sitemap.xml.gz").read_bytes()).decode()
    assert SECRET.lower() in sitemap  # the internal edition lists the internal page: the public must not


def test_check_warns_when_a_public_page_links_to_an_internal_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "docs" / "postmortems"
    folder.mkdir(parents=True)
    linking = page("Public", "public", "\nSee [the earlier one](2024-05-02-internal.md#timeline) and\n"
                   "[a public one](2024-05-03-public.md).\n\n<!-- internal -->\n"
                   "[fine inside a block](2024-05-02-internal.md)\n<!-- /internal -->\n")  # fmt: skip
    (folder / "2024-05-01-public.md").write_text(linking)
    (folder / "2024-05-02-internal.md").write_text(page("Internal", "internal", day=2))
    (folder / "2024-05-03-public.md").write_text(page("Also public", "public", day=3))
    (folder / "2024-05-04-bad.md").write_text(page("Bad", "secret", day=4))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check"]) == 1  # the bad visibility is an error
    out = capsys.readouterr().out
    line = linking.split("\n").index("See [the earlier one](2024-05-02-internal.md#timeline) and") + 1
    assert (
        f"docs/postmortems/2024-05-01-public.md:{line}:23: warning: this public page links to internal "
        "page '2024-05-02-internal.md', which the public edition leaves out: the link would break there "
        "[internal-link]"
    ) in out
    assert out.count("[internal-link]") == 1
    assert "visibility 'secret' is not one of internal, public [visibility]" in out


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("zensical") is None, reason="zensical is not installed")
def test_zensical_public_edition_through_the_extension(tmp_path: Path) -> None:
    project = site(tmp_path, "public")
    config = (project / "mkdocs.yml").read_text()
    config += "markdown_extensions:\n  - mkdocs_postmortems.extension\n"
    config += f"exclude_docs: |\n  postmortems/{INTERNAL_FILE}\n  postmortems/2024-05-03-default.md\n"
    (project / "mkdocs.yml").write_text(config)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, *args], cwd=project, env=BUILD_ENV, capture_output=True,
                                text=True, timeout=600)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    generated = run("-m", "mkdocs_postmortems", "generate")
    assert f"postmortems/{INTERNAL_FILE}" in generated.stderr  # told to exclude them
    run("-m", "zensical", "build", "--clean")
    built = project / "site"
    assert (built / "postmortems/2024-05-01-public/index.html").is_file()
    assert files_holding(built, SECRET) == []
