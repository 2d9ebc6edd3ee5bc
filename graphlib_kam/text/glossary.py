"""The product's concepts, each with its one English and one Chinese term.

Every template of the catalogue whose English text names a concept names it in Chinese
with the same term, and no Chinese template uses a rejected variant; ``tests/test_i18n.py``
holds the catalogue to this.

>>> GLOSSARY[0].en, GLOSSARY[0].zh
('decision-maker', '决策者')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GLOSSARY", "Concept"]


@dataclass(frozen=True)
class Concept:
    """One concept: its English term, the pattern that finds it in English text (a regular
    expression, case-insensitive; the term itself by default), its Chinese term, and
    Chinese variants that must not be used for it."""

    en: str
    zh: str
    pattern: str = ""
    rejected: tuple[str, ...] = ()

    @property
    def en_pattern(self) -> str:
        return self.pattern or rf"\b{self.en}s?\b"


GLOSSARY: tuple[Concept, ...] = (
    Concept("decision-maker", "决策者", r"\bdecision-makers?\b", ("决策人", "拍板人")),
    Concept("influencer", "影响者", rejected=("影响人",)),
    Concept("opposer", "反对者", rejected=("反对派",)),
    Concept("stakeholder", "干系人", rejected=("利益相关者", "相关方")),
    Concept("coverage score", "覆盖评分", rejected=("覆盖分数", "覆盖得分", "覆盖度评分")),
    Concept("gap", "缺口", r"\bgaps?\b", ("空白", "盲点")),
    Concept("broker", "关键桥梁人物", r"\bbrokers?\b(?! score)", ("中间人",)),
    Concept("penetration plan", "关系渗透计划", rejected=("关系渗透路径",)),
    Concept("champion", "拥护者", rejected=("内部支持者",)),
    Concept("stance", "态度", rejected=("立场",)),
    Concept("influence rank", "影响力排名", r"\binfluence rank(ing)?\b", ("影响力排行",)),
    Concept("approach route", "接近路径", r"\bapproach routes?\b", ("接触路径",)),
    Concept("team member", "团队成员", r"\bteam members?\b", ("我方成员",)),
    Concept("our team", "我方团队", r"\bour team\b"),
    Concept("revision", "版本", r"\brevisions?\b", ("修订",)),
    Concept("hidden power", "隐性权力", rejected=("隐藏权力",)),
    Concept("interest matrix", "利益矩阵"),
    Concept("talking points", "沟通要点", rejected=("谈话要点",)),
    Concept("betweenness", "中介中心性"),
    Concept("severity", "严重程度", r"(?<!high )(?<!medium )(?<!high-)\bseverity\b",
            ("严重度",)),
    Concept("high-severity gap", "高风险缺口", r"\bhigh(-severity)? gaps?\b",
            ("高严重度缺口",)),
    Concept("alert", "预警", rejected=("警示",)),
    Concept("title", "职位", r"\btitle\b", ("职务",)),
    Concept("change impact", "变化影响", rejected=("动态更新机制",)),
    Concept("last contact", "最近联系", r"\blast contact\b", ("最近接触",)),
    Concept("economic buyer", "经济决策者"),
)
