"""A Python-Markdown extension: a postmortem page's card, timeline and (in previews) problems.

For engines that run Python-Markdown but skip MkDocs plugins (Zensical), used as

    markdown_extensions:
      - mkdocs_postmortems.extension

Engines hand an extension the page's text without its front matter, so the
extension finds the page's own file and reads it whole:

1. on Zensical, from the page its rendering context carries
   (`zensical.extensions.context.ContextPreprocessor.page`: path below docs_dir);
2. when the text still starts with front matter (plain Python-Markdown), from the text;
3. otherwise, by matching the text against the bodies of the postmortems folder
   (MkDocs without the plugin).

A page it cannot place is left as it is. Options come from the `postmortems`
plugin entry of the site's `mkdocs.yml`, which engines that skip the plugin ignore,
so one config serves every engine. On MkDocs with the plugin enabled, the plugin
removes this extension from the list: the plugin stays the route, nothing renders twice.
The library pages the card links to are written by `mkdocs-postmortems generate`.
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from . import editions, embed, render, site_pages
from .checker import Checked, Checker
from .cli import Site, UsageError, load_site
from .export import page_url
from .generate import site_incidents, today
from .library import Library
from .reading import frontmatter
from .settings import is_postmortem

log = logging.getLogger(__name__)
SHOW_PROBLEMS = ("serve", "always", "never")


def previewing() -> bool:
    """Whether the engine is serving a preview (`zensical serve`, `mkdocs serve`)."""
    return "serve" in sys.argv[1:3]


@dataclass(frozen=True, slots=True)
class Located:
    """Where a page comes from, and the URL its relative links are resolved against."""

    docs_dir: Path
    source: str | None  # below docs_dir; None when the page was read from its own text
    link_from: str  # site-relative: the page URL (MkDocs), or its source path (Zensical resolves so)
    data: bytes | None = None  # the page's bytes when no file stands for it


class _State:
    """What pages share during one build: the site's config, and its library, kept while unchanged."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sites: dict[tuple[str, int], Site] = {}
        self.libraries: dict[tuple[Any, ...], Library] = {}
        self.bodies: dict[tuple[Any, ...], dict[str, str]] = {}
        self.renderer_of: tuple[Site, render.IncidentRenderer] | None = None

    def renderer(self, site: Site) -> render.IncidentRenderer:
        """One per site config: compiled templates and remembered drawings serve every page."""
        with self.lock:
            if self.renderer_of is None or self.renderer_of[0] is not site:
                env = render.environment(site.template_dirs)
                self.renderer_of = (site, render.IncidentRenderer(env, site.settings, remember=True))
            return self.renderer_of[1]

    def site(self, config_file: Path) -> Site:
        try:
            stamp = config_file.stat().st_mtime_ns
        except OSError:
            stamp = 0
        key = (str(config_file.resolve()), stamp)
        with self.lock:
            if key not in self.sites:
                self.sites = {key: load_site(config_file)}
            return self.sites[key]

    def library(self, site: Site) -> Library:
        """The published incidents, as `generate` puts them in the library (drafts out unless asked)."""
        files = _signature(site.docs_dir / site.settings.folder)
        key = (str(site.docs_dir), site.settings.fingerprint(), site.use_directory_urls, files)
        with self.lock:
            library = self.libraries.get(key)
            if library is None:
                incidents = site_incidents(
                    site.docs_dir,
                    site.settings.folder,
                    Checker(site.settings, remember=True),
                    site.use_directory_urls,
                    site.settings.include_drafts,
                ).published
                library = Library(incidents, site.settings, today(site.settings.timezone))
                self.libraries = {key: library}  # only the latest: an edit makes the old one useless
            return library

    def bodies_of(self, site: Site) -> dict[str, str]:
        """Body text (stripped) -> source, for pages an engine hands over without their front matter."""
        folder = site.docs_dir / site.settings.folder
        key = (str(folder), _signature(folder))
        with self.lock:
            bodies = self.bodies.get(key)
            if bodies is None:
                bodies = {}
                for name, _, _ in key[1]:
                    try:
                        text = (folder / name).read_text("utf-8-sig")
                    except (OSError, UnicodeDecodeError):
                        continue
                    split = frontmatter.split_front_matter(text)
                    bodies.setdefault(_normal(split.body), f"{site.settings.folder}/{name}")
                self.bodies = {key: bodies}
            return bodies


