"""The `mkdocs-postmortems` command: check, export, schema; and the sample library passes check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from helpers import BODY, DROP, PROBLEM_LINE, body_with_timeline, page, run_cli
from mkdocs_postmortems import cli
from mkdocs_postmortems.checker import Checker
from mkdocs_postmortems.settings import is_postmortem

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_KEYS = {
    "title",
    "url",
    "source",
    "severity",
    "services",
    "status",
    "started",
    "ended",
    "duration_minutes",
    "time_to_detect_minutes",
    "time_to_mitigate_minutes",
    "timeline",
    "action_items",
}

MKDOCS_YML = """\
site_name: Test library
markdown_extensions:
  - toc:
      permalink: true
plugins:
  - search
  - postmortems:
      timezone: UTC
"""


def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str = MKDOCS_YML, **pages: str) -> Path:
    """A tiny site in tmp_path (the working directory from now on) with the given postmortems."""
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    folder = tmp_path / "docs" / "postmortems"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text("# Library\n", "utf-8")  # not a postmortem: never checked
    for name, text in pages.items():
        (folder / name.replace("__", "/")).parent.mkdir(parents=True, exist_ok=True)
        (folder / name.replace("__", "/")).write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


run = run_cli


# ------------------------------------------------------------------ check


def test_check_valid_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, **{"2024-08-15-checkout.md": page()})
    code, out, err = run(capsys, "check")
    assert (code, out) == (0, "")
    assert "1 postmortem(s) checked: 0 error(s), 0 warning(s)" in err


def test_check_warnings_only_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, **{"a.md": page({"servics": "[x]"})})
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert out == (
        "docs/postmortems/a.md:8:1: warning: unknown key 'servics'; did you mean 'services'? [unknown-key]\n"
    )


def test_check_strict_exits_1_on_warnings_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    site(tmp_path, monkeypatch, **{"a.md": page({"servics": "[x]"}), "ok.md": page()})
    warning = (
        "docs/postmortems/a.md:8:1: warning: unknown key 'servics'; did you mean 'services'? [unknown-key]\n"
    )
    assert run(capsys, "check")[:2] == (0, warning)
    assert run(capsys, "check", "--strict")[:2] == (1, warning)
    for style in ("json", "github"):  # the exit code does not depend on the format
        assert run(capsys, "check", "--strict", "--format", style)[0] == 1
        assert run(capsys, "check", "--format", style)[0] == 0
    assert run(capsys, "check", "--strict", "docs/postmortems/ok.md")[:2] == (0, "")  # nothing to fail on


def test_check_error_exits_1_text_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, **{"2024-08-15-checkout.md": page({"severity": "SEV9"}), "ok.md": page()})
    code, out, err = run(capsys, "check")
    assert code == 1
    lines = out.splitlines()
    assert lines == [
        "docs/postmortems/2024-08-15-checkout.md:4:11: error: "
        "severity 'SEV9' is not one of SEV1, SEV2, SEV3, SEV4 [severity]"
    ]
    assert all(PROBLEM_LINE.match(line) for line in lines)
    assert "2 postmortem(s) checked: 1 error(s), 0 warning(s)" in err


def test_check_skips_index_and_underscored_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    site(
        tmp_path,
        monkeypatch,
        **{
            "ok.md": page(),
            "_template.md": "not a postmortem",
            "_partials__bit.md": "nor this",
            "2024__nested.md": page({"severity": "X"}),
        },
    )
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()] == ["docs/postmortems/2024/nested.md"]
    assert not is_postmortem("index.md") and not is_postmortem("_drafts/a.md") and is_postmortem("2024/a.md")


def test_check_given_files_and_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    folder = site(tmp_path, monkeypatch, **{"bad.md": page({"severity": "SEV9"}), "ok.md": page()})
    assert run(capsys, "check", str(folder / "ok.md"))[0] == 0
    assert run(capsys, "check", "docs/postmortems/ok.md", "docs/postmortems/bad.md")[0] == 1
    code, out, _ = run(capsys, "check", "docs")
    assert code == 1 and out.startswith("docs/postmortems/bad.md:4:11: error:")


def test_check_missing_path_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, **{"ok.md": page()})
    code, out, err = run(capsys, "check", "docs/postmortems/nope.md")
    assert (code, out) == (2, "")
    assert "nope.md: no such file or folder" in err


def test_check_missing_default_folder_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)  # no mkdocs.yml and no docs/postmortems
    assert run(capsys, "check")[0] == 2


@pytest.mark.parametrize("argv", [["check", "--format", "xml"], ["check", "--nope"], ["frobnicate"], []])
def test_usage_errors_exit_2(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_unreadable_mkdocs_yml_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, config="site_name: [unclosed\n", **{"ok.md": page()})
    code, _, err = run(capsys, "check")
    assert code == 2 and "mkdocs.yml: cannot read it" in err


def test_json_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, **{"a.md": page({"severity": "SEV9", "servics": "[x]"}), "b.md": page()})
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data == [
        {
            "path": "docs/postmortems/a.md",
            "line": 4,
            "col": 11,
            "level": "error",
            "message": "severity 'SEV9' is not one of SEV1, SEV2, SEV3, SEV4",
            "rule": "severity",
        },
        {
            "path": "docs/postmortems/a.md",
            "line": 8,
            "col": 1,
            "level": "warning",
            "message": "unknown key 'servics'; did you mean 'services'?",
            "rule": "unknown-key",
        },
    ]


def test_json_format_when_all_is_well(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, **{"b.md": page()})
    code, out, _ = run(capsys, "check", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_github_format_escapes_properties(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, **{"a,b:c.md": page({"severity": "SEV9", "servics": "[x]"})})
    code, out, _ = run(capsys, "check", "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=docs/postmortems/a%2Cb%3Ac.md,line=4,col=11,title=severity::"
        "severity 'SEV9' is not one of SEV1, SEV2, SEV3, SEV4",
        "::warning file=docs/postmortems/a%2Cb%3Ac.md,line=8,col=1,title=unknown-key::"
        "unknown key 'servics'; did you mean 'services'?",
    ]


def test_github_annotation_escapes_data() -> None:
    from mkdocs_postmortems.model import Problem

    problem = Problem("x.md", 1, 2, "error", "100% broken\r\nreally", "yaml")
    assert (
        cli.github_annotation(problem)
        == "::error file=x.md,line=1,col=2,title=yaml::100%25 broken%0D%0Areally"
    )


def test_problem_lines_from_many_kinds_of_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    site(
        tmp_path,
        monkeypatch,
        **{
            "a.md": "",
            "b.md": "---\ntitle: x\n",
            "c.md": page({"impact": '"a\\nb"'}),
            "d.md": page({}, BODY.replace("- 12:45 -", "- 25:70 -")),
            "e.md": page({"title": DROP}),
        },
    )
    (tmp_path / "docs" / "postmortems" / "f.md").write_bytes(b"\xff\xfe\x00x")
    code, out, _ = run(capsys, "check")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 6
    assert all(PROBLEM_LINE.match(line) for line in lines), lines


# ------------------------------------------------------------------ settings from mkdocs.yml


SEVERITIES_YML = """\
site_name: Custom
docs_dir: pages
use_directory_urls: false
plugins:
  - postmortems:
      folder: incidents
      severities:
        - {id: P1, label: Page}
        - {id: P2, label: Ticket}
      services: [checkout, payments]
      timezone: Europe/Berlin
  - search
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  token: !ENV [TOKEN, x]
"""


def custom_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **pages: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text(SEVERITIES_YML, "utf-8")
    folder = tmp_path / "pages" / "incidents"
    folder.mkdir(parents=True)
    for name, text in pages.items():
        (folder / name).write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_plugin_options_from_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    custom_site(
        tmp_path,
        monkeypatch,
        **{
            "sev1.md": page({"severity": "SEV1"}),
            "p1.md": page({"severity": "P1", "services": "[checkout, paymnts]"}),
            "ok.md": page({"severity": "P2", "services": "[payments]"}),
        },
    )
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out.splitlines() == [
        "pages/incidents/p1.md:6:22: error: service 'paymnts' is not in the service catalog; "
        "did you mean 'payments'? [services]",
        "pages/incidents/sev1.md:4:11: error: severity 'SEV1' is not one of P1, P2 [severity]",
    ]


def test_config_file_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    custom_site(tmp_path, monkeypatch, **{"sev1.md": page({"severity": "SEV1", "services": "[checkout]"})})
    sub = tmp_path / "elsewhere"
    sub.mkdir()
    monkeypatch.chdir(sub)
    code, out, _ = run(capsys, "-f", "../mkdocs.yml", "check")
    assert code == 1
    assert out == "../pages/incidents/sev1.md:4:11: error: severity 'SEV1' is not one of P1, P2 [severity]\n"


def test_load_site_reads_options(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(SEVERITIES_YML, "utf-8")
    loaded = cli.load_site(tmp_path / "mkdocs.yml")
    assert loaded.docs_dir == tmp_path / "pages" and loaded.folder == tmp_path / "pages" / "incidents"
    assert loaded.settings.severity_ids == ["P1", "P2"]
    assert loaded.settings.services == ("checkout", "payments")
    assert loaded.settings.timezone == "Europe/Berlin"
    assert loaded.use_directory_urls is False


def test_without_mkdocs_yml_defaults_apply(tmp_path: Path) -> None:
    loaded = cli.load_site(tmp_path / "missing.yml")
    assert loaded.settings.severity_ids == ["SEV1", "SEV2", "SEV3", "SEV4"]
    assert loaded.folder == Path("docs/postmortems")


# ------------------------------------------------------------------ export

# Durations worked out by hand: 12:30 -> 13:15 is 45 min; detected 12:38 is 8 min in;
# mitigated 13:02 is 32 min in. The second incident: 09:00+02:00 (07:00Z) -> 07:20Z is 20 min,
# its detect entry at 09:05 local is 5 min in, no mitigation known.
EXPORT_A = page(
    {
        "detected": "2024-08-15T12:38:00Z",
        "mitigated": "2024-08-15T13:02:00Z",
        "tags": "[db]",
        "affected_users": '"35%"',
        "runbook": "https://wiki.example/rb",
    }
)
EXPORT_B = page(
    {
        "title": "Search outage",
        "started": "2024-09-02T09:00:00",
        "ended": "2024-09-02T07:20:00Z",
        "timezone": "Europe/Berlin",
        "services": "search",
        "timeline": "\n  - at: '09:05'\n    event: Alert fires\n    kind: detect\n"
        "  - at: '09:20'\n    event: Recovered\n    kind: resolve",
    },
    body_with_timeline("In the front matter.\n"),
)
EXPORT_DRAFT = page({"title": "Draft", "status": "draft"})


def exported(capsys, *argv: str) -> list[dict]:
    code, out, _ = run(capsys, "export", *argv)
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def test_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(
        tmp_path,
        monkeypatch,
        **{"2024-08-15-checkout.md": EXPORT_A, "2024-09-02-search.md": EXPORT_B, "draft.md": EXPORT_DRAFT},
    )
    data = exported(capsys)
    assert [d["title"] for d in data] == ["Search outage", "Checkout outage"]  # newest first, no draft
    for record in data:
        assert set(record) >= CONTRACT_KEYS
        assert all(set(e) == {"at", "event", "kind", "precision"} for e in record["timeline"])
        assert all({"task", "owner", "status", "ticket"} <= set(a) for a in record["action_items"])
    search, checkout = data
    assert checkout["url"] == "postmortems/2024-08-15-checkout/"
    assert checkout["source"] == "postmortems/2024-08-15-checkout.md"
    assert (checkout["severity"], checkout["services"], checkout["status"]) == (
        "SEV2",
        ["checkout", "payments"],
        "final",
    )
    assert (checkout["started"], checkout["ended"]) == (
        "2024-08-15T12:30:00+00:00",
        "2024-08-15T13:15:00+00:00",
    )
    assert checkout["duration_minutes"] == 45
    assert checkout["time_to_detect_minutes"] == 8
    assert checkout["time_to_mitigate_minutes"] == 32
    assert checkout["timeline"] == [
        {
            "at": "2024-08-15T12:32:00+00:00",
            "event": "Monitoring alert fires",
            "kind": None,
            "precision": "minute",
        },
        {
            "at": "2024-08-15T12:45:00+00:00",
            "event": "Escalated to the database team",
            "kind": None,
            "precision": "minute",
        },
        {
            "at": "2024-08-15T13:05:00+00:00",
            "event": "Configuration fixed",
            "kind": None,
            "precision": "minute",
        },
        {
            "at": "2024-08-15T13:15:00+00:00",
            "event": "Checkout recovered",
            "kind": None,
            "precision": "minute",
        },
    ]
    assert [{k: a[k] for k in ("task", "owner", "status", "ticket")} for a in checkout["action_items"]] == [
        {
            "task": "Add connection pooling @alice OPS-101",
            "owner": "alice",
            "status": "open",
            "ticket": "OPS-101",
        },
        {"task": "Alert on checkout error rate @bob", "owner": "bob", "status": "done", "ticket": None},
    ]
    # every front-matter field is kept, a team's own keys too
    assert (checkout["tags"], checkout["affected_users"], checkout["runbook"]) == (
        ["db"],
        "35%",
        "https://wiki.example/rb",
    )
    assert checkout["impact"] == "35% of checkouts failed for 45 minutes"

    assert search["services"] == ["search"]
    assert (search["started"], search["ended"]) == ("2024-09-02T09:00:00+02:00", "2024-09-02T07:20:00+00:00")
    assert search["duration_minutes"] == 20
    assert search["time_to_detect_minutes"] == 5
    assert search["time_to_mitigate_minutes"] is None
    assert search["timeline"] == [
        {"at": "2024-09-02T09:05:00+02:00", "event": "Alert fires", "kind": "detect", "precision": "minute"},
        {"at": "2024-09-02T09:20:00+02:00", "event": "Recovered", "kind": "resolve", "precision": "minute"},
    ]


def test_export_include_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, **{"a.md": EXPORT_A, "draft.md": EXPORT_DRAFT})
    assert [d["title"] for d in exported(capsys)] == ["Checkout outage"]
    data = exported(capsys, "--include-drafts")
    assert sorted(d["title"] for d in data) == ["Checkout outage", "Draft"]
    assert next(d for d in data if d["title"] == "Draft")["status"] == "draft"


def test_export_include_drafts_from_plugin_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    config = MKDOCS_YML + "      include_drafts: true\n"
    site(tmp_path, monkeypatch, config=config, **{"draft.md": EXPORT_DRAFT})
    assert [d["title"] for d in exported(capsys)] == ["Draft"]


def test_export_given_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, **{"a.md": EXPORT_A, "b.md": EXPORT_B})
    outside = tmp_path / "loose.md"
    outside.write_text(EXPORT_A, "utf-8")
    data = exported(capsys, "docs/postmortems/a.md", str(outside))
    assert [(d["source"], d["url"]) for d in data] == [
        ("postmortems/a.md", "postmortems/a/"),
        ("loose.md", None),
    ]


def test_export_leaves_out_unreadable_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site(tmp_path, monkeypatch, **{"a.md": EXPORT_A, "broken.md": "---\ntitle: [\n---\n"})
    assert [d["source"] for d in exported(capsys)] == ["postmortems/a.md"]


def test_export_url_without_directory_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    custom_site(tmp_path, monkeypatch, **{"a.md": page({"severity": "P1", "services": "[checkout]"})})
    (record,) = exported(capsys)
    assert (record["url"], record["source"]) == ("incidents/a.html", "incidents/a.md")
    assert record["started"] == "2024-08-15T12:30:00+00:00"


# ------------------------------------------------------------------ schema


def test_schema_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["severity"]["enum"] == ["SEV1", "SEV2", "SEV3", "SEV4"]
    validator = Draft202012Validator(schema)
    assert validator.is_valid(
        {
            "started": "2024-08-15T12:30:00Z",
            "ended": "2024-08-15T13:15:00Z",
            "severity": "SEV2",
            "services": ["checkout"],
            "impact": "x",
        }
    )
    assert not validator.is_valid(
        {
            "started": "2024-08-15T12:30:00Z",
            "ended": "2024-08-15T13:15:00Z",
            "severity": "SEV9",
            "services": ["checkout"],
            "impact": "x",
        }
    )


def test_schema_follows_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    custom_site(tmp_path, monkeypatch)
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["severity"]["enum"] == ["P1", "P2"]
    array = next(s for s in schema["properties"]["services"]["oneOf"] if s["type"] == "array")
    assert array["items"]["enum"] == ["checkout", "payments"]


def test_shipped_schema_file_is_valid() -> None:
    path = ROOT / "plugin" / "mkdocs_postmortems" / "schema" / "postmortem.schema.json"
    Draft202012Validator.check_schema(json.loads(path.read_text("utf-8")))


# ------------------------------------------------------------------ python -m


def test_python_m_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_postmortems", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.startswith("usage: mkdocs-postmortems")
    for command in ("check", "export", "schema"):
        assert command in result.stdout


def test_python_m_check_exit_code(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(page({"severity": "SEV9"}), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_postmortems", "check", "--format", "json", "bad.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert [p["rule"] for p in json.loads(result.stdout)] == ["severity"]


# ------------------------------------------------------------------ the sample library

SAMPLE_SITE = cli.load_site(ROOT / "mkdocs.yml")
SAMPLES = sorted(
    p for p in SAMPLE_SITE.folder.rglob("*.md") if is_postmortem(p.relative_to(SAMPLE_SITE.folder).as_posix())
)


def test_there_are_samples() -> None:
    assert len(SAMPLES) >= 10


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_passes_check(path: Path) -> None:
    checked = Checker(SAMPLE_SITE.settings).check_file(path, path.relative_to(ROOT).as_posix())
    assert [str(p) for p in checked.problems if p.level == "error"] == []
    pm = checked.postmortem
    assert pm is not None and pm.title and pm.started and pm.severity and pm.services
    assert pm.timeline, "a sample postmortem has a timeline"


def test_sample_library_check_command(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, "check")
    assert code == 0, out
    assert f"{len(SAMPLES)} postmortem(s) checked: 0 error(s)" in err


# ------------------------------------------------------------------ the result cache


def test_check_reuses_the_results_of_unchanged_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Work, not time: count the pages the checker really reads on each run."""
    folder = site(
        tmp_path,
        monkeypatch,
        **{"a.md": page(), "b.md": page({"severity": "SEV9"}), "c.md": page({"title": "Another"})},
    )
    read: list[str] = []
    original = Checker.check

    def counting(self: Checker, path: str, data: bytes):
        read.append(Path(path).name)
        return original(self, path, data)

    monkeypatch.setattr(Checker, "check", counting)
    first = run(capsys, "check")
    assert (first[0], sorted(read)) == (1, ["a.md", "b.md", "c.md"])
    assert (tmp_path / ".cache" / "mkdocs-postmortems" / "results.sqlite").is_file()

    read.clear()
    assert run(capsys, "check") == first  # the same problems and exit code, from the cache
    assert read == []

    (folder / "b.md").write_text(page(), "utf-8")  # fixed: only it is read again
    read.clear()
    code, out, _ = run(capsys, "check")
    assert (code, out, read) == (0, "", ["b.md"])

    (tmp_path / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("timezone: UTC", "timezone: Europe/Berlin"), "utf-8"
    )
    read.clear()
    run(capsys, "check")  # other settings: every page again
    assert sorted(read) == ["a.md", "b.md", "c.md"]

    read.clear()
    run(capsys, "check", "--no-cache")
    assert sorted(read) == ["a.md", "b.md", "c.md"]


def test_a_damaged_cache_is_a_miss_not_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    site(tmp_path, monkeypatch, **{"a.md": page({"severity": "SEV9"})})
    cache = tmp_path / ".cache" / "mkdocs-postmortems"
    cache.mkdir(parents=True)
    (cache / "results.sqlite").write_bytes(b"this is not a database" * 100)
    code, out, _ = run(capsys, "check")
    assert code == 1 and "[severity]" in out
    (cache / "results.sqlite").unlink()
    cache.rmdir()
    cache.write_text("a file where the folder should be", "utf-8")  # cannot be created: no cache
    code, out, _ = run(capsys, "check")
    assert code == 1 and "[severity]" in out
