"""Column names and cell values as people write them, in English and Chinese.

Headers are matched loosely (case, width, spacing and separators folded; a bilingual
header such as ``角色 / Role`` matches on either half). Cell values are read into the
canonical kam/1 forms; every reader returns ``(value, problem)`` where ``problem`` is a
message for the import report, or None.

>>> read_stance("+1"), read_stance("支持"), read_stance("maybe")[1] is not None
((1, None), (1, None), True)
>>> level_from_title("SVP and CFO"), level_from_title("IT经理"), level_from_title("Analyst")
('executive', 'management', 'operational')
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.model import parse_date
from graphlib_kam.model.vocab import (
    LEVELS,
    RELATIONSHIP_KINDS,
    ROLES,
    STATUSES,
    chinese_spelling,
    normalize_kind,
    normalize_level,
    normalize_role,
    normalize_status,
    normalize_text_key,
)

__all__ = [
    "ACTIVITY_COLUMNS",
    "COVERAGE_COLUMNS",
    "EMAIL_WORDS",
    "RELATIONSHIP_COLUMNS",
    "ROLE_UNKNOWN_TAG",
    "STAKEHOLDER_COLUMNS",
    "TEAM_COLUMNS",
    "FieldSpec",
    "as_text",
    "classify_table",
    "full_name",
    "is_email",
    "level_from_title",
    "match_columns",
    "parse_field_option",
    "read_date",
    "read_enum",
    "read_power",
    "read_stance",
    "read_strength",
    "slug",
    "split_list",
]

EMAIL_WORDS = ["email", "e-mail", "email address", "e-mail address", "mail", "邮箱",
               "电子邮件", "邮件地址", "电子邮箱"]

_STRENGTH_WORDS = ["strength", "relationship strength", "coverage strength", "closeness",
                   "关系强度", "强度", "熟悉度", "亲密度"]
_DATE_WORDS = ["last contact", "last contacted", "last contact date", "last met",
               "last activity", "最近联系", "最后联系", "最近联系时间", "上次联系", "最近拜访"]

STAKEHOLDER_COLUMNS: dict[str, list[str]] = {
    "id": ["id", "stakeholder id", "person id", "contact id", "编号", "工号"],
    "name": ["name", "full name", "stakeholder", "contact", "contact name", "person", "label",
             "姓名", "名字", "联系人", "干系人"],
    "first_name": ["first name", "firstname", "given name", "名"],
    "last_name": ["last name", "lastname", "surname", "family name", "姓"],
    "title": ["title", "job title", "position", "job", "职位", "职务", "头衔", "岗位"],
    "department": ["department", "dept", "division", "business unit", "function", "部门",
                   "所属部门"],
    "level": ["level", "seniority", "layer", "层级", "级别", "层次"],
    "role": ["role", "buying role", "decision role", "contact role", "角色", "决策角色",
             "采购角色"],
    "stance": ["stance", "attitude", "support", "sentiment", "态度", "立场", "支持度"],
    "power": ["power", "authority", "influence level", "权力", "话语权"],
    "tags": ["tags", "tag", "labels", "标签"],
    "status": ["status", "state", "状态", "在职状态"],
    "interests": ["interests", "interest", "concerns", "priorities", "关注点", "利益", "诉求"],
    "notes": ["notes", "note", "comments", "comment", "description", "remarks", "备注",
              "说明", "描述"],
    "email": EMAIL_WORDS,
    "reports_to": ["reports to", "reportsto", "manager", "boss", "上级", "汇报给", "汇报对象",
                   "直属上级"],
    "covered_by": ["covered by", "owner", "account owner", "our contact", "relationship owner",
                   "我方对接人", "对接人", "负责人", "我方负责人"],
    "coverage_strength": _STRENGTH_WORDS,
    "last_contact": _DATE_WORDS,
    "influences": ["influences", "influence on", "influences whom", "影响对象", "影响谁",
                   "影响"],
    "allied": ["allies", "allied with", "ally", "盟友", "同盟"],
    "conflict": ["conflicts", "conflict", "in conflict with", "conflict with", "冲突",
                 "冲突对象", "对立"],
    "successor": ["successor", "replaced by", "replacement", "taken over by", "succeeded by",
                  "接任人", "继任者", "接替人", "接任者"],
}

RELATIONSHIP_COLUMNS: dict[str, list[str]] = {
    "source": ["source", "from", "source id", "源", "来源", "发起方", "从"],
    "target": ["target", "to", "target id", "目标", "对象", "到"],
    "kind": ["kind", "type", "relationship", "relation", "connection type", "关系类型",
             "类型", "关系"],
    "strength": ["strength", "weight", "强度", "权重"],
}

COVERAGE_COLUMNS: dict[str, list[str]] = {
    "member": ["member", "team member", "our side", "owner", "covered by", "我方人员",
               "我方", "团队成员", "对接人", "我方对接人"],
    "stakeholder": ["stakeholder", "contact", "customer contact", "customer", "客户",
                    "干系人", "联系人", "客户联系人"],
    "strength": _STRENGTH_WORDS,
    "last_contact": _DATE_WORDS,
}

# Salesforce Task/Event and HubSpot meetings/calls exports (importers.activities).
ACTIVITY_COLUMNS: dict[str, list[str]] = {
    "who_id": ["whoid", "who id"],
    "owner_id": ["ownerid", "owner id"],
    "date": ["activitydate", "activity date", "startdatetime", "start date time",
             "meeting start time", "call date", "hs timestamp", "activity timestamp", "date",
             "日期", "活动日期", "拜访日期"],
    "kind": ["type", "activity type", "hs activity type", "类型", "活动类型"],
    "subtype": ["tasksubtype", "eventsubtype", "subtype"],
    "subject": ["subject", "meeting name", "call title", "activity title", "hs meeting title",
                "hs call title", "title", "主题", "标题"],
    "owner": ["activity assigned to", "assigned to", "hubspot owner", "activity owner",
              "owner", "owner email", "我方人员", "负责人"],
    "contacts": ["associated contact", "associated contacts", "attendee emails",
                 "attendees", "contact email", "contact emails", *EMAIL_WORDS, "参会人",
                 "联系人邮箱"],
    "status": ["status", "状态"],
}

TEAM_COLUMNS: dict[str, list[str]] = {
    "id": ["id", "member id", "编号", "工号"],
    "name": ["name", "full name", "member", "team member", "姓名", "名字", "成员"],
    "title": ["title", "job title", "position", "role", "职位", "职务", "岗位", "角色"],
    "email": EMAIL_WORDS,
}

def _cached(size: int):
    """Memoise a value reader (cells repeat: roles, levels, strengths); values that
    cannot be hashed (a list in a JSON map) are read each time."""
    def wrap(reader):
        memo = functools.lru_cache(maxsize=size, typed=True)(reader)

        @functools.wraps(reader)
        def read(*args):
            try:
                return memo(*args)
            except TypeError:
                return reader(*args)
        return read
    return wrap


# Fields a --field option may name (the stakeholder columns, which carry codes).
STAKEHOLDER_FIELDS = tuple(STAKEHOLDER_COLUMNS)

_HEADER_PARTS = re.compile(r"[/|()（）【】\[\]]")


def _header_keys(header: str) -> list[str]:
    keys = [normalize_text_key(header)]
    keys += [normalize_text_key(part) for part in _HEADER_PARTS.split(header) if part.strip()]
    return [k for k in dict.fromkeys(keys) if k]


@dataclass(frozen=True)
class FieldSpec:
    """Where a field is read from and how its codes translate (``--field``).

    ``column`` None keeps the usual column for the field; ``codes`` maps a cell's text
    (folded) to the term to read instead, for example ``{"1": "decision-maker"}``.
    """

    field: str
    column: str | None = None
    codes: dict[str, str] = field(default_factory=dict)

    def translate(self, value: Any) -> Any:
        if not self.codes or value is None:
            return value
        key = normalize_text_key(as_text(value))
        return self.codes.get(key, value)


def parse_field_option(text: str) -> FieldSpec:
    """Parse ``FIELD=COLUMN[:CODE=TERM,CODE=TERM…]`` (the ``--field`` option).

    >>> parse_field_option("role=LEVEL:1=decision-maker,2=influencer")
    FieldSpec(field='role', column='LEVEL', codes={'1': 'decision-maker', '2': 'influencer'})
    >>> parse_field_option("department=DEPT").column
    'DEPT'

    Raises
    ------
    InputError
        An unknown field, or codes that are not ``CODE=TERM`` pairs.
    """
    name, sep, rest = text.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or name not in STAKEHOLDER_FIELDS:
        raise InputError(
            f"--field {text!r}: expected FIELD=COLUMN[:CODE=TERM,...] with FIELD one of "
            + ", ".join(STAKEHOLDER_FIELDS)
        )
    column, _, code_text = rest.partition(":")
    codes: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in code_text.split(","))):
        code, eq, term = pair.partition("=")
        if not eq or not code.strip() or not term.strip():
            raise InputError(f"--field {text!r}: {pair!r} is not CODE=TERM")
        codes[normalize_text_key(code)] = term.strip()
    return FieldSpec(field=name, column=column.strip() or None, codes=codes)


def match_columns(
    headers: list[str],
    aliases: dict[str, list[str]],
    specs: dict[str, FieldSpec] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """Which header holds each field, and which headers hold none.

    An explicit :class:`FieldSpec` column wins (a header name, or a 1-based position);
    otherwise the first header matching one of the field's spellings.

    >>> match_columns(["姓名", "Role / 角色", "Phone"], STAKEHOLDER_COLUMNS)
    ({'name': '姓名', 'role': 'Role / 角色'}, ['Phone'])

    Raises
    ------
    InputError
        A ``--field`` column that is not in the headers.
    """
    specs = specs or {}
    found: dict[str, str] = {}
    taken: set[str] = set()
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(normalize_text_key(header), header)
    for name, spec in specs.items():
        if name not in aliases or spec.column is None:
            continue
        column = by_key.get(normalize_text_key(spec.column))
        if column is None and spec.column.isdigit() and 0 < int(spec.column) <= len(headers):
            column = headers[int(spec.column) - 1]
        if column is None:
            raise InputError(
                f"--field {name}={spec.column}: no column {spec.column!r}; the columns are "
                + ", ".join(repr(h) for h in headers)
            )
        found[name] = column
        taken.add(column)
    lookup: dict[str, str] = {}
    for name, spellings in aliases.items():
        for spelling in (name.replace("_", " "), *spellings):
            lookup.setdefault(normalize_text_key(spelling), name)
    for header in headers:
        if header in taken:
            continue
        for key in _header_keys(header):
            name = lookup.get(key)
            if name and name not in found:
                found[name] = header
                taken.add(header)
                break
    return found, [h for h in headers if h not in taken]


ROLE_UNKNOWN_TAG = "role-unknown"
# Columns only a sheet of customer people has (a team sheet may have a role column).
_DESCRIBING = {"level", "department", "stance", "power", "status", "interests"}
_TEAM_NAME = re.compile(r"team|团队|我方|our side", re.IGNORECASE)


def classify_table(table: Any) -> str:
    """``relationships``, ``coverage``, ``team`` or ``stakeholders``: what a table
    (anything with ``name`` and ``headers``) holds, by its columns.

    >>> from graphlib_kam.importers._rows import parse_delimited
    >>> classify_table(parse_delimited("from,to,type\\na,b,ally\\n"))
    'relationships'
    >>> classify_table(parse_delimited("联系人,角色,对接人\\n王伟,决策者,李娜\\n"))
    'stakeholders'
    """
    described, _ = match_columns(table.headers, STAKEHOLDER_COLUMNS)
    if _TEAM_NAME.search(table.name) and not described.keys() & _DESCRIBING:
        return "team"
    if described.keys() & (_DESCRIBING | {"role"}):
        return "stakeholders"  # a sheet of people, whatever link columns it also has
    columns, _ = match_columns(table.headers, RELATIONSHIP_COLUMNS)
    if {"source", "target"} <= columns.keys():
        return "relationships"
    columns, _ = match_columns(table.headers, COVERAGE_COLUMNS)
    if {"member", "stakeholder"} <= columns.keys():
        return "coverage"
    return "stakeholders"


def is_email(text: str) -> bool:
    """Whether ``text`` looks like one e-mail address (``name@domain``, no spaces).

    >>> is_email("li.na@vendor.example"), is_email("Li Na"), is_email("a@b c")
    (True, False, False)
    """
    text = text.strip()
    local, at, domain = text.partition("@")
    return bool(local and at and domain) and "@" not in domain and not any(
        c.isspace() for c in text)


def as_text(value: Any) -> str:
    """A cell as text: whole floats lose their ``.0``; None becomes ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_LIST_SEPARATORS = frozenset(",;，；、|\n")
