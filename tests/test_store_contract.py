"""One contract that every store keeps: the file store and the Neo4j store alike.

The Neo4j store runs against the real server of ``tests/neo4j_server`` (or the one
``KAM_NEO4J_URI`` names). Every test writes accounts under its own id prefix and removes
them afterwards, so tests can share the server with each other and with other suites.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest

from graphlib_kam.errors import ConflictError, MapValidationError, NotFoundError
from graphlib_kam.model import AccountMap, Relationship, Stakeholder, parse_map
from graphlib_kam.store import FileStore, Store, load_map
from graphlib_kam.store.neo4j import Neo4jStore

HOSTILE = [
    "') DETACH DELETE n //",
    "`) MATCH (n) DETACH DELETE n //`",
    "back`tick",
    "``",
    "\\'; DROP DATABASE neo4j; //",
    "$account",
    "{id: 'x'}",
    'quote " and \' and \\',
    "line\nbreak\r\tand tab",
    "王建国 决策者",
    "emoji 🏦 and RTL \u05e9\u05dc\u05d5\u05dd",
    "zero\u200bwidth\ufeff",
    "",
]


# --- stores -----------------------------------------------------------------------------


@pytest.fixture
def prefix() -> str:
    """A prefix for this test's account ids (the Neo4j server is shared)."""
    return f"contract-{uuid.uuid4().hex[:10]}-"


@pytest.fixture(params=["file", "neo4j"])
def store(request, tmp_path, prefix):
    """A FileStore on a fresh folder, then a Neo4jStore on the real server."""
    if request.param == "file":
        yield FileStore(tmp_path)
        return
    driver = request.getfixturevalue("neo4j_driver")
    yield Neo4jStore(driver)
    _remove_accounts(driver, prefix)


def _remove_accounts(driver, prefix: str) -> None:
    with driver.session() as session:
        session.run("MATCH (n:Stakeholder|TeamMember) WHERE n.account STARTS WITH $p "
                    "DETACH DELETE n", p=prefix).consume()
        session.run("MATCH (r:Revision) WHERE r.account STARTS WITH $p DETACH DELETE r",
                    p=prefix).consume()
        session.run("MATCH (a:Account) WHERE a.id STARTS WITH $p DETACH DELETE a",
                    p=prefix).consume()


def renamed(amap: AccountMap, account_id: str) -> AccountMap:
    out = amap.copy()
    out.account.id = account_id
    return out


def awkward_map(account_id: str) -> AccountMap:
    """Everything round-tripping must keep: unknown keys at every level (nested values),
    missing strengths, missing dates, empty and full lists, an order that is not sorted,
    a revision that is not 1."""
    return parse_map({
        "schema": "kam/1",
        "revision": 41,
        "crm": {"system": "salesforce", "ids": [1, 2.5, None, True], "nested": {"a": []}},
        "account": {"id": account_id, "name": "Acme 银行", "industry": "banking",
                    "region": "华东", "tier": 1},
        "team": [{"id": "t-zz", "name": "Zed"},
                 {"id": "t-aa", "name": "", "title": "SE", "phone": "+86 21 5555"}],
        "stakeholders": [
            {"id": "s-9", "name": "Nine", "role": "decision-maker", "level": "executive",
             "power": 5, "tags": ["economic-buyer", "coach"], "interests": ["ROI"],
             "notes": "met at\nthe fair", "linkedin": "https://x.example/9"},
            {"id": "s-1", "name": "One", "role": "opposer", "stance": -2, "tags": [],
             "status": "left", "custom": {"deep": [{"x": 1}]}},
            {"id": "s-5", "name": "Five", "role": "influencer", "stance": 2, "power": 1},
            {"id": "s-3", "name": "Three"},
        ],
        "relationships": [
            {"source": "s-5", "target": "s-9", "kind": "influences", "strength": 0.8},
            {"source": "s-3", "target": "s-5", "kind": "reports-to"},
            {"source": "s-1", "target": "s-9", "kind": "conflict", "since": "2025"},
            {"source": "s-3", "target": "s-9", "kind": "influences"},
            {"source": "s-9", "target": "s-5", "kind": "allied", "strength": 1},
            {"source": "s-9", "target": "s-3", "kind": "influences", "strength": 0.05},
        ],
        "coverage": [
            {"member": "t-zz", "stakeholder": "s-5", "strength": 0.7,
             "last_contact": "2026-11-02", "channel": "wechat"},
            {"member": "t-aa", "stakeholder": "s-9"},
            {"member": "t-zz", "stakeholder": "s-1", "strength": 1.0,
             "last_contact": "2020-02-29"},
        ],
    })


