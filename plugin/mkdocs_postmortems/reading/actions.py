"""Action items in the body: task lists, plain and numbered lists, tables, `Action:` lines.

Fields come from the columns of a table (task, owner, ticket, priority, status,
due) or from the text of an item (`@owner`, `ABC-123`, `#2226`, a tracker URL,
`due 2024-09-01`, `P1`). Done is `[x]`, a struck-through item, a `DONE`, `(done)`,
`Completed` or ✅ marker, a status column saying done/closed/fixed, or a heading
such as `Action items (completed)`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..model import ActionItem, Section
from .entries import cells, html_rows, is_table_rule
from .sections import HTML_TAG, code_lines, escaped_text, indent_of, unescaped
from .stamps import only_a_stamp, read_stamp

# `[N/A]`: closed as not needed, so not open work
_TASK = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[(?P<mark>[ xX~-]|N/?A)\]\s+(?P<text>.*)$", re.I)
# `- x`, `1. x`, `a) x`; Japanese writes `1.x` and `・x` with no space after the mark
_LIST_ITEM = re.compile(
    r"^\s*(?:>\s*)*(?:(?:[-*+•–]|\d+[.)]|[a-z][.)])\s+|(?:\d+[.．、)）]|・)(?=[\u3040-\u30ff\u4e00-\u9fff]))"
    r"(?P<text>.*)$"
)
_HTML_ITEM = re.compile(r"^\s*<li\b[^>]*>(?P<text>.*?)(?:</li>\s*)?$", re.I)
_HTML_PARAGRAPH = re.compile(r"^\s*<p\b[^>]*>(?P<text>.*?)(?:</p>\s*)?$", re.I)
_SUBHEADING = re.compile(r"^ {0,3}#{2,6}[ \t]+(?P<text>.+?)(?:[ \t]+#+)?[ \t]*$")
_ACTION_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?:action(?:\s+(?:item|point))?|AP|TODO|follow[- ]?up)"
    r"\s*(?:\d+\s*)?:(?:\*\*|__)?\s*(?P<text>\S.*)$",
    re.I,
)
# any `Action:` line in a body: one scan, anchored at line starts, before the line-by-line pass
_ANY_ACTION_LINE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?:action(?:[ \t]+(?:item|point))?|ap|todo)[ \t]*\d*[ \t]*:"
    r"|^[ \t]*(?:\*\*|__)(?:TODO|DONE)\b",
    re.I | re.M,
)
# `**TODO**: ...` / `**DONE**: ...` paragraphs under the lessons: follow-ups, open and done (a plain
# `TODO:` is the `new` template's prompt, not an item)
_MARKED_LINE = re.compile(
    r"^\s*(?:\*\*|__)(?P<mark>TODO|DONE)(?::?(?:\*\*|__):?|:(?:\*\*|__))\s*(?P<text>\S.*)$"
)
# the owner's label in the languages the section phrases are read in (Norwegian/Danish `Eier`,
# `Ansvarlig`; German; French/Spanish/Portuguese; Dutch; Italian; Polish; Russian; Japanese; Chinese; Korean)
_OWNER_ABROAD = (
    r"eier|ansvarlig|verantwortlich|zuständig|responsable|respons[áa]vel|eigenaar|verantwoordelijke"
    r"|responsabile|odpowiedzialny|właściciel|ответственный|исполнитель"
)
_OWNER_CJK = r"担当者?|负责人|負責人|담당자?"  # no word boundaries: `主担当(ロール)`
# what an owner cell or field says when there is none
_NO_OWNER = re.compile(r"^[\W_]*(?:none|nobody|tbd|tba|n/?a|unassigned|unknown|\?+|-+|—)?[\W_]*$", re.I)
_OWNER = re.compile(
    r"(?<![\w.])@(?P<at>[A-Za-z0-9][\w.-]*[A-Za-z0-9]|[A-Za-z0-9])"
    # `Owner: Dana`, `**Owner:** Dana Scully`, `Owner: **Dana**`
    r"|(?:\b(?:owner|owners|assignee|assigned\s+to|dri|responsible|" + _OWNER_ABROAD + r")\b"
    r"|" + _OWNER_CJK + r")"
    # a name's dots are inside it (`j.doe`): `Owner: Alice. Due: …` is Alice
    r"(?:\*\*|__)?\s*[:=：](?:\*\*|__)?\s*(?:\*\*|__)?(?P<named>[A-Z@][\w-]*(?:\.[\w-]+)*"
    r"(?-i:\s+[A-Z][\w-]*(?:\.[\w-]+)*)?(?:\s+(?:team|squad))?)"
    # `assigned to Dave` with no colon: a capitalised name only (not `assigned to the team`)
    r"|\bassigned\s+to\s+(?-i:(?P<to>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?))",
    re.I,
)
_TRACKER_URL = re.compile(
    r"https?://[^\s)>\]]*(?:/issues?/\d+|/pulls?/\d+|/-/(?:issues|merge_requests)/\d+|/merge_requests/\d+"
    r"|/browse/[A-Z][A-Z0-9]+-\d+|/issue/[A-Z][A-Z0-9]+-\d+|show_bug\.cgi\?id=\d+|/_workitems/edit/\d+"
    r"|/tickets?/\d+|/bugs?/\d+|/tasks?/\d+"
    # ClickUp, Linear, Asana, Shortcut and Trello cards
    r"|app\.clickup\.com/t/\w+|linear\.app/[^\s)>\]]*/issue/|app\.asana\.com/0/\d+|/story/\d+|trello\.com/c/\w+)"
    r"[^\s)>\]]*"
)
# `OPS-231`, `#2226`, and Phabricator's `T114725` (Wikimedia's tasks: a T and five digits or more)
_TICKET_ID = re.compile(r"(?<![\w/#-])(?P<id>[A-Z][A-Z0-9]{1,9}-\d+|T\d{5,7})\b|(?<![\w&/])(?P<num>#\d+)\b")
_DUE = re.compile(r"\b(?:due|by|deadline|eta)\b\s*[:=]?\s*(?:on\s+)?(?=\d|[A-Z][a-z]{2})", re.I)
# `P1`, or a field in the item's words: `priority: high`, `(owner=eng, priority=high, due=…)`
_PRIORITY = re.compile(r"(?<![\w-])(?P<p>P[0-4])(?![\w-])|\bpriority\s*[:=]\s*(?P<word>[^\W_]+)", re.I)
# done in the languages the section phrases are read in: German, French, Spanish, Portuguese,
# Norwegian, Dutch; Japanese, Chinese, Korean (no word boundaries there: `対応済`, `已完成`, not `未完了`)
_DONE_ABROAD = (
    r"erledigt|abgeschlossen|umgesetzt|behoben|fait|termin[ée]e?|r[ée]solue?|corrig[ée]e?"
    r"|hech[oa]|completad[oa]|resuelt[oa]|terminad[oa]|feit[oa]|conclu[íi]d[oa]|resolvid[oa]"
    r"|utført|ferdig|løst|gedaan|afgerond|opgelost"
)
_DONE_CJK = r"(?<![未미])(?:完了|完成|已修复|已解决|(?:対応|解決|修正|実施|導入)済み?|완료|해결됨)"
_DONE_MARK = re.compile(
    r"✅|✔|☑|\[(?:done|x|completed?|fixed|closed)\]|\((?:done|completed?|fixed|closed|resolved|shipped)\b(?![^)]*\b(?:but|not|except|partly|partially)\b)[^)]*\)"
    r"|^(?:\*\*|__)?(?:done|completed?|fixed|closed|resolved|"
    + _DONE_ABROAD
    + r")\b\s*(?:\*\*|__)?\s*[:\-–—]"
    r"|[\-–—(]\s*(?:done|completed?|fixed|closed|deployed|resolved|merged|shipped)\s*\)?\s*\.?\s*$"
    r"|(?:status|state)\s*(?:\*\*|__)?\s*[:=]\s*(?:\*\*|__|[*_])?\s*(?:done|completed?|fixed|closed|resolved|merged|shipped)\b"
    r"|(?<=[.;])\s*done\s*\.?\s*$"  # `Add tests. Done.`
    # a bold title, then what became of it: `**Bound the stop timeout** — implemented as a 300-second …`
    r"|^(\*\*|__)[^*_]+\1\s*[—–-]+\s*(?:implemented|done|deployed|shipped|fixed|completed|merged|landed"
    r"|enabled|added)\b"
    # Japanese `（手順書に反映済み）`, `…: 2026-09-30 12:11 実施済み`: done in brackets or at the end
    r"|[（(][^（(）)]{0,60}(?<![未미])(?:済み?|完了)[）)]|(?<![未미])(?:済み?|完了)\s*[。.]?\s*$"
    # Chinese `已实现…`, `已加入…` ("implemented", "added") opening the item
    r"|^(?:\*\*|__)?已(?:实现|加入|完成|修复|解决|上线|部署|落地|实施|添加|增加)",
    re.I,
)
_DONE_WORD = re.compile(r"\b(?:DONE|COMPLETED?|FIXED|CLOSED|RESOLVED)\b")  # shouted, so not prose
_STRUCK = re.compile(r"^\s*~~.+~~[\s.]*$")
# struck through, then why: `~~Add a cache~~ (won't do)`, `~~Investigate DNS~~ not needed`; a struck
# item followed by its replacement (`~~Add a cache~~ Add a CDN`) stays open
_STRUCK_NOTE = re.compile(r"^\s*~~[^~]+~~\s*(?P<note>\S.*)$")
_CLOSING_NOTE = re.compile(
    r"\b(?:not|no\s+longer)\s+(?:needed|necessary|relevant|applicable|required)\b|\bn/a\b|\bduplicate\b"
    r"|\bunnecessary\b|\bmoved\b",
    re.I,
)
# a label that heads the items under it (`**Improvements:**`); bold without a colon is an item's title
_BOLD_LABEL = re.compile(r"^(\*\*|__)[^*_]+?:\1\s*$|^(\*\*|__)[^*_]+?\2:\s*$")
_LABEL_ONLY = re.compile(_BOLD_LABEL.pattern + r"|^[^.!?]{1,60}:\s*$")
_BOLD_TITLED = re.compile(r"^(\*\*|__)[^*_]+?\1\s*[^\s:]")  # `**The two runs** (closes …):`
# "**Alerting**: add alerts for:" names its work after the label, so it is an item, not a label
_LEAD_LABEL = re.compile(r"^(\*\*|__)[^*_]+?\1\s*:\s*\w")
_NOT_AN_ITEM = re.compile(r"^\s*(?:[*_]*[^*_].*\?[*_\s]*$|cc\b:?\s*@)", re.I)
_BULLET = re.compile(r"^\s*[-*+•]\s")  # a bullet under a numbered item
_NUMBERED = re.compile(r"^\s*(?:>\s*)*\d+(?:[.)]|(?:\.\d+)+\.?)\s")  # `1. `, `2) `, `12.1 `
# a status that closes the item: done, or closed without doing it (`Won't fix`, `Cancelled`), which
# is no open work either; `Not done`, `Not yet deployed` are open
_DONE_STATUS = re.compile(
    r"(?<!\bnot )(?<!\bnot yet )(?<!\bnever )(?<!\bnicht )(?<!\bikke )(?<!\bpas )(?<!\bnon )(?<!\bno )"
    r"(?<!\bpartially )(?<!\bpartly )(?<!\bto be )(?<!\bbeing )"
    r"\b(?:done|closed|fixed|complete|completed|resolved|merged|shipped|yes|deployed"
    r"|won[’']?t\s*(?:do|fix)|cancell?ed|obsolete|dropped|rejected|declined|superseded|cleaned|remediated"
    r"|finished|implemented|documented|addressed|released|" + _DONE_ABROAD + r")\b|✅|✔|☑|" + _DONE_CJK,
    re.I,
)
_STATUS_LABEL = re.compile(
    r"^\s*(?:\*\*|__)?(?P<label>[A-Za-z][\w \-/()]{0,40}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*$"
)
# a heading or label that says its items are done: "(completed)", "Done:"; not "What is being done"
_COMPLETED_HEADING = re.compile(
    r"\b(?:completed|closed|resolved|finished|shipped|already)\b"
    r"|(?<!\bbe )(?<!\bbeing )(?<!\bget )(?<!\byet )(?<!\bnot )\b(?:implemented|taken)\b"
    r"|(?<!\bbe )(?<!\bbeing )(?<!\bbeen )(?<!\bget )\bdone\b"
    r"|已落地|已实施|đã thực hiện|đã hoàn thành|" + _DONE_CJK,  # Chinese "landed", "carried out"; Vietnamese
    re.I,
)

_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "owner",
        re.compile(
            r"\b(?:owners?|assignees?|who|responsible|dri|assigned|" + _OWNER_ABROAD + r")\b|" + _OWNER_CJK,
            re.I,
        ),
    ),
    (
        "ticket",
        re.compile(
            # not a bare `ID` (`A1`, `A2`: the rows' own numbers); `Ticket ID` is a ticket column
            r"\b(?:tickets?|issues?|jira|links?|tracking|bugs?|refs?|reference|pr|tracker"
            r"|referanse|referenz|r[ée]f[ée]rence|refer[eê]ncia|referentie|riferimento|zgłoszenie)\b"
            r"|追跡|チケット|工单|链接|티켓|링크",
            re.I,
        ),
    ),
    ("status", re.compile(r"\b(?:status|state|done|complete|progress|outcome|resolution)\b", re.I)),
    ("priority", re.compile(r"\b(?:priority|pri|prio)\b", re.I)),
    ("due", re.compile(r"\b(?:due|deadline|eta|target|by when)\b", re.I)),
    (
        "task",
        re.compile(
            r"\b(?:task|tasks|action|actions|item|items|description|what|title|follow|remediation|work|summary"
            r"|aksjon|tiltak|ma(?:ß|ss)nahmen?|aufgaben?|t[âa]ches?|acci[óo]n|tareas?|a[çc][ãa]o|tarefas?"
            r"|actie|taak|azione|zadanie|działanie|действие|мера)\b"
            r"|対策|アクション|タスク|施策|措施|任务|行动|事项|改进项|조치|작업|항목",
            re.I,
        ),
    ),
)


def ticket_in(text: str) -> str | None:
    """A ticket reference: `ABC-123`, `#2226`, or a URL of a known tracker (not any URL); a tracker
    link's URL (`[OPS-9](https://jira.example/browse/OPS-9)`) rather than its text."""
    url = _TRACKER_URL.search(text)
    if url and text[: url.start()].endswith("]("):
        return url.group(0)
    found = _TICKET_ID.search(text)
    if url and (not found or url.start() <= found.start()):
        return url.group(0)
    if found:
        return found["id"] or found["num"]
    return None


