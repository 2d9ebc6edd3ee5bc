"""Importing: what an upload was found to be, the importers' report, the upload screen.

``detect.*`` says what :func:`graphlib_kam.importers.detect_format` found; ``importer.*``
are the importers' problems and notes — the importers write them in English (the command
line prints them as they are), and :func:`graphlib_kam.importers.localize_problem` finds
the template each English message was made from and renders it in the reader's language;
``explorer.import.*`` is the explorer's upload screen.
"""

__all__ = ["TEXT"]

_DETECT = {
    "detect.reason.kam": {"en": "an account map (kam/1)", "zh": "客户图谱文件（kam/1）"},
    "detect.reason.kumu": {"en": "a Kumu map (elements and connections)",
                           "zh": "Kumu 图谱（元素与连接）"},
    "detect.reason.ics": {"en": "calendar meetings (iCalendar): activities for the open map",
                          "zh": "日历会议（iCalendar）：作为当前图谱的活动导入"},
    "detect.reason.salesforce": {
        "en": "a Salesforce export: {parts}",
        "zh": "Salesforce 导出：{parts}",
    },
    "detect.reason.salesforce-activities": {
        "en": "Salesforce tasks and events (WhoId): activities for the open map",
        "zh": "Salesforce 任务与事件（WhoId）：作为当前图谱的活动导入",
    },
    "detect.reason.hubspot": {
        "en": "a HubSpot contacts export (record ids, contact owners, buying roles)",
        "zh": "HubSpot 联系人导出（记录编号、联系人负责人、采购角色）",
    },
    "detect.reason.hubspot-activities": {
        "en": "HubSpot meetings and calls: activities for the open map",
        "zh": "HubSpot 会议与电话：作为当前图谱的活动导入",
    },
    "detect.reason.orgchart": {
        "en": "an org chart: a column names each person's manager",
        "zh": "组织架构图：有一列给出每个人的上级",
    },
    "detect.reason.edgelist": {
        "en": "network data: edge lists (numbers without a header){attributes}",
        "zh": "网络数据：边列表（无表头的数字）{attributes}",
    },
    "detect.reason.matrix": {
        "en": "network data: square matrices (numbers without a header){attributes}",
        "zh": "网络数据：方阵（无表头的数字）{attributes}",
    },
    "detect.reason.attributes": {
        "en": ", with {file} as the attributes table",
        "zh": "，{file} 为属性表",
    },
    "detect.reason.table": {
        "en": "a spreadsheet: {parts}",
        "zh": "表格：{parts}",
    },
    "detect.reason.table_unknown": {
        "en": "a spreadsheet, but no column this tool knows; choose the format",
        "zh": "表格，但没有可识别的列，请选择格式",
    },
    "detect.reason.none": {"en": "nothing here could be read", "zh": "没有可读取的内容"},
    "detect.part.salesforce-roles": {"en": "contact roles", "zh": "联系人角色"},
    "detect.part.salesforce-contacts": {"en": "contacts", "zh": "联系人"},
    "detect.part.salesforce-opportunities": {"en": "opportunities", "zh": "商机"},
    "detect.part.salesforce-accounts": {"en": "accounts", "zh": "客户"},
    "detect.part.salesforce-users": {"en": "users", "zh": "用户"},
    "detect.part.stakeholders": {"en": "stakeholders", "zh": "干系人"},
    "detect.part.relationships": {"en": "relationships", "zh": "关系"},
    "detect.part.coverage": {"en": "coverage", "zh": "覆盖"},
    "detect.part.team": {"en": "our team", "zh": "我方团队"},
    "detect.part.attributes": {"en": "attributes", "zh": "属性"},
    "detect.part.kam": {"en": "account map", "zh": "客户图谱"},
    "detect.part.kumu": {"en": "Kumu map", "zh": "Kumu 图谱"},
    "detect.part.ics": {"en": "calendar", "zh": "日历"},
    "detect.part.salesforce-activities": {"en": "Salesforce activities",
                                          "zh": "Salesforce 活动"},
    "detect.part.hubspot": {"en": "HubSpot contacts", "zh": "HubSpot 联系人"},
    "detect.part.hubspot-activities": {"en": "HubSpot activities", "zh": "HubSpot 活动"},
    "detect.part.orgchart": {"en": "org chart", "zh": "组织架构图"},
    "detect.part.edgelist": {"en": "edge list", "zh": "边列表"},
    "detect.part.matrix": {"en": "matrix", "zh": "矩阵"},
    "detect.part.unknown": {"en": "not recognised", "zh": "无法识别"},
    "detect.part.unreadable": {"en": "unreadable", "zh": "无法读取"},
}