_OPENERS, _CLOSERS = "([{（【「", ")]}）】」"


_SEPARATOR_FOUND = re.compile("[,;，；、|\n]")
_BRACKET_FOUND = re.compile("[(\\[{（【「]")
_SEPARATOR_SPLIT = re.compile("[,;，；、|\n]")


def split_list(value: Any) -> list[str]:
    """A cell holding several items: split on commas, semicolons, 、, bars or lines, but
    not inside brackets.

    >>> split_list("张伟、李娜; Wang"), split_list("China (e-fapiao, Golden Tax), ROI")
    (['张伟', '李娜', 'Wang'], ['China (e-fapiao, Golden Tax)', 'ROI'])
    """
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [as_text(v) for v in value if v is not None and as_text(v)]
    text = as_text(value)
    if not _SEPARATOR_FOUND.search(text):
        return [text] if text else []
    if not _BRACKET_FOUND.search(text):
        return [item.strip() for item in _SEPARATOR_SPLIT.split(text) if item.strip()]
    items, current, depth = [], [], 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS and depth:
            depth -= 1
        if char in _LIST_SEPARATORS and not depth:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


_NORMALIZERS = {
    "role": (normalize_role, ROLES),
    "level": (normalize_level, LEVELS),
    "status": (normalize_status, STATUSES),
    "kind": (normalize_kind, RELATIONSHIP_KINDS),
}