def hostile_map(account_id: str) -> AccountMap:
    """Injection attempts and awkward text as ids, names, titles and unknown keys."""
    people = [{"id": f"{text}#{i}", "name": text, "title": HOSTILE[(i + 3) % len(HOSTILE)],
               "department": HOSTILE[(i + 5) % len(HOSTILE)], "notes": text,
               "tags": [text, "x"] if text else [], text or "blank-key": text}
              for i, text in enumerate(HOSTILE)]
    ids = [p["id"] for p in people]
    return parse_map({
        "account": {"id": account_id, "name": HOSTILE[0], "industry": HOSTILE[2]},
        "team": [{"id": "`t`", "name": HOSTILE[1], "title": HOSTILE[2]}],
        "stakeholders": people,
        "relationships": [{"source": a, "target": b, "kind": "influences", "strength": 0.5,
                           HOSTILE[0]: HOSTILE[1]}
                          for a, b in zip(ids, ids[1:])],
        "coverage": [{"member": "`t`", "stakeholder": ids[0], "strength": 0.9,
                      "last_contact": "2026-01-31"}],
    })


# --- the contract -----------------------------------------------------------------------


def test_both_stores_are_stores(store):
    assert isinstance(store, Store)


def test_every_example_round_trips(store, example_path, prefix):
    amap = renamed(load_map(example_path), prefix + "example")
    saved = store.save(amap)
    assert saved == amap  # a new account keeps the map's own revision
    loaded = store.load(amap.account.id)
    assert loaded == saved
    assert loaded.to_dict() == saved.to_dict()  # the same JSON, key for key


def test_unknown_keys_missing_values_order_and_revision_round_trip(store, prefix):
    amap = awkward_map(prefix + "awkward")
    loaded = store.load(store.save(amap).account.id)
    assert loaded == amap
    assert loaded.revision == 41
    assert [s.id for s in loaded.stakeholders] == ["s-9", "s-1", "s-5", "s-3"]
    assert [t.id for t in loaded.team] == ["t-zz", "t-aa"]
    assert [(r.source, r.target, r.kind) for r in loaded.relationships] == [
        (r.source, r.target, r.kind) for r in amap.relationships]
    assert loaded.relationships[1].strength is None
    assert loaded.coverage[1].last_contact is None
    assert loaded.extra["crm"] == {"system": "salesforce", "ids": [1, 2.5, None, True],
                                   "nested": {"a": []}}
    assert loaded.stakeholders[1].extra == {"custom": {"deep": [{"x": 1}]}}
    assert loaded.coverage[0].extra == {"channel": "wechat"}


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_stored_literally_as_the_account_id(store, prefix, name):
    sentinel = store.save(awkward_map(prefix + "sentinel"))
    amap = hostile_map(prefix + name)
    store.save(amap)
    assert store.load(prefix + name) == amap
    # nothing was injected: the other account is intact, and the ids are what we wrote
    assert store.load(sentinel.account.id) == sentinel
    ids = {a.id for a in store.list_accounts()}
    assert {prefix + name, sentinel.account.id} <= ids


def test_a_backtick_is_stored_literally(store, prefix):
    amap = hostile_map(prefix + "tick")
    loaded = store.load(store.save(amap).account.id)
    assert loaded.member("`t`").name == "`) MATCH (n) DETACH DELETE n //`"
    assert loaded.stakeholder("back`tick#2").name == "back`tick"
    assert loaded.stakeholder("``#3").tags == ["``", "x"]
    assert loaded.relationships[0].extra == {HOSTILE[0]: HOSTILE[1]}


def test_saving_twice_changes_nothing_but_the_revision(store, prefix):
    amap = awkward_map(prefix + "twice")
    first = store.save(amap)
    second = store.save(first)
    assert second.revision == first.revision + 1
    loaded = store.load(amap.account.id)
    assert loaded == second == first.with_revision(first.revision + 1)
    assert [a.stakeholders for a in store.list_accounts()
            if a.id == amap.account.id] == [len(amap.stakeholders)]