_state = _State()


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """The postmortem files below `folder` with their times and sizes: changes when any does."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in sorted(files):
            path = Path(root, name)
            relative = path.relative_to(folder).as_posix()
            if is_postmortem(relative):
                try:
                    stat = path.stat()
                except OSError:
                    continue
                out.append((relative, stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def _zensical_page(md: Markdown) -> tuple[Path, str, str] | None:
    """(project root, docs_dir, page path below it) from Zensical's rendering context, if any."""
    try:
        from zensical.extensions.context import ContextPreprocessor  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        context = ContextPreprocessor.from_markdown(md)
        if context is None:
            return None
        config, path = context.config, context.page.path
        root = Path(str(config.get("root_dir") or "."))
        return root, str(config.get("docs_dir") or "docs"), str(path)
    except Exception:  # an internal object: if its shape changes, fall back rather than fail
        return None


class IncidentPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: PostmortemsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        try:
            return self.decorate(lines)
        except UsageError as exc:  # the site's config cannot be read: say so, render the page as it is
            log.warning(f"mkdocs_postmortems.extension: {exc}")
        except Exception as exc:  # never fail a build over the decoration of one page
            log.warning(f"mkdocs_postmortems.extension: page left undecorated: {type(exc).__name__}: {exc}")
        return lines

    def config_file(self, root: Path | None) -> Path:
        given = str(self.extension.getConfig("config_file") or "")
        if given:
            return Path(given) if root is None or Path(given).is_absolute() else root / given
        return (root or Path()) / "mkdocs.yml"

    def locate(self, lines: list[str]) -> tuple[Site, Located] | None:
        zensical = _zensical_page(self.md)
        if zensical is not None:
            root, docs, path = zensical
            site = _state.site(self.config_file(root))
            docs_dir = root / docs
            return site, Located(docs_dir, path, path)  # Zensical resolves raw HTML links from the source
        site = _state.site(self.config_file(None))
        if lines and lines[0].strip() in ("---", "+++"):  # the text still has its front matter
            return site, Located(site.docs_dir, None, "", "\n".join(lines).encode("utf-8"))
        source = _state.bodies_of(site).get(_normal("\n".join(lines)))
        if source is None:
            return None
        return site, Located(site.docs_dir, source, page_url(source, site.use_directory_urls))

    def decorate(self, lines: list[str]) -> list[str]:
        found = self.locate(lines)
        if found is None:
            return lines
        site, where = found
        folder = site.settings.folder + "/"
        if where.source is not None and not (
            where.source.startswith(folder) and is_postmortem(where.source[len(folder) :])
        ):
            return lines
        checker = Checker(site.settings, remember=True)
        if where.data is not None:
            checked = checker.check("page.md", where.data)
        else:
            path = where.docs_dir / str(where.source)
            checked = checker.check_file(path, _shown(path))
        pm = checked.postmortem
        settings = site.settings
        if (
            pm is not None
            and settings.edition == "public"
            and (editions.visibility(pm, settings.default_visibility) != "public")
        ):  # this engine builds every file: keep the text out, and say how to keep the page out
            log.warning(
                f"mkdocs_postmortems.extension: {where.source or 'page'} is internal: its text is left "
                "out of the public edition; list it in exclude_docs to leave the page out too"
            )
            return ["", "This postmortem is not part of the public edition.", ""]
        links = render.Links()  # no links from a page with no file: its URL is unknown
        if pm is not None and where.source is not None:
            library = _state.library(site)
            # the library's own copy, so related() knows it is the same incident
            own = next((p for p in library.incidents if p.source == where.source), None)
            pm = own or replace(pm, source=where.source, url=page_url(where.source, site.use_directory_urls))
            urls = _library_urls(site, library, where.docs_dir)
            links = site_pages.incident_links(library, urls, pm, where.link_from)
        show = self.extension.getConfig("show_problems") or str(site.options.get("show_problems") or "serve")
        shown = pm is None or show == "always" or (show == "serve" and previewing())
        return self.place(lines, checked, _state.renderer(site).pieces(checked, links, shown))

    def place(self, lines: list[str], checked: Checked, pieces: render.Pieces) -> list[str]:
        """Put each piece into the page as stashed raw HTML: Markdown never reads our markup."""
        pm = checked.postmortem
        body = pm.body.split("\n") if pm is not None else []
        out = list(lines)
        head = list(pieces.head)
        for index in sorted(pieces.after, reverse=True):
            at = _same_line(out, body, index)
            if at is None:  # the engine changed the text there: above the body rather than nowhere
                head += pieces.after[index]
                continue
            out[at + 1 : at + 1] = self.stashed(pieces.after[index])
        return self.stashed(head) + out

    def stashed(self, pieces: list[tuple[str, str]]) -> list[str]:
        out = []
        for _, snippet in pieces:
            out += ["", self.md.htmlStash.store(render.html_of(snippet)), ""]
        return out


