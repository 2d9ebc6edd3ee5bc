"""``kam rank|brokers|hidden|paths|resilience|whatif``: JSON contract, text, errors."""

from __future__ import annotations

import json

import pytest

from graphlib_kam.algorithms import (
    approach_routes,
    brokers,
    influence_rank,
    opposer_ids,
    ranking,
    strongest_paths,
)
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.cli import main
from graphlib_kam.store import load_map

from .conftest import AS_OF, EXAMPLES

BANK = str(EXAMPLES / "cn-bank-core-banking.kam.json")
MANUFACTURER = str(EXAMPLES / "manufacturer-erp.kam.json")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv) -> dict:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def deciders(amap) -> list[str]:
    return sorted(s.id for s in amap.stakeholders if s.active and s.role == "decision-maker")


def test_rank_json_is_the_library_ranking(example_path, capsys):
    amap = load_map(example_path)
    data = run_json(capsys, "rank", example_path)
    expected = [r.to_dict() for r in ranking(amap, influence_rank(influence_graph(amap)))]
    assert data == {"ranking": expected}
    assert all(set(r) == {"id", "name", "score", "rank"} for r in data["ranking"])
    assert run_json(capsys, "rank", example_path) == data  # deterministic


def test_brokers_json(example_path, capsys):
    amap = load_map(example_path)
    data = run_json(capsys, "brokers", example_path)
    scores = brokers(influence_graph(amap))
    assert [b["id"] for b in data["brokers"]] == [r.id for r in ranking(amap, scores)]
    assert all(set(b) == {"id", "name", "score"} for b in data["brokers"])
    assert {b["id"]: b["score"] for b in data["brokers"]} == pytest.approx(scores)


def test_paths_between_two_stakeholders_json(example_path, capsys):
    amap = load_map(example_path)
    G = influence_graph(amap)
    target = deciders(amap)[0]
    source = max(G, key=lambda n: (n != target, n))
    data = run_json(capsys, "paths", example_path, "--from", source, "--to", target,
                    "-k", 4, "--avoid-opposers")
    expected = strongest_paths(G, source, target, k=4, avoid=opposer_ids(amap))
    assert data == {"paths": [{"nodes": list(p.nodes), "strength": p.strength}
                              for p in expected]}


def test_approach_routes_json(example_path, capsys):
    amap = load_map(example_path)
    for target in deciders(amap):
        data = run_json(capsys, "paths", example_path, "--to", target)
        assert [r["member"] for r in data["routes"]] == [
            r.member for r in approach_routes(amap, target)]
        assert all({"member", "entry", "nodes", "strength"} <= set(r) for r in data["routes"])


def test_resilience_and_hidden_json(example_path, capsys):
    amap = load_map(example_path)
    data = run_json(capsys, "resilience", example_path)
    assert [r["stakeholder"] for r in data["resilience"]] == deciders(amap)
    hidden = run_json(capsys, "hidden", example_path, "--all")["hidden"]
    assert {h["id"] for h in hidden} <= {s.id for s in amap.stakeholders}


def test_whatif_json(example_path, capsys):
    amap = load_map(example_path)
    member = amap.team[0].id
    data = run_json(capsys, "whatif", example_path, "--remove", member, "--as-of", AS_OF)
    assert {"added", "removed", "changed", "broken_routes", "gaps_opened", "gaps_closed",
            "rank_changes"} <= set(data)
    assert any(item.get("id") == member for item in data["removed"])


@pytest.mark.parametrize("command", [
    ["rank"], ["brokers"], ["hidden", "--all"], ["resilience"],
    ["paths", "--to", "s-president"], ["paths", "--from", "s-it-pmo", "--to", "s-president"],
    ["whatif", "--remove", "s-vp-tech", "t-zhaogang", "--as-of", AS_OF],
])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_output_names_people(command, lang, capsys):
    code, out, err = run(capsys, command[0], BANK, *command[1:], "--lang", lang)
    assert code == 0, err
    # names, not only ids (brokers list no decision-maker, so look for 黄志远 too)
    assert any(name in out for name in ("刘振华", "孙建平", "黄志远"))
    assert "Traceback" not in out + err


def test_paths_text_hand_checked(capsys):
    # 田野 → 黄志远 (0.6) → 高远 (0.6) → 孙建平 (0.5) → 刘振华 (0.75) = 0.135 in the example
    code, out, _ = run(capsys, "paths", BANK, "--from", "s-it-pmo", "--to", "s-president",
                       "-k", 1)
    assert code == 0
    assert "0.135  田野 → 黄志远 → 高远 → 孙建平 → 刘振华" in out