def test_a_save_removes_what_the_map_no_longer_has(store, prefix):
    saved = store.save(awkward_map(prefix + "edit"))
    edited = saved.copy()
    edited.stakeholders = [s for s in edited.stakeholders if s.id != "s-1"]
    edited.relationships = [r for r in edited.relationships if "s-1" not in (r.source, r.target)]
    edited.coverage = [c for c in edited.coverage if c.stakeholder != "s-1"]
    edited.relationships[0].strength = None
    edited.relationships[1] = Relationship("s-3", "s-5", "allied", 0.4)  # kind changed
    edited.team = edited.team[:1]
    edited.coverage = [c for c in edited.coverage if c.member == "t-zz"]
    edited.stakeholders[0].tags = []
    edited.stakeholders[0].extra = {}
    edited.extra = {}
    edited.account.name = "Renamed"
    resaved = store.save(edited)
    loaded = store.load(edited.account.id)
    assert loaded == resaved == edited.with_revision(saved.revision + 1)


def test_a_stale_save_is_a_conflict_and_changes_nothing(store, prefix):
    amap = awkward_map(prefix + "stale")
    first = store.save(amap)  # revision 41, as the map says
    mine, theirs = first.copy(), first.copy()
    theirs.account.name = "their change"
    store.save(theirs)  # now at 42
    mine.account.name = "my change"
    mine.stakeholders[0].name = "renamed by me"
    with pytest.raises(ConflictError) as info:
        store.save(mine)
    assert (info.value.expected, info.value.found) == (41, 42)
    assert "nothing was overwritten" in str(info.value)
    assert store.load(amap.account.id) == theirs.with_revision(42)


def test_concurrent_saves_of_one_revision_let_exactly_one_through(store, prefix):
    base = store.save(awkward_map(prefix + "race"))
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def save(n: int) -> None:
        edit = base.copy()
        edit.account.name = f"writer {n}"
        barrier.wait()
        try:
            store.save(edit)
            outcomes.append(f"saved {n}")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(outcomes)[:3] == ["conflict"] * 3 and len(outcomes) == 4
    [winner] = [o for o in outcomes if o.startswith("saved")]
    loaded = store.load(base.account.id)
    assert loaded.revision == base.revision + 1
    assert loaded.account.name == "writer " + winner.split()[-1]


def test_delete_removes_the_account_and_only_it(store, prefix):
    keep = store.save(awkward_map(prefix + "keep"))
    gone = store.save(awkward_map(prefix + "gone"))
    store.delete(gone.account.id)
    with pytest.raises(NotFoundError):
        store.load(gone.account.id)
    with pytest.raises(NotFoundError):
        store.delete(gone.account.id)
    ids = {a.id for a in store.list_accounts()}
    assert gone.account.id not in ids and keep.account.id in ids
    assert store.load(keep.account.id) == keep
    # the id can be used again, from scratch
    assert store.save(awkward_map(gone.account.id)).revision == 41


def test_list_accounts_describes_each_account(store, prefix):
    store.save(awkward_map(prefix + "b"))
    store.save(renamed(load_map(_example("cn-bank")), prefix + "a"))
    mine = [a for a in store.list_accounts() if a.id.startswith(prefix)]
    assert [(a.id, a.name, a.revision, a.stakeholders) for a in mine] == [
        (prefix + "a", "华东某城市商业银行", load_map(_example("cn-bank")).revision, 20),
        (prefix + "b", "Acme 银行", 41, 4),
    ]


def test_an_unknown_account_is_not_found(store, prefix):
    with pytest.raises(NotFoundError, match="no account with the id"):
        store.load(prefix + "missing")


# --- history: every save keeps its revision --------------------------------------------


def _edited(amap: AccountMap) -> AccountMap:
    """s-5 leaves, a new stakeholder joins, one coverage link grows stronger."""
    out = amap.copy()
    out.stakeholder("s-5").status = "left"
    out.stakeholders.append(Stakeholder(id="s-new", name="New"))
    out.coverage[1].strength = 0.9
    return out


def test_every_save_keeps_its_revision_with_who_when_and_what(store, prefix, monkeypatch):
    monkeypatch.setenv("KAM_USER", "Wang Fang")
    first = store.save(awkward_map(prefix + "history"), saved_by="Li Na")
    second = store.save(_edited(first), saved_by="Chen Ming")
    third = store.save(second)  # KAM_USER names who saves when saved_by is not given
    history = store.history(first.account.id)
    assert [(r.revision, r.saved_by, r.current) for r in history] == [
        (43, "Wang Fang", True), (42, "Chen Ming", False), (41, "Li Na", False)]
    assert [r.summary() for r in history] == [
        "no changes", "+1 stakeholder, 1 left, 1 coverage link changed", "first revision"]
    assert history[1].summary("zh") == "新增 1 名干系人、1 人离职、1 条覆盖有变更"
    for entry in history:
        saved_at = dt.datetime.fromisoformat(entry.saved_at)
        assert saved_at.utcoffset() == dt.timedelta(0)
        assert abs(dt.datetime.now(dt.UTC) - saved_at) < dt.timedelta(minutes=5)
    assert store.load_revision(first.account.id, 41) == first
    assert store.load_revision(first.account.id, 42) == second
    assert store.load_revision(first.account.id, 43) == third == store.load(first.account.id)
    assert history[0].to_dict()["summary"] == "no changes"


