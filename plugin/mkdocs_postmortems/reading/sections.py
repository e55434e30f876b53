"""Body sections, recognised by their words rather than their exact text.

`## 3. Timeline of events (all times UTC)` is the Timeline and `## Root cause
analysis` the Root Cause: a heading counts as a section when a phrase of that
section's vocabulary appears in it as whole words (plurals and hyphens aside).
ATX and Setext headings both start sections, and so does a paragraph that is
only bold text (`**Timeline:**`, as in the seed postmortem). A section runs to the
next heading of its level or higher; the headings inside it are its subsections.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import Section
from .stamps import read_stamp

Phrase = tuple[tuple[str, ...], str]  # (phrase words, canonical name)


class Vocabulary(tuple[Phrase, ...]):
    """The section phrases, longest first. Hashed once: the readers' caches key on it at every call,
    and hashing some 270 nested tuples each time cost more than the lookups it saves."""

    _hash: int

    def __new__(cls, phrases: Iterable[Phrase]) -> Vocabulary:
        self = super().__new__(cls, phrases)
        self._hash = tuple.__hash__(self)
        return self

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[type[Vocabulary], tuple[tuple[Phrase, ...]]]:
        return Vocabulary, (tuple(self),)  # hashed anew where it is unpickled (str hashes differ)


_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BOLD_LINE = re.compile(r"^ {0,3}(\*\*|__)(?P<text>[^*_].*?)\1[ \t]*(?P<colon>:?)[ \t]*$")
_BOLD_LABEL = re.compile(
    r"^ {0,3}(?:[-*+][ \t]+)?(\*\*|__)(?P<text>[^*_\n]{2,60}?)[ \t]*:?[ \t]*\1[ \t]*:?[ \t]+\S"
)
# any indent: a fence inside a list item is indented with the item's text
_CODE_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1>\s*$", re.I)
HTML_TAG = re.compile(r"<[^>]+>")  # any tag, to take raw HTML's text
# `- **Review actions**:` with the items nested under it: a section too, as far as its items go
_LIST_LABEL = re.compile(r"^(?P<indent>\s{0,3})[-*+]\s+(\*\*|__)(?P<text>[^*_\n]{2,60}?)\s*:?\s*\2\s*:?\s*$")
# `Some possible actions in the future:` above a list: a section as far as the list goes
_COLON_LABEL = re.compile(r"^ {0,3}(?P<text>[A-Za-z][^:\n|#*]{2,120}):\s*$")
# `Action Items` alone on a line above a list, in a section about something else
_BARE_LABEL = re.compile(r"^ {0,3}(?P<text>[A-Z][A-Za-z]*(?:[ -][A-Za-z]+){0,3})\s*$")
# `- Root Causes: Haste, poor communication` (the SRE book's template without its bold): a plain label
# counts only when it is a section's name whole, not a sentence that starts with one
_PLAIN_LABEL = re.compile(r"^ {0,3}(?:[-*+][ \t]+)?(?P<text>[A-Z][A-Za-z’' /-]{1,40}?)[ \t]*:[ \t]+\S")
_LIST_LINE = re.compile(r"^\s*(?:[-*+•–]|\d+[.)])\s")
_RULES = ("---", "***", "___")  # a thematic break: no text
# what ends a list label's section: a sibling item, a heading, or a bold paragraph at its depth or less
_LABEL_END = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|\*\*|__|<h\d)")
_NUMBERING = re.compile(
    r"^(?:\d+(?:\.\d+)*[.):]?|[ivxIVX]+[.)]|[A-Za-z][.)]|(?:step|part|section)\s+\d+[.:]?)\s+"
)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]|（[^）]*）")  # and full-width `（Mitigate）`
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script (`résolution`, `maßnahmen`, `原因`)
# Chinese, Japanese and Korean write no spaces: each character is a word, so `原因` is found in `障害原因`
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_NOT_PARAGRAPH = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|>|\||#|<)")


_SUFFIXES = ("ing", "ed", "es", "s", "e")


# adjectives in -ed that are not their verb's tense: `Detailed Indicators of Compromise` is no `Details`
_UNSTEMMED = frozenset({"detailed"})


def _stem(word: str) -> str:
    """A light stem, so `Root Causes`, `root cause` and `What caused it?` share `caus`."""
    if len(word) > 3 and not word.endswith("ss") and word not in _UNSTEMMED:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
    return word


# `What we're doing`, `What We’re Doing Now`: the contraction said in full, as the aliases spell it
_CONTRACTION = re.compile(r"[’'](re|ve|ll|d)\b")


def words(text: str) -> tuple[str, ...]:
    """Lower-case word stems (see `_stem`), contractions (`we're`) said in full."""
    text = _CONTRACTION.sub(lambda m: " " + _CONTRACTED[m[1]], text.lower())
    found = _WORD.findall(text.replace("'", "").replace("’", "").translate(_UMLAUTS))
    if not _CJK.search(text):
        return tuple(_stem(word) for word in found)
    return tuple(part for word in found for part in (word if _CJK.search(word) else (_stem(word),)))


_CONTRACTED = {"re": "are", "ve": "have", "ll": "will", "d": "would"}
# German written without its letters (`Was aendern wir`, `Massnahmen`) is the same words
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def build_vocabulary(aliases: dict[str, tuple[str, ...]]) -> Vocabulary:
    """The one vocabulary of these aliases: every checker of a site shares it, so the readers' caches
    find it by identity (an equal copy is compared phrase by phrase at every cached call)."""
    return _vocabulary(tuple((name, tuple(phrases)) for name, phrases in aliases.items()))


@lru_cache(maxsize=16)
def _vocabulary(frozen: tuple[tuple[str, tuple[str, ...]], ...]) -> Vocabulary:
    aliases = dict(frozen)
    order = {name: n for n, name in enumerate(aliases)}
    pairs = {(words(phrase), name) for name, names in aliases.items() for phrase in (name, *names)}
    # longest phrase first; for one phrase, sections in the order the settings list them
    return Vocabulary(sorted((p for p in pairs if p[0]), key=lambda p: (-len(p[0]), p[0], order[p[1]])))


def heading_words(text: str) -> tuple[str, ...]:
    text = re.sub(r"[*_`]", "", text).strip()
    text = _NUMBERING.sub("", text)
    return words(_PARENS.sub(" ", text).replace("-", " ").replace("/", " "))


@lru_cache(maxsize=64)
def _by_first_word(vocabulary: Vocabulary) -> dict[str, tuple[Phrase, ...]]:
    index: dict[str, list[Phrase]] = {}
    for phrase, name in vocabulary:
        index.setdefault(phrase[0], []).append((phrase, name))
    return {word: tuple(pairs) for word, pairs in index.items()}


# phrases that name no section and hide the shorter ones inside them: `After-action report`, a
# notice's `What to do (as a user)`, `What do you need to do?` (its `To do` is the reader's, not
# follow-up work)
# single words that name a section at a heading's start or end (`Actions`, `Follow-up tasks`, `Tasks and
# owners`), not inside it, where they are the words of a title (`GitHub Actions cache poisoning`)
_EDGE_ONLY = frozenset({("action",), ("task",)})
_NO_SECTION = (
    ("after", "action"),
    ("what", "to", "do"),
    ("you", "need", "to", "do"),
    ("対", "応", "の", "評", "価"),  # `対応の評価`: how the response went, not the Resolution
    ("follow", "up", "inspection"),  # `## Follow-up inspection — 2026-09-21`: a later look, its log
    ("follow", "up", "investigation"),
)


@lru_cache(maxsize=4096)
def section_names(text: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """The sections a heading stands for, longest phrase first; overlapping shorter phrases yield."""
    found = heading_words(text)
    if not found:
        return ()
    index = _by_first_word(vocabulary)
    candidates = sorted(
        {pair for word in set(found) for pair in index.get(word, ())},
        key=lambda pair: vocabulary.index(pair),
    )
    # words that name no section but hold a section's word: `After-action report` is the whole
    # document (an after-action review), not its Actions
    taken = [
        (i, i + len(p))
        for p in _NO_SECTION
        for i in range(len(found) - len(p) + 1)
        if found[i : i + len(p)] == p
    ]
    names: list[tuple[int, str]] = []
    last = len(found) - 1
    for phrase, name in candidates:
        n = len(phrase)
        for i in range(len(found) - n + 1):
            if phrase in _EDGE_ONLY and 0 < i < last and found[i + 1] not in ("and", "&"):
                continue  # `GitHub Actions cache poisoning`, `frontend actions disabled`: no section
            # the same phrase may name two sections ("Root Cause and Resolution"); a shorter one inside a
            # longer match does not ("Actions taken" is not Action Items)
            span = (i, i + n)
            if found[i : i + n] == phrase and (
                span in taken or not any(i < e and s < i + n for s, e in taken)
            ):
                taken.append(span)
                if name not in (m for _, m in names):
                    names.append((i, name))
    return tuple(name for _, name in sorted(names, key=lambda found: found[0]))


# Markdown's backslash escapes (`\-`, `\[`, `\_`), which exports from Google Docs and Confluence write
# all over: read as the characters they show. Not `\|`, a pipe inside a table cell.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~])")


def unescaped(lines: list[str], code: list[bool]) -> list[str]:
    r"""`lines` outside code with their backslash escapes and HTML entities read (`**2024\-03\-02
    10:20** \- done`, `start&nbsp;of`), as a page shows them."""
    return [
        line if code[i] or ("\\" not in line and "&" not in line) else html.unescape(_ESCAPE.sub(r"\1", line))
        for i, line in enumerate(lines)
    ]


def escaped_text(text: str) -> bool:
    """Whether `text` may hold a backslash escape or an HTML entity (see `unescaped`)."""
    return "\\" in text or "&" in text


def code_lines(lines: list[str]) -> list[bool]:
    """Which lines are inside fenced code blocks (headings there are not headings)."""
    blob = "\n".join(lines)
    if "```" not in blob and "~~~" not in blob:
        return [False] * len(lines)  # the common case, without a regex per line
    inside: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = _CODE_FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            inside.append(True)
        elif fence is not None:
            inside.append(True)
            # only a bare fence of the same character, at least as long, closes it (CommonMark)
            closing = line.strip()
            if closing.startswith(fence) and closing == fence[0] * len(closing):
                fence = None
        else:
            inside.append(False)
    return inside


@dataclass(slots=True)
class Heading:
    index: int  # 0-based body line of the heading text
    level: int  # 1-6; 0 for a bold-paragraph marker
    text: str
    underline: bool = False  # a Setext heading: the next line is its underline


def headings(lines: list[str], code: list[bool]) -> Iterator[Heading]:
    """ATX and Setext headings, and paragraphs of bold text only, outside code."""
    previous_blank = True
    for i, line in enumerate(lines):
        if code[i]:
            previous_blank = False
            continue
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            continue
        first = stripped[0]
        if first == "<":
            html = _HTML_HEADING.match(line)
            if html:  # pages written in HTML (<h2>Timeline</h2>)
                yield Heading(i, int(html.group(1)), HTML_TAG.sub("", html.group(2)))
                previous_blank = True
                continue
        if first == "#":
            match = _HEADING.match(line)
            if match:
                yield Heading(i, len(match.group(1)), match.group(2))
                previous_blank = True
                continue
        elif first in "*_":
            bold = _BOLD_LINE.match(line) if previous_blank else None
            # `**What happened**` alone on a line: over a blank line, a list, or (status pages set it
            # so) straight over the paragraph it heads
            if bold:
                yield Heading(i, 0, bold["text"].rstrip(": "))
                previous_blank = False
                continue
        if (
            previous_blank
            and i + 1 < len(lines)
            and not code[i + 1]
            and _SETEXT.match(lines[i + 1])
            and not _NOT_PARAGRAPH.match(line)
            and first not in "=-"
        ):
            yield Heading(i, 1 if lines[i + 1].strip()[0] == "=" else 2, stripped, underline=True)
            previous_blank = True
            continue
        previous_blank = False


def parse_sections(
    body: str, body_line: int, vocabulary: Vocabulary, title: str | None = None
) -> list[Section]:
    """Known sections by heading, bold marker or bold label. A section runs to the next heading
    of its level or higher (a bold marker: to the next heading or known marker); known headings
    inside it are subsections of it, and sections of their own too. A `#` heading that is the
    page's `title` names none (`# RDS Upgrade Failure in Production` is no Root Cause), and so
    does not hide a label of the name it holds (`**Root cause:** ...` below it)."""
    body = visible(body)
    reading = unwrap_blocks(body)
    found = heading_sections(
        reading, body_line, lambda text: section_names(text, vocabulary) or _whole_only(text)
    )
    lines = reading.split("\n")
    code = code_lines(lines)
    if found and found[0].level == 1:
        found = [s for s in found if not (s.level == 1 and is_title(s.heading, title))]
        first = found[0] if found else None
        if (
            first is not None
            and first.level == 1
            and not _named_whole(first.heading, vocabulary)  # `# Timeline` over its days is one
            and _page_title(lines, code, first.line - body_line)
        ):
            found = found[1:]
    found += _labels(lines, code, body_line, vocabulary, found)
    if any(mark in reading for mark in _MARKS):
        found += _mark_labels(lines, code, body_line, vocabulary)
    if _has_outline(reading):
        found += _outline_labels(lines, code, body_line, vocabulary, found)
    if reading is body:
        return found
    # read from the unwrapped text, line for line; each section's text is the author's own lines
    original = body.split("\n")
    return [
        replace(s, text="\n".join(original[s.text_line - body_line : s.end_line - body_line + 1]))
        for s in found
    ]


_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)


def visible(body: str) -> str:
    """The body as a reader sees it: each HTML comment (a template's example timeline, its
    instructions) blanked, its line breaks kept so lines and columns hold. The body itself when it
    has none."""
    if "<!--" not in body:
        return body
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


def _line_starting(pattern: str) -> Callable[[str], bool]:
    """A cheap test of whether some line of a text starts with `pattern`, before its lines are read:
    a search led by a newline runs fast where `^` with re.M does not."""
    first, later = re.compile(pattern), re.compile("\n" + pattern)
    return lambda text: bool(first.match(text) or later.search(text))


_has_block = _line_starting(r"[ \t]*(?:!!!|\?\?\?|===)")
_has_outline = _line_starting(r" {0,3}\d+[.)][ \t]")


# mkdocs-material's admonitions and details (`!!! note "Title"`, `??? info`) and content tabs
# (`=== "Tab"`): a block whose body is indented four spaces more than its opener
_BLOCK_OPENER = re.compile(r"^(?P<indent>[ \t]*)(?:(?:!!!|\?\?\?\+?)[ \t]+[\w-]|===[ \t]+[\"'])")


def unwrap_blocks(body: str) -> str:
    """The body with each admonition, details or tab block read as plain Markdown, line for line (so
    line numbers hold): the opener's line blank, the block's body dedented by its four spaces. The
    body itself when it has none."""
    if not _has_block(body):
        return body  # the common case, without a pass over the lines
    lines = body.split("\n")
    found = False
    for _ in range(8):  # nested blocks come out one level a pass
        unwrapped = False
        i = 0
        while i < len(lines):
            opener = _BLOCK_OPENER.match(lines[i])
            if opener is None:
                i += 1
                continue
            indent, lines[i], unwrapped = len(opener["indent"]), "", True
            i += 1
            while i < len(lines) and (not lines[i].strip() or indent_of(lines[i]) >= indent + 4):
                line = lines[i]
                if line.strip():
                    body_indent = line[indent:]
                    cut = 1 if body_indent.startswith("\t") else 4
                    lines[i] = line[:indent] + body_indent[cut:]
                i += 1
        found = found or unwrapped
        if not unwrapped:
            break
    return "\n".join(lines) if found else body


# a status page's update labels (`**Resolved**` over "This incident has been resolved."): no section
_STATUS_LABEL = re.compile(
    r"(?i)(?:resolved|monitoring|investigating|identified|update|scheduled|in progress)\W*"
)


def heading_sections(body: str, body_line: int, name_of: Callable[[str], tuple[str, ...]]) -> list[Section]:
    """The sections of the headings `name_of` gives names to (see `parse_sections`)."""
    lines = body.split("\n")
    found = list(headings(lines, code_lines(lines)))
    sections: list[Section] = []
    for n, start in enumerate(found):
        names = (
            () if start.level == 0 and _STATUS_LABEL.fullmatch(start.text.strip()) else name_of(start.text)
        )
        if not names:
            continue
        end = len(lines)
        for m in range(n + 1, len(found)):  # by index: slicing the rest each time is quadratic
            later = found[m]
            if start.level == 0:
                if later.level or name_of(later.text):
                    end = later.index
                    break
            elif later.level and later.level <= start.level:
                end = later.index
                break
        first = start.index + (2 if start.underline else 1)
        sections.append(
            Section(
                start.text.strip(),
                names,
                start.index + body_line,
                end - 1 + body_line,
                start.level,
                "\n".join(lines[first:end]),
                first + body_line,
            )
        )
    return sections


# Japanese notices head their parts with a marked line, not a heading: `【障害内容】`, `■再発防止`
_MARK_LABEL = re.compile(r"^\s*(?:【(?P<bracketed>[^】\n]{1,40})】|[■□◆◇●○▼▶](?P<marked>[^\n]{1,40}?))\s*$")
_MARKS = ("【", "■", "□", "◆", "◇", "●", "○", "▼", "▶")


def is_mark_label(line: str) -> bool:
    """A Japanese notice's marked label line (`■発生日時`, `【今後の対策】`)."""
    return line.lstrip()[:1] in _MARKS and _MARK_LABEL.match(line) is not None