def test_whatif_text_reports_the_broken_route(capsys):
    code, out, _ = run(capsys, "whatif", BANK, "--remove", "s-vp-tech", "t-zhaogang",
                       "--as-of", AS_OF)
    assert code == 0
    assert "weakened 0.45 → 0.22" in out  # 赵刚 ⇒ 孙建平 → 刘振华 lost; 陈明's 0.216 is next


def test_repeated_remove_and_avoid_add_up(capsys):
    code, once, _ = run(capsys, "whatif", BANK, "--remove", "s-vp-tech", "t-zhaogang",
                        "--as-of", AS_OF, "--format", "json")
    code2, twice, _ = run(capsys, "whatif", BANK, "--remove", "s-vp-tech",
                          "--remove", "t-zhaogang", "--as-of", AS_OF, "--format", "json")
    assert code == code2 == 0 and json.loads(once) == json.loads(twice)
    code, out, _ = run(capsys, "paths", BANK, "--from", "s-it-pmo", "--to", "s-president",
                       "--avoid", "s-digital-gm", "--avoid", "s-it-gm")
    assert code == 0 and "高远" not in out and "马骁" not in out


def test_whatif_gaps_in_chinese_name_their_severity_in_chinese(capsys):
    code, out, _ = run(capsys, "whatif", BANK, "--remove", "s-vp-tech", "t-zhaogang",
                       "--as-of", AS_OF, "--lang", "zh")
    assert code == 0 and "  + [中] " in out and "[medium]" not in out


@pytest.mark.parametrize("lang, head", [("en", "meaning"), ("zh", "含义")])
def test_every_hidden_power_column_has_a_header(lang, head, capsys):
    code, out, _ = run(capsys, "hidden", MANUFACTURER, "--lang", lang)
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("---")) - 1
    assert code == 0 and lines[header].split()[-1] == head
    assert len(lines[header].split()) == len(lines[header + 1].split())


@pytest.mark.parametrize("argv, named", [
    (["paths", BANK, "--to", "s-nobody"], "s-nobody"),
    (["paths", BANK, "--from", "s-ghost", "--to", "s-president"], "s-ghost"),
    (["paths", BANK, "--to", "s-president", "--avoid", "s-phantom"], "s-phantom"),
    (["whatif", BANK, "--remove", "s-vp-tech", "t-ghost"], "t-ghost"),
    (["paths", BANK, "--from", "s-it-gm-former", "--to", "s-president"], "s-it-gm-former"),
])
def test_unknown_ids_exit_2_naming_them(argv, named, capsys):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert named in err and "Traceback" not in err
    assert out == ""


def test_no_path_is_an_empty_result_not_an_error(tmp_path, capsys):
    path = tmp_path / "m.kam.json"
    path.write_text(json.dumps({"schema": "kam/1", "account": {"id": "a"},
                                "stakeholders": [{"id": "x"}, {"id": "y"}]}))
    assert run_json(capsys, "paths", path, "--from", "x", "--to", "y") == {"paths": []}
    assert run_json(capsys, "paths", path, "--to", "y") == {"routes": []}
    code, out, _ = run(capsys, "paths", path, "--from", "x", "--to", "y")
    assert code == 0 and "No influence path" in out


@pytest.mark.parametrize("argv", [["paths", BANK, "--to", "s-president", "-k", "0"],
                                  ["rank", BANK, "--alpha", "1.5"]])
def test_bad_options_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_min_route_takes_the_same_values_and_message_as_in_kam_gaps(capsys):
    def usage_error(*argv) -> str:
        with pytest.raises(SystemExit):
            main([str(a) for a in argv])
        message = capsys.readouterr().err.splitlines()[-1].split("error: ", 1)[1]
        return message.split(" (see 'kam ", 1)[0]

    assert (usage_error("resilience", BANK, "--min-route", "1.5")
            == usage_error("gaps", BANK, "--min-route", "1.5"))
    code, out, _ = run(capsys, "resilience", BANK, "--min-route", "0")  # as gaps accepts
    assert code == 0 and "刘振华" in out


@pytest.mark.parametrize("command", ["rank", "brokers", "hidden", "paths", "resilience",
                                     "whatif"])
def test_every_influence_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "--format" in capsys.readouterr().out
