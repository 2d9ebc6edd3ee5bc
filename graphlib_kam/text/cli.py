"""The words of ``kam``: headings, table columns and lines of the text output.
"""

__all__ = ["TEXT"]

TEXT = {
    "cli.head": {
        "en": "{account} ({id}) · revision {revision} · as of {as_of}",
        "zh": "{account}（{id}）· 版本 {revision} · 截至 {as_of}",
    },
    "cli.score": {
        "en": "Coverage score: {score} (0..100) · support: {support} (−100..100)",
        "zh": "覆盖评分：{score}（0..100）· 支持度：{support}（−100..100）",
    },
    "cli.counts": {
        "en": "{n} gaps: {high} high, {medium} medium, {low} low",
        "zh": "共 {n} 个缺口：高 {high}，中 {medium}，低 {low}",
    },
    "cli.no_gaps": {
        "en": "No gaps: every rule is satisfied.",
        "zh": "没有发现缺口：所有规则均满足。",
    },
    "cli.account_wide": {"en": "whole account", "zh": "整个客户"},
    "cli.plan.title": {"en": "Penetration plan", "zh": "关系渗透计划"},
    "cli.plan.order": {"en": "From the front line up: {stages}", "zh": "由基层到高层：{stages}"},
    "cli.plan.kind": {"en": "[{kind}] ", "zh": "【{kind}】"},
    "cli.plan.points": {"en": "talking points: {points}", "zh": "沟通要点：{points}"},
    "cli.matrix.title": {"en": "Interest matrix", "zh": "利益矩阵"},
    "cli.matrix.level": {
        "en": "{level} — default concerns: {concerns}",
        "zh": "{level} — 默认关注：{concerns}",
    },
    "cli.matrix.cell": {"en": "{role} ({n}): {interests}", "zh": "{role}（{n} 人）：{interests}"},
    "cli.diff.title": {
        "en": "Changes from revision {old} to {new}",
        "zh": "从版本 {old} 到版本 {new} 的变化",
    },
    "cli.diff.score": {"en": "Coverage score: {old} → {new}", "zh": "覆盖评分：{old} → {new}"},
    "cli.diff.support": {"en": "Support: {old} → {new}", "zh": "支持度：{old} → {new}"},
    "cli.diff.alerts": {"en": "Alerts", "zh": "预警"},
    "cli.import.alerts": {
        "en": "personnel-change alerts ({n}):",
        "zh": "人事变动预警（{n} 条）：",
    },
    "cli.diff.added": {"en": "Added", "zh": "新增"},
    "cli.diff.removed": {"en": "Removed", "zh": "移除"},
    "cli.diff.changed": {"en": "Changed", "zh": "变更"},
    "cli.diff.routes": {
        "en": "Approach routes to decision-makers that broke or weakened",
        "zh": "断开或减弱的决策者接近路径",
    },
    "cli.diff.opened": {"en": "Gaps opened", "zh": "新出现的缺口"},
    "cli.diff.closed": {"en": "Gaps closed", "zh": "已消除的缺口"},
    "cli.diff.nothing": {"en": "(nothing)", "zh": "（无）"},
    "cli.diff.covered": {"en": "covered", "zh": "已覆盖"},
    "cli.diff.uncovered": {"en": "not covered", "zh": "未覆盖"},
    "cli.item.stakeholder": {"en": "stakeholder", "zh": "干系人"},
    "cli.item.team-member": {"en": "team member", "zh": "团队成员"},
    "cli.item.relationship": {"en": "relationship", "zh": "关系"},
    "cli.item.coverage": {"en": "coverage", "zh": "覆盖"},
    "cli.field.role": {"en": "role", "zh": "角色"},
    "cli.field.level": {"en": "level", "zh": "层级"},
    "cli.field.stance": {"en": "stance", "zh": "态度"},
    "cli.field.power": {"en": "power", "zh": "权力"},
    "cli.field.status": {"en": "status", "zh": "状态"},
    "cli.field.title": {"en": "title", "zh": "职位"},
    "cli.field.department": {"en": "department", "zh": "部门"},
    "cli.field.covered": {"en": "coverage", "zh": "覆盖"},
    "cli.field.successor": {"en": "successor", "zh": "接任者"},
    "cli.rank": {
        "en": "Influence rank (who the decision-makers listen to)",
        "zh": "影响力排名（决策者听谁的）",
    },
    "cli.rank.no_dm": {
        "en": "Influence rank (the map has no decision-maker: everyone starts equal)",
        "zh": "影响力排名（图谱中没有决策者：每个人起点相同）",
    },
    "cli.brokers": {
        "en": "Brokers (the people between us and the decision-makers: share of the strongest "
              "paths to a decision-maker that pass through them)",
        "zh": "关键桥梁人物（位于我方与决策者之间的人：通向决策者的最强路径中经过此人的比例）",
    },
    "cli.brokers.no_dm": {
        "en": "Brokers (the map has no decision-maker: share of the strongest paths between "
              "any two people that pass through them)",
        "zh": "关键桥梁人物（图谱中没有决策者：任意两人之间的最强路径中经过此人的比例）",
    },
    "cli.no_brokers": {
        "en": "Nobody lies on a strongest path between two others.",
        "zh": "没有人位于其他两人之间的最强路径上。",
    },
    "cli.hidden": {
        "en": "Hidden power: influence far from what level and power suggest",
        "zh": "隐性权力：实际影响力与层级、权力明显不符的人",
    },
    "cli.no_hidden": {
        "en": "Nobody's influence is far from what their level and power suggest.",
        "zh": "没有人的影响力与其层级和权力明显不符。",
    },
    "cli.above": {
        "en": "more influence than the org chart shows",
        "zh": "影响力高于职位所示",
    },
    "cli.below": {
        "en": "less influence than the org chart shows",
        "zh": "影响力低于职位所示",
    },
    "cli.no_path": {
        "en": "No influence path from {a} to {b}.",
        "zh": "从 {a} 到 {b} 没有影响路径。",
    },
    "cli.no_route": {
        "en": "No approach route reaches {b}: nobody we cover can influence them.",
        "zh": "没有到达 {b} 的接近路径：我方覆盖的人都影响不到此人。",
    },
    "cli.paths_head": {
        "en": "Strongest influence paths from {a} to {b}",
        "zh": "从 {a} 到 {b} 的最强影响路径",
    },
    "cli.routes_head": {
        "en": "Approach routes to {b} (link quality × path strength; a stale link counts "
              "half, and no route starts at or passes through an opposer)",
        "zh": "到达 {b} 的接近路径（联系质量 × 路径强度；过期的联系按一半计，路径不从反对者出发，"
              "也不经过反对者）",
    },
    "cli.avoiding": {"en": "avoiding: {names}", "zh": "绕开：{names}"},
    "cli.unreachable": {
        "en": "out of reach: no approach route of strength ≥ {min}",
        "zh": "无法触达：没有强度 ≥ {min} 的接近路径",
    },
    "cli.survives": {
        "en": "survives losing any one person",
        "zh": "失去任何一人都不会断",
    },
    "cli.fragile": {"en": "does NOT survive losing one person", "zh": "失去一人就会断"},
    "cli.breaks": {
        "en": "losing {who} breaks every route",
        "zh": "失去 {who} 将切断所有路径",
    },
    "cli.halves": {
        "en": "losing {who} leaves {after:.2f} ({pct:.0%} of it)",
        "zh": "失去 {who} 后只剩 {after:.2f}（原来的 {pct:.0%}）",
    },
    "cli.best": {
        "en": "best route {strength:.2f}: {route}",
        "zh": "最佳路径 {strength:.2f}：{route}",
    },
    "cli.our_team": {"en": "our team", "zh": "我方团队"},
    "cli.whatif_head": {"en": "What if {names} went away", "zh": "如果失去 {names}"},
    "cli.removed_counts": {
        "en": "Removed: {people} (people), {other} (relationships, coverage links)",
        "zh": "移除 {people} 人及 {other} 条关系和覆盖",
    },
    "cli.routes_changed": {
        "en": "Approach routes to decision-makers",
        "zh": "通往决策者的接近路径",
    },
    "cli.no_route_change": {
        "en": "No approach route to a decision-maker broke or weakened.",
        "zh": "没有通往决策者的接近路径断开或变弱。",
    },
    "cli.route_broken": {
        "en": "{dm}: BROKEN — was {before:.2f} via {route}",
        "zh": "{dm}：断开 — 原为 {before:.2f}，经 {route}",
    },
    "cli.route_gone": {
        "en": "{dm}: gone from the map (best route was {before:.2f})",
        "zh": "{dm}：已不在图中（原最佳路径 {before:.2f}）",
    },
    "cli.route_weakened": {
        "en": "{dm}: weakened {before:.2f} → {after:.2f}, now {route}",
        "zh": "{dm}：变弱 {before:.2f} → {after:.2f}，现经 {route}",
    },
    "cli.rank_moves": {"en": "Influence rank moves", "zh": "影响力排名变化"},
    "cli.no_rank_moves": {
        "en": "Nobody's influence rank moved.",
        "zh": "影响力排名没有变化。",
    },
    "cli.whatif.score": {
        "en": "Coverage score: {old} → {new} · support: {old_support} → {new_support}",
        "zh": "覆盖评分：{old} → {new} · 支持度：{old_support} → {new_support}",
    },
    "cli.gaps": {
        "en": "Gaps opened: {opened}; closed: {closed}",
        "zh": "新出现的缺口：{opened}；消除的缺口：{closed}",
    },
    "cli.about": {
        "en": "Analyse buying-committee relationship maps for key-account sales",
        "zh": "决策链关系图谱分析",
    },
    "cli.show.head": {"en": "{account} ({id}) — revision {revision}",
                      "zh": "{account} ({id}) — 版本 {revision}"},
    "cli.show.counts": {
        "en": "{active} active stakeholders, {left} left, {relationships} relationships",
        "zh": "{active} 位在职干系人，{left} 位已离开，{relationships} 条关系",
    },
    "cli.show.role": {"en": "role", "zh": "角色"},
    "cli.show.level": {"en": "level", "zh": "层级"},
    "cli.show.count": {"en": "count", "zh": "人数"},
    "cli.show.team": {"en": "Our team and who they cover", "zh": "我方团队与覆盖"},
    "cli.show.nobody": {"en": "(nobody)", "zh": "（无）"},
    "cli.diff.details": {"en": " ({details})", "zh": "（{details}）"},
    "cli.diff.separator": {"en": ", ", "zh": "，"},
    "cli.portfolio.empty": {"en": "no accounts", "zh": "没有客户"},
    "cli.portfolio.head": {"en": "{n} accounts as of {as_of}: open deals first, the most "
                                 "amount at risk first, then the worst; won and lost deals "
                                 "apart",
                           "zh": "{n} 个客户，截至 {as_of}：进行中的商机在前，风险金额最大的排在"
                                 "最前，其次是最差的；已赢单和已丢单的商机另列"},
    "cli.portfolio.col.account": {"en": "account", "zh": "客户"},
    "cli.portfolio.col.name": {"en": "name", "zh": "名称"},
    "cli.portfolio.col.people": {"en": "people", "zh": "干系人"},
    "cli.portfolio.col.score": {"en": "score", "zh": "覆盖评分"},
    "cli.portfolio.col.support": {"en": "support", "zh": "支持度"},
    "cli.portfolio.col.high": {"en": "high", "zh": "高风险缺口"},
    "cli.portfolio.col.top_gap": {"en": "top gap", "zh": "首要缺口"},
    "cli.portfolio.col.deal": {"en": "deal", "zh": "商机"},
    "cli.portfolio.col.at_risk": {"en": "at risk", "zh": "风险金额"},
    "cli.col.number": {"en": "#", "zh": "#"},
    "cli.col.name": {"en": "name", "zh": "姓名"},
    "cli.col.id": {"en": "id", "zh": "编号"},
    "cli.col.role": {"en": "role", "zh": "角色"},
    "cli.col.level": {"en": "level", "zh": "层级"},
    "cli.col.score": {"en": "score", "zh": "得分"},
    "cli.col.betweenness": {"en": "betweenness", "zh": "中介中心性"},
    "cli.col.power": {"en": "power", "zh": "权力"},
    "cli.col.rank": {"en": "rank", "zh": "排名"},
    "cli.col.expected": {"en": "expected", "zh": "预期"},
    "cli.col.ratio": {"en": "ratio", "zh": "比值"},
    "cli.col.meaning": {"en": "meaning", "zh": "含义"},
    "cli.col.strength": {"en": "strength", "zh": "强度"},
    "cli.col.member": {"en": "member", "zh": "团队成员"},
    "cli.col.quality": {"en": "link quality", "zh": "联系质量"},
    "cli.col.path": {"en": "path", "zh": "路径强度"},
    "cli.col.route": {"en": "route", "zh": "路径"},
    "cli.col.before": {"en": "before", "zh": "之前"},
    "cli.col.after": {"en": "after", "zh": "之后"},
    "cli.col.moved": {"en": "moved", "zh": "变化"},
    "cli.col.score_before": {"en": "score before", "zh": "之前得分"},
    "cli.col.score_after": {"en": "score after", "zh": "之后得分"},
    # History of a map (kam log, kam show MAP@N, kam restore); the summary of each revision
    "history.summary.created": {"en": "first revision", "zh": "首个版本"},
    "history.summary.none": {"en": "no changes", "zh": "无变化"},
    "history.summary.unknown": {"en": "(not recorded)", "zh": "（未记录）"},
    "history.summary.restored": {"en": "restored revision {n}", "zh": "恢复为版本 {n}"},
    "history.summary.stakeholders_added.one": {
        "en": "+{n} stakeholder",
        "zh": "新增 {n} 名干系人",
    },
    "history.summary.stakeholders_added.other": {
        "en": "+{n} stakeholders",
        "zh": "新增 {n} 名干系人",
    },
    "history.summary.stakeholders_removed.one": {
        "en": "−{n} stakeholder",
        "zh": "移除 {n} 名干系人",
    },
    "history.summary.stakeholders_removed.other": {
        "en": "−{n} stakeholders",
        "zh": "移除 {n} 名干系人",
    },
    "history.summary.stakeholders_changed.one": {
        "en": "{n} stakeholder changed",
        "zh": "{n} 名干系人有变更",
    },
    "history.summary.stakeholders_changed.other": {
        "en": "{n} stakeholders changed",
        "zh": "{n} 名干系人有变更",
    },
    "history.summary.team_added.one": {
        "en": "+{n} team member",
        "zh": "新增 {n} 名团队成员",
    },
    "history.summary.team_added.other": {
        "en": "+{n} team members",
        "zh": "新增 {n} 名团队成员",
    },
    "history.summary.team_removed.one": {
        "en": "−{n} team member",
        "zh": "移除 {n} 名团队成员",
    },
    "history.summary.team_removed.other": {
        "en": "−{n} team members",
        "zh": "移除 {n} 名团队成员",
    },
    "history.summary.team_changed.one": {
        "en": "{n} team member changed",
        "zh": "{n} 名团队成员有变更",
    },
    "history.summary.team_changed.other": {
        "en": "{n} team members changed",
        "zh": "{n} 名团队成员有变更",
    },
    "history.summary.relationships_added.one": {
        "en": "+{n} relationship",
        "zh": "新增 {n} 条关系",
    },
    "history.summary.relationships_added.other": {
        "en": "+{n} relationships",
        "zh": "新增 {n} 条关系",
    },
    "history.summary.relationships_removed.one": {
        "en": "−{n} relationship",
        "zh": "移除 {n} 条关系",
    },
    "history.summary.relationships_removed.other": {
        "en": "−{n} relationships",
        "zh": "移除 {n} 条关系",
    },
    "history.summary.relationships_changed.one": {
        "en": "{n} relationship changed",
        "zh": "{n} 条关系有变更",
    },
    "history.summary.relationships_changed.other": {
        "en": "{n} relationships changed",
        "zh": "{n} 条关系有变更",
    },
    "history.summary.coverage_added.one": {
        "en": "+{n} coverage link",
        "zh": "新增 {n} 条覆盖",
    },
    "history.summary.coverage_added.other": {
        "en": "+{n} coverage links",
        "zh": "新增 {n} 条覆盖",
    },
    "history.summary.coverage_removed.one": {
        "en": "−{n} coverage link",
        "zh": "移除 {n} 条覆盖",
    },
    "history.summary.coverage_removed.other": {
        "en": "−{n} coverage links",
        "zh": "移除 {n} 条覆盖",
    },
    "history.summary.coverage_changed.one": {
        "en": "{n} coverage link changed",
        "zh": "{n} 条覆盖有变更",
    },
    "history.summary.coverage_changed.other": {
        "en": "{n} coverage links changed",
        "zh": "{n} 条覆盖有变更",
    },
    "history.summary.left.one": {
        "en": "{n} left",
        "zh": "{n} 人离职",
    },
    "history.summary.left.other": {
        "en": "{n} left",
        "zh": "{n} 人离职",
    },
    "history.summary.returned.one": {
        "en": "{n} returned",
        "zh": "{n} 人回归",
    },
    "history.summary.returned.other": {
        "en": "{n} returned",
        "zh": "{n} 人回归",
    },
    "history.summary.account_changed": {"en": "account details changed",
                                        "zh": "客户信息有变更"},
    "cli.log.title": {"en": "History of {account} ({id}): {n} revisions",
                      "zh": "{account}（{id}）的历史：共 {n} 个版本"},
    "cli.log.current": {"en": "current", "zh": "当前"},
    "cli.log.revision": {"en": "revision", "zh": "版本"},
    "cli.log.saved_at": {"en": "saved at (UTC)", "zh": "保存时间（UTC）"},
    "cli.log.saved_by": {"en": "saved by", "zh": "保存人"},
    "cli.log.summary": {"en": "changes", "zh": "变化"},
    "cli.log.score": {"en": "score", "zh": "覆盖评分"},
    "cli.log.support": {"en": "support", "zh": "支持度"},
    "cli.log.high": {"en": "high gaps", "zh": "高风险缺口"},
    "cli.log.unknown": {"en": "—", "zh": "—"},
    "cli.restore.done": {
        "en": "{path}: revision {new} saved, equal to revision {old} (history kept)",
        "zh": "{path}：已保存版本 {new}，内容与版本 {old} 相同（历史保留）",
    },
}
