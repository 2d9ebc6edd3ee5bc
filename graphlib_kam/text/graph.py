"""The words drawn on the interactive committee graph: legend, notices, tooltips.
"""

__all__ = ["TEXT"]

TEXT = {
    "graph.roles": {"en": "Role", "zh": "角色"},
    "graph.stance": {"en": "Stance (border)", "zh": "态度（边框）"},
    "graph.links": {"en": "Links", "zh": "关系"},
    "graph.team": {"en": "our team", "zh": "我方团队"},
    "graph.coverage": {"en": "coverage (dashed)", "zh": "覆盖（虚线）"},
    "graph.path": {"en": "highlighted path", "zh": "高亮路径"},
    "graph.truncated": {
        "en": "showing {shown:,} of {total:,} people; filter to see the rest",
        "zh": "显示 {total:,} 人中的 {shown:,} 人；请筛选以查看其余人员",
    },
    "graph.empty": {"en": "no one matches the filters", "zh": "没有符合筛选条件的人员"},
    "graph.no_route": {
        "en": "no approach route reaches {name}",
        "zh": "没有可到达 {name} 的接近路径",
    },
    "graph.not_drawn": {
        "en": "the path {a} → {b} has no link on the map",
        "zh": "路径 {a} → {b} 在图中没有对应关系",
    },
    "graph.power": {"en": "power {power}/5", "zh": "权力 {power}/5"},
    "graph.stance_line": {"en": "stance {stance:+d} ({word})", "zh": "态度 {stance:+d}（{word}）"},
    "graph.rank": {"en": "influence rank {rank} of {total}", "zh": "影响力排名 {rank}/{total}"},
    "graph.broker": {"en": "broker score {score:.2f}", "zh": "桥梁得分 {score:.2f}"},
    "graph.covers": {"en": "covers {n} people", "zh": "覆盖 {n} 人"},
    "graph.strength": {"en": "strength {s:.2f}", "zh": "强度 {s:.2f}"},
    "graph.last_contact": {"en": "last contact {date}", "zh": "最近联系 {date}"},
    "graph.no_contact": {"en": "no contact date", "zh": "无联系日期"},
    "graph.implied": {"en": "(implied {s:.2f})", "zh": "（推定 {s:.2f}）"},
    "org.tier": {"en": "Tier {n}", "zh": "第 {n} 层"},
    "org.coverage": {"en": "Coverage", "zh": "覆盖"},
    "org.coverage.covered": {"en": "covered", "zh": "已覆盖"},
    "org.coverage.weak": {"en": "weak", "zh": "偏弱"},
    "org.coverage.stale": {"en": "stale", "zh": "过期"},
    "org.coverage.uncovered": {"en": "not covered", "zh": "未覆盖"},
    "org.gap": {"en": "Gap", "zh": "缺口"},
    "org.line": {"en": "{report} reports to {manager}", "zh": "{report}向{manager}汇报"},
    "org.reports": {"en": "reports to (dotted: a further manager)",
                    "zh": "汇报关系（虚线：另一位上级）"},
    "org.cycle": {
        "en": "the reporting lines form a circle; drawn dotted and left out of the tree: {names}",
        "zh": "汇报关系形成循环，以下关系以虚线表示、不计入层级：{names}",
    },
    "org.no_lines": {
        "en": "no one on the map reports to anyone: add reports-to relationships to see the "
              "org chart",
        "zh": "图谱中没有汇报关系：添加“汇报给”关系后即可查看组织架构",
    },
}