# an item led by who does it, as meeting notes write them: `Ed to create some docs`, `Chris - explore
# enhanced analytics` (not a verb, `Default to local-only`, nor a topic, `Monitoring - add alerts`)
_LEAD_OWNER = re.compile(r"^(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:to\s+(?=[a-z]{2})|[-–—]\s+(?=\w))")
_NOT_AN_OWNER = re.compile(
    r"(?<=\w{3})(?:ing|ed|tion|sion|ment|ness|ity|ance|ence|ure|ogy|ics|ism)$|^(?:add|default|continue|switch|move"
    r"|migrate|upgrade|downgrade|revert|return|respond|subscribe|change|listen|get|go|need|needs|try|plan"
    r"|want|have|has|start|begin|learn|remember|commit|stick|pin|roll|push|write|post|send|set|link|point"
    r"|reach|escalate|apply|limit|restrict|compare|convert|port|promote|contribute|reply|report|hand"
    r"|transfer|ship|deploy|ask|agree|decide|remind|refer|look|prefer|use|notify|alert|email|page|scale"
    r"|expand|extend|bump|restore|redirect|route|map|attach|assign|grant|give|tell|explain|document|make"
    r"|adjust|adapt|ensure|fail|fall|time|how|what|why|when|where|who|ways|due|up|back|docs|infra"
    r"|backend|frontend|database|security|process|tooling|comms|support|product|term|phase|step|next"
    r"|later|now|today|tomorrow|soon|also|then|first|finally|long|short|mid|near|immediate|done|todo"
    r"|open|closed|status|owner|action|item|task|note|notes|we|they|it|this|that|there|all|each|every)$",
    re.I,
)


