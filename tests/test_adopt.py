"""`mkdocs-postmortems adopt`: front matter inferred from the body of existing pages.

Real pages come from tests/realworld/docs/ with our keys stripped again (their
hand-checked `.expected.yaml` timelines give the first and last instants); small
hand-written pages cover what the real ones do not. The body's bytes never change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpers import run_cli
from mkdocs_postmortems import adopt
from mkdocs_postmortems.checker import Checker
from mkdocs_postmortems.reading import frontmatter

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT / "tests" / "realworld" / "docs"
PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$")
OURS = ("started", "ended", "detected", "mitigated", "severity", "services", "impact")  # title: theirs
MKDOCS_YML = "site_name: Test\nplugins:\n  - postmortems\n"


def stripped(name: str, keep_foreign: bool = False) -> str:
    """A real-world page as it was before it was adopted: no front matter, or only its own keys."""
    text = (REALWORLD / name).read_text("utf-8")
    split = frontmatter.split_front_matter(text)
    if not keep_foreign:
        return split.body
    kept, skipping = [], False
    for line in (split.yaml_text or "").split("\n"):
        key = re.match(r"^([A-Za-z_]+):", line)
        if key:
            skipping = key[1] in OURS
        if not skipping:
            kept.append(line)
    return "---\n" + "\n".join(kept) + "\n---\n" + split.body


def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **pages: str | bytes) -> Path:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    folder = tmp_path / "docs" / "postmortems"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text("# Library\n", "utf-8")  # never a postmortem
    for name, content in pages.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return folder


run = run_cli


def meta_of(data: bytes) -> dict:
    split = frontmatter.split_front_matter(data.decode("utf-8").replace("\r\n", "\n").lstrip("\ufeff"))
    return yaml.safe_load(split.yaml_text or "")


SMALL = """\
# Checkout returns 502s

Checkout failed for a third of customers after a config push.

## Timeline (all times UTC)

