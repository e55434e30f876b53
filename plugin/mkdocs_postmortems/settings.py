"""Core settings: what the parser and validator need to know about a site.

A plain dataclass, so the core stays free of MkDocs. `config.py` (the typed
MkDocs plugin config) and the CLI (reading `mkdocs.yml` itself) both build one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .formatting import zone


@dataclass(frozen=True, slots=True)
class SeverityLevel:
    id: str
    label: str
    color: str
    order: int


DEFAULT_SEVERITIES: tuple[SeverityLevel, ...] = (
    SeverityLevel("SEV1", "Critical", "#8e0000", 1),
    SeverityLevel("SEV2", "High", "#ffb74d", 2),
    SeverityLevel("SEV3", "Medium", "#7a5f00", 3),
    SeverityLevel("SEV4", "Low", "#a5d6a7", 4),
)

REQUIRED_SECTIONS: tuple[str, ...] = ("Summary", "Timeline", "Root Cause", "Resolution", "Action Items")

# Canonical section -> other phrases that name it. A heading names a section when one of these
# phrases appears in it as whole words (`## 3. Root cause of the outage` is the Root Cause);
# the longest phrase wins where two overlap (`Actions taken` is a Resolution, not Action Items).
SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "Summary": (
        "Issue Summary",
        "Overview",
        "Executive Summary",
        "What happened",
        "TL;DR",
        "TLDR",
        "Introduction",
        "Background",
        "Description",
        "Incident description",
        "Issue",
        "What is wrong",
        "Details",
        "Incident report",
        "Impact",
        "Abstract",
        "Zusammenfassung",
        "Tóm tắt",
        "Tổng quan",
        "Shrnutí",
        "Popis",
        "故障现象",
        "Was ist passiert",
        "Résumé",
        "Resumen",
        "Sammendrag",
        "概要",
        "障害内容",
        "요약",
        "개요",
        "Überblick",
        "Auswirkungen",
        "Contexte",
        "Ce qui s'est passé",
        "Resumo",
        "Visão geral",
        "Impacto",
        "O que aconteceu",
        "Qué pasó",
        "Резюме",
        "Кратко",
        "Сводка",
        "Обзор",
        "Описание",
        "Что произошло",
        "概述",
        "摘要",
        "背景",
        "问题描述",
        "影响",
        "Samenvatting",
        "Sommario",
        "Riepilogo",
        "Ringkasan",
        "Özet",
        "Podsumowanie",
    ),
    "Timeline": (
        "Chronology",
        "Sequence of events",
        "Time line",
        "Incident log",
        "Log of events",
        "Event log",
        "Running log",
        "Status log",
        "Detailed timeline",
        "Zeitverlauf",
        "Dòng thời gian",
        "Diễn biến",
        "Trình tự sự kiện",
        "Časová osa",
        "Průběh",
        "Chronologie",
        "Cronología",
        "Línea de tiempo",
        "Tidslinje",
        "経緯",
        "時系列",
        "タイムライン",
        "타임라인",
        "경과",
        "Zeitlicher Ablauf",
        "Zeitleiste",
        "Déroulement",
        "Linha do tempo",
        "Cronologia",
        "Хронология",
        "Таймлайн",
        "时间线",
        "时间轴",
        "事件经过",
        "故障经过",
        "处理过程",
        "Tijdlijn",
        "Tijdsverloop",
        "Kronologi",
        "Linimasa",
        "Zaman çizelgesi",
        "Kronoloji",
        "Oś czasu",
        "Przebieg",
    ),
    "Root Cause": (
        "Root Causes",
        "Cause",
        "Contributing Factors",
        "Root Cause and Resolution",
        "What went wrong",
        "Why it happened",
        "Trigger",
        "Analysis",
        "Investigation",
        "Technical details",
        "How it happened",
        "How did this happen",
        "Why did this happen",
        "Why did it happen",
        "Problem",
        "Failure",
        "Fault",
        "Vulnerability",
        "Origin",
        "What caused it",
        "Come from",  # `Where did the malicious code come from?`
        "What happened",
        "Why",
        "Whys",
        "RCA",
        "Detailed analysis",
        "Ursache",
        "Nguyên nhân",
        "Nguyên nhân gốc",
        "Příčina",
        "Příčiny",
        "根源",
        "Ursachen",
        "Warum ist es passiert",
        "Causa",
        "Rotårsak",
        "Rotårsaker",
        "原因",
        "원인",
        "Hypotheses",
        "Hypothesis",
        "Pourquoi",
        "Comment cela a-t-il pu arriver",
        "Causas",
        "Причина",
        "Причины",
        "Первопричина",
        "Корневая причина",
        "Гипотезы",
        "根因",
        "根本原因",
        "原因分析",
        "Diagnosis",
        "Oorzaak",
        "Grondoorzaak",
        "Diagnosi",
        "Causa principale",
        "Causa radice",
        "Akar masalah",
        "Penyebab",
        "Kök neden",
        "Przyczyna",
        "Przyczyny",
    ),
    "Resolution": (
        "Mitigation",
        "Recovery",
        "Remediation",
        "Root Cause and Resolution",
        "Resolve",
        "Fix",
        "Fixes",
        "Response",
        "Restoration",
        "Workaround",
        "Actions taken",
        "What we changed",
        "Steps taken",
        "Mitigate",
        "Stabilization",
        "Stabilisation",
        "What fixed it",
        "Already done",  # `What we've already done`: the fix, and done follow-ups
        "Been addressed",  # `How has this been addressed?` (not `email addresses`)
        "How we addressed",
        "Solving",
        "Solution",
        "Lösung",
        "Khắc phục",
        "Hành động khắc phục đã thực hiện",  # corrective actions carried out: both
        "Giải pháp",
        "Xử lý",
        "Řešení",
        "Náprava",
        "Behebung",
        "Résolution",
        "Resolución",
        "Solución",
        "Løsning",
        "復旧",
        "対応内容",
        "対応",
        "대응",
        "해결",
        "조치",
        "완화",  # mitigation
        "영구 수정",  # permanent fix
        "복구",  # recovery
        "是正",
        "Acciones tomadas",
        "Acciones realizadas",
        "Ações tomadas",
        "Actions menées",
        "Actions entreprises",
        "Korrektur",
        "Wiederherstellung",
        "Correction",
        "Qu'avons-nous fait",
        "Rétablissement",
        "Correção",
        "Solução",
        "Resolução",
        "Como foi corrigido",
        "Mitigação",
        "Recuperação",
        "Решение",
        "Что сделано",
        "Что уже сделано",
        "Исправление",
        "Устранение",
        "Восстановление",
        "修复",
        "解决方案",
        "处理",
        "恢复",
        "Oplossing",
        "Herstel",
        "Mitigatie",
        "Risoluzione",
        "Soluzione",
        "Mitigazione",
        "Ripristino",
        "Penyelesaian",
        "Perbaikan",
        "Mitigasi",
        "Pemulihan",
        "Çözüm",
        "Düzeltme",
        "Rozwiązanie",
        "Naprawa",
        "Zmiana",
        "Zmiany",
        "Poprawka",
        "Recuperación",
        "Mitigación",
    ),
    "Action Items": (
        "Corrective and Preventative Measures",
        "Corrective and Preventive Measures",
        "Corrective Actions",
        "Preventive Actions",
        "Preventative Measures",
        "Preventive Measures",
        "Follow-ups",
        "Follow up",
        "Followup",
        "Follow up actions",
        "Follow on",
        "Task List",
        "Next steps",
        "Action points",
        "Actions",
        "Action plan",
        "Fix plan",
        "Remediation plan",
        "To do",
        "Todo",
        "To-dos",
        "Must do",
        "Must dos",
        "To improve",
        "Open items",
        "Still open",
        "Outstanding items",
        "Improvements",
        "Future work",
        "Prevention",
        "What we are doing",
        "What are we doing",
        "What we are changing",
        "Where do we go from here",
        "Actionables",
        "Going forward",
        "Moving forward",
        "Looking forward",
        "Being done",
        "Could be done",
        "Recommendations",
        "Remedial",
        "Avoid",
        "In future",
        "In the future",
        "Remediation items",
        "Repair items",
        "Tasks",
        "Remediation actions",
        "Never happens again",
        "Do differently",
        "Already done",
        "Working on",  # `What we're working on next`
        "Preventing recurrence",
        "Prevent recurrence",
        "Recurrence prevention",
        "Lessons learned and action items",
        "Maßnahmen",
        "Hành động khắc phục",
        "Hành động khắc phục đã thực hiện",
        "Hành động tiếp theo",
        "Phòng ngừa",
        "Bài học và hành động",
        "Navrhované řešení",
        "Opatření",
        "Další kroky",
        "Prevence",
        "Acciones",
        "Aksjonspunkter",
        "Tiltak",
        "Oppfølging",
        "再発防止",
        "今後の対応",
        "今後の対策",
        "恒久対応",
        "対策",
        "재발 방지",
        "후속 조치",
        "액션 아이템",
        "アクションアイテム",
        "是正措置",
        "Folgemaßnahmen",
        "Was ändern wir",
        "Nächste Schritte",
        "Verbesserungen",
        "Prochaines étapes",
        "Plan d'action",
        "Améliorations",
        "Prevenção",
        "Próximos passos",
        "Ações",
        "Ações corretivas",
        "Melhorias",
        "Próximos pasos",
        "Mejoras",
        "Что делаем дальше",
        "Дальнейшие шаги",
        "Следующие шаги",
        "Меры по предотвращению",
        "改进",
        "后续",
        "行动项",
        "待办事项",
        "预防措施",
        "预防",
        "待办",
        "遗留",
        "권장 조치",
        "Preventie",
        "Actiepunten",
        "Vervolgstappen",
        "Vervolgstap",
        "Verbeteringen",
        "Raccomandazioni",
        "Azioni correttive",
        "Prossimi passi",
        "Miglioramenti",
        "Migliorie",
        "Tindak lanjut",
        "Rencana aksi",
        "Pencegahan",
        "Aksiyonlar",
        "Önlemler",
        "Yapılacaklar",
        "Działania naprawcze",
        "Dalsze kroki",
        "Zapobieganie",
        "Prevención",
        "Acciones correctivas",
    ),
}


@dataclass(frozen=True, slots=True)
class Settings:
    folder: str = "postmortems"
    severities: tuple[SeverityLevel, ...] = DEFAULT_SEVERITIES
    services: tuple[str, ...] = ()  # the service catalog; empty means any name
    # catalog entries given as mappings: name -> {team, tier, docs}, so incidents roll up to teams
    service_info: dict[str, dict[str, str]] = field(default_factory=dict)
    required_sections: tuple[str, ...] = REQUIRED_SECTIONS
    # severity id -> the sections its postmortems need (teams ask less of a SEV4); others: required_sections
    required_by_severity: dict[str, tuple[str, ...]] = field(default_factory=dict)
    section_aliases: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(SECTION_ALIASES))
    timezone: str = "UTC"
    include_drafts: bool = False
    default_visibility: str = "internal"  # of a page without `visibility:`
    edition: str = "internal"  # `public` leaves internal pages and text out (editions.py)

    @property
    def severity_ids(self) -> list[str]:
        return [level.id for level in sorted(self.severities, key=lambda s: s.order)]

    def severity(self, severity_id: str | None) -> SeverityLevel | None:
        return next((s for s in self.severities if s.id == severity_id), None)

    def required_for(self, severity: str | None) -> tuple[str, ...]:
        return self.required_by_severity.get(severity or "", self.required_sections)

    def fingerprint(self) -> str:
        """Stable digest of the settings, part of every cache key."""
        data: dict[str, Any] = asdict(self)
        return hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class SettingsError(ValueError):
    """A plugin option that cannot work, said in the words of mkdocs.yml."""


SERVICE_FIELDS = ("team", "tier", "docs")


def service_catalog(entries: Any) -> tuple[tuple[str, ...], dict[str, dict[str, str]]]:
    """Names and details of a `services` catalog: plain names, `{name: x, team: y}` or `{x: {team: y}}`."""
    names: list[str] = []
    info: dict[str, dict[str, str]] = {}
    for entry in entries if isinstance(entries, list | tuple) else ():
        if isinstance(entry, Mapping):
            if "name" in entry:
                name, details = str(entry["name"]), entry
            elif len(entry) == 1:
                key, value = next(iter(entry.items()))
                name, details = str(key), value if isinstance(value, Mapping) else {}
            else:
                raise SettingsError(
                    "postmortems: a 'services' entry that is a mapping needs a 'name' "
                    "(team, tier, docs optional)"
                )
            fields = {k: str(details[k]) for k in SERVICE_FIELDS if details.get(k) not in (None, "")}
            if fields:
                info[name] = fields
        else:
            name = str(entry)
        names.append(name)
    return tuple(names), info


def settings_from_options(options: dict[str, Any]) -> Settings:
    """Settings from plugin options as written in `mkdocs.yml` (or validated by config.py).

    Missing options take their defaults; `section_aliases` entries add words to
    the sections they name and may add new sections.
    """
    defaults = Settings()
    severities = defaults.severities
    if options.get("severities"):
        levels = options["severities"]
        if not isinstance(levels, list) or not all(
            isinstance(level, Mapping) and level.get("id") for level in levels
        ):
            raise SettingsError(
                "postmortems: every entry of 'severities' needs an 'id' (label, color, order optional)"
            )
        severities = tuple(
            SeverityLevel(
                id=str(level["id"]),
                label=str(level.get("label") or level["id"]),
                color=str(level.get("color") or "#555555"),
                order=int(level.get("order") or n + 1),
            )
            for n, level in enumerate(levels)
        )
    aliases = dict(defaults.section_aliases)
    for name, names in (options.get("section_aliases") or {}).items():
        added = tuple(str(a) for a in ([names] if isinstance(names, str) else names or ()))
        aliases[str(name)] = (*aliases.get(str(name), ()), *added)
    required = tuple(str(s) for s in options.get("required_sections") or defaults.required_sections)
    by_severity: dict[str, tuple[str, ...]] = {}
    for severity, names in (options.get("required_sections_by_severity") or {}).items():
        by_severity[str(severity)] = tuple(
            str(n) for n in ([names] if isinstance(names, str) else names or ())
        )
    for name in (*required, *(n for names in by_severity.values() for n in names)):
        aliases.setdefault(name, ())  # a required section is always matched by its own name
    services, service_info = service_catalog(options.get("services") or ())
    timezone = str(options.get("timezone") or defaults.timezone)
    if zone(timezone) is None:
        raise SettingsError(f"postmortems: timezone '{timezone}' is not an IANA time zone name")
    visibility = str(options.get("default_visibility") or defaults.default_visibility)
    edition = str(options.get("edition") or defaults.edition)
    for name, value in (("default_visibility", visibility), ("edition", edition)):
        if value not in ("internal", "public"):
            raise SettingsError(f"postmortems: {name} '{value}' is not internal or public")
    return Settings(
        folder=str(options.get("folder") or defaults.folder).strip("/"),
        severities=severities,
        services=services,
        service_info=service_info,
        required_sections=required,
        required_by_severity=by_severity,
        section_aliases=aliases,
        timezone=timezone,
        include_drafts=bool(options.get("include_drafts", defaults.include_drafts)),
        default_visibility=visibility,
        edition=edition,
    )


def is_postmortem(relative: str) -> bool:
    """Whether a path below the postmortems folder is a postmortem page.

    Every Markdown file is, except `index.md` and files or folders whose name starts with `_`.
    """
    parts = relative.replace("\\", "/").split("/")
    if not parts[-1].endswith((".md", ".markdown")) or parts[-1] in ("index.md", "README.md"):
        return False
    return not any(part.startswith(("_", ".")) for part in parts)