def _mark_labels(lines: list[str], code: list[bool], body_line: int, vocabulary: Vocabulary) -> list[Section]:
    """Sections headed by a marked line (`【今後の対策】`, `■障害原因`), each running to the next
    marked line or heading."""
    starts = [
        (i, match["bracketed"] or match["marked"])
        for i, line in enumerate(lines)
        if not code[i] and (match := _MARK_LABEL.match(line))
    ]
    out: list[Section] = []
    for n, (i, label) in enumerate(starts):
        names = section_names(label, vocabulary)
        if not names:
            continue
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        end = next((j for j in range(i + 1, end) if _HEADING.match(lines[j]) and not code[j]), end)
        text = "\n".join(lines[i + 1 : end])
        first = i + body_line
        out.append(Section(label.strip(), names, first, end - 1 + body_line, 7, text, first + 1))
    return out


# a page written as one numbered outline: `4. Timeline` over an indented list, `5. Root Cause`, ...
_OUTLINE_ITEM = re.compile(r"^(?P<indent> {0,3})\d+[.)]\s+(?P<text>[^\s*_:][^*_:\n]{1,60}?)\s*:?\s*$")


def _outline_labels(
    lines: list[str], code: list[bool], body_line: int, vocabulary: Vocabulary, found: list[Section]
) -> list[Section]:
    """Sections of a numbered outline (`4. Timeline`, `7. Preventative Measures`), when two of its items
    at least name sections: over an indented list, each runs to the next line at its level; over plain
    paragraphs (`3. Root Cause` / `The Redis cache ran out ...`, when it is a section's name whole), to
    the next such item."""
    have = {name for section in found for name in section.names}
    heads: list[tuple[int, int | None, str, tuple[str, ...]]] = []  # depth None: a flat outline's item
    for i, line in enumerate(lines):
        item = _OUTLINE_ITEM.match(line) if not code[i] and line[:4].strip()[:1].isdigit() else None
        if item is None:
            continue
        nested = next((x for x in lines[i + 1 :] if x.strip()), "")
        text, depth = item["text"].strip(), len(item["indent"])
        if indent_of(nested) > depth:
            names = _named_whole(text, vocabulary) or (
                section_names(text, vocabulary) if len(text.split()) <= 4 else ()
            )
        elif not _OUTLINE_ITEM.match(nested):
            names, depth = _named_whole(text, vocabulary), None  # type: ignore[assignment]
        else:
            continue
        if names and not set(names) <= have:
            heads.append((i, depth, text, names))
    if len(heads) < 2:
        return []
    starts = {i for i, *_ in heads}
    out: list[Section] = []
    for i, depth, text, names in heads:
        end = next(
            (
                j
                for j in range(i + 1, len(lines))
                if lines[j].strip()
                and (
                    _HEADING.match(lines[j])
                    or (j in starts if depth is None else indent_of(lines[j]) <= depth)
                )
            ),
            len(lines),
        )
        first = i + body_line
        out.append(
            Section(text, names, first, end - 1 + body_line, 7, "\n".join(lines[i + 1 : end]), first + 1)
        )
    return out


