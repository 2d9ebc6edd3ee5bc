r"""The explorer's words in English and Simplified Chinese, and Markdown-safe text.

The templates are registered with :mod:`graphlib_kam.text` under ``explorer.``;
:func:`ui` renders one, falling back to the shared catalogue (``severity.high``,
``kind.no-champion``) for keys the explorer does not define itself. :func:`md` makes
user data safe to place in Markdown (names, titles, notes are shown as typed).

>>> ui("view.map", "zh"), ui("severity.high", "en")
('关系图', 'high')
>>> print(md("<img src=x onerror=alert(1)> **x**"))
\<img src\=x onerror\=alert\(1\)\> \*\*x\*\*
"""

from __future__ import annotations

import re

from graphlib_kam.text import has, register, t

__all__ = ["LANG_NAMES", "VIEWS", "md", "ui"]

LANG_NAMES = {"en": "English", "zh": "中文"}
VIEWS = ("map", "influence", "gaps", "edit", "changes", "io", "portfolio")

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(text: object) -> str:
    """``text`` with every Markdown, HTML and LaTeX special character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def ui(key: str, lang: str = "en", *, default: str | None = None, **values) -> str:
    """The explorer's text ``key`` in ``lang`` (``"en"`` or ``"zh"``); ``default`` when
    neither catalogue has the key (a KeyError without one)."""
    own = f"explorer.{key}"
    if default is not None and not has(own) and not has(key):
        return default
    return t(own if has(own) else key, lang, **values)


_TEXT: dict[str, tuple[str, str]] = {
    # navigation and sidebar
    "nav.view": ("View", "视图"),
    "view.map": ("Map", "关系图"),
    "view.influence": ("Influence", "影响力"),
    "view.gaps": ("Gaps and plan", "缺口与计划"),
    "view.edit": ("Edit", "编辑"),
    "view.changes": ("Changes and what-if", "变化与假设分析"),
    "view.io": ("Import and export", "导入与导出"),
    "view.portfolio": ("Portfolio", "客户组合"),
    "settings.title": ("Thresholds", "分析阈值"),
    "settings.covered_min": ("Covered: link strength at least", "视为已覆盖的最低关系强度"),
    "settings.stale_days": ("Stale after (days without contact)", "超过多少天未联系视为过期"),
    "settings.min_route": ("Reachable: route strength at least", "视为可触达的最低路径强度"),
    "settings.opposer_path_level": ("Opposer is high severity at path strength",
                                    "反对者达到此路径强度即为高风险"),
    "settings.influencer_path_level": ("Influencer is medium severity at path strength",
                                       "影响者达到此路径强度即为中风险"),
    "settings.as_of": ("Analyse as of", "分析日期"),
    "sidebar.source": ("Open: {location}", "当前文件：{location}"),
    "doc.unsaved": ("an upload, not saved yet", "上传的图谱，尚未保存"),
    # header
    "metric.score": ("Coverage score", "覆盖评分"),
    "metric.stakeholders": ("Stakeholders", "干系人"),
    "metric.high_gaps": ("High gaps", "高风险缺口"),
    "metric.covered": ("Covered", "已覆盖"),
    "metric.revision": ("Revision", "版本"),
    "table.empty": ("(nothing to show)", "（无内容）"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    # map view
    "filters.title": ("Map filters", "图谱筛选"),
    "filters.roles": ("Roles", "角色"),
    "filters.levels": ("Levels", "层级"),
    "filters.departments": ("Departments", "部门"),
    "filters.statuses": ("Status", "状态"),
    "filters.all": ("All", "全部"),
    "filters.team": ("Show our team", "显示我方团队"),
    "filters.hierarchical": ("Layout by level (高层 / 中层 / 基层)",
                             "按层级布局（高层 / 中层 / 基层）"),
    "map.select": ("Stakeholder", "干系人"),
    "map.select_none": ("— choose a stakeholder to see their card —",
                        "— 选择一位干系人查看详情 —"),
    "dm.title": ("Decision-makers:", "决策者："),
    "dm.covered": ("covered", "已覆盖"),
    "dm.route": ("not covered, best route {strength}", "未覆盖，最佳路径 {strength}"),
    "dm.no_route": ("not covered, no route", "未覆盖，无路径"),
    "dm.none": ("none on the map", "图中没有决策者"),
    "card.rank": ("Influence rank", "影响力排名"),
    "card.power": ("Power", "权力"),
    "card.stance": ("Stance", "态度"),
    "card.interests": ("Interests:", "关注点："),
    "card.covered_by": ("Covered by", "我方对接人"),
    "card.route": ("Best approach route", "最佳接近路径"),
    "card.nobody": ("Nobody on our team covers them.", "我方团队中无人对接此人。"),
    "card.no_route": ("No approach route reaches {name}: nobody we cover can influence them.",
                      "没有可到达{name}的接近路径：我方覆盖的人都无法影响到此人。"),
    "route.text": ("{chain} (strength {strength})", "{chain}（强度 {strength}）"),
    "route.broken": ("broken", "已断开"),
    "route.weakened": ("weakened", "已减弱"),
    "coverage.covering": ("covering", "有效覆盖"),
    "coverage.weak": ("weak", "关系偏弱"),
    "coverage.stale": ("stale", "联系过期"),
    "coverage.weak_stale": ("weak and stale", "偏弱且过期"),
    "stance.-2": ("stance {value}, strong opponent", "态度 {value}，强烈反对"),
    "stance.-1": ("stance {value}, opponent", "态度 {value}，反对"),
    "stance.0": ("stance {value}, neutral", "态度 {value}，中立"),
    "stance.1": ("stance {value}, supporter", "态度 {value}，支持"),
    "stance.2": ("stance {value}, champion", "态度 {value}，拥护者"),
    "people.member": ("{name} (our team)", "{name}（我方）"),
    # influence view
    "influence.ranking": ("Ranking", "影响力排名"),
    "influence.brokers": ("Brokers", "关键桥梁人物"),
    "influence.hidden": ("Hidden power", "隐性权力"),
    "influence.paths": ("Path finder", "路径查找"),
    "influence.hidden_help": (
        "People whose influence is far above (or below) what their level and power suggest.",
        "影响力远高于（或低于）其层级和职权所预期的人。"),
    "hidden.above": ("more than it seems", "高于表面"),
    "hidden.below": ("less than it seems", "低于表面"),
    "hidden.None": ("as expected", "符合预期"),
    "paths.from": ("From", "起点"),
    "paths.to": ("To", "终点"),
    "paths.k": ("Paths", "路径数"),
    "paths.avoid": ("Avoid opposers", "避开反对者"),
    "paths.find": ("Find paths", "查找路径"),
    "paths.none": ("No influence path leads from {source} to {target}.",
                   "从{source}到{target}没有影响路径。"),
    "paths.highlight": ("Highlight path", "高亮路径"),
    # gaps and plan
    "gaps.title": ("Coverage gaps", "覆盖缺口"),
    "plan.title": ("Penetration plan", "关系渗透计划"),
    "plan.empty": ("Every decision-maker and influencer is covered: no steps needed.",
                   "所有决策者和影响者均已覆盖，无需渗透步骤。"),
    "plan.targets": ("Whom the plan leads to", "计划的目标人物"),
    "matrix.title": ("Interest matrix", "利益矩阵"),
    "matrix.help": ("Executives weigh strategic value, managers execution cost, front-line "
                    "users ease of use; recorded interests come first.",
                    "高层看重战略价值，中层看重执行成本，基层看重易用性；已记录的关注点优先。"),
    # edit
    "edit.help": ("Edit the tables, then save. Problems are listed below before anything is "
                  "saved; marking someone as left shows what we lose at once.",
                  "编辑表格后保存。保存前会列出所有问题；将某人标记为已离开会立即显示影响。"),
    "edit.stakeholders": ("Stakeholders", "干系人"),
    "edit.relationships": ("Relationships", "关系"),
    "edit.coverage": ("Coverage", "覆盖"),
    "edit.team": ("Our team", "我方团队"),
    "edit.problems": ("{n} problem(s) must be fixed before saving:", "保存前需修正 {n} 个问题："),
    "edit.unsaved": ("You have unsaved changes.", "有尚未保存的修改。"),
    "edit.marked_left": ("Marked as left: {names}. The impact is below.",
                         "已标记为离开：{names}。影响如下。"),
    "edit.save": ("Save", "保存"),
    "edit.saved": ("Saved as revision {revision}.", "已保存为版本 {revision}。"),
    "edit.not_writable": ("This map has nowhere to be saved: download it from Import and "
                          "export.", "此图谱没有保存位置：请在“导入与导出”中下载。"),
    "edit.conflict": ("Not saved: someone else saved this map while you were editing. Your "
                      "changes are kept here; download them, or reload the saved map and "
                      "apply them again. ({detail})",
                      "未保存：在您编辑期间，他人已保存了此图谱。您的修改仍保留在此；"
                      "可下载您的版本，或重新加载已保存的图谱后再次修改。（{detail}）"),
    "edit.download_mine": ("Download my version", "下载我的版本"),
    "edit.reload": ("Reload the saved map (drops my changes)",
                    "重新加载已保存的图谱（放弃我的修改）"),
    # change impact
    "impact.title": ("Change impact", "变化影响"),
    "impact.alerts": ("Alerts", "预警"),
    "impact.broken_routes": ("Approach routes broken or weakened", "断开或减弱的接近路径"),
    "impact.gaps_opened": ("Gaps opened", "新增缺口"),
    "impact.gaps_closed": ("Gaps closed", "已消除缺口"),
    "impact.added": ("Added", "新增人员"),
    "impact.removed": ("Removed", "移除人员"),
    "impact.changed": ("Changed", "变更"),
    "impact.nothing": ("Nothing that matters changed.", "没有重要变化。"),
    "impact.score": ("Coverage score {old} → {new}", "覆盖评分 {old} → {new}"),
    "change.field": ("{field}: {old} → {new}", "{field}：{old} → {new}"),
    "change.stance": ("stance {stance}", "态度 {stance}"),
    "item.stakeholder": ("stakeholder", "干系人"),
    "item.team-member": ("our team", "我方成员"),
    "item.relationship": ("relationship", "关系"),
    "item.coverage": ("coverage", "覆盖"),
    # changes and what-if
    "changes.compare": ("Compare with an earlier revision or another file",
                        "与历史版本或其他文件对比"),
    "changes.with": ("Compare with", "对比对象"),
    "changes.none": ("— choose —", "— 请选择 —"),
    "changes.upload": ("a file I upload", "我上传的文件"),
    "changes.upload_label": ("Map to compare with (kam/1 JSON)", "用于对比的图谱（kam/1 JSON）"),
    "changes.whatif": ("What if they were gone?", "假设他们离开？"),
    "changes.remove": ("Remove hypothetically", "假设移除"),
    "changes.remove_placeholder": ("Choose stakeholders or team members",
                                   "选择干系人或我方成员"),
    "changes.whatif_graph": ("The best route before the loss, now broken or weakened:",
                             "损失前的最佳路径（现已断开或减弱）："),
    # import and export
    "io.import": ("Import", "导入"),
    "io.format": ("Format", "格式"),
    "io.upload": ("Files (up to 20 MB each; checked by content)",
                  "文件（每个不超过 20 MB，按内容检查）"),
    "io.imported": ("{name}: {stakeholders} stakeholders, {relationships} relationships, "
                    "{team} team members, {coverage} coverage links.",
                    "{name}：{stakeholders} 位干系人、{relationships} 条关系、"
                    "{team} 位团队成员、{coverage} 条覆盖关系。"),
    "io.problems": ("{n} row(s) had problems (skipped or defaulted):",
                    "{n} 行存在问题（已跳过或使用默认值）："),
    "io.notes": ("{n} note(s) from the importer", "导入说明 {n} 条"),
    "io.account": ("Account", "客户"),
    "io.open": ("Open this map", "打开此图谱"),
    "io.download": ("Download", "下载"),
    "io.map": ("Map (kam/1 JSON)", "图谱（kam/1 JSON）"),
    "io.report": ("Report", "报告"),
    "io.download_report": ("Download report", "下载报告"),
    "io.export": ("Export", "导出"),
    "io.download_export": ("Download export", "下载导出文件"),
    "format.auto": ("detect from the content", "按内容自动识别"),
    "format.kam": ("kam/1 map (JSON)", "kam/1 图谱（JSON）"),
    "format.table": ("spreadsheet (CSV or Excel)", "表格（CSV 或 Excel）"),
    "format.salesforce": ("Salesforce CSV exports", "Salesforce CSV 导出"),
    "format.kumu": ("Kumu map (blueprint JSON or workbook)", "Kumu 图谱（蓝图 JSON 或工作簿）"),
    "format.orgchart": ("org chart (person and manager columns)", "组织架构表（人员与上级列）"),
    "format.hubspot": ("HubSpot contacts export", "HubSpot 联系人导出"),
    "format.edgelist": ("edge list", "边列表"),
    "format.matrix": ("adjacency matrix", "邻接矩阵"),
    # portfolio
    "portfolio.single": ("The portfolio lists the accounts of a folder or a Neo4j store; "
                         "start the explorer on a folder (kam explore FOLDER) to see it.",
                         "客户组合列出文件夹或 Neo4j 中的所有客户；"
                         "请以文件夹启动（kam explore 文件夹）。"),
    "portfolio.help": ("Accounts, worst first: most high-severity gaps, then lowest coverage "
                       "score.", "各客户，最差的在前：高风险缺口最多者优先，其次覆盖评分最低者。"),
    "portfolio.unreadable": ("{n} map(s) could not be read:", "{n} 个图谱无法读取："),
    "portfolio.choose": ("Account", "客户"),
    "portfolio.open": ("Open account", "打开客户"),
    # column headers
    "col.where": ("Where", "位置"),
    "col.message": ("Problem", "问题"),
    "col.id": ("Id", "编号"),
    "col.name": ("Name", "姓名"),
    "col.title": ("Title", "职位"),
    "col.department": ("Department", "部门"),
    "col.level": ("Level", "层级"),
    "col.role": ("Role", "角色"),
    "col.stance": ("Stance", "态度"),
    "col.power": ("Power", "权力"),
    "col.status": ("Status", "状态"),
    "col.tags": ("Tags", "标签"),
    "col.interests": ("Interests", "关注点"),
    "col.notes": ("Notes", "备注"),
    "col.source": ("From", "起点"),
    "col.target": ("To", "终点"),
    "col.kind": ("Kind", "类型"),
    "col.strength": ("Strength", "强度"),
    "col.member": ("Team member", "我方成员"),
    "col.stakeholder": ("Stakeholder", "干系人"),
    "col.last_contact": ("Last contact", "最近联系"),
    "col.state": ("State", "状况"),
    "col.rank": ("Rank", "排名"),
    "col.score": ("Score", "得分"),
    "col.expected": ("Expected", "预期"),
    "col.ratio": ("Ratio", "比值"),
    "col.direction": ("Compared with title", "与职位相比"),
    "col.number": ("#", "序号"),
    "col.path": ("Path", "路径"),
    "col.hops": ("Hops", "跳数"),
    "col.severity": ("Severity", "严重程度"),
    "col.action": ("Recommended action", "建议行动"),
    "col.step": ("Step", "步骤"),
    "col.via": ("Asks", "请托人"),
    "col.talking_points": ("Talking points", "沟通要点"),
    "col.text": ("What to do", "具体行动"),
    "col.reachable": ("Reachable", "可触达"),
    "col.steps": ("Steps", "步骤"),
    "col.default_concerns": ("Default concerns", "默认关注"),
    "col.decision-maker": ("Decision-makers", "决策者"),
    "col.influencer": ("Influencers", "影响者"),
    "col.user": ("Users", "使用者"),
    "col.opposer": ("Opposers", "反对者"),
    "col.change": ("Change", "变化"),
    "col.changes": ("Changes", "变更内容"),
    "col.covered": ("Covered", "已覆盖"),
    "col.account": ("Account", "客户"),
    "col.account_name": ("Name", "客户名称"),
    "col.high_gaps": ("High gaps", "高风险缺口"),
    "col.gaps": ("Gaps", "缺口"),
    "col.top_gap": ("Top gap", "首要缺口"),
    "col.stakeholders": ("Stakeholders", "干系人"),
    "col.revision": ("Revision", "版本"),
}

register({f"explorer.{key}": {"en": en, "zh": zh} for key, (en, zh) in _TEXT.items()})
