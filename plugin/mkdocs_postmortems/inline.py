"""Inline Markdown of a timeline entry or an action item, as safe HTML or as plain text.

Authors write `**bold**`, `` `code` ``, `~~struck~~` and `[links](https://...)` inside
entries and items. Pages outside the postmortem (the action-items queue) show them
rendered, and drawings (SVG labels, `<title>`) show them as plain text. Everything
else the author wrote is escaped: raw HTML is text here, and only http(s), mailto
and relative link targets become links.
"""

from __future__ import annotations

import re
from html import escape

_CODE = re.compile(r"(`+)(.+?)\1")
# `[text](url)`, and an image `![alt](url)`, which a label shows as its alt text
_LINK = re.compile(r"(!?)\[([^\][]*)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
# `__` and `_` inside a word (`window.__name`, `snake_case`) are not emphasis (CommonMark)
_STRONG = re.compile(r"(\*\*)(?=\S)(.+?)(?<=\S)\*\*|(?<!\w)(__)(?=\S)(.+?)(?<=\S)__(?!\w)")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:|[^:]*$)", re.I)


def _spans(text: str, render: bool) -> str:
    """Code spans are kept apart first (nothing inside them is markup)."""
    out: list[str] = []
    last = 0
    for match in _CODE.finditer(text):
        out.append(_rest(text[last : match.start()], render))
        code = match.group(2).strip()
        out.append(f"<code>{escape(code)}</code>" if render else code)
        last = match.end()
    out.append(_rest(text[last:], render))
    return "".join(out)


def _rest(text: str, render: bool) -> str:
    text = _FOOTNOTE.sub("", text)
    links: list[str] = []

    def link(match: re.Match[str]) -> str:
        image, label, url = match.group(1), match.group(2), match.group(3)
        if image:
            links.append(escape(label) if render else label)
        elif render and _SAFE_URL.match(url):
            links.append(f'<a href="{escape(url)}">{_emphasis(escape(label or url))}</a>')
        else:
            links.append(escape(label or url) if render else label or url)
        return f"\x00{len(links) - 1}\x00"

    def autolink(match: re.Match[str]) -> str:
        url = match.group(1)
        links.append(f'<a href="{escape(url)}">{escape(url)}</a>' if render else url)
        return f"\x00{len(links) - 1}\x00"

    text = _AUTOLINK.sub(autolink, _LINK.sub(link, text))
    if render:
        text = _emphasis(escape(text, quote=False))
    else:
        text = _STRONG.sub(lambda m: m.group(2) or m.group(4), text)
        text = _STRIKE.sub(r"\1", _EM.sub(r"\2", text))
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], text)


def _emphasis(html: str) -> str:
    html = _STRONG.sub(lambda m: f"<strong>{m.group(2) or m.group(4)}</strong>", html)
    html = _EM.sub(r"<em>\2</em>", html)
    return _STRIKE.sub(r"<del>\1</del>", html)


def to_html(text: str) -> str:
    """Inline Markdown as HTML; everything else escaped."""
    return _spans(text.replace("\x00", ""), render=True)


def to_text(text: str) -> str:
    """Inline Markdown as plain text (link text kept, marks dropped); not escaped."""
    return " ".join(_spans(text.replace("\x00", ""), render=False).split())