def _labels(
    lines: list[str], code: list[bool], body_line: int, vocabulary: Vocabulary, found: list[Section]
) -> list[Section]:
    """Labels that name a section where no heading does: a bold label opening a paragraph
    (`**Root cause:** the database ...`, the paragraph is its text), a bold list label with
    something under it (`- **Review actions**:`), and a line ending in a colon above a list
    (`Some possible actions in the future:`)."""
    have = {name for section in found for name in section.names}
    out: list[Section] = []
    for i, line in enumerate(lines):
        if code[i]:
            continue
        # cheap tests first: most lines are prose, longer than any bare label, with no colon near the start
        if line.rstrip().endswith(":"):
            # a line opening its paragraph: the last line of a wrapped sentence (`less urgent now that the
            # emergency is resolved, but the future plans are to:`) labels nothing
            opens = i == 0 or not lines[i - 1].strip() or lines[i - 1].lstrip().startswith("#")
            colon = _COLON_LABEL.match(line) if opens else None
        else:
            colon = _BARE_LABEL.match(line) if len(line) <= 64 else None
        if colon:
            names = _edge_names(colon["text"], vocabulary)
            end = _list_end(lines, i + 1)
            number = i + body_line
            # in a section of the same name, or in the Timeline (`Gradual recovery:` is an entry's text)
            inside = any(
                number in range(s.line, s.end_line + 1)
                and (set(names) <= set(s.names) or "Timeline" in s.names)
                for s in found
            )
            if names and not inside and any(_LIST_LINE.match(x) for x in lines[i + 1 : end]):
                text = "\n".join(lines[i + 1 : end])
                out.append(
                    Section(colon["text"].strip(), names, number, end - 1 + body_line, 7, text, number + 1)
                )
            continue
        if "**" not in line and "__" not in line:
            plain = _PLAIN_LABEL.match(line) if ":" in line[:52] else None
            names = (
                tuple(n for n in _named_whole(plain["text"], vocabulary) if n not in have) if plain else ()
            )
            if names:
                have.update(names)
                number = i + body_line
                out.append(Section(plain["text"].strip(), names, number, number, 7, line, number))
            continue
        listed = _LIST_LABEL.match(line)
        if listed:
            names = section_names(listed["text"], vocabulary)
            number = i + body_line
            inside = any(
                number in range(s.line, s.end_line + 1) and set(names) <= set(s.names) for s in found
            )
            depth = len(listed["indent"])
            end = next(
                (
                    j
                    for j in range(i + 1, len(lines))
                    if indent_of(lines[j]) <= depth and _LABEL_END.match(lines[j])
                ),
                len(lines),
            )
            # only a label with something under it (not a rule: `---`), in no section of the same name already
            under = [x for x in lines[i + 1 : end] if x.strip() and x.strip() not in _RULES]
            if names and not inside and under:
                out.append(
                    Section(
                        listed["text"].strip(),
                        names,
                        i + body_line,
                        end - 1 + body_line,
                        7,
                        "\n".join(lines[i + 1 : end]),
                        i + 1 + body_line,
                    )
                )
            continue
        label = _BOLD_LABEL.match(line)
        if not label or label["text"][:1].isdigit():  # `- **12:32:** ...` is a timeline entry
            continue
        names = tuple(n for n in section_names(label["text"], vocabulary) if n not in have)
        if not names:
            continue
        value = line[label.end() - 1 :].strip()
        stamp = read_stamp(value)
        if stamp.stamp is not None and stamp.end >= len(value):
            continue  # `- **Resolved:** 2026-07-20 2:10 PM`: a field of the overview, no section
        have.update(names)
        end = next((j for j in range(i + 1, len(lines)) if not lines[j].strip()), len(lines))
        # `**Next Steps** To prevent this:` over a list, or a one-line label (`**Next release and
        # to-do's:** loopchain version 2.4.18`) over one: the list is its too
        if lines[end - 1].rstrip().endswith(":") or end == i + 1:
            after = _list_end(lines, end)
            if any(_LIST_LINE.match(x) for x in lines[end:after]):
                end = after
        out.append(
            Section(
                label["text"].strip(),
                names,
                i + body_line,
                end - 1 + body_line,
                7,
                "\n".join(lines[i:end]),
                i + body_line,
            )
        )
    return out