@_cached(8192)
def read_enum(what: str, value: Any) -> tuple[str | None, str | None]:
    """A role, level, status or relationship kind in its canonical form.

    >>> read_enum("role", "Economic Decision Maker"), read_enum("level", "中层")
    (('decision-maker', None), ('management', None))
    """
    if value is None:
        return None, None
    normalize, allowed = _NORMALIZERS[what]
    canonical = normalize(as_text(value))
    if canonical is None:
        choices = ", ".join(f"{t} ({chinese_spelling(t)})" for t in allowed)
        return None, f"unknown {what} {as_text(value)!r}; expected one of {choices}"
    return canonical, None


_STANCE_WORDS = {
    2: ["champion", "strong supporter", "advocate", "坚定支持", "拥护", "铁杆"],
    1: ["supporter", "support", "supportive", "positive", "friendly", "支持", "支持者",
        "友好", "正面"],
    0: ["neutral", "unknown", "undecided", "中立", "未知", "观望"],
    -1: ["skeptic", "sceptic", "skeptical", "negative", "concerned", "怀疑", "消极", "负面",
         "有顾虑"],
    -2: ["opponent", "strong opponent", "blocker", "hostile", "反对", "强烈反对", "敌对"],
}
_STANCES = {normalize_text_key(w): n for n, words in _STANCE_WORDS.items() for w in words}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(as_text(value).replace("＋", "+").replace("－", "-").replace("−", "-"))
    except ValueError:
        return None


