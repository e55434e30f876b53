"""The user guide (docs/guide/) stays complete and true.

Every plugin option, rule, command and flag is documented; the examples in the
guide (postmortems, problem lines, configuration, the GitHub Actions workflow,
the pre-commit hook, the VS Code problem matcher) are valid and do what the
guide says.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from mkdocs_postmortems import cli
from mkdocs_postmortems.checker import Checker
from mkdocs_postmortems.config import PostmortemsConfig, SeverityConfig
from mkdocs_postmortems.rules import RULES
from mkdocs_postmortems.settings import SECTION_ALIASES, settings_from_options

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide"
WORKFLOW_EXAMPLE = GUIDE / "examples" / "postmortems.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
HOOK_ID = "mkdocs-postmortems-check"
# The problem format of the design contract
PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$")


def read(name: str) -> str:
    return (GUIDE / name).read_text("utf-8")


def fenced(text: str, lang: str) -> list[str]:
    """The contents of the top-level ```lang code blocks of a Markdown text."""
    return re.findall(rf"^```{lang}\n(.*?)^```$", text, re.M | re.S)


def section(text: str, heading: str) -> str:
    """The text from a `## heading` line to the next `## ` heading."""
    start = text.index(f"\n{heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def example_postmortems() -> list[str]:
    return [block for block in fenced(read("writing.md"), "markdown") if block.startswith("---\n")]


# ---------------------------------------------------------------- completeness


def test_every_plugin_option_is_documented_with_its_default() -> None:
    text = read("configuration.md")
    for name, option in PostmortemsConfig._schema:
        assert f"### `{name}`" in text, f"configuration.md has no section for option {name}"
        row = next((line for line in text.splitlines() if line.startswith(f"| [`{name}`]")), None)
        assert row is not None, f"configuration.md's option table has no row for {name}"
        default = option.default
        if isinstance(default, bool):
            assert f"`{str(default).lower()}`" in row, f"{name}: default {default} not in {row!r}"
        elif isinstance(default, str):
            assert f"`{default}`" in row, f"{name}: default {default!r} not in {row!r}"
        elif isinstance(default, list) and default:
            for item in default:
                assert item in row, f"{name}: default item {item!r} not in {row!r}"


def test_every_severity_field_is_documented() -> None:
    text = section(read("configuration.md"), "### `severities`")
    for name, _ in SeverityConfig._schema:
        assert f"| `{name}` |" in text, f"severity field {name} is not in the severities table"


def test_every_rule_is_documented_with_its_level_and_an_example() -> None:
    text = read("rules.md")
    examples = "\n".join(fenced(text, "text"))
    for rule in RULES.values():
        assert f"### `{rule.id}`" in text, f"rules.md has no section for rule {rule.id}"
        assert f"| [`{rule.id}`](#{rule.id}) | {rule.level} |" in text, f"rule table: {rule.id}"
        own = text.split(f"### `{rule.id}`\n", 1)[1].split("\n#", 1)[0]
        assert f"**{rule.level}**" in own, f"rules.md does not give {rule.id}'s level"
        assert re.search(rf" \[{re.escape(rule.id)}\]$", examples, re.M), f"no example line for {rule.id}"


def test_rules_page_documents_no_unknown_rule() -> None:
    documented = set(re.findall(r"^### `([a-z-]+)`$", read("rules.md"), re.M))
    assert documented == set(RULES)


def test_example_problem_lines_follow_the_contract() -> None:
    lines = [line for block in fenced(read("rules.md"), "text") for line in block.splitlines() if line]
    assert len(lines) >= len(RULES)
    for line in lines:
        assert PROBLEM_LINE.match(line), line
        assert line.rsplit("[", 1)[1].rstrip("]") in RULES, line


def _commands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def _arguments(parser: argparse.ArgumentParser) -> Iterator[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue  # hidden repeats of the options for every command (documented once, above)
        if action.option_strings:
            yield from action.option_strings
        else:
            yield str(action.metavar or action.dest).upper()
        for choice in action.choices or ():
            yield str(choice)


def test_every_command_and_flag_is_documented() -> None:
    text = read("cli.md")
    main = cli.parser()
    for flag in _arguments(main):
        assert re.search(rf"`{re.escape(flag)}[`\s]", text), f"cli.md does not document {flag}"
    commands = dict(_commands(main))
    assert set(commands) >= {"check", "export", "new", "schema", "adopt"}
    for name, sub in commands.items():
        part = section(text, f"## `{name}`")
        for arg in _arguments(sub):
            if arg in ("-h", "--help"):
                continue
            assert re.search(rf"`{re.escape(arg)}[`\s]", part), f"cli.md's {name} section lacks {arg}"


def test_python_dash_m_is_documented() -> None:
    assert "python -m mkdocs_postmortems" in read("cli.md")


# ---------------------------------------------------------------- the examples are valid


@pytest.mark.parametrize("index", range(len(example_postmortems())))
def test_writing_examples_pass_the_checker(index: int) -> None:
    page = example_postmortems()[index]
    checked = Checker().check(f"example-{index + 1}.md", page.encode())
    assert checked.postmortem is not None
    assert [str(p) for p in checked.problems] == []
    assert checked.postmortem.timeline, "each full example has a timeline"


def test_writing_has_the_promised_examples() -> None:
    pages = example_postmortems()
    assert len(pages) >= 5
    joined = "\n".join(pages)
    assert "**Timeline:**" in joined  # the bold-marker style
    assert "| --- |" in joined  # a table timeline
    assert "timezone:" in joined and "timeline:" in joined and "action_items:" in joined
    assert "status: ongoing" in joined


def test_writing_midnight_example_crosses_midnight() -> None:
    page = next(p for p in example_postmortems() if "Europe/Berlin" in p and "| --- |" in p)
    pm = Checker().check("berlin.md", page.encode()).postmortem
    assert pm is not None
    days = [entry.at.date().isoformat() for entry in pm.timeline]
    assert days[0] == "2024-03-02" and days[-1] == "2024-03-03"


def test_configuration_examples_are_valid_plugin_options() -> None:
    blocks = [b for b in fenced(read("configuration.md"), "yaml") if "postmortems:" in b]
    assert len(blocks) >= 10
    for block in blocks:
        data = yaml_load(block)
        entries = data["plugins"] if isinstance(data, dict) else data
        options = next(e["postmortems"] for e in entries if isinstance(e, dict) and "postmortems" in e)
        config = PostmortemsConfig()
        config.load_dict(options)
        errors, warnings = config.validate()
        assert (errors, warnings) == ([], []), block
        settings_from_options(dict(config))


def test_cli_team_template_renders_a_page_with_only_prompts_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = next(b for b in fenced(read("cli.md"), "text") if b.startswith("---\n"))
    folder = tmp_path / "docs" / "postmortems"
    folder.mkdir(parents=True)
    (folder / "_template.md").write_text(template, "utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["new", "Payments API returns 502s", "--severity", "SEV2", "--service", "payments"]
    assert cli.main([*args, "--started", "2024-09-03T07:45", "--ended", "2024-09-03T08:30"]) == 0
    page = folder / "2024-09-03-payments-api-returns-502s.md"
    problems = Checker().check_file(page).problems
    assert problems and {p.rule for p in problems} == {"template-text"}


# ---------------------------------------------------------------- CI and pre-commit


def test_example_workflow_checks_builds_and_uploads() -> None:
    workflow = yaml.safe_load(WORKFLOW_EXAMPLE.read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = [str(step.get("run", "")) for step in steps]
    check = next(i for i, run in enumerate(runs) if "mkdocs-postmortems check --format github" in run)
    build = next(i for i, run in enumerate(runs) if "mkdocs build --strict" in run)
    upload = next(
        i for i, step in enumerate(steps) if str(step.get("uses", "")).startswith("actions/upload-artifact")
    )
    assert check < build < upload
    assert steps[upload]["with"]["path"].rstrip("/") == "site"


def test_workflow_page_shows_the_example_workflow_verbatim() -> None:
    assert WORKFLOW_EXAMPLE.read_text("utf-8") in fenced(read("workflow.md"), "yaml")


def hook() -> dict:
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    return next(h for h in hooks if h["id"] == HOOK_ID)


def test_pre_commit_hook_definition() -> None:
    h = hook()
    assert h["entry"] == "mkdocs-postmortems check"
    assert h["language"] == "python"
    assert h["pass_filenames"] is True
    files, exclude = re.compile(h["files"]), re.compile(h["exclude"])

    def selected(path: str) -> bool:  # pre-commit's rule: re.search on the repository-relative path
        return bool(files.search(path)) and not exclude.search(path)

    assert selected("docs/postmortems/2024-08-15-checkout.md")
    assert selected("docs/postmortems/2024/2024-08-15-checkout.md")
    for path in (
        "docs/index.md",
        "docs/postmortems/index.md",
        "docs/postmortems/README.md",
        "docs/postmortems/_template.md",
        "docs/postmortems/_partials/footer.md",
        "docs/postmortems/2024/index.md",
        "docs/postmortems/notes.txt",
    ):
        assert not selected(path), path


def _entry() -> list[str]:
    argv = shlex.split(hook()["entry"])
    local = Path(sys.executable).parent / argv[0]  # this environment's console script
    found = str(local) if local.exists() else shutil.which(argv[0])
    assert found, f"{argv[0]} is not installed"
    return [found, *argv[1:]]


@pytest.mark.parametrize(("valid", "code"), [(True, 0), (False, 1)])
def test_pre_commit_hook_entry_runs(tmp_path: Path, valid: bool, code: int) -> None:
    page = example_postmortems()[0]
    if not valid:
        page = page.replace("severity: SEV2", "severity: SEV9")
    relative = "docs/postmortems/2024-08-15-checkout.md"
    (tmp_path / relative).parent.mkdir(parents=True)
    (tmp_path / relative).write_text(page, "utf-8")
    run = subprocess.run([*_entry(), relative], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == code, run.stdout + run.stderr
    if not valid:
        assert f"{relative}:7:11: error: severity 'SEV9'" in run.stdout


def test_team_pre_commit_configs_in_workflow_page() -> None:
    h = hook()
    configs = [yaml.safe_load(b) for b in fenced(read("workflow.md"), "yaml") if b.startswith("repos:")]
    assert len(configs) >= 2
    for config in configs:
        for repo in config["repos"]:
            hooks = [x for x in repo["hooks"] if x["id"] == HOOK_ID]
            assert hooks, repo
            if repo["repo"] == "local":  # a local hook repeats the definition
                for key in ("entry", "files", "exclude"):
                    assert hooks[0][key] == h[key], key


# ---------------------------------------------------------------- editor support


def test_vscode_examples_are_json_and_the_problem_matcher_reads_problem_lines() -> None:
    blocks = [json.loads(b) for b in fenced(read("workflow.md"), "json")]
    matcher = next(t["problemMatcher"] for b in blocks for t in b.get("tasks", []))
    pattern = re.compile(matcher["pattern"]["regexp"])  # the same syntax in JavaScript and Python
    lines = [line for block in fenced(read("rules.md"), "text") for line in block.splitlines() if line]
    for line in lines:
        match = pattern.match(line)
        assert match, line
        groups = {key: match.group(matcher["pattern"][key]) for key in ("file", "line", "column", "severity")}
        assert groups["file"].endswith(".md") and groups["severity"] in ("error", "warning")
        assert match.group(matcher["pattern"]["code"]) in RULES


# ---------------------------------------------------------------- the README points here


def test_readme_author_workflow_section() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    headings = re.findall(r"^## (.+)$", readme, re.M)
    assert headings.index("Author workflow") == headings.index("Command line") + 1
    part = section(readme, "## Author workflow")
    for needle in (
        "mkdocs-postmortems new",
        "mkdocs serve",
        HOOK_ID,
        "--format github",
        "mkdocs-postmortems schema",
    ):
        assert needle in part, needle
    links = re.findall(r"\]\((docs/guide/[^)#]+)", readme)
    assert links
    for link in links:
        assert (ROOT / link).is_file(), link


def test_every_section_phrase_is_documented() -> None:
    """writing.md's table of section phrases is the reader's own list, whole and in its order."""
    text = read("writing.md")
    for name, phrases in SECTION_ALIASES.items():
        row = re.search(rf"^\| {re.escape(name)} \| (.*) \|$", text, re.M)
        assert row is not None, name
        assert [p.strip() for p in row.group(1).split(",")] == list(phrases), name
