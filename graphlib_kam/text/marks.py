"""The words of the map's coverage channel, gap badges, focus, search and grouping.
"""

__all__ = ["TEXT"]

TEXT = {
    "graph.coverage_title": {"en": "Coverage (ring)", "zh": "覆盖（外圈）"},
    "graph.coverage.covered": {"en": "covered", "zh": "已覆盖"},
    "graph.coverage.weak": {"en": "weak", "zh": "覆盖偏弱"},
    "graph.coverage.stale": {"en": "stale", "zh": "联系过期"},
    "graph.coverage.uncovered": {"en": "uncovered", "zh": "未覆盖"},
    "graph.coverage_state": {"en": "coverage: {state}", "zh": "覆盖：{state}"},
    "graph.gap_badge": {"en": "gaps (count)", "zh": "缺口（数量）"},
    "graph.gap_line": {"en": "gaps: {kinds}", "zh": "缺口：{kinds}"},
    "graph.selected": {"en": "selected or on the path", "zh": "已选中或在路径上"},
    "graph.focused.one": {
        "en": "showing {shown:,} of {total:,} people: 1 step around the focus; "
              "widen with “Around”",
        "zh": "显示 {total:,} 人中的 {shown:,} 人：焦点周围 1 步以内；可用“范围”扩大",
    },
    "graph.focused.other": {
        "en": "showing {shown:,} of {total:,} people: {n} steps around the focus; "
              "widen with “Around”",
        "zh": "显示 {total:,} 人中的 {shown:,} 人：焦点周围 {n} 步以内；可用“范围”扩大",
    },
    "graph.department_size": {"en": "{n} people", "zh": "{n} 人"},
    "graph.search": {"en": "Find a person: name, title or department",
                     "zh": "查找人员：姓名、职位或部门"},
    "graph.search_none": {"en": "nobody on the map matches", "zh": "图中没有匹配的人员"},
    "explorer.map.card_hint": {
        "en": "Click a person on the map, search for one above it, or choose one in the "
              "list: their card and best approach route show here.",
        "zh": "在图中点击人员、在图上方搜索，或从列表中选择：其信息卡和最佳接近路径会显示在这里。",
    },
    "explorer.map.show_gaps": {"en": "Show gaps", "zh": "突出缺口"},
    "explorer.map.show_gaps.help": {
        "en": "Fade everyone no gap names, so the blind spots stand out; the badge on a "
              "person counts their gaps.",
        "zh": "淡化没有缺口的人员，突出盲区；人员上的徽标是其缺口数量。",
    },
    "explorer.map.group": {"en": "Group by department", "zh": "按部门分组"},
    "explorer.map.around": {"en": "Around", "zh": "范围"},
    "explorer.map.around.help": {
        "en": "A big map opens on the decision-makers (or the selected person) and the "
              "people within this many steps; widen to see more.",
        "zh": "大型关系图先显示决策者（或所选人员）及其若干步以内的人员；扩大范围可查看更多。",
    },
    "explorer.map.steps.one": {"en": "1 step", "zh": "1 步"},
    "explorer.map.steps.other": {"en": "{n} steps", "zh": "{n} 步"},
    "explorer.map.everyone": {"en": "everyone", "zh": "全部"},
    "explorer.dm.more": {"en": "… and {n} more decision-makers", "zh": "……另有 {n} 位决策者"},
}