# The importers' problems and notes. The English text is exactly what the importers
# write; {why} is itself one of these messages.
_IMPORTER = {
    "importer.where.row": {"en": "row {row}", "zh": "第 {row} 行"},
    "importer.where.more": {"en": "(and {n} more)", "zh": "（另有 {n} 处）"},
    "importer.left_empty": {"en": "{why}; left empty", "zh": "{why}；留空"},
    "importer.link_skipped": {"en": "{why}; this link is skipped", "zh": "{why}；跳过此关系"},
    "importer.row_skipped": {"en": "{why}; this row is skipped", "zh": "{why}；跳过此行"},
    "importer.half_used": {"en": "{why}; 0.5 is used", "zh": "{why}；按 0.5 计"},
    "importer.role_skipped": {"en": "{why}; this contact role is skipped",
                              "zh": "{why}；跳过此联系人角色"},
    "importer.level_from_title_why": {"en": "{why}; read from the job title",
                                      "zh": "{why}；改从职位推断"},
    "importer.kept_as_user": {"en": "{why}; kept as a user", "zh": "{why}；作为使用者保留"},
    "importer.used_instead": {"en": "{why}; {value} is used instead", "zh": "{why}；改用 {value}"},
    "importer.field.role": {"en": "role", "zh": "角色"},
    "importer.field.level": {"en": "level", "zh": "层级"},
    "importer.field.status": {"en": "status", "zh": "状态"},
    "importer.field.kind": {"en": "kind", "zh": "关系类型"},
    "importer.successor_why": {"en": "successor: {why}; left empty",
                               "zh": "接任人：{why}；留空"},
    "importer.unknown_value": {"en": "unknown {what} {value}; expected one of {choices}",
                               "zh": "未知的{what} {value}；应为以下之一：{choices}"},
    "importer.bad_stance": {
        "en": "stance {value} is not a whole number from -2 to +2 or a word such as "
              "champion, supporter, neutral, skeptic, opponent",
        "zh": "态度 {value} 不是 -2 到 +2 的整数，也不是 champion（拥护者）、supporter、neutral、"
              "skeptic、opponent 之类的词",
    },
    "importer.bad_power": {
        "en": "power {value} is not a whole number from 1 to 5 or a word such as high, "
              "medium, low",
        "zh": "权力 {value} 不是 1 到 5 的整数，也不是 high、medium、low 之类的词",
    },
    "importer.bad_strength": {
        "en": "strength {value} is not a number greater than 0 and at most 1, a percentage, "
              "or a word such as strong, medium, weak",
        "zh": "强度 {value} 不是大于 0 且不超过 1 的数、百分比，也不是 strong、medium、weak "
              "之类的词",
    },
    "importer.bad_date": {"en": "date {value} is not a date; expected YYYY-MM-DD",
                          "zh": "日期 {value} 不是日期；应为 YYYY-MM-DD"},
    "importer.ambiguous_ref": {
        "en": "{ref} names {n} stakeholders ({ids}); use the id instead",
        "zh": "{ref} 对应 {n} 位干系人（{ids}）；请改用编号",
    },
    "importer.dangling_ref": {
        "en": "no stakeholder has the id or name {ref} (a dangling reference)",
        "zh": "没有干系人的编号或姓名是 {ref}（悬空引用）",
    },
    "importer.self_successor": {"en": "{ref} is the person themself",
                                "zh": "{ref} 就是此人自己"},
    "importer.repeated_id": {"en": "id {id} repeats the stakeholder of {other}; this row is "
                                   "skipped",
                             "zh": "编号 {id} 与 {other} 的干系人重复；跳过此行"},
    "importer.id_of_member": {"en": "id {id} is already a team member's; this row is skipped",
                              "zh": "编号 {id} 已属于一位团队成员；跳过此行"},
    "importer.repeated_names": {
        "en": "names that repeat are kept as different people (references by those names "
              "are ambiguous; use the ids)",
        "zh": "重名的人作为不同的人保留（按这些姓名引用会有歧义，请用编号）",
    },
    "importer.names_differ_in_width": {
        "en": "name {name} differs from {other} ({where}) only in width, case or spaces; both "
              "are kept — if they are one person, delete one of the rows",
        "zh": "姓名 {name} 与 {other}（{where}）只在全半角、大小写或空格上不同；两者都保留——"
              "如果是同一个人，请删除其中一行",
    },
    "importer.self_link": {"en": "links {id} to itself; this link is skipped",
                           "zh": "把 {id} 与自己相连；跳过此关系"},
    "importer.repeated_links": {"en": "repeated {kind} links merged (the strongest is kept)",
                                "zh": "合并了重复的 {kind} 关系（保留最强的）"},
    "importer.repeated_coverage": {
        "en": "repeated coverage links merged (the strongest strength and the latest contact "
              "are kept)",
        "zh": "合并了重复的覆盖联系（保留最高强度和最近一次联系）",
    },
    "importer.managers_replaced": {
        "en": "{n} reports-to links replaced by the manager the input gives",
        "zh": "{n} 条汇报关系按输入给出的上级替换",
    },
    "importer.matched_by_name": {"en": "matched to the map's ids by name: {pairs}",
                                 "zh": "按姓名匹配到图谱中的编号：{pairs}"},
    "importer.bad_bytes": {
        "en": "{what} no text encoding tried; kept as '{char}' (fix the cell, or name the "
              "file's encoding with --encoding)",
        "zh": "{what} 不符合任何尝试过的文本编码；保留为 '{char}'（请修正该单元格，或用 "
              "--encoding 指定文件编码）",
    },
    "importer.guessed_encoding": {
        "en": "read as {encoding} text (there is no byte-order mark and it is not UTF-8); give "
              "--encoding if names look wrong",
        "zh": "按 {encoding} 文本读取（没有字节顺序标记，也不是 UTF-8）；如果姓名显示不对，"
              "请用 --encoding 指定编码",
    },
    "importer.sheet_ignored": {"en": "sheet {title} is marked (ignore) and is skipped",
                               "zh": "工作表 {title} 标记为 (ignore)，已跳过"},
    "importer.activity_no_date": {"en": "no date; the activity is not imported",
                                  "zh": "没有日期；此活动未导入"},
    "importer.activity_not_done": {"en": "status {status}: not done yet, so not a contact; "
                                         "not imported",
                                   "zh": "状态 {status}：尚未完成，不算一次联系；未导入"},
    "importer.activity_no_email": {"en": "{who} has no e-mail address to match on; not guessed",
                                   "zh": "{who} 没有可用于匹配的电子邮件地址；不做猜测"},
    "importer.activity_new_link": {
        "en": "new coverage link {link} at strength {strength} (they met on {date})",
        "zh": "新增覆盖联系 {link}，强度 {strength}（双方于 {date} 见过面）",
    },
    "importer.columns_unused": {"en": "columns not imported: {columns}",
                                "zh": "未导入的列：{columns}"},
    "importer.no_email_phone": {"en": "e-mail addresses and phone numbers are not imported",
                                "zh": "电子邮件地址和电话号码不导入"},
    "importer.hubspot_role_unmapped": {
        "en": "buying role {role} is not one this importer maps; not guessed",
        "zh": "采购角色 {role} 不在本导入器的对应表中；不做猜测",
    },
    "importer.champion_and_blocker": {
        "en": "both CHAMPION and BLOCKER: the stance is left at the role's default (ask the "
              "account team)",
        "zh": "同时是 CHAMPION（拥护者）和 BLOCKER（阻碍者）：态度保留为角色的默认值（请向"
              "客户团队确认）",
    },
    "importer.blockers_keep_role": {
        "en": "blockers with another buying role keep that role, with stance -1",
        "zh": "有其他采购角色的 BLOCKER 保留那个角色，态度为 -1",
    },
    "importer.hubspot_no_name": {"en": "no name and no record id; this row is skipped",
                                 "zh": "没有姓名也没有记录编号；跳过此行"},
    "importer.hubspot_no_role": {
        "en": "contacts with no buying role this importer maps are kept as users, tagged "
              "{tag} (ask the account team)",
        "zh": "没有可对应采购角色的联系人作为使用者保留，标记为 {tag}（请向客户团队确认）",
    },
    "importer.levels_from_titles": {"en": "levels are read from the job titles",
                                    "zh": "层级按职位推断"},
    "importer.hubspot_owner": {
        "en": "contact owners cover their contacts: HubSpot has no strength for that, so 0.5 "
              "is used",
        "zh": "联系人负责人覆盖其联系人：HubSpot 没有关系强度，按 0.5 计",
    },
    "importer.kumu_sheet": {"en": "not an Elements or Connections sheet; not imported",
                            "zh": "不是 Elements 或 Connections 工作表；未导入"},
    "importer.kumu_no_label": {"en": "no Label and no ID; this row is skipped",
                               "zh": "没有 Label 也没有 ID；跳过此行"},
    "importer.expected_object": {"en": "expected an object; skipped",
                                 "zh": "应为一个对象；已跳过"},
    "importer.no_kumu_id": {"en": "has no _id; skipped", "zh": "没有 _id；已跳过"},
    "importer.kumu_metrics": {"en": "Kumu's computed metrics are not imported (they go stale)",
                              "zh": "Kumu 计算出的指标不导入（它们会过时）"},
    "importer.kumu_from_to": {"en": "needs both \"from\" and \"to\"; skipped",
                              "zh": "需要同时有 \"from\" 和 \"to\"；已跳过"},
    "importer.kumu_untyped": {"en": "connections without a type are read as influences",
                              "zh": "没有类型的连接按“影响”读取"},
    "importer.kumu_type": {"en": "connection type {kind} is read as influences",
                           "zh": "连接类型 {kind} 按“影响”读取"},
    "importer.kumu_both_ways": {"en": "{direction} connections influence both ways",
                                "zh": "{direction} 连接按双向影响读取"},
    "importer.kumu_team_link": {"en": "links two of our team members; skipped",
                                "zh": "连接的两端都是我方团队成员；已跳过"},
    "importer.network_first_column": {"en": "the first column ({column}) is taken as the id",
                                      "zh": "第一列（{column}）作为编号"},
    "importer.network_missing": {
        "en": "{n} people in the ties are not in the attributes table; added as users: {ids}",
        "zh": "关系中有 {n} 人不在属性表中；作为使用者加入：{ids}",
    },
    "importer.network_no_attributes": {
        "en": "no attributes table: everyone is a user at the operational level, tagged {tag}",
        "zh": "没有属性表：所有人都是基层使用者，标记为 {tag}",
    },
    "importer.network_bad_row": {
        "en": "expected a source, a target and a weight that is a finite number of 0 or more; "
              "this row is skipped",
        "zh": "应有来源、目标和一个不小于 0 的有限数值权重；跳过此行",
    },
    "importer.network_no_ties": {"en": "no ties (every weight is 0)",
                                 "zh": "没有关系（所有权重都是 0）"},
    "importer.matrix_no_ties": {"en": "no ties (every value is 0)",
                                "zh": "没有关系（所有值都是 0）"},
    "importer.network_read_as": {"en": "read as {kind} ties ({how}; write FILE=KIND to choose)",
                                 "zh": "按 {kind} 关系读取（{how}；可写 FILE=KIND 指定）"},
    "importer.matrix_people": {
        "en": "matrix rows and columns are the attributes table's people, in order",
        "zh": "矩阵的行和列依次对应属性表中的人",
    },
    "importer.self_ties": {"en": "ties of a person to themselves are ignored",
                           "zh": "自己指向自己的关系被忽略"},
    "importer.weight_too_small": {
        "en": "weight {w} is too small beside the largest weight to give a strength above 0; "
              "this tie is skipped",
        "zh": "权重 {w} 与最大权重相比太小，折算后的强度为 0；跳过此关系",
    },
    "importer.orgchart_email": {"en": "e-mail addresses link people to their managers; they "
                                      "are not kept",
                                "zh": "电子邮件地址只用来把人和上级连起来，不保留"},
    "importer.orgchart_name_from_email": {
        "en": "no name: the part of the e-mail address before @ is the name",
        "zh": "没有姓名：用电子邮件地址 @ 前的部分作为姓名",
    },
    "importer.no_name_no_id": {"en": "no name and no id; this row is skipped",
                               "zh": "没有姓名也没有编号；跳过此行"},
    "importer.orgchart_no_email": {
        "en": "no person has the e-mail address {address} (a dangling reference); this link "
              "is skipped",
        "zh": "没有人的电子邮件地址是 {address}（悬空引用）；跳过此关系",
    },
    "importer.orgchart_loop": {
        "en": "this manager closes a loop of managers (a reports to b reports to … a); this "
              "link is skipped",
        "zh": "这位上级使汇报关系成环（a 向 b 汇报，b 又向 … a 汇报）；跳过此关系",
    },
    "importer.orgchart_roles": {
        "en": "org charts hold no buying roles: people without a role column are users tagged "
              "{tag}; mark the decision-makers, influencers and opposers",
        "zh": "组织架构图没有采购角色：没有角色列的人都是使用者，标记为 {tag}；请标出决策者、"
              "影响者和反对者",
    },
    "importer.orgchart_levels": {
        "en": "no level and no job title: the level is read from the chart (its top "
              "executive, people with reports management, the others operational)",
        "zh": "没有层级也没有职位：层级按架构图推断（最上层为高层，有下属的为中层，其余为基层）",
    },
    "importer.sf_amount": {"en": "amount {amount} is not a number of 0 or more; left empty",
                           "zh": "金额 {amount} 不是不小于 0 的数；留空"},
    "importer.sf_currency": {"en": "currency {currency} is not a three-letter code; left "
                                   "empty",
                             "zh": "币种 {currency} 不是三个字母的代码；留空"},
    "importer.sf_no_opportunities": {
        "en": "no Opportunity export: opportunities are known by their ids only",
        "zh": "没有 Opportunity 导出：商机只能以编号表示",
    },
    "importer.sf_manager": {
        "en": "a manager (ReportsToId) who has no role on these opportunities is not imported",
        "zh": "在这些商机上没有角色的上级（ReportsToId）不导入",
    },
    "importer.sf_several_deals": {
        "en": "an account with several opportunities records no single deal; each is kept "
              "under opportunities",
        "zh": "有多个商机的客户不记录单一商机；每个商机都保留在 opportunities 下",
    },
    "importer.sf_owner_ids": {
        "en": "contact owners are known by their user ids (add the User export for their "
              "names)",
        "zh": "联系人负责人只能以用户编号表示（加上 User 导出即可显示姓名）",
    },
    "importer.sf_role_unmapped": {
        "en": "role {role} is not one this importer maps to a buying role; not guessed",
        "zh": "角色 {role} 不在本导入器的采购角色对应表中；不做猜测",
    },
    "importer.sf_blank_roles": {"en": "blank roles are not guessed",
                                "zh": "角色为空时不做猜测"},
    "importer.sf_roles_differ": {"en": "roles differ between opportunities: the most senior "
                                       "is kept",
                                 "zh": "不同商机上的角色不同：保留最高的一个"},
    "importer.sf_no_role": {
        "en": "contacts with no buying role are kept as users, tagged {tag} (ask the account "
              "team)",
        "zh": "没有采购角色的联系人作为使用者保留，标记为 {tag}（请向客户团队确认）",
    },
    "importer.sf_other_account": {
        "en": "contacts filed under another account in the CRM are kept on the committee "
              "their opportunity names",
        "zh": "在 CRM 中归在其他客户下的联系人，仍保留在其商机所属的决策团队中",
    },
    "importer.sf_owner": {
        "en": "contact owners cover their contacts: Salesforce has no strength for that, so "
              "0.5 is used; the last contact is LastActivityDate",
        "zh": "联系人负责人覆盖其联系人：Salesforce 没有关系强度，按 0.5 计；最近联系取 "
              "LastActivityDate",
    },
    "importer.header_only": {"en": "only a header row: nothing to read",
                             "zh": "只有表头行：没有可读取的内容"},
    "importer.no_role": {
        "en": "no known role: kept as a user, tagged {tag} (ask the account team)",
        "zh": "没有已知角色：作为使用者保留，标记为 {tag}（请向客户团队确认）",
    },
    "importer.level_from_title": {"en": "level read from the job title",
                                  "zh": "层级按职位推断"},
    "importer.level_assumed": {"en": "no level and no job title: operational assumed",
                               "zh": "没有层级也没有职位：按基层处理"},
    "importer.not_email": {"en": "{address} is not an e-mail address; left empty",
                           "zh": "{address} 不是电子邮件地址；留空"},
    "importer.coverage_without_member": {
        "en": "a strength or last contact with nobody in 'covered by' is not imported",
        "zh": "“对接人”为空时，关系强度和最近联系不导入",
    },
    "importer.source_target": {"en": "needs both a source and a target; this row is skipped",
                               "zh": "需要同时有来源和目标；跳过此行"},
    "importer.refused": {"en": "{where}: {why}", "zh": "{where}：{why}"},
    "importer.refused_empty": {"en": "the file is empty", "zh": "文件是空的"},
    "importer.refused_binary": {
        "en": "this is a binary file, not JSON, CSV or an Excel workbook (.xlsx)",
        "zh": "这是二进制文件，不是 JSON、CSV 或 Excel 工作簿（.xlsx）",
    },
    "importer.refused_salesforce_missing": {
        "en": "missing Salesforce export: {objects} (give the CSV files together)",
        "zh": "缺少 Salesforce 导出：{objects}（请把这些 CSV 文件一起上传）",
    },
    "importer.refused_salesforce": {
        "en": "not a Salesforce export this importer reads; expected OpportunityContactRole, "
              "Contact, Opportunity, Account or User (CSV with headers)",
        "zh": "不是本导入器能读取的 Salesforce 导出；应为 OpportunityContactRole、Contact、"
              "Opportunity、Account 或 User（带表头的 CSV）",
    },
    "importer.refused_hubspot": {
        "en": "not a HubSpot contacts export; expected First Name and Last Name (or "
              "firstname, lastname) columns",
        "zh": "不是 HubSpot 联系人导出；应有 First Name 和 Last Name（或 firstname、lastname）列",
    },
    "importer.refused_orgchart": {
        "en": "no column names each person's manager; expected one such as SupervisorID, "
              "Boss ID, Manager ID, SupervisorEmail, Reports To or 上级 (the columns are "
              "{columns})",
        "zh": "没有一列给出每个人的上级；应有 SupervisorID、Boss ID、Manager ID、"
              "SupervisorEmail、Reports To 或 上级 之类的列（现有的列：{columns}）",
    },
    "importer.refused_people": {
        "en": "no column names the people; expected a column such as Name, 姓名, First Name "
              "or Id (the columns are {columns})",
        "zh": "没有一列给出人名；应有 Name、姓名、First Name 或 Id 之类的列（现有的列："
              "{columns}）",
    },
    "importer.refused_header_only": {
        "en": "only a header row ({columns}); expected one row per stakeholder below it",
        "zh": "只有表头行（{columns}）；表头下应每行一位干系人",
    },
    "importer.refused_kumu": {
        "en": "not a Kumu map; expected a JSON object with \"elements\" (and \"connections\")",
        "zh": "不是 Kumu 图谱；应为包含 \"elements\"（以及 \"connections\"）的 JSON 对象",
    },
    "importer.member_stakeholder": {
        "en": "needs both a member and a stakeholder; this row is skipped",
        "zh": "需要同时有团队成员和干系人；跳过此行",
    },
}