def _owner(text: str) -> str | None:
    match = _OWNER.search(text)
    if match:
        return _an_owner(match["at"] or match["named"] or match["to"] or "")
    lead = _LEAD_OWNER.match(text)
    if lead and not any(_NOT_AN_OWNER.search(word) for word in lead["name"].split()):
        return lead["name"]
    return None


def _an_owner(text: str) -> str | None:
    """An owner as written (`@maria` -> `maria`), or None where it says there is none (`None`, `TBD`, `?`)."""
    text = text.strip().lstrip("@").strip("*_ ")
    return None if _NO_OWNER.match(text) else text


_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:[ \t]*<?(?P<url>[^\s>]+)", re.M)
_REFERENCE_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\[(?P<label>[^\]]*)\]")


def with_referenced_tickets(items: list[ActionItem], body: str) -> list[ActionItem]:
    """Items whose ticket is a reference-style link (`([issue][alerting-issue])`, its URL defined at the
    foot of the page) given that ticket."""
    if "]:" not in body or all(item.ticket or "][" not in item.task for item in items):
        return items
    urls = {m["label"].strip().lower(): m["url"] for m in _REFERENCE_DEFINITION.finditer(body)}
    out = []
    for item in items:
        if item.ticket is None:
            for link in _REFERENCE_LINK.finditer(item.task):
                url = urls.get((link["label"] or link["text"]).strip().lower())
                if url and (ticket := ticket_in(url)):
                    item = replace(item, ticket=ticket)
                    break
        out.append(item)
    return out


