"""Write the two sample workbooks of this folder (run it to make them again).

* ``committee.xlsx`` — a stakeholders sheet (Chinese and English headers) and a
  relationships sheet, as an account team keeps them;
* ``kumu-committee.xlsx`` — the same committee as Kumu's spreadsheet import wants it:
  Elements (Label, Type, Description, Tags …), Connections (From, To, Type, Strength) and
  a sheet marked ``(ignore)``.
"""

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

PEOPLE = [
    ["编号/Id", "姓名/Name", "职位/Title", "部门/Department", "角色/Role", "态度/Stance",
     "权力/Power", "上级/Reports to", "负责人/Owner", "最近联系/Last contact"],
    ["p-chen", "陈立华", "首席信息官", "信息科技部", "决策者", "中立", 5, None, "李娜",
     "2026-11-02"],
    ["p-zhou", "周敏", "数据平台负责人", "信息科技部", "影响者", "+2", 4, "p-chen", "李娜",
     "2026-11-20"],
    ["p-gao", "高原", "采购经理", "采购部", "反对者", None, 3, "p-chen", None, None],
    ["p-xu", "徐静", "数据分析师", "业务部", "使用者", 0, 2, "p-zhou", "王强", "2026-10-08"],
]
LINKS = [
    ["来源/Source", "目标/Target", "关系/Kind", "强度/Strength"],
    ["p-zhou", "p-chen", "影响", 0.8],
    ["p-gao", "p-chen", "影响", 0.5],
    ["p-zhou", "p-gao", "冲突", None],
]
ELEMENTS = [
    ["Label", "Type", "Description", "Tags", "Title", "Level", "Stance", "Power"],
    ["Dr. Aisha Bello", "Decision Maker", "Signs off all clinical IT spend", "economic-buyer",
     "Chief Medical Officer", "executive", 0, 5],
    ["Nick Olsen", "Influencer", "Runs the EHR team", "champion|coach",
     "Director of Clinical Applications", "management", 2, 4],
    ["Rosa Diaz", "Opposer", "Prefers the incumbent vendor", "gatekeeper",
     "Supply Chain Manager", "management", -1, 3],
    ["Leah Grant", "User", None, None, "Charge Nurse", "operational", 1, 2],
    ["Tom Reyes", "Team member", "Our account executive", None, "Account Executive", None,
     None, None],
]
CONNECTIONS = [
    ["From", "To", "Type", "Strength", "Direction"],
    ["Nick Olsen", "Dr. Aisha Bello", "influences", 0.7, "directed"],
    ["Rosa Diaz", "Dr. Aisha Bello", "influences", 0.4, "directed"],
    ["Leah Grant", "Nick Olsen|Rosa Diaz", "influences", 0.3, "directed"],
    ["Nick Olsen", "Rosa Diaz", "conflict", None, "undirected"],
    ["Tom Reyes", "Nick Olsen", "covers", 0.8, "directed"],
]


def write(path: Path, sheets: dict[str, list[list]]) -> None:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


if __name__ == "__main__":
    write(HERE / "committee.xlsx", {"干系人 Stakeholders": PEOPLE, "关系 Relationships": LINKS})
    write(HERE / "kumu-committee.xlsx", {
        "Elements": ELEMENTS, "Connections": CONNECTIONS,
        "Notes (ignore)": [["Meeting notes, not for Kumu"], ["kick-off on 3 Nov"]],
    })