- 2024-08-15 12:20 - config change merged (latent)
- 12:32 - we will add an alert on this later, says the runbook
- 12:34 - Monitoring alerts fired for checkout 5xx
- 12:40 - On-call paged, investigation starts
- 12:51 - Attempted rollback fails
- 13:05 - Rolled back the config; errors stop
- 13:30 - Incident closed
"""


# ------------------------------------------------------------------ inference


def test_small_page_inferred() -> None:
    facts = adopt.infer(SMALL, 1, "checkout.md")
    assert facts.title is not None and facts.title.value == '"Checkout returns 502s"'
    assert (facts.title.reason, facts.title.line) == ("guessed from the first heading", 1)
    assert facts.started is not None and facts.started.value == "2024-08-15T12:20:00+00:00"
    assert facts.started.line == 7
    assert facts.ended is not None and facts.ended.value == "2024-08-15T13:30:00+00:00"
    # conservative: "we will add an alert" is a plan, "Attempted rollback" not a mitigation
    assert facts.detected is not None and (facts.detected.value, facts.detected.line) == (
        "2024-08-15T12:34:00+00:00",
        9,
    )
    assert facts.mitigated is not None and (facts.mitigated.value, facts.mitigated.line) == (
        "2024-08-15T13:05:00+00:00",
        12,
    )


def test_nothing_said_nothing_guessed() -> None:
    text = "# Queue stuck\n\n## Timeline\n\n- 2023-05-02 09:00 deploy\n- 09:30 queue drained\n"
    facts = adopt.infer(text, 1, "2023-05-02-queue.md")
    assert facts.detected is None and facts.mitigated is None
    assert (facts.started and facts.started.value, facts.ended and facts.ended.value) == (
        "2023-05-02T09:00:00+00:00",
        "2023-05-02T09:30:00+00:00",
    )


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("2021-03-04-api-gateway_outage.md", "Api Gateway Outage"),
        ("2021-03-04-DNS-loss-of-the-edge.md", "DNS Loss of the Edge"),
        ("docs/postmortems/search-down.markdown", "Search Down"),
    ],
)
def test_title_from_file_name(name: str, title: str) -> None:
    assert adopt.title_from_name(name) == title


def test_no_heading_title_from_file_name_and_date_from_it() -> None:
    text = "Search was down.\n\n**Timeline:**\n\n- 23:50 - index rebuild starts\n- 00:20 - search back\n"
    facts = adopt.infer(text, 1, "2022-11-03-search-down.md")
    assert facts.title is not None and (facts.title.value, facts.title.reason) == (
        '"Search Down"',
        "guessed from the file name",
    )
    # anchored on the file name's day: 23:50 stays on it, 00:20 crosses midnight
    assert facts.started is not None and facts.started.value == "2022-11-03T23:50:00+00:00"
    assert facts.ended is not None and facts.ended.value == "2022-11-04T00:20:00+00:00"


def test_document_zone_written_as_offsets() -> None:
    text = "# Login errors\n\n## Timeline\n\nAll times are in PDT.\n\n- 09:05 errors begin\n- 10:15 fixed\n"
    facts = adopt.infer(text, 1, "2024-07-16-login.md")
    assert facts.started is not None and facts.started.value == "2024-07-16T09:05:00-07:00"
    assert facts.ended is not None and facts.ended.value == "2024-07-16T10:15:00-07:00"
    assert facts.zone_note == "times in PDT"


def test_no_date_anywhere_leaves_started_to_the_author() -> None:
    facts = adopt.infer("# Outage\n\n## Timeline\n\n- 10:00 down\n- 11:00 up\n", 1, "outage.md")
    assert facts.started is None and facts.ended is None


# Hand-checked first and last instants (from the pages' .expected.yaml timelines), under the
# dated file names such pages have in their own repositories.
REAL = [
    (
        "dfds-adfs-outage-2021.md",
        None,
        '"Incident Title"',
        "2021-03-31T12:11:00+00:00",
        "2021-03-31T13:30:00+00:00",
    ),
    (
        "kubernetes-prow-slow-2019-02-08.md",
        None,
        '"February 8th, 2019 - Prow responding slow & Partial outage"',
        "2019-02-08T13:20:00-08:00",
        "2019-02-08T18:09:00-08:00",
    ),
    (
        "chia-mainnet-stall-2024-01-10.md",
        "2024-01-10-mainnet-stall.md",
        '"Blockchain mainnet stall."',
        "2024-01-10T19:32:00-08:00",
        "2024-01-10T19:42:00-08:00",
    ),
    (
        "style-long-dates.md",
        "weekend-certificate-expiry.md",
        '"Weekend certificate expiry"',
        "2021-10-30T12:45:00-07:00",
        "2021-10-31T09:30:00-07:00",
    ),
    (
        "style-zone-names.md",
        "2024-04-09-cdn-purge-storm.md",
        '"CDN purge storm"',
        "2024-04-09T09:05:00+02:00",
        "2024-04-09T11:30:00+02:00",
    ),
    (
        "style-table-date-time.md",
        None,
        '"Backup restore drill failure"',
        "2024-02-28T22:40:00+00:00",
        "2024-02-29T03:10:00+00:00",
    ),
    (
        "dfds-log4shell-2021.md",
        None,
        '"Log4Shell investigations"',
        "2021-12-10T15:40:00+00:00",
        "2022-01-04T11:03:00+00:00",
    ),
]


@pytest.mark.parametrize(("source", "name", "title", "started", "ended"), REAL)
def test_real_pages(source: str, name: str | None, title: str, started: str, ended: str) -> None:
    facts = adopt.infer(stripped(source), 1, name or source)
    assert facts.title is not None and facts.title.value == title
    assert facts.started is not None and facts.started.value == started
    assert facts.ended is not None and facts.ended.value == ended


@pytest.mark.parametrize(("source", "name", "title", "started", "ended"), REAL)
def test_check_reads_the_adopted_page_as_adopt_did(
    source: str, name: str | None, title: str, started: str, ended: str
) -> None:
    """After adopting, `check` places the timeline where adopt read it: its first and last timed
    entries are `started` and `ended`, and it finds no fault in the times adopt wrote."""
    result = adopt.adopt(stripped(source).encode(), name or source)
    assert result.status == "adopted" and result.data is not None
    checked = Checker().check(name or source, result.data)
    pm = checked.postmortem
    assert pm is not None and pm.started is not None and pm.ended is not None
    assert (pm.started.isoformat(), pm.ended.isoformat()) == (started, ended)
    timed = [e.at for e in pm.timeline if e.precision in ("second", "minute", "approximate")]
    assert (min(timed), max(timed)) == (pm.started, pm.ended)
    rules = {p.rule for p in checked.problems}
    assert not rules & {"started", "ended", "detected", "mitigated", "time-order", "yaml", "front-matter"}
    # what adopt cannot know is reported until the author fills it in
    assert {"severity", "services", "template-text"} <= rules


# ------------------------------------------------------------------ the command


def test_diff_by_default_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "# Queue stuck\n\n## Timeline\n\n- 09:00 deploy\n- 09:30 queue drained\n"
    folder = site(tmp_path, monkeypatch, **{"2023-05-02-queue.md": text})
    code, out, err = run(capsys, "adopt")
    assert code == 0
    assert out == (
        "--- a/docs/postmortems/2023-05-02-queue.md\n"
        "+++ b/docs/postmortems/2023-05-02-queue.md\n"
        "@@ -1,3 +1,11 @@\n"
        "+---\n"
        '+title: "Queue stuck"  # guessed from the first heading, line 9\n'
        "+started: 2023-05-02T09:00:00+00:00  # guessed from the timeline, line 13"
        " (no zone given: times read as UTC)\n"
        "+ended: 2023-05-02T09:30:00+00:00  # guessed from the timeline, line 14"
        " (no zone given: times read as UTC)\n"
        "+severity: TODO  # TODO: one of SEV1, SEV2, SEV3, SEV4\n"
        "+services: []  # TODO: the services affected, such as [checkout, orders-db]\n"
        '+impact: "TODO: one line of customer impact (who could not do what, and how many)"\n'
        "+---\n"
        " # Queue stuck\n"
        " \n"
        " ## Timeline\n"
    )
    assert "1 page(s) to adopt (run with --write to change them)" in err
    assert (folder / "2023-05-02-queue.md").read_text("utf-8") == text


BODIES = {
    "lf.md": SMALL.encode(),
    "crlf.md": SMALL.replace("\n", "\r\n").encode(),
    "no-final-newline.md": SMALL.rstrip("\n").encode(),
    "crlf-no-final-newline.md": SMALL.rstrip("\n").replace("\n", "\r\n").encode(),
    "bom.md": b"\xef\xbb\xbf" + SMALL.encode(),
    "cr-only.md": SMALL.replace("\n", "\r").encode(),
}


@pytest.mark.parametrize("name", sorted(BODIES))
def test_write_keeps_the_body_byte_for_byte_and_is_idempotent(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    original = BODIES[name]
    folder = site(tmp_path, monkeypatch, **{name: original})
    code, out, err = run(capsys, "adopt", "--write")
    assert code == 0, err
    added = "title, started, ended, detected, mitigated, severity, services, impact"
    assert out == f"docs/postmortems/{name}: added {added}\n"
    written = (folder / name).read_bytes()
    body = original.removeprefix(b"\xef\xbb\xbf")
    assert written.endswith(body)  # the body: every byte as it was
    head = written[: len(written) - len(body)]
    assert head.startswith(b"\xef\xbb\xbf") == original.startswith(b"\xef\xbb\xbf")
    eol = b"\r\n" if b"\r\n" in original else b"\r" if b"\r" in original else b"\n"
    assert head.removeprefix(b"\xef\xbb\xbf").startswith(b"---" + eol) and head.endswith(b"---" + eol)
    assert meta_of(written.replace(b"\r", b"\n") if eol == b"\r" else written)["started"] is not None
    # twice: nothing changes, and it says so
    code, out, err = run(capsys, "adopt", "--write")
    assert (code, out) == (0, "")
    assert f"docs/postmortems/{name}: already has the postmortem keys; left alone" in err
    assert (folder / name).read_bytes() == written
    code, out, _ = run(capsys, "adopt")
    assert (code, out) == (0, "")


def test_foreign_front_matter_kept_and_ours_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A blog page (mkdocs-material blog keys, `date` a publication date a week after the incident)."""
    original = stripped("pypi-leaked-admin-token-2024.md", keep_foreign=True).encode()
    folder = site(tmp_path, monkeypatch, **{"pypi-leaked-admin-token.md": original})
    assert run(capsys, "adopt", "--write")[0] == 0
    written = (folder / "pypi-leaked-admin-token.md").read_bytes()
    fence = original.index(b"\n---\n") + 1
    assert written.startswith(original[:fence])  # their keys, byte for byte
    assert written.endswith(original[fence:])  # the closing fence and the body, byte for byte
    meta = meta_of(written)
    assert meta["title"] == "Incident Report: Leaked GitHub Personal Access Token"  # theirs
    assert str(meta["date"]) == "2024-07-08" and meta["authors"] == ["ewdurbin"] and meta["excerpt"] is True
    assert (meta["started"].isoformat(), meta["ended"].isoformat()) == (
        "2024-06-28T07:09:00-04:00",
        "2024-06-28T07:26:00-04:00",
    )
    assert (meta["severity"], meta["services"]) == ("TODO", [])
    added = written[fence : fence + len(written) - len(original)].decode()
    assert "title:" not in added and all(("  # " in ln or "TODO:" in ln) for ln in added.splitlines())
    code, out, err = run(capsys, "adopt", "--write")
    assert (code, out) == (0, "") and "already has the postmortem keys" in err