# words that name a section only as a heading's whole text: `## Plan` (Hosted Graphite's follow-ups)
# is the Action Items, `## Migration plan` or `## Rollback plan` is not
_WHOLE_ONLY: dict[tuple[str, ...], tuple[str, ...]] = {
    ("plan",): ("Action Items",),
    ("our", "plan"): ("Action Items",),
}


@lru_cache(maxsize=4096)
def _whole_only(text: str) -> tuple[str, ...]:
    return _WHOLE_ONLY.get(heading_words(text), ())


def _page_title(lines: list[str], code: list[bool], index: int) -> bool:
    """Whether the `#` heading at `index` is the page's own title: its first heading, the only one of
    level 1, over others (`# Incidents Log` / `## 2023/05/24 ...` is no Timeline of the whole page,
    `# Incident Report: Phishing Attack` no Summary)."""
    found = [h for h in headings(lines, code) if h.level]
    return (
        len(found) > 1
        and found[0].index == index
        and found[0].level == 1
        and not any(h.level == 1 for h in found[1:])
    )


def _list_end(lines: list[str], start: int) -> int:
    """Where the list (blank, item and indented lines) that starts at `start` ends."""
    end = start
    while end < len(lines) and (
        not lines[end].strip() or _LIST_LINE.match(lines[end]) or indent_of(lines[end]) >= 2
    ):
        end += 1
    return end