def _due(text: str) -> date | None:
    """The date after `due`, `by`, `deadline` or `ETA`, in any whole-date form (see `_due_cell`)."""
    for match in _DUE.finditer(text):
        found = _whole_date(text[match.end() : match.end() + 40])
        if found is not None:
            return found
    return None


def _due_cell(text: str) -> date | None:
    """A due column's date: any whole date the timeline's stamps are read in (`2025-06-28`, `June 28,
    2025`, `28.06.2025`); one without a year, or that reads two ways (`06/07/2025`), is not a date."""
    text = text.strip().strip("*_").strip()
    return _whole_date(text, alone=True)


def _whole_date(text: str, alone: bool = False) -> date | None:
    """The whole date (no time of day) `text` starts with; `alone`: and nothing after it."""
    read = read_stamp(text)
    stamp = read.stamp
    if stamp is None or read.error or stamp.clock is not None or (alone and text[read.end :].strip()):
        return None
    if stamp.year is None or stamp.month is None or stamp.day is None or stamp.alt_month_day is not None:
        return None
    try:
        return date(stamp.year, stamp.month, stamp.day)
    except ValueError:
        return None


def is_done_text(text: str) -> bool:
    return bool(
        _STRUCK.match(text)
        or _DONE_MARK.search(text)
        or _DONE_WORD.search(text)
        or ((struck := _STRUCK_NOTE.match(text)) and _closing(struck["note"]))
    )


def _closing(note: str) -> bool:
    return bool(_DONE_STATUS.search(note) or _CLOSING_NOTE.search(note))


def action_item_from_text(text: str, done: bool, line: int) -> ActionItem:
    priority = _PRIORITY.search(text)
    return ActionItem(
        task=text.strip(),
        status="done" if done or is_done_text(text) else "open",
        owner=_owner(text),
        ticket=ticket_in(text),
        due=_due(text),
        line=line,
        priority=(priority["p"] or priority["word"]) if priority else None,
    )


_FIELD_LINE = re.compile(
    r"^(?:\*\*|__)?(?P<name>owners?|assignees?|assigned to|dri|tickets?|issues?|jira|tracking|links?|pr"
    r"|due(?: date)?|deadline|eta|status|priority)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(?P<value>\S.*)$",
    re.I,
)


