"""The explorer's org chart, plan tracking, readable gaps and plan, help texts on the
numbers and the path finder's same-person case, driven through ``AppTest``."""

from __future__ import annotations

import json

from graphlib_kam.store import load_map

from .test_app import BANK, analysis_of, clean, go, maps, start, texts  # noqa: F401


def test_the_org_chart_view_draws_tiers_and_cards_with_badges(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps, lang="zh"), "orgchart"))
    page = at.get("iframe")[-1].proto.srcdoc
    begin = page.index('getElementById("kam-graph"), ') + len('getElementById("kam-graph"), ')
    data = json.loads(page[begin:page.index(");</script>", begin)])
    tiers = [n["label"] for n in data["nodes"] if n["side"] == "tier"]
    cards = [n for n in data["nodes"] if n["side"] == "customer"]
    assert tiers[:2] == ["第 1 层", "第 2 层"]
    amap = load_map(maps / BANK)
    assert len(cards) == sum(1 for s in amap.stakeholders if s.active)
    assert all(len(n["badges"]) == 3 for n in cards)
    assert not any(e["kind"] == "influences" for e in data["edges"])
    at.toggle(key="org_influences").set_value(True).run()
    page = clean(at).get("iframe")[-1].proto.srcdoc
    assert '"kind": "influences"' in page


def generation(at) -> int:
    return at.session_state["edit_gen"] if "edit_gen" in at.session_state else 0  # noqa: SIM401


def test_a_plan_steps_owner_due_date_and_done_survive_a_save(monkeypatch, maps):
    analysis = analysis_of(maps / BANK)
    step = analysis.plan.steps[0]
    at = clean(go(start(monkeypatch, folder=maps), "gaps"))
    key = f"tasks_{generation(at)}"
    at.session_state[key] = {"edited_rows": {0: {"owner": step.member, "due": "2026-12-20",
                                                 "done": True}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="tasks_save").click().run()
    clean(at)
    assert "Plan tracking saved as revision 8" in texts(at.success)
    saved = load_map(maps / BANK)
    assert [(x.target, x.kind, x.owner, x.due.isoformat(), x.done) for x in saved.tasks] == [
        (step.target, step.kind, step.member, "2026-12-20", True)]
    again = clean(go(start(monkeypatch, folder=maps), "gaps"))
    first = again.data_editor(key=f"tasks_{generation(again)}").value.iloc[0]
    assert (first["owner"], str(first["due"])[:10], bool(first["done"])) == (
        step.member, "2026-12-20", True)
    assert "✔ done" in texts(again.markdown)


def test_every_number_has_its_scale_in_a_help_text(monkeypatch, maps):
    at = clean(start(monkeypatch, folder=maps, lang="zh"))
    helps = {m.label: m.help for m in at.metric}
    assert "0..100" in helps["覆盖评分"] and "−100" in helps["支持度"]
    assert {m.label: m.value for m in at.metric}["覆盖评分"].endswith("/ 100")
    at = clean(go(at, "influence"))
    configs = [json.loads(frame.proto.columns) if frame.proto.columns else {}
               for frame in at.dataframe]
    text = json.dumps(configs, ensure_ascii=False)
    for words in ("影响力得分，0～1", "关键桥梁人物占比，0～1", "得分 ÷ 预期"):
        assert words in text
    assert "0 线右侧为隐性权力" in texts(at.caption)


def test_the_hidden_power_chart_grows_with_hidden_power_and_has_a_line_at_zero(
        monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "influence"))
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    hidden = next(c for c in charts if "layer" in c)
    bar, rule = hidden["layer"]
    assert bar["encoding"]["x"]["field"] == "difference"
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["x"]["datum"] == 0


def test_the_path_finder_says_when_from_and_to_are_the_same(monkeypatch, maps):
    at = go(start(monkeypatch, folder=maps, lang="zh"), "influence")
    at.selectbox(key="path_from").set_value("s-president")
    at.selectbox(key="path_to").set_value("s-president")
    at.button(key="path_find").click().run()
    clean(at)
    assert "起止是同一个人" in texts(at.info)
    assert not any("跳数" in frame.value.columns for frame in at.dataframe)


def test_an_opposers_card_translates_tags_and_keeps_the_route_out_of_a_success_box(
        monkeypatch, maps):
    at = clean(start(monkeypatch, folder=maps, lang="zh"))
    amap = load_map(maps / BANK)
    tagged = next(s for s in amap.stakeholders if "economic-buyer" in s.tags)
    at.selectbox(key="selected").set_value(tagged.id).run()
    shown = texts(clean(at).markdown)
    assert "经济决策者" in shown and "economic\\-buyer" not in shown


def test_selecting_a_person_shows_their_plan_step_and_gaps_on_the_card(monkeypatch, maps):
    import datetime as dt

    from graphlib_kam.algorithms.plan import penetration_plan
    from graphlib_kam.explorer.text import md
    from graphlib_kam.settings import Settings

    from .test_app import AS_OF

    plan = penetration_plan(load_map(maps / BANK),
                            settings=Settings(as_of=dt.date.fromisoformat(AS_OF)))
    step = plan.step_to("s-president")
    assert step is not None
    for lang, head in (("en", "Their step in the plan"), ("zh", "渗透计划中的步骤")):
        at = clean(start(monkeypatch, folder=maps, lang=lang))
        at.selectbox(key="selected").set_value("s-president").run()
        shown = texts(clean(at).markdown)
        assert head in shown
        assert md(step.text.render(lang)) in shown
        gaps = [g for g in analysis_of(maps / BANK).gaps if g.stakeholder == "s-president"]
        assert gaps and md(gaps[0].action.render(lang)) in shown