@lru_cache(maxsize=4096)
def _edge_names(text: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """The sections a sentence over a list names (`This was resolved by:`, `In order to prevent this in
    the future, we will make these changes:`); the Summary only by its first or last words (`Impact:`,
    `Summary of the impact:`): its nouns are the sentence's own inside it (`Two syntax details that
    cost time:`)."""
    names = section_names(text, vocabulary)
    if "Summary" not in names:
        return names
    found = heading_words(text)
    edge = any(
        name == "Summary" and (found[: len(phrase)] == phrase or found[-len(phrase) :] == phrase)
        for phrase, name in vocabulary
    )
    return names if edge else tuple(name for name in names if name != "Summary")


@lru_cache(maxsize=4096)
def _named_whole(text: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """The sections `text` names when all of it is one of their names (`Root Causes`), else none."""
    found = heading_words(text)
    return tuple(name for phrase, name in vocabulary if phrase == found)


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def is_title(heading: str, title: str | None) -> bool:
    """Whether a heading repeats the page's title (in other case or punctuation): it names no section."""
    return bool(title) and words(heading) == words(title or "")


def lead_text(body: str, sections: list[Section], body_line: int, title: str | None = None) -> bool:
    """Whether prose comes before the first heading below the title (or the first section): the
    summary of pages that have no summary heading."""
    lines = body.split("\n")
    code = code_lines(lines)
    # a Timeline read where its entries are, under no heading of its own (heading ""), is no section
    # start: prose before it is still the summary, only its own lines are not
    stop = min((s.line - body_line for s in sections if s.heading), default=len(lines))
    found_there = {
        i
        for s in sections
        if not s.heading
        for i in range(s.text_line - body_line, s.end_line - body_line + 1)
    }
    found = list(headings(lines, code))
    # a stack of two or more headings with nothing between them opens the page: its title block
    stack = 0
    while stack + 1 < len(found) and not any(
        x.strip() for x in lines[found[stack].index + 1 : found[stack + 1].index]
    ):
        stack += 1
    titles = {h.index for h in found[: stack + 1]} if stack else set()
    opening = next((i for i, line in enumerate(lines) if line.strip()), None)
    if (
        found
        and found[0].index == opening
        and is_title(found[0].text, title)
        and not any(h.level == 1 for h in found)
    ):
        titles.add(found[0].index)  # `## 2025-07-30/31 Hex Outage` opening a page with no H1: its title
    for heading in found:
        if heading.level != 1 and heading.index not in titles:
            stop = min(stop, heading.index)
            break
    titles |= {h.index for h in found if h.level == 1 and h.index < stop}
    for i, line in enumerate(lines[:stop]):
        stripped = line.strip()
        if (
            not stripped
            or code[i]
            or i in titles
            or i in found_there
            or _SETEXT.match(line)
            or _HEADING.match(line)
        ):
            continue
        if stripped.startswith(("<!--", "[TOC]", "{:", "!!!")) or stripped in _RULES:
            continue
        if len(words(stripped)) >= 3:
            return True
    return False


_OPENING = re.compile(r"^\s*(?:the|our)\s+((?:\w+\s+){0,2}\w+)\s+(?:of|was|were|is|are)\b", re.I)


def opening_words(text: str) -> str:
    """The subject of a section's first sentence when it names something ("The root cause of ...")."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    match = _OPENING.match(first)
    return match.group(1) if match else ""


def first_h1(body: str) -> tuple[str, int] | None:
    """The first level-1 heading of the body (ATX or Setext) and its 0-based line, outside code."""
    lines = body.split("\n")
    return next(((h.text.strip(), h.index) for h in headings(lines, code_lines(lines)) if h.level == 1), None)
