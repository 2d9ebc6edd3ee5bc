"""A map whose every text is hostile: markup, formulas, quotes, backticks, CJK, controls.

Used by the report and export tests: every format must write it safely.
"""

from __future__ import annotations

from graphlib_kam.model import AccountMap, parse_map

SCRIPT = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'
CJK = "王伟"
QUOTES = "O'Brien \"Bob\" & co"
BACKTICKS = "`rm -rf /` ``x``"
CONTROLS = "ctl\x00\x07\x1b\x7f\u0085end"
TAB_CR = "\tlead\rcr"
OTHERS = ["+1-555-0100", "@SUM(A1:A9)", "-2+3", "[link](javascript:alert(1))", "*bold* | pipe",
          "# heading", "line1\nline2", "emoji 😀", "\u2028sep"]

NAMES = [SCRIPT, FORMULA, CJK, QUOTES, BACKTICKS, CONTROLS, TAB_CR, *OTHERS]


def hostile_map() -> AccountMap:
    """Fourteen stakeholders and two team members named after :data:`NAMES`."""
    roles = ["decision-maker", "influencer", "user", "opposer"]
    levels = ["executive", "management", "operational"]
    stakeholders = []
    for i, name in enumerate(NAMES):
        stakeholders.append({
            "id": f"s{i}" if i not in (1, 2, 4) else name, "name": name, "title": name,
            "department": name, "notes": name, "tags": [name, "coach"],
            "interests": [name], "role": roles[i % 4], "level": levels[i % 3],
            "power": 1 + i % 5, "stance": (i % 5) - 2,
        })
    ids = [s["id"] for s in stakeholders]
    relationships = [{"source": ids[i], "target": ids[i + 1], "kind": "influences",
                      "strength": round(0.5 + i / 40, 3)} for i in range(len(ids) - 1)]
    relationships += [
        {"source": ids[2], "target": ids[0], "kind": "reports-to"},
        {"source": ids[2], "target": ids[3], "kind": "allied"},
        {"source": ids[3], "target": ids[5], "kind": "conflict"},
        {"source": ids[6], "target": ids[0], "kind": "influences"},
    ]
    return parse_map({
        "schema": "kam/1", "revision": 2,
        "account": {"id": "hostile", "name": SCRIPT + CJK, "industry": FORMULA},
        "team": [{"id": "t1", "name": FORMULA, "title": SCRIPT},
                 {"id": "t`2", "name": CJK + QUOTES}],
        "stakeholders": stakeholders,
        "relationships": relationships,
        "coverage": [
            {"member": "t1", "stakeholder": ids[1], "strength": 0.8,
             "last_contact": "2026-11-01"},
            {"member": "t`2", "stakeholder": ids[4], "strength": 0.6,
             "last_contact": "2026-10-20"},
            {"member": "t1", "stakeholder": ids[7], "strength": 0.3},
        ],
    })