def _with_field(item: ActionItem, name: str, value: str) -> ActionItem:
    if name.startswith(("owner", "assignee", "assigned", "dri")):
        return replace(item, owner=_an_owner(value) or item.owner)
    if name in ("status",):
        return replace(item, status="done" if _DONE_STATUS.search(value) else item.status)
    if name == "priority":
        return replace(item, priority=value)
    if name.startswith(("due", "deadline", "eta")):
        return replace(item, due=_due(f"due {value}") or item.due)
    return replace(item, ticket=ticket_in(value) or value)


def _bold_header(row: list[str]) -> bool:
    """A row of bold column names (`| **Action** | **Owner** | **Status** |`), the action's among them."""
    filled = [c.strip() for c in row if c.strip()]
    return (
        len(filled) >= 2
        and all(_BOLD_CELL.match(c) for c in filled)
        and any(_ACTION_HEADER.search(c) for c in filled)
    )


_BOLD_CELL = re.compile(r"^(\*\*|__)[^*_|]{1,30}\1$")


_TEAM = re.compile(r"\b(?:teams?|squads?|groups?|equipe|équipe|team)\b|チーム|团队|팀", re.I)
_ROW_NUMBER = re.compile(r"^\W*(?:#|no\.?|nr\.?|n[º°]|id|番号|序号|번호)?\W*$", re.I)


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for name, pattern in _COLUMNS:
        for i, cell in enumerate(header):
            if i not in found.values() and name not in found and pattern.search(cell):
                found[name] = i
    if "owner" not in found:  # no Owner column: a Team (or squad) column says who does it
        teams = [i for i, cell in enumerate(header) if i not in found.values() and _TEAM.search(cell)]
        if teams:
            found["owner"] = teams[0]
    if "task" not in found:  # the first other column, not one numbering the rows (`#`, `No.`)
        free = [i for i in range(len(header)) if i not in found.values() and not _ROW_NUMBER.match(header[i])]
        if free:
            found["task"] = free[0]
    return found


_ACTION_HEADER = re.compile(r"\b(?:action(?:\s+item)?s?|tasks?|follow[- ]?ups?|remediations?)\b", re.I)
_DONE_CELL = re.compile(
    r"^\W*(?:done|closed|fixed|completed?|resolved|merged|shipped|yes|"
    + _DONE_ABROAD
    + r")\W*$|^\s*(?:[✅✔☑]|\[[xX]\])|^\W*"
    + _DONE_CJK
    + r"\W*$",
    re.I,
)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # `[Utført](https://…)`: read by its text
# a shouted status closing a cell after its ticket: `Bug 5554823 TODO`, `n/a DONE` (the SRE book's table)
# (no leading `\s*`: searched at every position, it made a cell of spaces quadratic)
_STATUS_AFTER = re.compile(r"(?:\*\*|__)?\b(?P<word>TODO|DONE|COMPLETED?|FIXED|CLOSED)(?:\*\*|__)?\W*$")


# a ticket column's words that are no ticket (`TBD`, `Ticket not created yet`, `Will not do`); an id
# written its own way is one (`KM676`, `Bug 5554823`, `PR 19`)
_TICKET_WORDS = re.compile(r"^[\w#./:-]*\d[\w#./:-]*$|^[A-Za-z]+\s+#?\d[\w./-]*$")
_ONLY_LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)[^)]*\)$")


def _ticket_cell(text: str) -> str | None:
    """What a ticket column says: a tracker's reference, a link (not `[Done](…)`, a status), or an id."""
    if found := ticket_in(text):
        return found
    text = text.strip("*_` ")
    if link := _ONLY_LINK.match(text):
        return None if _DONE_CELL.match(link["text"]) else link["url"]
    return text if _TICKET_WORDS.match(text) else None


def _row_item(row: list[str], columns: dict[str, int], line: int, done: bool) -> ActionItem | None:
    def cell(name: str) -> str:
        i = columns.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    task = cell("task")
    if not task or set(task) <= set("-–— "):
        return None
    status = cell("status")
    # a status may stand in any column ("| Bug | DONE |"): a cell that says only done counts
    done_cell = any(
        _DONE_CELL.match(_LINK.sub(r"\1", c))
        or _DONE_WORD.match(c.strip())  # `DONE in v2` in a Due column
        or ((after := _STATUS_AFTER.search(c)) is not None and after["word"] != "TODO")
        for i, c in enumerate(row)
        if i != columns.get("task")
    )
    item = action_item_from_text(
        task, done or done_cell or bool(status and _DONE_STATUS.search(status)), line
    )
    owner = cell("owner")
    # the ticket column's, else a tracker's reference in another cell (`| Code | [PR #20605](…) |`)
    ticket = _ticket_cell(_STATUS_AFTER.sub("", cell("ticket")).strip()) or next(
        (
            found
            for i, c in enumerate(row)
            if i not in (columns.get("task"), columns.get("owner")) and (found := ticket_in(c))
        ),
        None,
    )
    due_text = cell("due")
    priority = cell("priority")
    due = _due_cell(due_text)
    return ActionItem(
        task=item.task,
        status=item.status,
        owner=_an_owner(owner) or item.owner,
        ticket=ticket or item.ticket,
        due=due or item.due,
        line=line,
        priority=priority or item.priority,
    )