@_cached(1024)
def read_stance(value: Any) -> tuple[int | None, str | None]:
    """A stance from −2 to +2, given as a number or a word (champion, 支持, 反对 …)."""
    if value is None:
        return None, None
    number = _number(value)
    if number is None:
        number = _STANCES.get(normalize_text_key(as_text(value)))
    if number is None or not float(number).is_integer() or not -2 <= number <= 2:
        return None, (f"stance {as_text(value)!r} is not a whole number from -2 to +2 or a "
                      "word such as champion, supporter, neutral, skeptic, opponent")
    return int(number), None


_POWER_WORDS = {
    5: ["very high", "highest", "极高", "最高"],
    4: ["high", "高"],
    3: ["medium", "mid", "moderate", "中", "一般"],
    2: ["low", "低"],
    1: ["very low", "lowest", "极低", "最低"],
}
_POWERS = {normalize_text_key(w): n for n, words in _POWER_WORDS.items() for w in words}


@_cached(1024)
def read_power(value: Any) -> tuple[int | None, str | None]:
    """A power from 1 to 5, given as a number or a word (high, 中, low …)."""
    if value is None:
        return None, None
    number = _number(value)
    if number is None:
        number = _POWERS.get(normalize_text_key(as_text(value)))
    if number is None or not float(number).is_integer() or not 1 <= number <= 5:
        return None, (f"power {as_text(value)!r} is not a whole number from 1 to 5 or a word "
                      "such as high, medium, low")
    return int(number), None


