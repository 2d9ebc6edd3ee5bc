"""The controlled vocabulary of an account map, and the spellings readers accept.

Roles, levels, statuses and relationship kinds are stored in one canonical English form;
readers accept the Chinese terms of the sales method and the usual English variants. How
a term is shown in each language is :func:`graphlib_kam.text.label`.

>>> normalize_role("决策者"), normalize_role("Decision Maker"), normalize_level("基层")
('decision-maker', 'decision-maker', 'operational')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ACTIVITY_KINDS",
    "LEVELS",
    "RELATIONSHIP_KINDS",
    "ROLES",
    "SEVERITIES",
    "STATUSES",
    "DIRECTED_KINDS",
    "normalize_activity_kind",
    "normalize_kind",
    "normalize_level",
    "normalize_role",
    "normalize_status",
    "normalize_text_key",
    "chinese_spelling",
]

ROLES = ("decision-maker", "influencer", "user", "opposer")
LEVELS = ("executive", "management", "operational")
STATUSES = ("active", "left")
RELATIONSHIP_KINDS = ("influences", "reports-to", "allied", "conflict")
DIRECTED_KINDS = frozenset({"influences", "reports-to"})
ACTIVITY_KINDS = ("meeting", "call", "email", "event", "other")
#: A gap's severity, most severe first (:mod:`graphlib_kam.algorithms.gaps`).
SEVERITIES = ("high", "medium", "low")

_SYNONYMS = {
    "role": {
        "decision-maker": [
            "decision maker", "decisionmaker", "decider", "dm", "economic buyer",
            "economic decision maker", "approver", "决策者", "决策人", "拍板人",
        ],
        "influencer": ["influencer", "influence", "evaluator", "technical buyer",
                       "executive sponsor", "影响者", "影响人"],
        "user": ["user", "end user", "enduser", "business user", "使用者", "用户", "最终用户"],
        "opposer": ["opposer", "opponent", "blocker", "detractor", "反对者", "反对派"],
    },
    "level": {
        "executive": ["executive", "exec", "senior", "c-level", "c level", "top",
                      "高层", "高管", "决策层"],
        "management": ["management", "manager", "middle", "middle management", "mid",
                       "中层", "管理层"],
        "operational": ["operational", "operations", "front line", "frontline", "staff",
                        "individual contributor", "ic", "基层", "一线", "执行层"],
    },
    "status": {
        "active": ["active", "current", "在职", "在岗", "活跃"],
        "left": ["left", "departed", "gone", "inactive", "former", "已离开", "离职", "离开"],
    },
    "kind": {
        "influences": ["influences", "influence", "影响"],
        "reports-to": ["reports to", "reportsto", "reports", "manager", "汇报给", "上级",
                       "汇报", "下属"],
        "allied": ["allied", "ally", "allies", "alliance", "allied with", "同盟", "盟友", "联盟"],
        "conflict": ["conflict", "conflicts", "in conflict", "in conflict with", "冲突",
                     "对立", "矛盾"],
    },
    "activity": {
        "meeting": ["meeting", "meetings", "meet", "visit", "会议", "会面", "拜访", "见面"],
        "call": ["call", "calls", "phone", "phone call", "电话", "通话", "致电"],
        "email": ["email", "e-mail", "mail", "邮件", "电子邮件"],
        "event": ["event", "events", "conference", "dinner", "活动", "宴请"],
        "other": ["other", "task", "todo", "其他", "其它", "任务"],
    },
}


def normalize_text_key(value: str) -> str:
    """Fold width, case, separators and spacing so that spellings compare equal.

    >>> normalize_text_key("  Decision_Maker ")
    'decision maker'
    """
    folded = unicodedata.normalize("NFKC", value).casefold()
    return re.sub(r"[\s_\-]+", " ", folded).strip()


def _build_lookup(field: str) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for canonical, variants in _SYNONYMS[field].items():
        for spelling in (canonical, *variants):
            lookup[normalize_text_key(spelling)] = canonical
    return lookup


_LOOKUPS = {field: _build_lookup(field) for field in _SYNONYMS}


def _normalize(field: str, value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return _LOOKUPS[field].get(normalize_text_key(value))


def normalize_role(value: object) -> str | None:
    """Return the canonical role for ``value``, or None when it is not a known role."""
    return _normalize("role", value)


def normalize_level(value: object) -> str | None:
    """Return the canonical level for ``value``, or None when it is not a known level."""
    return _normalize("level", value)


def normalize_status(value: object) -> str | None:
    """Return the canonical status for ``value``, or None when it is not a known status."""
    return _normalize("status", value)


def normalize_kind(value: object) -> str | None:
    """Return the canonical relationship kind for ``value``, or None when unknown."""
    return _normalize("kind", value)


def normalize_activity_kind(value: object) -> str | None:
    """Return the canonical activity kind for ``value``, or None when unknown.

    >>> normalize_activity_kind("电话"), normalize_activity_kind("Meeting")
    ('call', 'meeting')
    """
    return _normalize("activity", value)


def chinese_spelling(term: str) -> str:
    """The first Chinese spelling readers accept for a canonical term (the term itself
    when it has none), to name the choices in an input error.

    >>> chinese_spelling("decision-maker"), chinese_spelling("reports-to")
    ('决策者', '汇报给')
    """
    for variants in _SYNONYMS.values():
        for spelling in variants.get(term, ()):
            if not spelling.isascii():
                return spelling
    return term
