"""Words every area shares: each language's own name and properties, list punctuation, and
the figures and plan stages that the command line, the explorer and the reports all show.
"""

__all__ = ["TEXT"]

TEXT = {
    "text.none": {"en": "(none)", "zh": "（无）"},
    "text.more": {"en": "{n} more", "zh": "另外 {n} 人"},
    "problems.more.one": {"en": "… and 1 more problem", "zh": "……另有 1 个问题"},
    "problems.more.other": {"en": "… and {n} more problems", "zh": "……另有 {n} 个问题"},
    "lang.name": {"en": "English", "zh": "中文"},
    "lang.tag": {"en": "en", "zh": "zh-CN"},
    "lang.wrap": {"en": "", "zh": "CJK"},
    "list.separator": {"en": ", ", "zh": "、"},
    "list.and": {"en": " and ", "zh": "和"},
    "deal.label": {"en": "deal", "zh": "商机"},
    "deal.status.open": {"en": "open", "zh": "进行中"},
    "deal.status.won": {"en": "won", "zh": "赢单"},
    "deal.status.lost": {"en": "lost", "zh": "丢单"},
    "deal.close": {"en": "close {date}", "zh": "成交日期 {date}"},
    "deal.at_risk": {"en": "amount at risk", "zh": "风险金额"},
    "deal.at_risk.help": {
        "en": "Amount at risk = amount × (1 − coverage score / 100), for open deals.",
        "zh": "风险金额 = 金额 × (1 − 覆盖评分 / 100)，仅计进行中的商机。",
    },
    "deal.group.won": {"en": "Won deals", "zh": "已赢单的商机"},
    "deal.group.lost": {"en": "Lost deals", "zh": "已丢单的商机"},
    "figure.score": {"en": "coverage score", "zh": "覆盖评分"},
    "figure.support": {"en": "support", "zh": "支持度"},
    "figure.score.scale": {"en": "0..100", "zh": "0..100"},
    "figure.support.scale": {"en": "−100..100", "zh": "−100..100"},
    "figure.score.help": {
        "en": "Coverage score, 0..100: how well our links reach the people who matter, each "
              "weighted by influence rank (a stale link counts half).",
        "zh": "覆盖评分，0..100：我方联系对关键人物的覆盖程度，按影响力排名加权（过期的联系按一半"
              "计）。",
    },
    "figure.support.help": {
        "en": "Support, −100..100: where the committee stands, each person's stance weighted "
              "by influence rank; −100 is everyone strongly against, +100 everyone a champion, "
              "0 neutral.",
        "zh": "支持度，−100..100：按影响力排名加权的决策链整体态度；−100 表示所有人强烈反对，+100 "
              "表示所有人都是拥护者，0 为中立。",
    },
    "plan.stage.operational": {
        "en": "Stage 1 — front-line needs (operational)",
        "zh": "第一阶段：基层需求调研",
    },
    "plan.stage.management": {
        "en": "Stage 2 — technical evaluation (management)",
        "zh": "第二阶段：中层技术评估",
    },
    "plan.stage.executive": {
        "en": "Stage 3 — executive strategy (executive)",
        "zh": "第三阶段：高层战略研讨",
    },
    "plan.stage.None": {"en": "Level not recorded", "zh": "层级未记录"},
    "plan.stages": {
        "en": "front-line needs → technical evaluation → executive strategy",
        "zh": "基层需求调研 → 中层技术评估 → 高层战略研讨",
    },
    "plan.kind.approach": {"en": "approach", "zh": "接近"},
    "plan.kind.address": {"en": "address concerns", "zh": "化解异议"},
    "plan.empty.covered": {
        "en": "Nothing to plan: everyone the plan would lead to is already covered.",
        "zh": "无需规划：计划要接近的人均已覆盖。",
    },
    "plan.empty.unreachable": {
        "en": "Nothing to plan: nobody we cover can reach the people still uncovered; find an "
              "entry point first (see the gaps).",
        "zh": "暂无可执行的步骤：我方覆盖的人都无法触达尚未覆盖的人，请先找到切入点（见缺口）。",
    },
    "plan.empty.no_team": {
        "en": "Nothing to plan: nobody on our team has a link to anyone in this account yet; "
              "put our account team and their contacts on the map first.",
        "zh": "无法规划：我方团队尚未与该客户的任何人建立联系，请先把我方客户团队及其联系人加入"
              "图谱。",
    },
}