_STRENGTH_WORDS_VALUES = {
    0.9: ["very strong", "close", "非常强", "很熟", "密切"],
    0.7: ["strong", "good", "强", "熟悉", "较强"],
    0.5: ["medium", "moderate", "ok", "中", "一般"],
    0.3: ["weak", "弱", "较弱", "不熟"],
    0.1: ["very weak", "acquaintance", "很弱", "点头之交"],
}
_STRENGTHS = {normalize_text_key(w): s for s, words in _STRENGTH_WORDS_VALUES.items()
              for w in words}


@_cached(8192)
def read_strength(value: Any) -> tuple[float | None, str | None]:
    """A strength in (0, 1]: a number, a percentage ("70%") or a word (strong, 弱 …).

    >>> read_strength("70%"), read_strength(0.8), read_strength("strong")
    ((0.7, None), (0.8, None), (0.7, None))
    """
    if value is None:
        return None, None
    text = as_text(value)
    number: float | None
    if text.endswith(("%", "％")):
        number = _number(text[:-1])
        number = None if number is None else number / 100
    else:
        number = _number(value)
        if number is None:
            number = _STRENGTHS.get(normalize_text_key(text))
    if number is None or not math.isfinite(number) or not 0 < number <= 1:
        return None, (f"strength {text!r} is not a number greater than 0 and at most 1, a "
                      "percentage, or a word such as strong, medium, weak")
    return round(number, 6), None


_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@_cached(8192)
def read_date(value: Any) -> tuple[dt.date | None, str | None]:
    """A date: an Excel date, ISO 8601, ``2026/11/2``, ``2026.11.02`` or ``2026年11月2日``.

    Day-first and month-first forms (``02/11/2026``) are refused as ambiguous.

    >>> read_date("2026年11月2日")[0], read_date("11/02/2026")[0]
    (datetime.date(2026, 11, 2), None)
    """
    if value is None:
        return None, None
    if isinstance(value, (dt.date, dt.datetime)):
        return parse_date(value), None
    text = as_text(value)
    parsed = parse_date(text)
    if parsed is None:
        match = _YMD.match(text)
        if match:
            try:
                parsed = dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                parsed = None
    if parsed is None:
        return None, f"date {text!r} is not a date; expected YYYY-MM-DD"
    return parsed, None


# Order matters: the first rule that matches decides.
_TITLE_RULES: list[tuple[str, re.Pattern]] = [
    ("executive", re.compile(
        r"(?<![a-z])(ceo|cfo|coo|cto|cio|cmo|cro|cso|cdo|cpo|cco|clo|chro|ciso|caio|chief|president"
        r"|founder|chair(man|woman)?|board member|evp|svp|vp|vice president|general counsel"
        r"|managing director|executive director|general manager|gm)(?![a-z])"
        r"|董事长|总裁|总经理|行长|院长|校长|局长|厅长|董事|副总|首席|主席|合伙人|总会计师",
        re.IGNORECASE)),
    ("management", re.compile(
        r"(?<![a-z])(director|head|manager|lead|leader|supervisor|superintendent)(?![a-z])"
        r"|总监|经理|主管|主任|处长|科长|部长|负责人|组长|所长",
        re.IGNORECASE)),
]


@functools.lru_cache(maxsize=8192)
def level_from_title(title: str | None) -> str:
    """The level a job title suggests: executive, management, or operational."""
    text = unicodedata.normalize("NFKC", title or "")
    for level, pattern in _TITLE_RULES:
        if pattern.search(text):
            return level
    return "operational"


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def full_name(first: str, last: str) -> str:
    """A person's name from its parts: ``Li Na``, but ``王建国`` (family name first).

    >>> full_name("Na", "Li"), full_name("建国", "王")
    ('Na Li', '王建国')
    """
    if _CJK.search(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


_SLUG_DROP = re.compile(r"[^\w]+", re.UNICODE)


def slug(text: str) -> str:
    """An id-friendly form of a name: folded, words joined by hyphens; any script kept.

    >>> slug("Li  Na"), slug("王建国"), slug("O'Brien, Pat")
    ('li-na', '王建国', 'o-brien-pat')
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SLUG_DROP.sub("-", folded).replace("_", "-").strip("-")