_EXPLORER = {
    "explorer.import.detected": {"en": "Detected: {reason}", "zh": "识别结果：{reason}"},
    "explorer.import.format": {"en": "Read as", "zh": "读取格式"},
    "explorer.import.format.help": {
        "en": "Told from the files' headers and sheets; choose another format if it is wrong.",
        "zh": "根据文件的表头和工作表判断；如果判断有误，请选择其他格式。",
    },
    "explorer.import.detect_option": {"en": "as detected ({format})",
                                      "zh": "按识别结果（{format}）"},
    "explorer.import.files": {"en": "What each file is", "zh": "各文件的识别结果"},
    "explorer.import.ignored": {
        "en": "Not part of this import (not read): {files}",
        "zh": "不属于本次导入（不读取）：{files}",
    },
    "explorer.import.activities": {
        "en": "Activities go into the open map ({name}): open it, then save to keep them.",
        "zh": "活动导入当前打开的图谱（{name}）：打开后保存即可保留。",
    },
    "explorer.import.preview": {"en": "Preview: {n} account maps",
                                "zh": "预览：{n} 个客户图谱"},
    "explorer.import.name": {"en": "Account name", "zh": "客户名称"},
    "explorer.import.name.help": {
        "en": "The name of the map; its id in the portfolio is made from it.",
        "zh": "图谱的名称；客户组合中的编号由它生成。",
    },
    "explorer.import.name_needed": {"en": "Give the account a name.",
                                    "zh": "请填写客户名称。"},
    "explorer.import.names_from_export": {
        "en": "Each map is named as the export names it (the opportunity or company).",
        "zh": "每个图谱按导出文件中的名称命名（商机或公司）。",
    },
    "explorer.import.save": {"en": "Save to portfolio", "zh": "保存到客户组合"},
    "explorer.import.save_all": {"en": "Save all {n} to portfolio",
                                 "zh": "全部 {n} 个保存到客户组合"},
    "explorer.import.saved": {
        "en": "Saved to the portfolio: {maps}.",
        "zh": "已保存到客户组合：{maps}。",
    },
    "explorer.import.saved_map": {"en": "{name} (revision {revision}{merged})",
                                  "zh": "{name}（版本 {revision}{merged}）"},
    "explorer.import.merged": {"en": ", merged into the map that was there",
                               "zh": "，已合并到原有图谱"},
    "explorer.import.exists": {
        "en": "Already in the portfolio, so the import is merged into it: {names}",
        "zh": "客户组合中已有，导入将合并进去：{names}",
    },
    "explorer.import.no_portfolio": {
        "en": "The explorer is open on one map file: start it on a folder (kam explore "
              "FOLDER) to save imports into a portfolio, or open the import and download it.",
        "zh": "当前只打开了一个图谱文件：在文件夹上启动（kam explore 文件夹）才能把导入保存到"
              "客户组合，也可以打开导入结果后下载。",
    },
    "explorer.import.neo4j": {
        "en": "Imports are saved into a Neo4j store with kam import and kam push; open the "
              "import here and download it.",
        "zh": "导入到 Neo4j 存储请用 kam import 和 kam push；此处可打开导入结果并下载。",
    },
    "explorer.import.open": {"en": "Open", "zh": "打开"},
    "explorer.import.pick": {"en": "Map to open", "zh": "要打开的图谱"},
    "explorer.col.import_map": {"en": "Map", "zh": "图谱"},
    "explorer.col.import_relationships": {"en": "Relationships", "zh": "关系"},
    "explorer.col.import_team": {"en": "Team members", "zh": "团队成员"},
    "explorer.col.import_coverage": {"en": "Coverage links", "zh": "覆盖联系"},
    "explorer.col.import_problems": {"en": "Problems", "zh": "问题"},
    "explorer.col.import_notes": {"en": "Notes", "zh": "说明"},
    "explorer.col.import_file": {"en": "File", "zh": "文件"},
    "explorer.col.import_part": {"en": "Read as", "zh": "识别为"},
    "explorer.temporary.notice": {
        "en": "Working on a temporary copy of the examples ({location}); it is deleted when "
              "the explorer stops.",
        "zh": "正在使用示例的临时副本（{location}）；本工具停止时会被删除。",
    },
    "explorer.temporary.saved": {
        "en": "Saved to a temporary copy that is deleted when the explorer stops. Download "
              "the map, or save it to a folder to keep it.",
        "zh": "已保存到临时副本，本工具停止时会被删除。请下载图谱，或保存到某个文件夹以便"
              "保留。",
    },
    "explorer.temporary.folder": {"en": "Save to folder", "zh": "保存到文件夹"},
    "explorer.temporary.folder.help": {
        "en": "A folder on the machine the explorer runs on; the map is written there as "
              "ACCOUNT.kam.json (a map already there is never overwritten).",
        "zh": "运行本工具的机器上的文件夹；图谱写为 客户编号.kam.json（不会覆盖已有的图谱）。",
    },
    "explorer.temporary.save": {"en": "Save a copy there", "zh": "保存副本到该文件夹"},
    "explorer.temporary.copied": {"en": "Saved a copy to {path}.",
                                  "zh": "已保存副本到 {path}。"},
    "explorer.edit.name_needed": {
        "en": "a name is needed (a row without one cannot be saved)",
        "zh": "需要填写姓名（没有姓名的行不能保存）",
    },
    "explorer.edit.id_fixed": {
        "en": "the id of an existing row cannot be changed (it is {id})",
        "zh": "已有行的编号不能修改（它是 {id}）",
    },
    "explorer.edit.ids_fixed": {
        "en": "Ids of existing rows cannot be changed (relationships and coverage point to "
              "them); a new row gets its id from its name when left blank.",
        "zh": "已有行的编号不能修改（关系和覆盖都指向它）；新行的编号留空时按姓名生成。",
    },
}

TEXT = {**_DETECT, **_IMPORTER, **_EXPLORER}