def read_body_action_items(section: Section) -> list[ActionItem]:
    """Items of an action-items section: table rows, task-list items, `Action:` lines, and,
    when there are no task-list items, plain and numbered list items (or HTML `<li>`s); failing
    all of those, its subheadings, or else its paragraphs, one item each."""
    lines = section.text.split("\n")
    code = code_lines(lines)
    if escaped_text(section.text):
        lines = unescaped(lines, code)
    heading_done = done = bool(_COMPLETED_HEADING.search(section.heading))
    first = section.text_line or section.line + 1
    tasks: list[ActionItem] = []
    plain: list[ActionItem] = []
    settled: list[ActionItem] = []  # the items of the subsections above the current one
    rows: list[ActionItem] = []
    numbered: set[int] = set()
    nested: set[int] = set()  # plain items under a plain item: its detail, not work of their own
    parents: list[tuple[int, bool]] = []  # the open list items above: (indent, read as an item)
    columns: dict[str, int] | None = None
    headed: list[ActionItem] = []
    paragraphs: list[ActionItem] = []
    html_item: tuple[int, list[str]] | None = None
    previous_blank = True
    wrapped: list[ActionItem] | None = None  # the list whose last item the next line may go on with
    # each `###` subheading as an item, while the prose under it describes it (None: it does not)
    described: list[ActionItem | None] = []
    opening = False  # no line of the current subsection read yet
    lead_items = False  # items above the first subheading
    skip_to = -1  # the last line of a raw HTML table already read
    for i, line in enumerate(lines):
        if code[i] or i <= skip_to or (line[:1] == "[" and _REFERENCE_DEFINITION.match(line)):
            continue  # `[incident]: https://…` defines a link, it is no item
        number = first + i
        blank = not line.strip()
        starts_paragraph, previous_blank = previous_blank and not blank, blank
        if line.lstrip()[:6].lower() == "<table":
            # a raw HTML table (`<th>Action Item</th><th>Status</th>`): rows as a Markdown table's
            skip_to, header, html = html_rows(lines, i)
            html_columns = _columns(header)
            for at, row in html:
                if item := _row_item(row, html_columns, first + at, done):
                    rows.append(item)
            continue
        if described and (item := described[-1]) is not None and not blank and not _SUBHEADING.match(line):
            if opening and not (starts_paragraph and _is_prose(line)):
                described[-1] = None  # it opens with a list, a table or a label: those hold its items
            elif item.ticket is None and (ticket := ticket_in(line)):
                described[-1] = replace(item, ticket=ticket)  # `addressed in CDP-2437` under it
            opening = False
        if wrapped and not starts_paragraph and not blank and _continues(line):
            # an item wrapped over lines: `... OWNER: blasten@` / `  (DONE).` is one item
            wrapped[-1] = _continued(wrapped[-1], line)
            continue
        wrapped = None
        if html_item is not None:  # inside <li> ... </li>: its text
            html_item[1].append(line)
            if "</li>" in line.lower() or "<li" in line.lower():
                plain.append(_html_item(html_item, done))
                html_item = None
            else:
                continue
        listed = _HTML_ITEM.match(line)
        if listed:
            html_item = (number, [listed["text"]])
            if "</li>" in line.lower():
                plain.append(_html_item(html_item, done))
                html_item = None
            continue
        sub = _SUBHEADING.match(line)
        if sub:
            # "### Shipped during and after the incident" / "### In progress": the status of the items
            # under it, as a "Completed:" label's; a task list above it does not hide its plain items
            done = bool(_COMPLETED_HEADING.search(sub["text"])) or heading_done
            lead_items = lead_items or (not headed and bool(rows or tasks or plain))
            settled += _listed(tasks, plain, numbered, nested)
            tasks, plain, wrapped, parents = [], [], None, []
            headed.append(action_item_from_text(sub["text"], done, number))
            described.append(None if _GROUPING.search(sub["text"]) else headed[-1])
            opening = True
            continue
        if (
            starts_paragraph
            and not _LIST_ITEM.match(line)
            and "|" not in line
            and not line.lstrip().startswith("<")
            and not _BOLD_LABEL.match(line.strip())
            # a one-line paragraph ending in a colon labels what follows; a longer one is content
            and not (line.rstrip().endswith(":") and (i + 1 >= len(lines) or not lines[i + 1].strip()))
            # a template's prompt (`*How do we prevent issues like this in the future?*`), a `cc @team`,
            # a status page's `Posted Sep 16, 2022 - 17:42 UTC`
            and not _NOT_AN_ITEM.match(line)
            and not only_a_stamp(line)
        ):
            paragraphs.append(action_item_from_text(line.strip(), done, number))
        elif (html := _HTML_PARAGRAPH.match(line)) and (text := HTML_TAG.sub("", html["text"])):
            # `<p><i>1b.</i> Set up a web server ...` in a raw HTML block: a paragraph as well
            paragraphs.append(action_item_from_text(" ".join(text.split()), done, number))
        if "|" in line and i + 1 < len(lines) and is_table_rule(lines[i + 1]) and not is_table_rule(line):
            columns = _columns(cells(line))
            continue
        if columns is not None:
            if is_table_rule(line):
                continue
            if "|" in line:
                row = cells(line)
                if _bold_header(row):  # `| **Action** | **Owner** |` under an empty header: the header
                    columns = _columns([c.strip("*_ ") for c in row])
                    continue
                item = _row_item(row, columns, number, done)
                if item:
                    rows.append(item)
                continue
            columns = None
        label = _STATUS_LABEL.match(line) if not _LIST_ITEM.match(line) else None
        if label:  # "Completed:" / "Planned:" above a list: the status of the items under it
            done = bool(_COMPLETED_HEADING.search(label["label"])) or heading_done
            continue
        task = _TASK.match(line)
        if task:
            closed = task["mark"].lower() in ("x", "n/a", "na")
            tasks.append(action_item_from_text(task["text"], done or closed, number))
            wrapped = tasks
            continue
        marked = _MARKED_LINE.match(line)
        if marked:
            tasks.append(action_item_from_text(marked["text"], done or marked["mark"] == "DONE", number))
            wrapped = tasks
            continue
        action = _ACTION_LINE.match(line)
        if action:
            # `- TODO: audit IAM` among plain bullets is one of them, not a task that hides them
            into = plain if _LIST_ITEM.match(line) else tasks
            into.append(action_item_from_text(action["text"], done, number))
            wrapped = into
            continue
        item = _LIST_ITEM.match(line)
        field = _FIELD_LINE.match(item["text"].strip()) if item else None
        latest = max((tasks[-1:] + plain[-1:]), key=lambda a: a.line, default=None)
        if field and latest is not None:
            # "  - Owner: @maria" under an item: a field of that item, not an item of its own
            updated = _with_field(latest, field["name"].lower(), field["value"].strip())
            (tasks if latest in tasks else plain)[-1] = updated
            continue
        if item:
            text = item["text"].strip()
            depth = indent_of(line)
            # `1. Pod Recycling Strategy:` over a bullet of detail is work, numbered (a step over a
            # command is not); `Improvements:` labels its list
            # `3. **The two runs** (closes hypothesis 2):` over a query: a titled step is work too
            numbered_work = (
                _NUMBERED.match(line) is not None
                and not _GROUPING.search(text)
                and (
                    _BULLET.match(next((x for x in lines[i + 1 :] if x.strip()), "")) is not None
                    or _BOLD_TITLED.match(text) is not None
                )
            )
            while parents and parents[-1][0] >= depth:
                parents.pop()
            is_item = bool(text) and (not _LABEL_ONLY.match(text) or _LEAD_LABEL.match(text) or numbered_work)
            if is_item and parents and parents[-1][1]:
                nested.add(number)
            # an item ending in a colon leads into the items under it
            parents.append((depth, is_item and not text.endswith(":")))
            if is_item:
                if _NUMBERED.match(line) and depth < 2:  # a nested `1.` list is detail
                    numbered.add(number)
                plain.append(action_item_from_text(text, done, number))
                wrapped = plain
            elif text:  # `- Immediate Actions Taken:` over its list: the status of the items under it
                done = bool(_COMPLETED_HEADING.search(text)) or heading_done
    if html_item is not None:
        plain.append(_html_item(html_item, done))
    found = rows + settled + _listed(tasks, plain, numbered, nested)
    if len(headed) >= 2 and not any(_TASK.match(x) for x in lines):
        # the subheadings are the work, what is under them describes it (as for `1.` items over
        # bullets): each described by prose (`### Disable introspection` over paragraphs saying why
        # and how, a list of queries, a table of resolvers), or all numbered (`### 1. Run the import`)
        if not lead_items and all(described):
            return [_unnumbered(item) for item in described if item is not None]
        if not rows and all(_NUMBERED.match(item.task) for item in headed):
            return [_unnumbered(item) for item in headed]
    if found:
        return found
    # no list, table or task: each subheading is an item (`#### @maria Alerts configured`), else each
    # paragraph that is not a label ("A couple of things we will try:"), nor the first one when it
    # announces the rest ("In the future, there are several key actions we need to take ...")
    if not headed and _SOFT_HEADING.search(section.heading):
        return []  # `## Moving Forward` over paragraphs: a closing word (thanks, where to ask), no work
    if not headed and len(paragraphs) >= 3 and _ANNOUNCES.search(paragraphs[0].task):
        return paragraphs[1:]
    return headed or paragraphs


