"""The blind-spot analysis — gaps, approach routes, talking points, the steps of the
penetration plan — and change impact (动态更新机制): routes that broke, personnel alerts.
"""

__all__ = ["TEXT"]

TEXT = {
    "who.plain": {"en": "{name}", "zh": "{name}"},
    "who.titled": {"en": "{name} ({flat_title})", "zh": "{title} · {name}"},
    "who.titled_latin": {"en": "{name} ({flat_title})", "zh": "{name}（{flat_title}）"},
    "who.with_strength": {"en": "{name} ({strength})", "zh": "{name}（{strength}）"},
    "route.direct": {
        "en": "have {member} meet {target} in person and deepen the relationship",
        "zh": "请{member}直接拜访{target}，加深关系",
    },
    "route.renew": {
        "en": "have {member} get back in touch with {target}",
        "zh": "请{member}与{target}恢复联系",
    },
    "route.intro": {
        "en": "ask {entry} (covered by {member}) to introduce you to {target}",
        "zh": "请{entry}（{member}的联系人）引荐{target}",
    },
    "route.intro_via": {
        "en": "ask {entry} (covered by {member}) to introduce you to {target} through {middle}",
        "zh": "请{entry}（{member}的联系人）经{middle}引荐{target}",
    },
    "route.with_strength": {
        "en": "{route} (route strength {strength})",
        "zh": "{route}（路径强度 {strength}）",
    },
    "action.approach": {"en": "{route!c}; lead with {points}.", "zh": "{route}，重点谈{points}。"},
    "action.find_entry": {
        "en": "Find an entry point to {target}: nobody we cover reaches them by a route "
              "strong enough, so find out whom {target} listens to and have a team member "
              "open a direct relationship.",
        "zh": "为{target}寻找切入点：我方覆盖的人中没有足够强的路径能触达其本人，先摸清{target}"
              "听取谁的意见，再指派团队成员直接建立关系。",
    },
    "who.champion": {"en": "the champion {who}", "zh": "拥护者 · {who}"},
    "reason.no_link": {
        "en": "nobody on our team has a relationship with them",
        "zh": "我方团队中无人与其建立关系",
    },
    "clause.is_dm": {"en": "they are a decision-maker themselves", "zh": "其本人就是决策者"},
    "clause.no_dm_path": {
        "en": "they have no influence path to a decision-maker",
        "zh": "其没有通向决策者的影响路径",
    },
    "clause.dm_path": {
        "en": "their strongest path to a decision-maker ({dm}) has strength {path}",
        "zh": "其通向决策者（{dm}）的最强影响路径强度为 {path}",
    },
    "clause.influencers": {
        "en": "nor anyone who directly influences them ({names})",
        "zh": "也未覆盖直接影响其的人（{names}）",
    },
    "clause.nobody": {"en": "and nobody directly influences them", "zh": "且无人直接影响其"},
    "gap.no-decision-maker.message": {
        "en": "No active decision-maker is on the map: nobody is recorded as approving this deal.",
        "zh": "图谱中没有在职的决策者：没有记录谁来批准这笔交易。",
    },
    "gap.no-decision-maker.action.ask": {
        "en": "Ask {entry} (covered by {member}) who will approve this purchase, and add that "
              "person to the map as a decision-maker.",
        "zh": "请{member}向{entry}了解谁将最终批准这次采购，并将其作为决策者加入图谱。",
    },
    "gap.no-decision-maker.action.find": {
        "en": "Find out who will approve this purchase (the economic buyer) and add them to "
              "the map as a decision-maker.",
        "zh": "尽快弄清谁将最终批准这次采购（经济决策者），并将其作为决策者加入图谱。",
    },
    "gap.uncovered-decision-maker.message": {
        "en": "{who!c}, a decision-maker, is not covered: {reason}.",
        "zh": "决策者 · {who}未被覆盖：{reason}。",
    },
    "gap.unreachable-decision-maker.message": {
        "en": "No approach route to {who} reaches strength {min}: the best, {chain}, has {best}.",
        "zh": "通向{who}的接近路径强度都未达到 {min}：最好的一条 {chain} 强度仅为 {best}。",
    },
    "gap.unreachable-decision-maker.message.none": {
        "en": "Nobody we cover has any influence path to {who}.",
        "zh": "我方覆盖的人中没有任何人有通向{who}的影响路径。",
    },
    "gap.unreachable-decision-maker.action": {
        "en": "Build a route through the people {target} listens to ({listeners}): {start}.",
        "zh": "通过{target}信任的人建立通道：{listeners}；{start}。",
    },
    "gap.unreachable-decision-maker.start": {
        "en": "start with {listener}: {route}",
        "zh": "先从{listener}入手：{route}",
    },
    "gap.unreachable-decision-maker.start.none": {
        "en": "none of them can be reached through anyone we cover yet, so ask our own "
              "executives or a partner for an introduction",
        "zh": "目前我方覆盖的人都接触不到上述人选，请我方高层或合作伙伴引荐",
    },
    "gap.unreachable-decision-maker.action.none": {
        "en": "Arrange an executive-level meeting with {target} through our own leadership, "
              "and find out whom {target} listens to.",
        "zh": "通过我方高层安排与{target}的高层会面，并摸清{target}听取谁的意见。",
    },
    "gap.unaddressed-opposer.message": {
        "en": "{who!c}, an opposer (stance {stance}), is not addressed: nobody on our team "
              "covers them, {influencers}; {clause}.",
        "zh": "反对者 · {who}（态度 {stance}）无人应对：我方团队未覆盖其本人，{influencers}；"
              "{clause}。",
    },
    "gap.unaddressed-opposer.action": {
        "en": "Address {target}'s concerns ({concerns}) before they reach the decision-makers: "
              "{route}.",
        "zh": "在{target}影响决策者之前回应其关切（{concerns}）：{route}。",
    },
    "gap.unaddressed-opposer.action.influencers": {
        "en": "Address {target}'s concerns ({concerns}): nobody we cover can reach them yet, "
              "so win over someone who influences them ({influencers}).",
        "zh": "回应{target}的关切（{concerns}）：我方覆盖的人目前都无法影响到其本人，先争取影响其"
              "的人（{influencers}）。",
    },
    "gap.unaddressed-opposer.action.none": {
        "en": "Address {target}'s concerns ({concerns}): nobody we cover can reach them, so "
              "arrange a meeting through our own executives.",
        "zh": "回应{target}的关切（{concerns}）：我方覆盖的人都无法影响到其本人，请通过我方高层安"
              "排会面。",
    },
    "gap.departed-contact.message": {
        "en": "{who!c} has left, but the map still holds {held}.",
        "zh": "{who}已离开，但图谱中仍保留{held}。",
    },
    "gap.departed-contact.links.one": {
        "en": "{n} coverage link ({members})",
        "zh": "{n}条覆盖关系（{members}）",
    },
    "gap.departed-contact.links.other": {
        "en": "{n} coverage links ({members})",
        "zh": "{n}条覆盖关系（{members}）",
    },
    "gap.departed-contact.relationships.one": {
        "en": "{n} relationship (with {people})",
        "zh": "{n}条人际关系（涉及{people}）",
    },
    "gap.departed-contact.relationships.other": {
        "en": "{n} relationships (with {people})",
        "zh": "{n}条人际关系（涉及{people}）",
    },
    "gap.departed-contact.action": {
        "en": "Have {members} rebuild what {target} carried by meeting {people} directly, find "
              "out who took over the role, and retire the links to {target}.",
        "zh": "请{members}直接拜访{people}，重建此前依靠{target}维系的关系，弄清由谁接任，并撤销"
              "与{target}的覆盖关系。",
    },
    "gap.departed-contact.action.successor": {
        "en": "Hand the relationship over to {successor}, who took over from {target}: have "
              "{members} meet {successor}, and retire the links to {target}.",
        "zh": "把关系交接给接任{target}的{successor}：请{members}拜访{successor}，并撤销与"
              "{target}的覆盖关系。",
    },
    "gap.departed-contact.action.successor.relationships": {
        "en": "Hand {target}'s place in the map over to {successor}, who took over: check "
              "which of the relationships with {people} hold for {successor}, then remove "
              "{target}'s.",
        "zh": "由接任者{successor}接替{target}在图谱中的位置：确认与{people}的关系中哪些对"
              "{successor}依然成立，然后移除{target}的关系。",
    },
    "gap.departed-contact.action.links": {
        "en": "Find out who took over {target}'s role, have {members} build a relationship "
              "with them, and retire the links to {target}.",
        "zh": "弄清谁接任了{target}的职责，请{members}与接任者建立关系，并撤销与{target}的覆盖关"
              "系。",
    },
    "gap.departed-contact.action.relationships": {
        "en": "Find out who took over {target}'s role and how {people} are affected, then "
              "remove {target}'s relationships from the map.",
        "zh": "弄清谁接任了{target}的职责、对{people}有何影响，然后从图谱中移除{target}的关系。",
    },
    "gap.no-coverage.message.no_team": {
        "en": "The map has no team members: nobody on our side covers this account.",
        "zh": "图谱中没有我方团队成员：我方无人覆盖该客户。",
    },
    "gap.no-coverage.message": {
        "en": "Nobody on our team has a relationship with anyone in this account.",
        "zh": "我方团队与该客户的任何人都没有建立关系。",
    },
    "gap.no-coverage.action": {
        "en": "Open the account: have {members} each build their own relationships{start}.",
        "zh": "打开客户局面：请{members}各自建立关系{start}。",
    },
    "gap.no-coverage.action.no_team": {
        "en": "Put our account team on the map: at least two members, each with their own "
              "relationships{start}.",
        "zh": "把我方客户团队加入图谱：至少两名成员，各自建立关系{start}。",
    },
    "gap.single-threaded.message.member": {
        "en": "All coverage is held by {member}: if {member} leaves or loses the customer's "
              "trust, we lose the account.",
        "zh": "所有覆盖关系都掌握在{member}一人手中：一旦{member}离开或失去客户信任，我们就会失去"
              "这个客户。",
    },
    "gap.single-threaded.message.one_covered": {
        "en": "Only one stakeholder, {who}, is covered: the whole deal hangs on one relationship.",
        "zh": "只有{who}一位干系人被覆盖：整个交易系于一条关系。",
    },
    "gap.single-threaded.action": {
        "en": "Multi-thread the account: have {others} each build their own relationships{start}.",
        "zh": "多线程经营客户：请{others}各自建立关系{start}。",
    },
    "gap.single-threaded.action.add": {
        "en": "Add a second team member (an executive sponsor or a specialist) with their own "
              "relationships{start}.",
        "zh": "增加第二位团队成员（高层发起人或专家），建立其自己的关系{start}。",
    },
    "gap.single-threaded.action.spread": {
        "en": "Multi-thread the account: have {members} each cover more people who matter"
              "{start}.",
        "zh": "多线程经营客户：请{members}各自覆盖更多关键人物{start}。",
    },
    "gap.single-threaded.start": {"en": ", starting with {targets}", "zh": "，从{targets}开始"},
    "gap.uncovered-influencer.message": {
        "en": "{who!c}, an influencer, is not covered: {reason}; {clause}.",
        "zh": "影响者 · {who}未被覆盖：{reason}；{clause}。",
    },
    "gap.weak-coverage.message": {
        "en": "The best coverage link of {who} is weak: {member} at {strength} (covered needs "
              "{min}).",
        "zh": "{who}的最强覆盖关系偏弱：{member}，强度 {strength}（覆盖要求至少 {min}）。",
    },
    "gap.stale-contact.message": {
        "en": "The last contact with {who} was on {date} by {member}, {days} days before "
              "{as_of} (stale after {stale}).",
        "zh": "与{who}的最近联系是{date}（{member}），距{as_of}已{days}天（超过{stale}天即为"
              "过期）。",
    },
    "gap.stale-contact.message.undated": {
        "en": "No link to {who} has a date of last contact.",
        "zh": "{who}的所有覆盖关系都没有记录最近联系日期。",
    },
    "gap.stale-contact.action": {
        "en": "Have {member} (link {strength}) get back in touch with {target} within two "
              "weeks; bring news on {points}.",
        "zh": "请{member}（联系强度 {strength}）在两周内重新联系{target}，带上关于{points}的新进"
              "展。",
    },
    "gap.level-gap.message": {
        "en": "No {level} stakeholder is covered ({n} active: {names}).",
        "zh": "{level}干系人无一被覆盖（在职 {n} 人：{names}）。",
    },
    "gap.level-gap.action": {
        "en": "Open a first relationship at {level} level. {step}",
        "zh": "在{level}打开第一条关系。{step}",
    },
    "gap.level-gap.action.none": {
        "en": "Open a first relationship at {level} level: nobody we cover can reach it yet, "
              "so have a team member meet {target} directly.",
        "zh": "在{level}打开第一条关系：目前我方覆盖的人都无法触达，请指派团队成员直接拜访{target"
              "}。",
    },
    "gap.no-champion.message": {
        "en": "No covered stakeholder supports us (stance +1 or more), and nobody on the map "
              "does.",
        "zh": "没有已覆盖的干系人支持我方（态度 ≥ +1），图谱中也没有任何支持者。",
    },
    "gap.no-champion.message.supporters": {
        "en": "No covered stakeholder supports us (stance +1 or more); supporters who are not "
              "covered: {names}.",
        "zh": "没有已覆盖的干系人支持我方（态度 ≥ +1）；支持我方但未被覆盖的人：{names}。",
    },
    "gap.no-champion.action.renew": {
        "en": "Win {target} (stance {stance}) over as champion. {step}",
        "zh": "争取{target}（态度 {stance}）成为拥护者。{step}",
    },
    "gap.no-champion.action.meet": {
        "en": "Win {target} (stance {stance}) as champion: nobody we cover can reach them yet, "
              "so have a team member meet them directly.",
        "zh": "争取{target}（态度 {stance}）成为拥护者：我方覆盖的人目前都无法触达，请指派团"
              "队成员直接拜访。",
    },
    "gap.no-champion.action.develop": {
        "en": "Develop a champion: {target} is covered by {member} and neutral; share an early "
              "win on {points}.",
        "zh": "培养拥护者：{target}由{member}覆盖且态度中立，围绕{points}分享早期成果。",
    },
    "gap.no-champion.action.find": {
        "en": "Develop a champion: find someone who gains from this project and build a "
              "relationship with them.",
        "zh": "培养拥护者：找到能从项目中获益的人，并与其建立关系。",
    },
    "plan.step.intro": {
        "en": "{member} asks {via} to introduce them to {target}",
        "zh": "{member}请{via}引荐{target}",
    },
    "plan.step.direct": {
        "en": "{member} meets {target} in person",
        "zh": "{member}直接拜访{target}",
    },
    "change.route.gone": {
        "en": "The route to {target} is gone: it was {old_chain} ({old}).",
        "zh": "通往{target}的路径已断：原路径为 {old_chain}（{old}）。",
    },
    "change.route.broken": {
        "en": "The route to {target} broke: it was {old_chain} ({old}); the best left is "
              "{new_chain} ({new}).",
        "zh": "通往{target}的路径已断：原为 {old_chain}（{old}），现在最好的只有 "
              "{new_chain}（{new}）。",
    },
    "change.route.weakened": {
        "en": "The route to {target} weakened from {old} ({old_chain}) to {new} ({new_chain}).",
        "zh": "通往{target}的路径减弱：由 {old}（{old_chain}）降至 {new}（{new_chain}）。",
    },
    "alert.impact.coverage": {
        "en": "the coverage held by {members} is lost",
        "zh": "{members}与其建立的覆盖关系随之失效",
    },
    "alert.impact.routes": {
        "en": "our best routes to {targets} went through them",
        "zh": "我方通往{targets}的最佳路径经过此人",
    },
    "alert.impact.pair": {"en": "{first}, and {second}", "zh": "{first}；{second}"},
    "alert.impact.none": {
        "en": "no coverage or route to a decision-maker depended on them",
        "zh": "没有覆盖关系或通往决策者的路径依赖此人",
    },
    "alert.left.message": {
        "en": "Personnel change: {who}, {role}, has left; {impact}.",
        "zh": "人员变动：{role} · {who}已离开；{impact}。",
    },
    "alert.removed.message": {
        "en": "Personnel change: {who}, {role}, is no longer on the map; {impact}.",
        "zh": "人员变动：{role} · {who}已从图谱中移除；{impact}。",
    },
    "alert.returned.message": {
        "en": "Personnel change: {who}, {role}, is active again.",
        "zh": "人员变动：{role} · {who}重新在职。",
    },
    "alert.left.action": {
        "en": "Find out who took over {target}'s responsibilities, add them to the map, and "
              "have {members} rebuild the relationships {target} carried.",
        "zh": "弄清由谁接任{target}的职责并加入图谱，请{members}重建此前依靠{target}维系的关系。",
    },
    "alert.left.message.successor": {
        "en": "Personnel change: {who}, {role}, has left and {successor} took over; {impact}.",
        "zh": "人员变动：{role} · {who}已离开，由{successor}接任；{impact}。",
    },
    "alert.left.action.successor": {
        "en": "Hand the relationships {target} carried over to {successor}: have {members} "
              "meet {successor} soon.",
        "zh": "把此前依靠{target}维系的关系交接给{successor}：请{members}尽快拜访{successor}。",
    },
    "alert.our_team": {"en": "our account team", "zh": "我方客户团队"},
    "alert.became-decision-maker.message": {
        "en": "Personnel change: {who}, until now {role}, is now a decision-maker; {covered}.",
        "zh": "人员变动：{who}由{role}转为决策者；{covered}。",
    },
    "alert.moved-up.message": {
        "en": "Personnel change: {who} moved up from {old} to {new} level; {covered}.",
        "zh": "人员变动：{who}由{old}升至{new}；{covered}。",
    },
    "alert.left.action.nobody": {
        "en": "Find out who took over {target}'s responsibilities and add them to the map.",
        "zh": "弄清由谁接任{target}的职责，并将其加入图谱。",
    },
    "alert.joined.message": {
        "en": "Personnel change: {who} joined the committee as {role}; {covered}.",
        "zh": "人员变动：{who}以{role}身份加入决策链；{covered}。",
    },
    "alert.joined.covered": {"en": "we already cover them", "zh": "我方已覆盖"},
    "alert.joined.uncovered": {"en": "nobody covers them yet", "zh": "我方尚未覆盖"},
    "personnel.left.message": {
        "en": "Personnel change: {who}, {role}, is not in the new export and may have left; "
              "{tail}.",
        "zh": "人员变动：{role} · {who}不在新导出的数据中，可能已离开；{tail}。",
    },
    "personnel.left.successor": {
        "en": "{successor} now holds their title and may be their successor",
        "zh": "{successor}现任同一职位，可能是其接任人",
    },
    "personnel.left.nobody": {
        "en": "nobody new in the export holds their title",
        "zh": "新导出的数据中没有新人担任同一职位",
    },
    "personnel.left.applied": {
        "en": "marked as left (--apply-departures)",
        "zh": "已标记为离开（--apply-departures）",
    },
    "personnel.left.ask": {
        "en": "still active: confirm, then import again with --apply-departures",
        "zh": "仍为在职：确认后加 --apply-departures 重新导入",
    },
    "personnel.title.message": {
        "en": "Personnel change: {name}'s title changed from {old} to {new}.",
        "zh": "人员变动：{name}的职位由{old}变为{new}。",
    },
    "personnel.department.message": {
        "en": "Personnel change: {name} moved from the department {old} to {new}.",
        "zh": "人员变动：{name}由{old}部门调至{new}部门。",
    },
    "personnel.manager.message": {
        "en": "Personnel change: {name} now reports to {new} (before: {old}).",
        "zh": "人员变动：{name}的上级由{old}变为{new}。",
    },
    "personnel.executive.message": {
        "en": "Personnel change: {who} is new at {level} level.",
        "zh": "人员变动：{who}新进入{level}。",
    },
    "personnel.action.confirm": {
        "en": "Confirm the change with {target} and update the map.",
        "zh": "向{target}确认变动并更新图谱。",
    },
    "alert.stance.message": {
        "en": "{who!c}'s stance fell from {old} to {new}.",
        "zh": "{who}的态度由 {old} 降至 {new}。",
    },
    "alert.stance.action": {
        "en": "Find out what changed for {target} and respond on {points}.",
        "zh": "弄清{target}态度变化的原因，并围绕{points}作出回应。",
    },
    "alert.member.message": {
        "en": "Team change: {member} is no longer on our team, and their coverage of {people} "
              "goes with them; {impact}.",
        "zh": "团队变动：{member}已不在我方团队，其对{people}的覆盖随之失效；{impact}。",
    },
    "alert.member.action": {
        "en": "Hand {people} over to another team member in a joint meeting.",
        "zh": "通过联合拜访，把{people}交接给其他团队成员。",
    },
    "alert.meet.route": {
        "en": "Meet them early: {route}; lead with {points}.",
        "zh": "尽早接触：{route}，重点谈{points}。",
    },
    "alert.meet.direct": {
        "en": "Meet {target} early and learn their priorities; lead with {points}.",
        "zh": "尽早拜访{target}，了解其关注点，重点谈{points}。",
    },
}