def test_jekyll_page_keeps_layout_and_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        "---\nlayout: post\ntitle: 'Jekyll: the outage'\ndate: 2022-02-03 10:00:00 +0100\nauthor: jane\n"
        "---\n\n"
        "Summary.\n\n## Timeline\n\n- 09:00 CET deploy\n- 09:10 on-call paged\n- 09:40 service restored\n"
    )
    folder = site(tmp_path, monkeypatch, **{"2022-02-02-jekyll.md": page})
    code, out, _ = run(capsys, "adopt")
    assert code == 0
    assert "+started: 2022-02-02T09:00:00+01:00  # guessed from the timeline, line 19 (times in CET)" in out
    assert "+detected: 2022-02-02T09:10:00+01:00  # guessed from the timeline, line 20" in out
    assert "+mitigated: 2022-02-02T09:40:00+01:00  # guessed from the timeline, line 21" in out
    assert "+title" not in out and " author: jane" in out
    run(capsys, "adopt", "--write")
    meta = meta_of((folder / "2022-02-02-jekyll.md").read_bytes())
    assert (meta["layout"], meta["author"], meta["title"]) == ("post", "jane", "Jekyll: the outage")
    assert str(meta["date"]).startswith("2022-02-03")


def test_toml_front_matter_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = '+++\ntitle = "Toml page"\n+++\n\n## Timeline\n\n- 2024-01-01 10:00 down\n- 11:00 up\n'
    folder = site(tmp_path, monkeypatch, **{"toml.md": page})
    code, out, err = run(capsys, "adopt", "--write")
    assert (code, out) == (0, "")
    assert (
        "docs/postmortems/toml.md:1:1: warning: TOML front matter (+++) is left alone: "
        "add started, ended, severity, services, impact to it by hand [front-matter]"
    ) in err
    assert (folder / "toml.md").read_text("utf-8") == page