# follow-up headings that also close a post: their lists are work, their paragraphs prose (not `What we
# will do to prevent this in the future`, which says what its paragraphs are)
_SOFT_HEADING = re.compile(r"^\W*(?:(?:going|moving|looking)\s+forward|in\s+(?:the\s+)?future)\W*$", re.I)


_ANNOUNCES = re.compile(
    r"\b(?:several|following|these|a few|a number of|some|two|three|four|five)\s+(?:\w+\s+)?"
    r"(?:actions?|steps|changes|items|improvements|things|measures|follow-ups)\b",
    re.I,
)


# subheadings that group items rather than name one: a time frame, a status, a priority
_GROUPING = re.compile(
    r"\b(?:short|medium|mid|long|near)[- ]?term\b|\b(?:immediate|planned|ongoing|pending|future|next|later"
    r"|backlog|open|done|completed?|in progress|priority|phase|now|today|this week)\b|\bP[0-4]\b"
    r"|단기|중기|장기|短期|中期|長期|长期",  # short, medium and long term
    re.I,
)


def _unnumbered(item: ActionItem) -> ActionItem:
    """A subheading's item without its number: `1. Run the import` -> `Run the import`."""
    return replace(item, task=_NUMBERED.sub("", item.task, count=1).strip())


def _is_prose(line: str) -> bool:
    """A line that opens a paragraph of prose: not a list, table, tag, label or short lead-in."""
    text = line.strip()
    return not (
        _LIST_ITEM.match(line)
        or "|" in line
        or text.startswith(("<", ">"))
        or (text.endswith(":") and len(text) <= 120)  # `We will add these alerts:` leads into a list
        or _BOLD_LABEL.match(text)
        or _ACTION_LINE.match(line)
        or _MARKED_LINE.match(line)
    )


