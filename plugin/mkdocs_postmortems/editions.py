"""One source, two editions: what the public edition leaves out, and how internal text is marked.

A postmortem is `visibility: internal` or `public` (default: the `default_visibility`
option, `internal`). Inside any page, text between two HTML comments is internal-only:

    <!-- internal -->
    The customer was ACME; the refund cost 12,000 EUR.
    <!-- /internal -->

    The cause was a <!-- internal -->misconfigured ACME tenant<!-- /internal --> config change.

HTML comments survive every engine and render as nothing where nobody handles them. The
internal edition (`edition: internal`, the default) shows such text in a visible
"Internal" box; the public edition blanks it before anything reads the page, so no page,
export or index can carry it. Front matter under the key `internal:` is internal-only too.

Line numbers are kept (blanked lines stay as empty lines), so problems still point at the
author's lines. Pure: no MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .model import Postmortem, Problem

EDITIONS = ("internal", "public")
INTERNAL_KEY = "internal"  # front-matter mapping of internal-only fields
_OPEN = re.compile(r"^ {0,3}<!--\s*internal\s*-->\s*$", re.I)
_CLOSE = re.compile(r"^ {0,3}<!--\s*/\s*internal\s*-->\s*$", re.I)
_INLINE = re.compile(r"<!--\s*internal\s*-->(.*?)<!--\s*/\s*internal\s*-->", re.I | re.S)
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def visibility(pm: Postmortem, default: str) -> str:
    """The page's own `visibility` when it is valid, else the site's default."""
    value = pm.meta.get("visibility")
    return value if value in EDITIONS else default


@dataclass(frozen=True, slots=True)
class Marker:
    line: int  # 0-based
    kind: str  # open, close, fence (a line inside fenced code)


def _scan(lines: list[str]) -> list[str]:
    """Each line's role: `open`, `close`, `code` (inside fenced code) or `text`."""
    roles = []
    fence = ""
    for line in lines:
        opened = _FENCE.match(line)
        if fence:
            roles.append("code")
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            roles.append("code")
        elif _OPEN.match(line):
            roles.append("open")
        elif _CLOSE.match(line):
            roles.append("close")
        else:
            roles.append("text")
    return roles


def _inline(line: str, replace: str | None) -> str:
    """`line` with each inline internal span removed (`replace` None) or wrapped in tokens;
    spans inside code spans stay as written (a guide can show the syntax)."""
    if "<!--" not in line:
        return line
    out, last = [], 0
    for code in _CODE_SPAN.finditer(line):
        out.append(_spans(line[last : code.start()], replace))
        out.append(code.group(0))
        last = code.end()
    out.append(_spans(line[last:], replace))
    return "".join(out)


def _spans(text: str, replace: str | None) -> str:
    if replace is None:
        return _INLINE.sub("", text)
    return _INLINE.sub(lambda m: f"{replace}i{m.group(1)}{replace}e", text)


def redact(text: str) -> str:
    """The public edition of a page: internal blocks and spans blanked, line count unchanged.

    A block never closed runs to the end of the page: when in doubt, leave it out.
    """
    if "internal" not in text.lower():
        return text
    lines = text.split("\n")
    out = []
    inside = False
    for line, role in zip(lines, _scan(lines), strict=True):
        if role == "open":
            inside = True
            out.append("")
        elif role == "close":
            inside = False
            out.append("")
        elif inside:
            out.append("")
        else:
            out.append(line if role == "code" else _inline(line, None))
    return "\n".join(out)


def redact_bytes(data: bytes) -> bytes:
    """`redact` for a file's bytes; bytes that are not UTF-8 are left to the checker to report."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    redacted = redact(text)
    return data if redacted == text else redacted.encode("utf-8")


def mark(text: str, token: str) -> str:
    """The internal edition: markers turned into plain-word tokens that Markdown leaves alone,
    for `unmark` to turn into the box once the page is HTML (the text between them is rendered
    as Markdown by whatever engine renders the page)."""
    if "internal" not in text.lower():
        return text
    lines = text.split("\n")
    out = []
    for line, role in zip(lines, _scan(lines), strict=True):
        if role == "open":
            out += ["", f"{token}o", ""]
        elif role == "close":
            out += ["", f"{token}c", ""]
        else:
            out.append(line if role == "code" else _inline(line, token))
    return "\n".join(out)


LABEL = '<p class="pm-internal__label">Internal</p>'
INLINE_OPEN = (
    '<span class="pm-internal pm-internal--inline"><span class="pm-internal__label">internal</span> '
)


def unmark(html: str, token: str) -> str:
    """Tokens -> a visible "Internal" box (blocks) or a marked span (inline)."""
    if token not in html:
        return html
    html = re.sub(rf"(?:<p>)?{token}o(?:</p>)?", f'<div class="pm-internal" role="note">{LABEL}', html)
    html = re.sub(rf"(?:<p>)?{token}c(?:</p>)?", "</div>", html)
    html = html.replace(f"{token}i", INLINE_OPEN)
    return html.replace(f"{token}e", "</span>")


def without_internal_fields(pm: Postmortem) -> dict[str, object]:
    """The front matter the public edition may publish: the `internal:` mapping left out."""
    return {k: v for k, v in pm.meta.items() if k != INTERNAL_KEY}


# ---------------------------------------------------------------- `check`: links that would break

_FRONT_VISIBILITY = re.compile(r"^visibility\s*[:=]\s*[\"']?(\w+)", re.M)
_LINK = re.compile(
    r"\]\(\s*<?([^)\s>]+\.md)(?:#[^)\s>]*)?>?(?:\s+[\"'][^)]*)?\)"  # [text](page.md "title")
    r"|^\s*\[[^\]]+\]:\s*<?(\S+\.md)",  # [ref]: page.md
    re.M,
)


def front_visibility(text: str, default: str) -> str:
    """`visibility` read from the front matter's text (no YAML parse: `check` runs this on every page)."""
    if text.startswith(("---", "+++")):
        end = text.find("\n" + text[:3], 3)
        found = _FRONT_VISIBILITY.search(text[: end if end != -1 else 0])
        if found and found.group(1) in EDITIONS:
            return found.group(1)
    return default


def link_problems(pages: Iterable[tuple[Path, str, str]], default: str) -> dict[str, list[Problem]]:
    """For each public page (path, shown name, text), a warning per Markdown link to an internal page:
    the public edition leaves that page out, so the link would break there."""
    pages = list(pages)
    internal = {path.resolve() for path, _, text in pages if front_visibility(text, default) == "internal"}
    out: dict[str, list[Problem]] = {}
    if not internal:
        return out
    for path, shown, text in pages:
        if front_visibility(text, default) != "public":
            continue
        lines = redact(text).split("\n")  # a link inside an internal block is fine: it is left out too
        for number, line in enumerate(lines, 1):
            if ".md" not in line:
                continue
            for found in _LINK.finditer(line):
                target = found.group(1) or found.group(2)
                if "://" in target:
                    continue
                if (path.parent / target).resolve() in internal:
                    message = (
                        f"this public page links to internal page '{target}', which the public "
                        "edition leaves out: the link would break there"
                    )
                    col = (found.start(1) if found.group(1) else found.start(2)) + 1
                    problem = Problem(shown, number, col, "warning", message, "internal-link")
                    out.setdefault(shown, []).append(problem)
    return out
