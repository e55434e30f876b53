"""The machine-readable library: `incidents.json` records, CSV, and JSON safe to embed in HTML."""

from __future__ import annotations

import csv
import io
import json
import posixpath
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .model import Postmortem


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a Markdown page (for exports made outside MkDocs)."""
    stem = src_uri.rsplit(".", 1)[0]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=16384)  # pages at one depth link the same library pages
def relative_url(url: str, from_url: str) -> str:
    """Site-relative `url` as seen from the page or file at site-relative `from_url`."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    target, start = url.split("/"), base.split("/")
    if "." in target or ".." in target or "." in start or ".." in start or "/" in (url[:1], base[:1]):
        relative = posixpath.relpath(url or ".", base or ".")  # slow: it asks for the working folder
    else:  # plain segments: what relpath gives, without its calls to the file system
        target, start = [p for p in target if p], [p for p in start if p]
        common = 0
        while common < min(len(target), len(start)) and target[common] == start[common]:
            common += 1
        relative = "/".join([".."] * (len(start) - common) + target[common:]) or "."
    return relative + "/" if url.endswith("/") and not relative.endswith("/") else relative


def newest_first(postmortems: Iterable[Postmortem]) -> list[Postmortem]:
    return sorted(postmortems, key=lambda pm: (pm.started is not None, pm.started, pm.source), reverse=True)


def records(postmortems: Iterable[Postmortem]) -> list[dict[str, Any]]:
    return [pm.as_record() for pm in newest_first(postmortems)]


def to_json(postmortems: Iterable[Postmortem], indent: int | None = 2) -> str:
    if indent is not None:
        return json.dumps(records(postmortems), indent=indent, ensure_ascii=False, default=str)
    # one record at a time, the same text json.dumps gives the list: every record's dict at once
    # would hold ~10 MB more at 1,000 postmortems
    one = json.JSONEncoder(ensure_ascii=False, default=str).encode
    return "[" + ", ".join(one(pm.as_record()) for pm in newest_first(postmortems)) + "]"


def json_for_script(data: Any) -> str:
    """JSON that can sit inside <script> without closing it or opening a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


CSV_COLUMNS = (
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
    "open_action_items",
    "impact",
    "tags",
    "team",
    "commander",
    "responders",
)
# OWASP's list of cell starts a spreadsheet reads as a formula, and their full-width forms
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_START) and not isinstance(value, int | float):
        return "'" + text
    return text


def to_csv(postmortems: Iterable[Postmortem]) -> str:
    out = io.StringIO()
    # RFC 4180's CRLF: the writer then quotes any cell holding \r or \n, which a bare \n would not
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for pm in newest_first(postmortems):
        record = pm.as_record()
        record["open_action_items"] = len(pm.open_action_items)
        writer.writerow([_cell(record.get(column)) for column in CSV_COLUMNS])
    return out.getvalue()


def atom_feed(postmortems: Iterable[Postmortem], site_url: str, title: str, feed_url: str) -> str:
    """An Atom feed of published postmortems, newest first. ElementTree does the escaping."""
    from xml.etree import ElementTree as ET

    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    items = newest_first(postmortems)
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = title
    ET.SubElement(feed, f"{{{ns}}}id").text = (
        site_url + feed_url if site_url else "urn:mkdocs-postmortems:" + feed_url
    )
    ET.SubElement(
        feed,
        f"{{{ns}}}link",
        rel="self",
        href=site_url + feed_url if site_url else posixpath.basename(feed_url),
    )
    updated = max((pm.ended or pm.started for pm in items if pm.started), default=None)
    ET.SubElement(feed, f"{{{ns}}}updated").text = (
        updated.isoformat() if updated else "1970-01-01T00:00:00+00:00"
    )
    for pm in items:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        # without a site_url, links are relative to the feed itself (Atom resolves them against it)
        link = site_url + (pm.url or "") if site_url else relative_url(pm.url or "", feed_url)
        ET.SubElement(entry, f"{{{ns}}}title").text = pm.title or pm.source
        ET.SubElement(entry, f"{{{ns}}}id").text = link if site_url else f"urn:mkdocs-postmortems:{pm.source}"
        ET.SubElement(entry, f"{{{ns}}}link", href=link)
        stamp = pm.ended or pm.started
        ET.SubElement(entry, f"{{{ns}}}updated").text = stamp.isoformat() if stamp else ""
        if pm.started:
            ET.SubElement(entry, f"{{{ns}}}published").text = pm.started.isoformat()
        for author in pm.authors or ["unknown"]:
            ET.SubElement(ET.SubElement(entry, f"{{{ns}}}author"), f"{{{ns}}}name").text = author
        for term in [pm.severity, *pm.services, *pm.tags]:
            if term:
                ET.SubElement(entry, f"{{{ns}}}category", term=term)
        summary = f"{pm.severity or ''} · {', '.join(pm.services)} · {pm.impact or ''}"
        ET.SubElement(entry, f"{{{ns}}}summary").text = summary
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")