def _listed(
    tasks: list[ActionItem], plain: list[ActionItem], numbered: set[int], nested: set[int]
) -> list[ActionItem]:
    """The items of one run of lists: its task-list items, else its plain and numbered items, less
    the bullets nested under one of them (its detail: `- Add a runbook` over `  - who to page`)."""
    if tasks:
        return tasks
    plain = [item for item in plain if item.line not in nested]
    in_numbers = [item.line for item in plain if item.line in numbered]
    if in_numbers and len(in_numbers) < len(plain):
        # "1. **Migrate the table**" followed by bullets of detail, then "2. ...": the numbered
        # items are the work; the bullets between them describe it
        first = min(in_numbers)
        return [item for item in plain if item.line in numbered or item.line < first]
    return plain


def _continues(line: str) -> bool:
    """Whether a line right under an item's goes on with its text (Markdown's lazy continuation):
    not an item, a row, a heading, a quote or a tag of its own."""
    return not _LIST_ITEM.match(line) and "|" not in line and not line.lstrip().startswith(("#", "<", ">"))


def _continued(item: ActionItem, line: str) -> ActionItem:
    """`item` with the next line of its text: what that line says (done, an owner, a ticket) counts."""
    more = action_item_from_text(f"{item.task} {line.strip()}", item.status == "done", item.line)
    return replace(
        more,
        owner=item.owner or more.owner,
        ticket=item.ticket or more.ticket,
        due=item.due or more.due,
        priority=item.priority or more.priority,
    )


def _html_item(item: tuple[int, list[str]], done: bool) -> ActionItem:
    line, parts = item
    text = " ".join(HTML_TAG.sub(" ", " ".join(parts)).split())
    return action_item_from_text(text, done, line)


def action_tables(body: str, body_line: int, tracked: bool = False) -> list[ActionItem]:
    """Tables anywhere in the body whose header names the action (`| Action Item | Owner | ... |`):
    for pages with no follow-up section at all; `tracked`: only those that also have a status column
    and no time column (`| Action | Owner | Status |` under a `### Process Changes`), which are
    follow-ups wherever they stand, not steps of the response."""
    if "|" not in body:
        return []
    lines = body.split("\n")
    code = code_lines(lines)
    out: list[ActionItem] = []
    columns: dict[str, int] | None = None
    for i, line in enumerate(lines):
        if code[i]:
            columns = None
            continue
        if "|" in line and i + 1 < len(lines) and is_table_rule(lines[i + 1]) and not is_table_rule(line):
            header = cells(line)
            columns = _columns(header) if any(_ACTION_HEADER.search(h) for h in header) else None
            untracked = columns is not None and (
                "status" not in columns or any(_TIME_HEADER.search(h) for h in header)
            )
            if tracked and untracked:  # a status column, and no time column
                columns = None
            continue
        if columns is not None and "|" in line:
            if not is_table_rule(line):
                item = _row_item(cells(line), columns, body_line + i, False)
                if item:
                    out.append(item)
            continue
        columns = None
    return out


_TIME_HEADER = re.compile(r"\b(?:time|when|date|timestamp|utc)\b", re.I)


def action_lines(body: str, body_line: int, skip: list[Section]) -> list[ActionItem]:
    """`Action: ...` lines outside the action-items sections (written under each finding)."""
    if not _ANY_ACTION_LINE.search(body):
        return []
    lines = body.split("\n")
    code = code_lines(lines)
    inside = {n for s in skip for n in range(s.line, s.end_line + 1)}
    out: list[ActionItem] = []
    for i, line in enumerate(lines):
        number = body_line + i
        if code[i] or number in inside:
            continue
        marked = _MARKED_LINE.match(line)
        if marked:
            out.append(action_item_from_text(marked["text"], marked["mark"] == "DONE", number))
            continue
        match = _ACTION_LINE.match(line)
        if match and not match.group(0).lstrip(" -*+").lower().startswith(("follow", "todo")):
            out.append(action_item_from_text(match["text"], False, number))
    return out