def test_restore_is_a_new_revision_equal_to_an_old_one(store, prefix):
    first = store.save(awkward_map(prefix + "restore"), saved_by="Li Na")
    second = store.save(_edited(first), saved_by="Chen Ming")
    old = store.load_revision(first.account.id, 41)
    restored = store.save(old.with_revision(second.revision), saved_by="Li Na",
                          restored_from=41)
    assert restored.revision == 43 and restored == first.with_revision(43)
    history = store.history(first.account.id)
    assert [(r.revision, r.summary()) for r in history] == [
        (43, "restored revision 41"),
        (42, "+1 stakeholder, 1 left, 1 coverage link changed"),
        (41, "first revision")]
    assert store.load_revision(first.account.id, 42) == second  # history is not rewritten


def test_a_conflicting_save_keeps_no_revision(store, prefix):
    first = store.save(awkward_map(prefix + "nokeep"), saved_by="Li Na")
    store.save(first, saved_by="Chen Ming")
    with pytest.raises(ConflictError):
        store.save(_edited(first), saved_by="Mallory")
    assert [(r.revision, r.saved_by) for r in store.history(first.account.id)] == [
        (42, "Chen Ming"), (41, "Li Na")]


def test_a_revision_that_is_not_kept_is_not_found(store, prefix):
    first = store.save(awkward_map(prefix + "norev"))
    for missing in (40, 42, 7):
        with pytest.raises(NotFoundError, match=f"no revision {missing}"):
            store.load_revision(first.account.id, missing)
    with pytest.raises(NotFoundError, match="no account"):
        store.history(prefix + "nobody")
    with pytest.raises(NotFoundError, match="no account"):
        store.load_revision(prefix + "nobody", 1)


def test_deleting_an_account_deletes_its_history(store, prefix):
    first = store.save(awkward_map(prefix + "forget"))
    store.save(first)
    store.delete(first.account.id)
    again = store.save(awkward_map(first.account.id), saved_by="Li Na")
    assert [(r.revision, r.saved_by) for r in store.history(again.account.id)] == [
        (41, "Li Na")]


def _example(stem: str):
    from tests.conftest import EXAMPLES

    return next(EXAMPLES.glob(f"{stem}*.kam.json"))


# --- what only the Neo4j store has: the graph model --------------------------------------


@pytest.fixture
def neo4j_store(neo4j_driver, prefix):
    yield Neo4jStore(neo4j_driver)
    _remove_accounts(neo4j_driver, prefix)


def _counts(driver, account_id: str) -> dict[str, int]:
    with driver.session() as session:
        record = session.run(
            "OPTIONAL MATCH (a:Account {id: $a}) WITH count(a) AS accounts "
            "CALL { MATCH (s:Stakeholder {account: $a}) RETURN count(s) AS people } "
            "CALL { MATCH (t:TeamMember {account: $a}) RETURN count(t) AS team } "
            "CALL { MATCH (:Stakeholder {account: $a})-[r]->(:Stakeholder {account: $a}) "
            "       RETURN count(r) AS links } "
            "CALL { MATCH (:TeamMember {account: $a})-[r:COVERS]->() "
            "       RETURN count(r) AS coverage } "
            "RETURN accounts, people, team, links, coverage", a=account_id,
        ).single()
    return dict(record)


