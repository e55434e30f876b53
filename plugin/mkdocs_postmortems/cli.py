"""`mkdocs-postmortems`: check, export, new, schema and adopt, without MkDocs.

Reads the site's `mkdocs.yml` itself (tolerating the `!!python/name` and `!ENV`
tags sites use) so the checks run in CI and pre-commit in a fraction of a build.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import __version__, editions
from .cache import FOLDER as CACHE_FOLDER
from .cache import ResultCache, code_digest, key
from .checker import Checked, Checker
from .export import page_url, to_json
from .formatting import zone
from .model import Problem
from .reading.frontmatter import parse_datetime
from .schema import build_schema
from .settings import Settings, SettingsError, is_postmortem, settings_from_options
from .slugs import slugify
from .validate import suggest

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _ConfigLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Reads mkdocs.yml, turning tags we cannot (and need not) resolve into None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


class UsageError(Exception):
    pass


@dataclass(slots=True)
class Site:
    docs_dir: Path
    settings: Settings
    use_directory_urls: bool = True
    options: dict[str, Any] = field(default_factory=dict)  # the plugin's options as written
    site_name: str = ""
    site_url: str = ""
    template_dirs: list[Path] = field(default_factory=list)  # the theme's custom_dir, when it has one
    plugin: bool = False  # whether the config lists the postmortems plugin (enabled)

    @property
    def folder(self) -> Path:
        return self.docs_dir / self.settings.folder


def load_site(config_file: str | Path = "mkdocs.yml") -> Site:
    """The docs folder and plugin settings of a site; defaults when there is no config file."""
    path = Path(config_file)
    if not path.is_file():
        return Site(Path("docs"), Settings())
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_ConfigLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it: {exc}") from exc
    if not isinstance(data, dict):
        raise UsageError(f"{path}: not a mapping of settings")
    options: dict[str, Any] = {}
    plugins = data.get("plugins") or []
    listed = False
    for entry in plugins if isinstance(plugins, list) else [{k: v} for k, v in dict(plugins).items()]:
        if entry == "postmortems":
            listed = True
        elif isinstance(entry, dict) and "postmortems" in entry:
            listed, options = True, entry["postmortems"] or {}
    options = options if isinstance(options, dict) else {}
    docs_dir = path.parent / str(data.get("docs_dir") or "docs")
    try:
        settings = settings_from_options(options)
    except SettingsError as exc:
        raise UsageError(f"{path}: {exc}") from exc
    theme = data.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return Site(
        docs_dir,
        settings,
        bool(data.get("use_directory_urls", True)),
        options=options,
        site_name=str(data.get("site_name") or ""),
        site_url=_site_url(data.get("site_url")),
        template_dirs=[path.parent / str(custom_dir)] if custom_dir else [],
        plugin=listed and options.get("enabled", True) is not False,
    )


def _site_url(value: Any) -> str:
    """As MkDocs normalises it: with a trailing slash (the feed's links are joined to it)."""
    text = str(value or "")
    return text if not text or text.endswith("/") else text + "/"


def find_pages(paths: Sequence[str], site: Site) -> Iterator[Path]:
    """Postmortem files under the given paths (default: the site's postmortems folder)."""
    targets = [Path(p) for p in paths] or [site.folder]
    for target in targets:
        if target.is_dir():
            for file in sorted(target.rglob("*")):
                if file.is_file() and is_postmortem(file.relative_to(target).as_posix()):
                    yield file
        elif target.is_file():
            yield target
        else:
            raise UsageError(f"{target}: no such file or folder")


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def check_all(paths: Sequence[str], site: Site) -> list[tuple[Path, Checked]]:
    checker = Checker(site.settings)
    return [(file, checker.check_file(file, _shown(file))) for file in find_pages(paths, site)]


PARALLEL_FROM = 400  # files; below this, starting worker processes costs more than it saves


Page = tuple[Path, bytes | None]  # a file and its bytes (None: it could not be read; check says why)


def _problems_of(job: tuple[Settings, list[Page]]) -> list[list[Problem]]:
    settings, pages = job
    checker = Checker(settings)
    return [
        checker.check(_shown(file), data).problems
        if data is not None
        else checker.check_file(file, _shown(file)).problems
        for file, data in pages
    ]


def _read(file: Path) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError:
        return None


def _check_pages(settings: Settings, pages: list[Page], jobs: int) -> list[list[Problem]]:
    """Problems of each page, in order, on every core for big libraries.

    Only problems cross process boundaries: models are large to pickle and `check` never needs them.
    """
    if jobs == 1 or len(pages) < PARALLEL_FROM:
        return _problems_of((settings, pages))
    size = -(-len(pages) // (jobs * 4))  # a few chunks per core, so one slow chunk does not hold the rest
    chunks = [(settings, pages[i : i + size]) for i in range(0, len(pages), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return [found for chunk in pool.map(_problems_of, chunks) for found in chunk]


def problems_all(
    paths: Sequence[str], site: Site, jobs: int | None = None, cache_dir: Path | None = None
) -> tuple[int, list[Problem]]:
    """(files checked, their problems in file order). With `cache_dir`, pages whose bytes, name,
    settings and the package's code are unchanged since a run that kept the cache are not read again."""
    pages = [(file, _read(file)) for file in find_pages(paths, site)]
    results: list[list[Problem] | None] = [None] * len(pages)
    keys: list[bytes | None] = [None] * len(pages)
    with ResultCache(cache_dir) if cache_dir else nullcontext() as cache:
        if cache is not None:
            namespace = f"{__version__}:{code_digest()}:{site.settings.fingerprint()}"
            keys = [key(namespace, _shown(file), data) if data is not None else None for file, data in pages]
            hits = cache.get_many(k for k in keys if k is not None)
            results = [hits.get(k) if k is not None else None for k in keys]
        todo = [i for i, found in enumerate(results) if found is None]
        for i, found in zip(
            todo,
            _check_pages(site.settings, [pages[i] for i in todo], jobs or os.cpu_count() or 1),
            strict=True,
        ):
            results[i] = found
        if cache is not None:
            cache.put_many((k, results[i]) for i in todo if (k := keys[i]) is not None)
    # across pages, so never cached per page: a public page linking to an internal one (none can be
    # internal unless the default is, or a page's bytes say so: no page is decoded again then)
    default = site.settings.default_visibility
    maybe_internal = default == "internal" or any(data and b"internal" in data for _, data in pages)
    linked = (
        editions.link_problems(
            (
                (file, _shown(file), data.decode("utf-8", "replace"))
                for file, data in pages
                if data is not None
            ),
            default,
        )
        if maybe_internal
        else {}
    )
    for i, (file, _) in enumerate(pages):
        if _shown(file) in linked:
            results[i] = sorted([*(results[i] or ()), *linked[_shown(file)]], key=lambda p: (p.line, p.col))
    return len(pages), [p for found in results for p in found or ()]


def github_annotation(problem: Problem) -> str:
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    kind = "error" if problem.level == "error" else "warning"
    return (
        f"::{kind} file={prop(problem.path)},line={problem.line},col={problem.col},"
        f"title={prop(problem.rule)}::{data(problem.message)}"
    )


def cmd_check(args: argparse.Namespace, site: Site) -> int:
    cache_dir = None if args.no_cache else Path(args.config_file).resolve().parent / CACHE_FOLDER
    count, problems = problems_all(args.paths, site, args.jobs, cache_dir)
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(github_annotation(problem) if args.format == "github" else str(problem))
        errors = sum(p.level == "error" for p in problems)
        summary = f"{count} postmortem(s) checked: {errors} error(s), {len(problems) - errors} warning(s)"
        print(summary, file=sys.stderr)
    failing = ("error", "warning") if args.strict else ("error",)
    return 1 if any(p.level in failing for p in problems) else 0


def cmd_export(args: argparse.Namespace, site: Site) -> int:
    incidents = []
    for file, checked in check_all(args.paths, site):
        pm = checked.postmortem
        if pm is None or (pm.is_draft and not (args.include_drafts or site.settings.include_drafts)):
            continue
        if site.settings.edition == "public" and (
            editions.visibility(pm, site.settings.default_visibility) == "internal"
        ):
            continue  # the public edition's export, like its incidents.json
        try:  # a copy: the checker's cached result is shared
            source = file.resolve().relative_to(site.docs_dir.resolve()).as_posix()
            pm = replace(pm, url=page_url(source, site.use_directory_urls), source=source)
        except ValueError:  # outside docs_dir: no URL on the site
            pm = replace(pm, url=None, source=_shown(file))
        incidents.append(pm)
    print(to_json(incidents))
    return 0


def cmd_schema(args: argparse.Namespace, site: Site) -> int:
    print(json.dumps(build_schema(site.settings), indent=2, ensure_ascii=False))
    return 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return int(text)


def _iso(text: str) -> datetime:
    """A date-time read as page fields are; without an offset it stays naive (the site's zone applies)."""
    value = parse_datetime(text, None)
    if value is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not an ISO 8601 date-time such as 2024-08-15T12:30")
    return value


def cmd_new(args: argparse.Namespace, site: Site) -> int:
    settings = site.settings
    if args.severity not in settings.severity_ids:
        raise UsageError(f"--severity '{args.severity}' is not one of {', '.join(settings.severity_ids)}")
    for service in args.service:
        if settings.services and service not in settings.services:
            guess = suggest(service, settings.services)
            hint = f"; did you mean '{guess}'?" if guess else f" ({', '.join(settings.services)})"
            raise UsageError(f"--service '{service}' is not in the service catalog{hint}")
    tz = zone(settings.timezone) or UTC
    started = args.started or datetime.now(tz).replace(second=0, microsecond=0)
    started = started if started.tzinfo else started.replace(tzinfo=tz)
    ended = args.ended.replace(tzinfo=args.ended.tzinfo or tz) if args.ended else None
    if ended and ended < started:
        raise UsageError("--ended is before --started")
    target = site.folder / f"{started.date().isoformat()}-{slugify(args.title)}.md"
    custom = site.folder / "_template.md"
    template = (
        custom.read_text("utf-8")
        if custom.is_file()
        else (resources.files(__package__).joinpath("skeleton/postmortem.md").read_text("utf-8"))
    )
    from jinja2 import Environment  # only `new` renders templates

    env = Environment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)  # JSON is valid YAML
    text = env.from_string(template).render(
        title=args.title,
        severity=args.severity,
        services=args.service,
        started=started.isoformat(),
        ended=ended.isoformat() if ended else None,
        first_stamp=started.astimezone(tz).strftime("%H:%M"),
    )
    if args.dry_run:
        print(text, end="")
        print(f"(dry run: would write {_shown(target)})", file=sys.stderr)
        return 0
    if target.exists():
        raise UsageError(f"{_shown(target)} already exists; not overwriting it")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    print(_shown(target))
    return 0


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` in one step, keeping its permissions: an interrupted run leaves the old file."""
    import shutil
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _diff(shown: str, old: bytes, new: bytes) -> Iterator[str]:
    import difflib

    def lines(data: bytes) -> list[str]:
        # the diff shows text; line ends (CRLF or none at the end) are kept in the file, not shown
        text = data.decode("utf-8", "replace").lstrip("\ufeff")
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    yield from difflib.unified_diff(lines(old), lines(new), f"a/{shown}", f"b/{shown}", lineterm="")


def cmd_adopt(args: argparse.Namespace, site: Site) -> int:
    from .adopt import adopt  # only `adopt` needs it

    counts = {"adopted": 0, "left": 0, "problems": 0}
    errors = 0
    for file in find_pages(args.paths, site):
        shown = _shown(file)
        try:
            data = file.read_bytes()
        except OSError as exc:
            print(f"{shown}:1:1: error: cannot read file: {exc.strerror} [encoding]", file=sys.stderr)
            errors += 1
            continue
        result = adopt(data, file.name, site.settings)
        for line, col, level, message, rule in result.problems:
            print(f"{shown}:{line}:{col}: {level}: {message} [{rule}]", file=sys.stderr)
            errors += level == "error"
        if result.data is None:
            if result.status == "has-keys":
                print(f"{shown}: already has the postmortem keys; left alone", file=sys.stderr)
            counts["left" if result.status == "has-keys" else "problems"] += 1
            continue
        counts["adopted"] += 1
        if args.write:
            try:
                _write_atomically(file, result.data)
            except OSError as exc:
                print(f"{shown}:1:1: error: cannot write file: {exc.strerror} [encoding]", file=sys.stderr)
                errors += 1
                continue
            print(f"{shown}: added {', '.join(result.added)}")
        else:
            for line in _diff(shown.replace(os.sep, "/"), data, result.data):
                print(line)
    done = "adopted" if args.write else "to adopt (run with --write to change them)"
    print(
        f"{counts['adopted']} page(s) {done}, {counts['left']} already adopted, "
        f"{counts['problems']} left alone with a problem",
        file=sys.stderr,
    )
    return 1 if errors else 0


def cmd_generate(args: argparse.Namespace, site: Site) -> int:
    from . import generate, site_pages  # only `generate` renders the library

    if args.engine in ("mkdocs", "properdocs") and site.plugin:
        raise UsageError(
            f"the postmortems plugin in {args.config_file} already publishes the library on {args.engine}; "
            "generate is for engines that skip MkDocs plugins (--engine zensical)"
        )
    options = site_pages.options_from(site.settings.folder, site.options)
    try:
        plan = generate.plan(
            site.docs_dir,
            checker=Checker(site.settings),
            options=options,
            use_directory_urls=site.use_directory_urls,
            include_drafts=args.include_drafts or site.settings.include_drafts,
            site_url=site.site_url,
            site_name=site.site_name,
            template_dirs=site.template_dirs,
        )
        if args.check:
            for path in plan.write:
                print(f"{_shown(site.docs_dir / path)}: out of date", file=sys.stderr)
            for path in plan.remove:
                print(f"{_shown(site.docs_dir / path)}: stale, to be removed", file=sys.stderr)
            if plan.up_to_date:
                print(f"the library in {_shown(site.docs_dir)} is up to date", file=sys.stderr)
                return 0
            print("the written library is out of date: run mkdocs-postmortems generate", file=sys.stderr)
            return 1
        generate.apply(plan)
    except generate.GenerateError as exc:
        raise UsageError(str(exc)) from exc
    incidents = plan.incidents
    for path in plan.write:
        print(f"wrote {_shown(site.docs_dir / path)}")
    for path in plan.remove:
        print(f"removed {_shown(site.docs_dir / path)}")
    if plan.kept_overview is not None:
        print(f"{site.settings.folder}/index.md is the site's own: kept, the generated overview left out",
              file=sys.stderr)  # fmt: skip
    if incidents.drafts:
        # the engine still builds the draft's own page unless the config leaves it out
        print(f"{len(incidents.drafts)} draft(s) left out of the library (--include-drafts adds them); "
              "to keep their pages out of the site, list them in exclude_docs:", file=sys.stderr)  # fmt: skip
        for source in incidents.drafts:
            print(f"  {source}", file=sys.stderr)
    if incidents.internal:
        # like drafts: the engine still builds their own pages unless the config leaves them out
        print(f"{len(incidents.internal)} internal postmortem(s) left out of the public edition's library; "
              "to keep their pages out of the site, list them in exclude_docs:", file=sys.stderr)  # fmt: skip
        for source in incidents.internal:
            print(f"  {source}", file=sys.stderr)
    if incidents.broken:
        print(f"{len(incidents.broken)} postmortem(s) with errors (published anyway): "
              "run mkdocs-postmortems check", file=sys.stderr)  # fmt: skip
    print(
        f"{len(incidents.published)} incident(s): {len(plan.write)} file(s) written, "
        f"{len(plan.remove)} removed, {len(plan.unchanged)} unchanged",
        file=sys.stderr,
    )
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="mkdocs-postmortems", description=__doc__.splitlines()[0])
    main.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="the site's config (default: mkdocs.yml)"
    )
    # -f is accepted after the sub-command too (pre-commit appends `args` there)
    config = argparse.ArgumentParser(add_help=False)
    config.add_argument("-f", "--config-file", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, parents=[config])

    check = command("check", "validate postmortems; exit 1 on any error")
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the postmortems folder)"
    )
    check.add_argument("--format", choices=["text", "json", "github"], default="text")
    check.add_argument("-j", "--jobs", type=_positive, help="worker processes (default: one per core)")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="read every page again (default: reuse the results of unchanged pages kept in "
        ".cache/mkdocs-postmortems/ beside mkdocs.yml)",
    )
    check.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings too (e.g. template text left)"
    )
    check.set_defaults(run=cmd_check)

    export = command("export", "print the incidents JSON array")
    export.add_argument("paths", nargs="*", metavar="PATH")
    export.add_argument("--include-drafts", action="store_true")
    export.set_defaults(run=cmd_export)

    new = command("new", "write a new postmortem from the template")
    new.add_argument("title")
    new.add_argument("--severity", required=True)
    new.add_argument("--service", action="append", required=True, help="repeat for several services")
    new.add_argument("--started", type=_iso, help="ISO 8601 (default: now)")
    new.add_argument("--ended", type=_iso, help="ISO 8601 (default: ongoing)")
    new.add_argument("--dry-run", action="store_true", help="print the page instead of writing it")
    new.set_defaults(run=cmd_new)

    schema = command("schema", "print the front matter JSON Schema for this site")
    schema.set_defaults(run=cmd_schema)

    adopt = command("adopt", "add front matter inferred from the body to existing pages (a diff by default)")
    adopt.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the postmortems folder)"
    )
    adopt.add_argument("--write", action="store_true", help="change the files instead of printing a diff")
    adopt.set_defaults(run=cmd_adopt)

    generate = command("generate", "write the library pages and exports into the docs folder (for Zensical)")
    generate.add_argument(
        "--engine",
        choices=["zensical", "mkdocs", "properdocs"],
        default="zensical",
        help="the engine that builds the site (default: zensical)",
    )
    generate.add_argument("--check", action="store_true", help="write nothing; exit 1 when out of date")
    generate.add_argument("--include-drafts", action="store_true", help="put drafts in the library")
    generate.set_defaults(run=cmd_generate)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        site = load_site(args.config_file)
        return int(args.run(args, site))
    except UsageError as exc:
        print(f"mkdocs-postmortems: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `... | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