BAD = {
    "empty.md": (b"", "docs/postmortems/empty.md:1:1: error: file is empty: nothing to adopt [empty]"),
    "blank.md": (b"\n \r\n", "docs/postmortems/blank.md:1:1: error: file is empty: nothing to adopt [empty]"),
    "binary.md": (
        b"# x\n\x00\x01\x02",
        "docs/postmortems/binary.md:2:1: error: file looks binary (it contains NUL bytes), "
        "not Markdown text [encoding]",
    ),
    "latin1.md": (
        "# Café\n".encode("latin-1"),
        "docs/postmortems/latin1.md:1:6: error: file is not UTF-8 (byte 0xe9); "
        "save it as UTF-8, then adopt it [encoding]",
    ),
    "unclosed.md": (
        b"---\nlayout: post\n# x\n",
        "docs/postmortems/unclosed.md:1:1: error: front matter opened here is never closed: "
        "add a line '---' after the last key [front-matter]",
    ),
    "list.md": (
        b"---\n- a\n- b\n---\n# x\n",
        "docs/postmortems/list.md:2:1: error: front matter is a list, not a mapping of keys: "
        "adopt adds keys to a mapping only [front-matter]",
    ),
    "flow.md": (
        b"---\n{layout: post}\n---\n# x\n",
        "docs/postmortems/flow.md:2:1: error: cannot add keys to this front matter without rewriting it "
        "(a flow mapping?): add them by hand [front-matter]",
    ),
    "late.md": (
        b"\n---\ntitle: x\n---\n# x\n",
        "docs/postmortems/late.md:1:1: error: the '---' block is not on the first line, so it is not front "
        "matter: remove the lines before it [front-matter]",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_a_problem_line_not_a_traceback(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data, line = BAD[name]
    folder = site(tmp_path, monkeypatch, **{name: data})
    code, out, err = run(capsys, "adopt", "--write")
    assert (code, out) == (1, "")
    problems = [ln for ln in err.splitlines() if PROBLEM_LINE.match(ln)]
    assert problems == [line]
    assert (folder / name).read_bytes() == data


def test_yaml_error_in_foreign_front_matter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site(tmp_path, monkeypatch, **{"broken.md": "---\nlayout: [post\n---\n# x\n"})
    code, out, err = run(capsys, "adopt")
    assert (code, out) == (1, "")
    assert all(PROBLEM_LINE.match(ln) for ln in err.splitlines()[:-1])


def test_paths_and_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = site(tmp_path, monkeypatch, **{"a.md": "# A\n", "_draft.md": "# skipped\n"})
    code, out, _ = run(capsys, "adopt", str(folder / "a.md"))
    assert code == 0 and "+++ b/docs/postmortems/a.md" in out
    code, out, _ = run(capsys, "adopt", "docs")
    assert code == 0 and "a.md" in out and "_draft" not in out and "index.md" not in out
    code, _, err = run(capsys, "adopt", "nowhere")
    assert code == 2 and "nowhere: no such file or folder" in err


def test_a_page_with_nothing_to_go_on_gets_prompts_check_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = site(tmp_path, monkeypatch, **{"notes.md": "Some notes about an outage.\n"})
    assert run(capsys, "adopt", "--write")[0] == 0
    data = (folder / "notes.md").read_bytes()
    assert data.decode().startswith(
        '---\ntitle: "Notes"  # guessed from the file name\nstarted: TODO  # TODO:'
    )
    rules = {p.rule for p in Checker().check("notes.md", data).problems}
    assert {"started", "ended", "severity", "services", "template-text"} <= rules


# ------------------------------------------------------------------ check says what adopt would add


def test_check_without_front_matter_names_adopt() -> None:
    (problem,) = Checker().check("docs/postmortems/2023-05-02-queue.md", SMALL.encode()).problems
    assert problem.rule == "front-matter"
    assert problem.message == (
        "no front matter: run 'mkdocs-postmortems adopt docs/postmortems/2023-05-02-queue.md' to add one "
        '(title "Checkout returns 502s", started 2024-08-15T12:20:00+00:00, ended 2024-08-15T13:30:00+00:00, '
        "severity, services and impact to fill in)"
    )
    (problem,) = Checker().check("my notes.md", b"just text\n").problems
    assert problem.message == (
        "no front matter: run 'mkdocs-postmortems adopt 'my notes.md'' to add one "
        '(title "My Notes", severity, services and impact to fill in)'
    )