def test_the_graph_follows_the_model(neo4j_store, neo4j_driver, prefix):
    amap = awkward_map(prefix + "model")
    neo4j_store.save(amap)
    with neo4j_driver.session() as session:
        rels = session.run(
            "MATCH (u {account: $a})-[r]->(v {account: $a}) "
            "RETURN labels(u)[0] AS u, type(r) AS type, labels(v)[0] AS v, u.id AS source, "
            "v.id AS target, properties(r) AS props ORDER BY r.ord, type",
            a=amap.account.id).data()
        account = session.run("MATCH (a:Account {id: $a}) RETURN a.revision AS revision",
                              a=amap.account.id).single()
        constraints = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
    assert account["revision"] == 41
    links = [(r["u"], r["type"], r["v"]) for r in rels]
    assert ("Stakeholder", "INFLUENCES", "Stakeholder") in links
    assert {t for _, t, _ in links} == {"INFLUENCES", "REPORTS_TO", "IN_CONFLICT_WITH",
                                        "ALLIED_WITH", "COVERS"}
    covers = [r for r in rels if r["type"] == "COVERS"]
    assert {(r["u"], r["v"]) for r in covers} == {("TeamMember", "Stakeholder")}
    dated = next(r for r in covers if r["target"] == "s-5")
    assert dated["props"]["strength"] == 0.7
    assert dated["props"]["last_contact"].iso_format() == "2026-11-02"  # a Cypher date
    assert {"kam_account_id", "kam_stakeholder_key", "kam_team_member_key"} <= constraints


def test_saving_twice_leaves_the_same_graph(neo4j_store, neo4j_driver, prefix):
    amap = renamed(load_map(_example("cn-bank")), prefix + "same")
    first = neo4j_store.save(amap)
    before = _counts(neo4j_driver, amap.account.id)
    neo4j_store.save(first)
    assert _counts(neo4j_driver, amap.account.id) == before == {
        "accounts": 1, "people": len(amap.stakeholders), "team": len(amap.team),
        "links": len(amap.relationships), "coverage": len(amap.coverage)}


def test_a_map_that_breaks_the_rules_is_refused_before_any_write(neo4j_store, neo4j_driver,
                                                                 prefix):
    amap = awkward_map(prefix + "invalid")
    amap.relationships.append(Relationship("s-9", "nobody", "influences", 0.5))
    with pytest.raises(MapValidationError, match="no stakeholder has the id 'nobody'"):
        neo4j_store.save(amap)
    assert _counts(neo4j_driver, amap.account.id)["accounts"] == 0


def test_a_large_account_is_written_in_batches(neo4j_store, neo4j_driver, prefix):
    from graphlib_kam.model.synthetic import generate_account
    from graphlib_kam.store import neo4j as store_module

    amap = generate_account(2_500, seed=3, account_id=prefix + "large")
    assert len(amap.stakeholders) > store_module.BATCH_SIZE
    saved = neo4j_store.save(amap)
    assert neo4j_store.load(amap.account.id) == saved
    assert _counts(neo4j_driver, amap.account.id)["people"] == 2_500


def test_an_account_saved_before_history_keeps_that_revision_on_its_next_save(
        neo4j_store, neo4j_driver, prefix):
    first = neo4j_store.save(awkward_map(prefix + "legacy"), saved_by="Li Na")
    with neo4j_driver.session() as session:  # as a version of kam without history left it
        session.run("MATCH (r:Revision {account: $a}) DETACH DELETE r",
                    a=first.account.id).consume()
    assert [(r.revision, r.saved_by, r.saved_at) for r in
            neo4j_store.history(first.account.id)] == [(41, "", None)]
    second = neo4j_store.save(_edited(first), saved_by="Chen Ming")
    history = neo4j_store.history(first.account.id)
    assert [(r.revision, r.saved_by) for r in history] == [(42, "Chen Ming"), (41, "")]
    assert history[0].summary() == "+1 stakeholder, 1 left, 1 coverage link changed"
    assert neo4j_store.load_revision(first.account.id, 41) == first
    assert neo4j_store.load_revision(first.account.id, 42) == second
    with neo4j_driver.session() as session:
        labels = session.run(
            "MATCH (:Account {id: $a})-[k:HAS_REVISION]->(r) RETURN labels(r) AS labels, "
            "type(k) AS type", a=first.account.id).data()
    assert labels == [{"labels": ["Revision"], "type": "HAS_REVISION"}] * 2


def test_the_file_store_keeps_revisions_as_map_files_beside_the_map(tmp_path):
    from graphlib_kam.store.file_history import history_folder

    store = FileStore(tmp_path)
    first = store.save(awkward_map("acme"), saved_by="Li Na")
    store.save(_edited(first), saved_by="Chen Ming")
    folder = history_folder(store.path_for("acme"))
    assert sorted(p.name for p in folder.iterdir()) == ["r000041.kam.json",
                                                        "r000042.kam.json"]
    kept = load_map(folder / "r000041.kam.json")  # a kam/1 map like any other
    assert kept.extra.pop("revision_info")["saved_by"] == "Li Na"
    assert kept == first
    assert [a.id for a in store.list_accounts()] == ["acme"]
