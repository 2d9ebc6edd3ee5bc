"""The words of the explorer (the Streamlit app): navigation, views, forms, columns.
"""

__all__ = ["TEXT"]

TEXT = {
    "explorer.nav.view": {"en": "View", "zh": "视图"},
    "explorer.view.map": {"en": "Map", "zh": "关系图"},
    "explorer.view.influence": {"en": "Influence", "zh": "影响力"},
    "explorer.view.gaps": {"en": "Gaps and plan", "zh": "缺口与计划"},
    "explorer.view.edit": {"en": "Edit", "zh": "编辑"},
    "explorer.view.changes": {"en": "Changes and what-if", "zh": "变化与假设分析"},
    "explorer.view.io": {"en": "Import and export", "zh": "导入与导出"},
    "explorer.view.portfolio": {"en": "Portfolio", "zh": "客户组合"},
    "explorer.settings.title": {"en": "Thresholds", "zh": "分析阈值"},
    "explorer.settings.covered_min": {
        "en": "Covered: link strength at least",
        "zh": "视为已覆盖的最低关系强度",
    },
    "explorer.settings.stale_days": {
        "en": "Stale after (days without contact)",
        "zh": "超过多少天未联系视为过期",
    },
    "explorer.settings.min_route": {
        "en": "Reachable: route strength at least",
        "zh": "视为可触达的最低路径强度",
    },
    "explorer.settings.opposer_path_level": {
        "en": "Opposer is high severity at path strength",
        "zh": "反对者达到此路径强度即为高风险",
    },
    "explorer.settings.influencer_path_level": {
        "en": "Influencer is medium severity at path strength",
        "zh": "影响者达到此路径强度即为中风险",
    },
    "explorer.settings.covered_min.help": {
        "en": "0..1, default 0.5. A link this strong or stronger, with a contact in the stale "
              "window, counts as coverage; weaker links are weak coverage.",
        "zh": "0～1，默认 0.5。强度不低于此值、且在过期天数内联系过的关系才算已覆盖；"
              "低于此值算覆盖薄弱。",
    },
    "explorer.settings.stale_days.help": {
        "en": "Days, default 90. A link whose last contact is older than this is stale: it "
              "no longer counts as coverage and routes through it count half.",
        "zh": "天数，默认 90。最近联系早于此天数的关系视为过期：不再算作覆盖，"
              "经由它的路径强度减半。",
    },
    "explorer.settings.min_route.help": {
        "en": "0..1, default 0.1. A person is reachable when the best approach route to them "
              "(link quality × path strength) is at least this strong.",
        "zh": "0～1，默认 0.1。最佳接近路径（关系质量 × 路径强度）不低于此值，"
              "才视为可触达。",
    },
    "explorer.settings.opposer_path_level.help": {
        "en": "0..1, default 0.3. An unaddressed opposer whose strongest path to a "
              "decision-maker is at least this strong is a high-severity gap, else medium.",
        "zh": "0～1，默认 0.3。无人应对的反对者到决策者的最强路径不低于此值时为高风险缺口，"
              "否则为中风险。",
    },
    "explorer.settings.influencer_path_level.help": {
        "en": "0..1, default 0.3. An uncovered influencer whose strongest path to a "
              "decision-maker is at least this strong is a gap of medium severity, else low.",
        "zh": "0～1，默认 0.3。未覆盖的影响者到决策者的最强路径不低于此值时为中风险缺口，"
              "否则为低风险。",
    },
    "explorer.settings.as_of": {"en": "Analyse as of", "zh": "分析日期"},
    "explorer.sidebar.source": {"en": "Open: {location}", "zh": "当前文件：{location}"},
    "explorer.doc.unsaved": {"en": "an upload, not saved yet", "zh": "上传的图谱，尚未保存"},
    "explorer.metric.score": {"en": "Coverage score", "zh": "覆盖评分"},
    "explorer.metric.support": {"en": "Support", "zh": "支持度"},
    "explorer.metric.stakeholders": {"en": "Stakeholders", "zh": "干系人"},
    "explorer.metric.high_gaps": {"en": "High gaps", "zh": "高风险缺口"},
    "explorer.metric.covered": {"en": "Covered", "zh": "已覆盖"},
    "explorer.metric.revision": {"en": "Revision", "zh": "版本"},
    "explorer.table.empty": {"en": "(nothing to show)", "zh": "（无内容）"},
    "explorer.yes": {"en": "yes", "zh": "是"},
    "explorer.no": {"en": "no", "zh": "否"},
    "explorer.filters.title": {"en": "Map filters", "zh": "图谱筛选"},
    "explorer.filters.roles": {"en": "Roles", "zh": "角色"},
    "explorer.filters.levels": {"en": "Levels", "zh": "层级"},
    "explorer.filters.departments": {"en": "Departments", "zh": "部门"},
    "explorer.filters.statuses": {"en": "Status", "zh": "状态"},
    "explorer.filters.all": {"en": "All", "zh": "全部"},
    "explorer.filters.team": {"en": "Show our team", "zh": "显示我方团队"},
    "explorer.filters.hierarchical": {
        "en": "Layout by level (高层 / 中层 / 基层)",
        "zh": "按层级布局（高层 / 中层 / 基层）",
    },
    "explorer.map.select": {"en": "Stakeholder", "zh": "干系人"},
    "explorer.map.select_none": {
        "en": "— choose a stakeholder to see their card —",
        "zh": "— 选择一位干系人查看详情 —",
    },
    "explorer.dm.title": {"en": "Decision-makers:", "zh": "决策者："},
    "explorer.dm.covered": {"en": "covered", "zh": "已覆盖"},
    "explorer.dm.route": {
        "en": "not covered, best route {strength}",
        "zh": "未覆盖，最佳路径 {strength}",
    },
    "explorer.dm.no_route": {"en": "not covered, no route", "zh": "未覆盖，无路径"},
    "explorer.dm.none": {"en": "none on the map", "zh": "图中没有决策者"},
    "explorer.card.rank": {"en": "Influence rank", "zh": "影响力排名"},
    "explorer.card.power": {"en": "Power", "zh": "权力"},
    "explorer.card.stance": {"en": "Stance", "zh": "态度"},
    "explorer.card.interests": {"en": "Interests:", "zh": "关注点："},
    "explorer.card.covered_by": {"en": "Covered by", "zh": "我方对接人"},
    "explorer.card.activities": {"en": "Recent activities", "zh": "最近活动"},
    "explorer.card.no_activities": {"en": "No activities logged.", "zh": "尚无活动记录。"},
    "explorer.activity.meeting": {"en": "meeting", "zh": "会议"},
    "explorer.activity.call": {"en": "call", "zh": "电话"},
    "explorer.activity.email": {"en": "e-mail", "zh": "邮件"},
    "explorer.activity.event": {"en": "event", "zh": "活动"},
    "explorer.activity.other": {"en": "other", "zh": "其他"},
    "explorer.card.route": {"en": "Best approach route", "zh": "最佳接近路径"},
    "explorer.card.plan_step": {"en": "Their step in the plan", "zh": "渗透计划中的步骤"},
    "explorer.card.no_step": {
        "en": "The plan has no step for them (covered, or no route strong enough).",
        "zh": "计划中没有针对此人的步骤（已覆盖，或没有足够强的接近路径）。",
    },
    "explorer.card.gaps": {"en": "Their gaps", "zh": "相关覆盖缺口"},
    "explorer.card.no_gaps": {"en": "No gaps about them.", "zh": "此人没有覆盖缺口。"},
    "explorer.card.nobody": {
        "en": "Nobody on our team covers them.",
        "zh": "我方团队中无人对接此人。",
    },
    "explorer.card.no_route": {
        "en": "No approach route reaches {name}: nobody we cover can influence them.",
        "zh": "没有可到达{name}的接近路径：我方覆盖的人都无法影响到此人。",
    },
    "explorer.route.text": {
        "en": "{chain} (strength {strength})",
        "zh": "{chain}（强度 {strength}）",
    },
    "explorer.route.broken": {"en": "broken", "zh": "已断开"},
    "explorer.route.weakened": {"en": "weakened", "zh": "已减弱"},
    "explorer.coverage.covering": {"en": "covering", "zh": "有效覆盖"},
    "explorer.coverage.weak": {"en": "weak", "zh": "关系偏弱"},
    "explorer.coverage.stale": {"en": "stale", "zh": "联系过期"},
    "explorer.coverage.weak_stale": {"en": "weak and stale", "zh": "偏弱且过期"},
    "explorer.stance.-2": {"en": "stance {value}, strong opponent", "zh": "态度 {value}，强烈反对"},
    "explorer.stance.-1": {"en": "stance {value}, opponent", "zh": "态度 {value}，反对"},
    "explorer.stance.0": {"en": "stance {value}, neutral", "zh": "态度 {value}，中立"},
    "explorer.stance.1": {"en": "stance {value}, supporter", "zh": "态度 {value}，支持"},
    "explorer.stance.2": {"en": "stance {value}, champion", "zh": "态度 {value}，拥护者"},
    "explorer.people.member": {"en": "{name} (our team)", "zh": "{name}（我方团队）"},
    "explorer.influence.ranking": {"en": "Ranking", "zh": "影响力排名"},
    "explorer.influence.brokers": {"en": "Brokers", "zh": "关键桥梁人物"},
    "explorer.influence.hidden": {"en": "Hidden power", "zh": "隐性权力"},
    "explorer.influence.paths": {"en": "Path finder", "zh": "路径查找"},
    "explorer.influence.ranking_help": {
        "en": "Who the decision-makers listen to: personalised PageRank seeded on the "
              "decision-makers by power.",
        "zh": "决策者听谁的：以决策者（按权力加权）为起点的个性化 PageRank。",
    },
    "explorer.influence.ranking_help.no_dm": {
        "en": "The map has no decision-maker, so everyone starts equal: this is plain "
              "influence, not who the decision-makers listen to.",
        "zh": "图谱中没有决策者，每个人起点相同：这里只是一般影响力，而不是决策者听谁的。",
    },
    "explorer.influence.brokers_help": {
        "en": "The people between us and the decision-makers: the share of the strongest "
              "paths to a decision-maker that pass through each one. Decision-makers are not "
              "listed.",
        "zh": "位于我方与决策者之间的人：通向决策者的最强路径中经过此人的比例。决策者本人不列入。",
    },
    "explorer.influence.brokers_help.no_dm": {
        "en": "The map has no decision-maker: the share of the strongest paths between any "
              "two people that pass through each one.",
        "zh": "图谱中没有决策者：任意两人之间的最强路径中经过此人的比例。",
    },
    "explorer.influence.hidden_help": {
        "en": "People whose influence is far above (or below) what their level and power suggest.",
        "zh": "影响力远高于（或低于）其层级和职权所预期的人。",
    },
    "explorer.hidden.above": {"en": "more than it seems", "zh": "高于表面"},
    "explorer.hidden.below": {"en": "less than it seems", "zh": "低于表面"},
    "explorer.hidden.None": {"en": "as expected", "zh": "符合预期"},
    "explorer.paths.from": {"en": "From", "zh": "从"},
    "explorer.paths.to": {"en": "To", "zh": "到（目标人物）"},
    "explorer.paths.same": {
        "en": "From and To are the same person: choose two different people to see how "
              "influence runs between them.",
        "zh": "起止是同一个人：请选择两个不同的人，查看两人之间的影响路径。",
    },
    "explorer.paths.k": {"en": "Paths", "zh": "路径数"},
    "explorer.paths.avoid": {"en": "Avoid opposers", "zh": "避开反对者"},
    "explorer.paths.find": {"en": "Find paths", "zh": "查找路径"},
    "explorer.paths.none": {
        "en": "No influence path leads from {source} to {target}.",
        "zh": "从{source}到{target}没有影响路径。",
    },
    "explorer.paths.highlight": {"en": "Highlight path", "zh": "高亮路径"},
    "explorer.gaps.title": {"en": "Coverage gaps", "zh": "覆盖缺口"},
    "explorer.plan.title": {"en": "Penetration plan", "zh": "关系渗透计划"},
    "explorer.plan.order": {
        "en": "From the front line up: {stages}; within a stage, most influential first.",
        "zh": "由基层到高层：{stages}；同一阶段内按影响力排序。",
    },
    "explorer.card.opposer_route": {
        "en": "{name} is an opposer: use this route to hear out and address their concerns, "
              "never to ask them for an introduction.",
        "zh": "{name}是反对者：这条路径用于了解并回应其关切，不要请其引荐他人。",
    },
    "explorer.matrix.title": {"en": "Interest matrix", "zh": "利益矩阵"},
    "explorer.matrix.help": {
        "en": "Executives weigh strategic value, managers execution cost, front-line users "
              "ease of use; recorded interests come first.",
        "zh": "高层看重战略价值，中层看重执行成本，基层看重易用性；已记录的关注点优先。",
    },
    "explorer.edit.help": {
        "en": "Edit the tables, then save. Problems are listed below before anything is saved; "
              "marking someone as left shows what we lose at once.",
        "zh": "编辑表格后保存。保存前会列出所有问题；将某人标记为已离开会立即显示影响。",
    },
    "explorer.edit.stakeholders": {"en": "Stakeholders", "zh": "干系人"},
    "explorer.edit.relationships": {"en": "Relationships", "zh": "关系"},
    "explorer.edit.coverage": {"en": "Coverage", "zh": "覆盖"},
    "explorer.edit.team": {"en": "Our team", "zh": "我方团队"},
    "explorer.edit.problems": {
        "en": "{n} problem(s) must be fixed before saving:",
        "zh": "保存前需修正 {n} 个问题：",
    },
    "explorer.edit.unsaved": {"en": "You have unsaved changes.", "zh": "有尚未保存的修改。"},
    "explorer.edit.marked_left": {
        "en": "Marked as left: {names}. The impact is below.",
        "zh": "已标记为离开：{names}。影响如下。",
    },
    "explorer.edit.save": {"en": "Save", "zh": "保存"},
    "explorer.edit.saved": {
        "en": "Saved as revision {revision}.",
        "zh": "已保存为版本 {revision}。",
    },
    "explorer.edit.not_writable": {
        "en": "This map has nowhere to be saved: download it from Import and export.",
        "zh": "此图谱没有保存位置：请在“导入与导出”中下载。",
    },
    "explorer.edit.conflict": {
        "en": "Not saved: someone else saved this map while you were editing. Your changes are "
              "kept here; download them, or reload the saved map and apply them again. ({detail})",
        "zh": "未保存：在您编辑期间，他人已保存了此图谱。您的修改仍保留在此；可下载您的版本，或重"
              "新加载已保存的图谱后再次修改。（{detail}）",
    },
    "explorer.edit.upload_exists": {
        "en": "Not saved: the portfolio already holds a map of {name}, and this one was "
              "imported, not opened from the portfolio, so it is not saved over that map. "
              "To merge the import into it, use “Save to portfolio” under Import and export; "
              "or give the import another name there and open it again. Your changes are "
              "kept here; you can download them. ({detail})",
        "zh": "未保存：客户组合中已有 {name} 的图谱，而此图谱是导入的、并非从客户组合打开，"
              "因此不会覆盖原有图谱。如需把导入合并进去，请在“导入与导出”中点击“保存到客户"
              "组合”；也可以在那里给导入换一个名称后重新打开。您的修改仍保留在此，可以下载。"
              "（{detail}）",
    },
    "explorer.edit.download_mine": {"en": "Download my version", "zh": "下载我的版本"},
    "explorer.edit.reload": {
        "en": "Reload the saved map (drops my changes)",
        "zh": "重新加载已保存的图谱（放弃我的修改）",
    },
    "explorer.impact.title": {"en": "Change impact", "zh": "变化影响"},
    "explorer.impact.alerts": {"en": "Alerts", "zh": "预警"},
    "explorer.impact.broken_routes": {
        "en": "Approach routes broken or weakened",
        "zh": "断开或减弱的接近路径",
    },
    "explorer.impact.gaps_opened": {"en": "Gaps opened", "zh": "新增缺口"},
    "explorer.impact.gaps_closed": {"en": "Gaps closed", "zh": "已消除缺口"},
    "explorer.impact.added": {"en": "Added", "zh": "新增人员"},
    "explorer.impact.removed": {"en": "Removed", "zh": "移除人员"},
    "explorer.impact.changed": {"en": "Changed", "zh": "变更"},
    "explorer.impact.nothing": {"en": "Nothing that matters changed.", "zh": "没有重要变化。"},
    "explorer.impact.score": {
        "en": "Coverage score {old} → {new} · support {support_old} → {support_new}",
        "zh": "覆盖评分 {old} → {new} · 支持度 {support_old} → {support_new}",
    },
    "explorer.change.field": {"en": "{field}: {old} → {new}", "zh": "{field}：{old} → {new}"},
    "explorer.change.stance": {"en": "stance {stance}", "zh": "态度 {stance}"},
    "explorer.item.stakeholder": {"en": "stakeholder", "zh": "干系人"},
    "explorer.item.team-member": {"en": "our team", "zh": "我方团队"},
    "explorer.item.relationship": {"en": "relationship", "zh": "关系"},
    "explorer.item.coverage": {"en": "coverage", "zh": "覆盖"},
    "explorer.changes.compare": {
        "en": "Compare with an earlier revision or another file",
        "zh": "与历史版本或其他文件对比",
    },
    "explorer.changes.with": {"en": "Compare with", "zh": "对比对象"},
    "explorer.changes.to": {"en": "against", "zh": "对比基准"},
    "explorer.changes.open_map": {"en": "the map as it is open", "zh": "当前打开的客户地图"},
    "explorer.changes.revision": {
        "en": "revision {revision} · {saved_at} · {saved_by} · {summary}",
        "zh": "版本 {revision} · {saved_at} · {saved_by} · {summary}",
    },
    "explorer.changes.unknown": {"en": "—", "zh": "—"},
    "explorer.changes.history": {
        "en": "Coverage score and support over the revisions kept",
        "zh": "各版本的覆盖评分与支持度",
    },
    "explorer.changes.none": {"en": "— choose —", "zh": "— 请选择 —"},
    "explorer.changes.upload": {"en": "a file I upload", "zh": "我上传的文件"},
    "explorer.changes.upload_label": {
        "en": "Map to compare with (kam/1 JSON)",
        "zh": "用于对比的图谱（kam/1 JSON）",
    },
    "explorer.changes.whatif": {"en": "What if they were gone?", "zh": "假设他们离开？"},
    "explorer.changes.remove": {"en": "Remove hypothetically", "zh": "假设移除"},
    "explorer.changes.remove_placeholder": {
        "en": "Choose stakeholders or team members",
        "zh": "选择干系人或团队成员",
    },
    "explorer.changes.whatif_graph": {
        "en": "The best route before the loss, now broken or weakened:",
        "zh": "损失前的最佳路径（现已断开或减弱）：",
    },
    "explorer.io.import": {"en": "Import", "zh": "导入"},
    "explorer.io.format": {"en": "Format", "zh": "格式"},
    "explorer.io.upload": {
        "en": "Files (up to 20 MB each; checked by content)",
        "zh": "文件（每个不超过 20 MB，按内容检查）",
    },
    "explorer.io.imported": {
        "en": "{name}: {stakeholders} stakeholders, {relationships} relationships, {team} team "
              "members, {coverage} coverage links.",
        "zh": "{name}：{stakeholders} 位干系人、{relationships} 条关系、{team} 位团队成员、"
              "{coverage} 条覆盖关系。",
    },
    "explorer.io.problems": {
        "en": "{n} row(s) had problems (skipped or defaulted):",
        "zh": "{n} 行存在问题（已跳过或使用默认值）：",
    },
    "explorer.io.notes": {"en": "{n} note(s) from the importer", "zh": "导入说明 {n} 条"},
    "explorer.io.account": {"en": "Account", "zh": "客户"},
    "explorer.io.open": {"en": "Open this map", "zh": "打开此图谱"},
    "explorer.io.download": {"en": "Download", "zh": "下载"},
    "explorer.io.map": {"en": "Map (kam/1 JSON)", "zh": "图谱（kam/1 JSON）"},
    "explorer.io.report": {"en": "Report", "zh": "报告"},
    "explorer.io.download_report": {"en": "Download report", "zh": "下载报告"},
    "explorer.io.export": {"en": "Export", "zh": "导出"},
    "explorer.io.download_export": {"en": "Download export", "zh": "下载导出文件"},
    "explorer.format.auto": {"en": "detect from the content", "zh": "按内容自动识别"},
    "explorer.format.kam": {"en": "kam/1 map (JSON)", "zh": "kam/1 图谱（JSON）"},
    "explorer.format.table": {"en": "spreadsheet (CSV or Excel)", "zh": "表格（CSV 或 Excel）"},
    "explorer.format.salesforce": {"en": "Salesforce CSV exports", "zh": "Salesforce CSV 导出"},
    "explorer.format.kumu": {
        "en": "Kumu map (blueprint JSON or workbook)",
        "zh": "Kumu 图谱（蓝图 JSON 或工作簿）",
    },
    "explorer.format.orgchart": {
        "en": "org chart (person and manager columns)",
        "zh": "组织架构表（人员与上级列）",
    },
    "explorer.format.hubspot": {"en": "HubSpot contacts export", "zh": "HubSpot 联系人导出"},
    "explorer.format.edgelist": {"en": "edge list", "zh": "边列表"},
    "explorer.format.matrix": {"en": "adjacency matrix", "zh": "邻接矩阵"},
    "explorer.portfolio.single": {
        "en": "The portfolio lists the accounts of a folder or a Neo4j store; start the "
              "explorer on a folder (kam explore FOLDER) to see it.",
        "zh": "客户组合列出文件夹或 Neo4j 中的所有客户；请以文件夹启动（kam explore 文件夹）。",
    },
    "explorer.portfolio.help": {
        "en": "Accounts, worst first: most high-severity gaps, then lowest coverage score.",
        "zh": "各客户，最差的在前：高风险缺口最多者优先，其次覆盖评分最低者。",
    },
    "explorer.portfolio.unreadable": {
        "en": "{n} map(s) could not be read:",
        "zh": "{n} 个图谱无法读取：",
    },
    "explorer.portfolio.choose": {"en": "Account", "zh": "客户"},
    "explorer.portfolio.open": {"en": "Open account", "zh": "打开客户"},
    "explorer.col.where": {"en": "Where", "zh": "位置"},
    "explorer.col.message": {"en": "Problem", "zh": "问题"},
    "explorer.col.id": {"en": "Id", "zh": "编号"},
    "explorer.col.name": {"en": "Name", "zh": "姓名"},
    "explorer.col.title": {"en": "Title", "zh": "职位"},
    "explorer.col.department": {"en": "Department", "zh": "部门"},
    "explorer.col.level": {"en": "Level", "zh": "层级"},
    "explorer.col.role": {"en": "Role", "zh": "角色"},
    "explorer.col.stance": {"en": "Stance", "zh": "态度"},
    "explorer.col.power": {"en": "Power", "zh": "权力"},
    "explorer.col.status": {"en": "Status", "zh": "状态"},
    "explorer.col.tags": {"en": "Tags", "zh": "标签"},
    "explorer.col.interests": {"en": "Interests", "zh": "关注点"},
    "explorer.col.notes": {"en": "Notes", "zh": "备注"},
    "explorer.col.source": {"en": "From", "zh": "起点"},
    "explorer.col.target": {"en": "Whom to meet", "zh": "目标"},
    "explorer.col.kind": {"en": "Kind", "zh": "类型"},
    "explorer.col.strength": {"en": "Strength", "zh": "强度"},
    "explorer.col.member": {"en": "Team member", "zh": "团队成员"},
    "explorer.col.stakeholder": {"en": "Stakeholder", "zh": "干系人"},
    "explorer.col.last_contact": {"en": "Last contact", "zh": "最近联系"},
    "explorer.col.date": {"en": "Date", "zh": "日期"},
    "explorer.col.email": {"en": "E-mail", "zh": "邮箱"},
    "explorer.log.title": {"en": "Log an activity", "zh": "记录一次活动"},
    "explorer.log.member": {"en": "Team member", "zh": "团队成员"},
    "explorer.log.stakeholders": {"en": "Stakeholders met", "zh": "接触的干系人"},
    "explorer.log.date": {"en": "Date", "zh": "日期"},
    "explorer.log.kind": {"en": "Kind", "zh": "类型"},
    "explorer.log.note": {"en": "Note", "zh": "摘要"},
    "explorer.log.save": {"en": "Log and save", "zh": "记录并保存"},
    "explorer.log.need": {"en": "Pick a team member and at least one stakeholder.",
                          "zh": "请选择一名团队成员和至少一名干系人。"},
    "explorer.log.saved": {"en": "Activity logged; saved as revision {revision}.",
                           "zh": "活动已记录，已保存为版本 {revision}。"},
    "explorer.log.new_links": {"en": "New coverage links at strength 0.3: {links}.",
                               "zh": "新增覆盖关系（强度 0.3）：{links}。"},
    "explorer.col.note": {"en": "Note", "zh": "摘要"},
    "explorer.col.state": {"en": "State", "zh": "状况"},
    "explorer.col.rank": {"en": "Rank", "zh": "排名"},
    "explorer.col.score": {"en": "Score", "zh": "得分"},
    "explorer.col.support": {"en": "Support", "zh": "支持度"},
    "explorer.col.successor": {"en": "Successor", "zh": "接任者"},
    "explorer.col.deal": {"en": "Deal", "zh": "商机"},
    "explorer.col.at_risk": {"en": "Amount at risk", "zh": "风险金额"},
    "explorer.edit.successor": {"en": "Who took over from {name}?",
                                "zh": "谁接任了{name}？"},
    "explorer.edit.no_successor": {"en": "(nobody yet)", "zh": "（暂无）"},
    "explorer.col.expected": {"en": "Expected", "zh": "预期"},
    "explorer.col.ratio": {"en": "Ratio", "zh": "比值"},
    "explorer.col.direction": {"en": "Compared with title", "zh": "与职位相比"},
    "explorer.col.number": {"en": "#", "zh": "序号"},
    "explorer.col.path": {"en": "Path", "zh": "路径"},
    "explorer.col.hops": {"en": "Hops", "zh": "跳数"},
    "explorer.col.severity": {"en": "Severity", "zh": "严重程度"},
    "explorer.col.action": {"en": "Recommended action", "zh": "建议行动"},
    "explorer.col.step": {"en": "Step", "zh": "步骤"},
    "explorer.col.via": {"en": "Asks", "zh": "引荐人"},
    "explorer.col.talking_points": {"en": "Talking points", "zh": "沟通要点"},
    "explorer.col.text": {"en": "What to do", "zh": "具体行动"},
    "explorer.col.reachable": {"en": "Reachable", "zh": "可触达"},
    "explorer.col.steps": {"en": "Steps", "zh": "步骤"},
    "explorer.col.default_concerns": {"en": "Default concerns", "zh": "默认关注"},
    "explorer.col.decision-maker": {"en": "Decision-makers", "zh": "决策者"},
    "explorer.col.influencer": {"en": "Influencers", "zh": "影响者"},
    "explorer.col.user": {"en": "Users", "zh": "使用者"},
    "explorer.col.opposer": {"en": "Opposers", "zh": "反对者"},
    "explorer.col.change": {"en": "Change", "zh": "变化"},
    "explorer.col.changes": {"en": "Changes", "zh": "变更内容"},
    "explorer.col.covered": {"en": "Covered", "zh": "已覆盖"},
    "explorer.col.account": {"en": "Account", "zh": "客户"},
    "explorer.col.account_name": {"en": "Name", "zh": "客户名称"},
    "explorer.col.high_gaps": {"en": "High gaps", "zh": "高风险缺口"},
    "explorer.col.gaps": {"en": "Gaps", "zh": "缺口"},
    "explorer.col.top_gap": {"en": "Top gap", "zh": "首要缺口"},
    "explorer.col.stakeholders": {"en": "Stakeholders", "zh": "干系人"},
    "explorer.col.revision": {"en": "Revision", "zh": "版本"},
    "explorer.language": {"en": "Language", "zh": "语言"},
    "explorer.colon": {"en": ": ", "zh": "："},
    "explorer.gaps.severity": {"en": "Severity {severity} ({n})",
                               "zh": "严重程度：{severity}（{n}）"},
    "explorer.plan.strength": {"en": "route strength {strength}", "zh": "路径强度 {strength}"},
    "explorer.plan.done": {"en": "✔ done", "zh": "✔ 已完成"},
    "explorer.plan.open": {"en": "open", "zh": "未完成"},
    "explorer.plan.owner": {"en": "owner {owner}", "zh": "负责人 {owner}"},
    "explorer.plan.due": {"en": "due {due}", "zh": "截止 {due}"},
    "explorer.plan.left": {
        "en": "Tracked steps no longer in the plan",
        "zh": "已不在计划中的跟踪步骤",
    },
    "explorer.tasks.title": {"en": "Track the plan", "zh": "跟踪计划执行"},
    "explorer.tasks.help": {
        "en": "Give each step an owner from our team, a due date and tick it when done, then "
              "save: the tracking is kept in the map (its tasks) and survives every save.",
        "zh": "为每一步指定我方团队中的负责人和截止日期，完成后勾选，然后保存：跟踪信息保存在图谱中"
              "（tasks），每次保存都会保留。",
    },
    "explorer.tasks.save": {"en": "Save the tracking", "zh": "保存跟踪信息"},
    "explorer.tasks.saved": {
        "en": "Plan tracking saved as revision {revision}.",
        "zh": "计划跟踪已保存为版本 {revision}。",
    },
    "explorer.tasks.csv": {"en": "Task list (CSV)", "zh": "任务清单（CSV）"},
    "explorer.tasks.xlsx": {"en": "Task list (Excel)", "zh": "任务清单（Excel）"},
    "explorer.tasks.nobody": {"en": "(nobody yet)", "zh": "（暂无）"},
    "explorer.col.owner": {"en": "Owner", "zh": "负责人"},
    "explorer.col.due": {"en": "Due", "zh": "截止日期"},
    "explorer.col.done": {"en": "Done", "zh": "已完成"},
    "explorer.col.whom": {"en": "Whom", "zh": "对象"},
    "explorer.help.rank": {
        "en": "Influence rank: 1 is the person the decision-makers listen to most.",
        "zh": "影响力排名：1 表示决策者最听其意见的人。",
    },
    "explorer.help.rank_score": {
        "en": "Influence score, 0..1; everyone's scores add up to 1 (personalised PageRank "
              "from the decision-makers). An average person has 1 ÷ the number of people; "
              "twice that or more is a strong influencer.",
        "zh": "影响力得分，0～1，所有人合计为 1（以决策者为起点的个性化 PageRank）。"
              "平均每人为 1 ÷ 人数；达到平均值两倍以上即为强影响者。",
    },
    "explorer.help.broker_score": {
        "en": "Broker share, 0..1: the share of the strongest paths to a decision-maker that "
              "pass through this person; 0 = on none, 1 = on all. From about 0.2 they are a "
              "key bridge: losing them cuts many routes.",
        "zh": "关键桥梁人物占比，0～1：通向决策者的最强路径中经过此人的比例；"
              "0 表示不经过，1 表示全部"
              "经过。约 0.2 以上即为关键桥梁：失去此人会切断许多路径。",
    },
    "explorer.help.power": {
        "en": "Power 1..5 as recorded on the map: 5 has the final say, 1 little formal power.",
        "zh": "权力 1～5（图谱中记录的职权）：5 为最终拍板，1 为正式职权很小。",
    },
    "explorer.help.stance": {
        "en": "Stance −2..+2: −2 strong opponent, −1 opponent, 0 neutral, +1 supporter, "
              "+2 champion.",
        "zh": "态度 −2～+2：−2 强烈反对，−1 反对，0 中立，+1 支持，+2 拥护者。",
    },
    "explorer.help.strength": {
        "en": "Route strength 0..1: the product of the link strengths along the path (our "
              "first link counted at its quality, half when stale). Reachable from the "
              "threshold in the sidebar (0.1 by default); 0.3 and more is a solid route.",
        "zh": "路径强度 0～1：路径上各关系强度的乘积（我方第一段按关系质量计算，过期减半）。"
              "不低于侧栏阈值（默认 0.1）即可触达；0.3 以上为可靠路径。",
    },
    "explorer.help.expected": {
        "en": "What their level and power suggest: the mean score of their level × their "
              "power ÷ the mean power of their level.",
        "zh": "按层级和职权推算的预期得分：所在层级的平均得分 × 本人权力 ÷ 该层级平均权力。",
    },
    "explorer.help.ratio": {
        "en": "Score ÷ expected: 1 = as their level and power suggest; 2 or more is hidden "
              "power, 0.5 or less is less power than it seems.",
        "zh": "得分 ÷ 预期：1 表示与层级和职权相符；2 以上为隐性权力，"
              "0.5 以下为实际影响力低于表面。",
    },
    "explorer.hidden.chart": {
        "en": "Each bar is how far a person's influence is from what their level and power "
              "suggest: ratio − 1. Right of the line at 0 is hidden power (+1 = twice the "
              "expected influence), left of it less than it seems (−0.5 = half).",
        "zh": "每根条表示此人的影响力偏离其层级和职权预期的程度：比值 − 1。0 线右侧为隐性权力"
              "（+1 表示达到预期的两倍），左侧为低于表面（−0.5 表示只有预期的一半）。",
    },
    "explorer.hidden.axis": {"en": "ratio − 1 (0 = as expected)", "zh": "比值 − 1（0 为符合预期）"},
    "explorer.org.influences": {"en": "Show who influences whom (dotted)",
                                "zh": "显示影响关系（虚线）"},
    "explorer.org.help": {
        "en": "Who reports to whom, from the reports-to relationships: tier 1 is the top of "
              "each reporting line. Each card shows the role, the stance and how we cover "
              "them (✔ covered, ◐ weak, ◷ stale, ✖ not covered).",
        "zh": "根据“汇报给”关系绘制的汇报结构：第 1 层为各汇报线的最高层。每张卡片显示角色、"
              "态度以及我方覆盖情况（✔ 已覆盖，◐ 偏弱，◷ 过期，✖ 未覆盖）。",
    },
    "explorer.view.orgchart": {"en": "Org chart", "zh": "组织架构"},
    "explorer.help.high_gaps": {
        "en": "High-severity gaps: blind spots to act on first (an uncovered or unreachable "
              "decision-maker, an unaddressed opposer close to one, no coverage at all …).",
        "zh": "高风险缺口：应最先处理的盲点（决策者未覆盖或无法触达、接近决策者的反对者无人应对、"
              "完全没有覆盖等）。",
    },
    "explorer.help.covered": {
        "en": "Active stakeholders covered: some link at least as strong as the threshold "
              "(0.5 by default) with a contact in the stale window (90 days).",
        "zh": "已覆盖的在职干系人：至少有一条强度不低于阈值（默认 0.5）、且在过期天数（90 天）内"
              "联系过的关系。",
    },
    "explorer.help.link_strength": {
        "en": "Link strength 0..1: 0.5 and more covers them while the contact is fresh; "
              "below is weak coverage; a stale link counts half in routes and the score.",
        "zh": "关系强度 0～1：不低于 0.5 且联系未过期即为已覆盖；低于 0.5 为覆盖偏弱；"
              "过期的关系在路径和评分中按一半计算。",
    },
    "explorer.help.severity": {
        "en": "How many gaps of this severity: high first (a decision-maker or a strong "
              "opposer at stake), then medium, then low.",
        "zh": "此严重程度的缺口数量：先处理高（涉及决策者或有力的反对者），再中、再低。",
    },
}