class EditionPreprocessor(IncidentPreprocessor):
    """Internal-only text (editions.py): blanked in the public edition, marked for its box in the internal."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("internal" in line.lower() for line in lines):
            return lines
        try:
            site = _state.site(self.config_file(_root(self.md)))
        except UsageError as exc:
            log.warning(f"mkdocs_postmortems.extension: {exc}")
            return lines
        text = "\n".join(lines)
        if site.settings.edition == "public":
            return editions.redact(text).split("\n")
        return editions.mark(text, self.extension.token).split("\n")


class InternalBoxes(Postprocessor):
    def __init__(self, md: Markdown, token: str) -> None:
        super().__init__(md)
        self.token = token

    def run(self, text: str) -> str:
        return editions.unmark(text, self.token)


def _root(md: Markdown) -> Path | None:
    zensical = _zensical_page(md)
    return zensical[0] if zensical is not None else None


class EmbedPreprocessor(IncidentPreprocessor):
    """`<!-- postmortems service=... -->` blocks on any page (embed.py), stashed as raw HTML."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("postmortems" in line for line in lines):
            return lines
        try:
            found = self.locate(lines)
            if found is None:  # a page we cannot place has no URL to link from: left as it is
                return lines
            site, where = found
            library = _state.library(site)
            text, problems = embed.replace_blocks(
                "\n".join(lines),
                library,
                where.link_from,
                _library_urls(site, library, where.docs_dir),
                _shown(where.docs_dir / where.source) if where.source else "page.md",
                str(site.options.get("ticket_url") or ""),
                store=self.md.htmlStash.store,
            )
        except UsageError as exc:
            log.warning(f"mkdocs_postmortems.extension: {exc}")
            return lines
        except Exception as exc:  # never fail a build over one block
            log.warning(f"mkdocs_postmortems.extension: block left out: {type(exc).__name__}: {exc}")
            return lines
        for problem in problems:
            log.warning(str(problem))
        return text.split("\n")


def _same_line(lines: list[str], body: list[str], index: int) -> int | None:
    """Where body line `index` is in `lines` (the same occurrence of the same text), if anywhere."""
    if not 0 <= index < len(body) or not body[index].strip():
        return None
    want = body[index].strip()
    nth = sum(1 for line in body[:index] if line.strip() == want)
    for at, line in enumerate(lines):
        if line.strip() == want:
            if nth == 0:
                return at
            nth -= 1
    return None


def _library_urls(site: Site, library: Library, docs_dir: Path) -> dict[tuple[str, str], str]:
    """URLs of the library pages that exist in the docs folder (written by `generate`, or the site's)."""
    folder = site.settings.folder
    urls: dict[tuple[str, str], str] = {}
    options = site_pages.options_from(folder, site.options)
    for spec in site_pages.page_specs(library, options):
        if (docs_dir / spec.uri).is_file():
            urls[(spec.kind, spec.key)] = page_url(spec.uri, site.use_directory_urls)
    return urls


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class PostmortemsExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "config_file": [
                "",
                "the site's mkdocs.yml, whose postmortems plugin entry holds the options "
                "(default: mkdocs.yml in the project root, or the working directory)",
            ],
            "show_problems": ["", "serve, always or never (default: the plugin option, else serve)"],
        }
        super().__init__(**kwargs)
        self.token = f"pmint{secrets.token_hex(6)}"  # a word Markdown leaves as it is (editions.py)
        shown = self.getConfig("show_problems")
        if shown and shown not in SHOW_PROBLEMS:
            raise ValueError(
                f"mkdocs_postmortems.extension: show_problems must be one of {', '.join(SHOW_PROBLEMS)}"
            )

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # after whitespace is normalised (30), before raw HTML blocks are stashed (20)
        md.preprocessors.register(IncidentPreprocessor(md, self), "postmortems", 25)
        md.preprocessors.register(EmbedPreprocessor(md, self), "postmortems-embed", 24)
        # before the incident card reads the page (25), after whitespace is normalised (30)
        md.preprocessors.register(EditionPreprocessor(md, self), "postmortems-edition", 29)
        md.postprocessors.register(InternalBoxes(md, self.token), "postmortems-internal", 5)


def makeExtension(**kwargs: Any) -> PostmortemsExtension:
    return PostmortemsExtension(**kwargs)
