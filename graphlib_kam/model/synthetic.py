"""Reproducible synthetic accounts, for benchmarks, demos and property tests."""

from __future__ import annotations

import datetime as dt
import random

from graphlib_kam.model import (
    Account,
    AccountMap,
    CoverageLink,
    Relationship,
    Stakeholder,
    TeamMember,
)

__all__ = ["generate_account"]

_DEPARTMENTS = ["IT", "Finance", "Operations", "Procurement", "Risk", "Sales", "HR", "Legal"]


def generate_account(
    stakeholders: int,
    *,
    seed: int = 0,
    team: int | None = None,
    as_of: dt.date = dt.date(2026, 11, 28),
    account_id: str | None = None,
) -> AccountMap:
    """A realistic random committee of ``stakeholders`` people, the same for the same seed.

    A reporting tree (about 5 % executives, 25 % management), about two explicit
    ``influences`` edges per person, a few alliances and conflicts, roughly one
    decision-maker per 20 people, and coverage of about a fifth of the committee by
    ``team`` members (default: one per 25 people, at least 2) with contacts up to 200
    days before ``as_of``.

    Examples
    --------
    >>> m = generate_account(40, seed=1)
    >>> len(m.stakeholders), m == generate_account(40, seed=1)
    (40, True)
    """
    if stakeholders < 1:
        raise ValueError("stakeholders must be at least 1")
    rng = random.Random(seed)
    n_exec = max(1, stakeholders // 20)
    n_mgmt = max(1, stakeholders // 4) if stakeholders > 2 else 0
    people: list[Stakeholder] = []
    relationships: list[Relationship] = []
    for i in range(stakeholders):
        sid = f"s{i:05d}"
        if i < n_exec:
            level, role = "executive", "decision-maker"
        elif i < n_exec + n_mgmt:
            level = "management"
            role = rng.choices(["influencer", "decision-maker", "opposer", "user"],
                               weights=[60, 8, 10, 22])[0]
        else:
            level = "operational"
            role = rng.choices(["user", "influencer", "opposer"], weights=[80, 12, 8])[0]
        stance = -1 if role == "opposer" else rng.choice([-1, 0, 0, 0, 1, 1, 2])
        people.append(Stakeholder(
            id=sid, name=f"Person {i}", title=f"{level.title()} {i}",
            department=rng.choice(_DEPARTMENTS), level=level, role=role, stance=stance,
            power={"executive": 5, "management": 3, "operational": 1}[level]
            + rng.choice([-1, 0, 0]) * (level != "operational"),
            status="left" if rng.random() < 0.02 else "active",
        ))
        if i > 0:
            if level == "management":
                manager = rng.randrange(0, n_exec)
            elif level == "operational":
                manager = rng.randrange(n_exec, n_exec + n_mgmt) if n_mgmt else 0
            else:
                manager = 0  # executives report to the first executive
            if manager != i:
                relationships.append(Relationship(sid, f"s{manager:05d}", "reports-to"))
    pairs = {(r.source, r.target) for r in relationships}
    for _ in range(stakeholders * 2):
        u, v = rng.sample(range(stakeholders), 2) if stakeholders > 1 else (0, 0)
        key = (f"s{u:05d}", f"s{v:05d}")
        if u == v or key in pairs:
            continue
        pairs.add(key)
        relationships.append(Relationship(*key, "influences", round(rng.uniform(0.2, 0.95), 2)))
    undirected: set[frozenset] = set()
    for kind in ["allied"] * (stakeholders // 10) + ["conflict"] * (stakeholders // 20):
        u, v = rng.sample(range(stakeholders), 2)
        key = frozenset((u, v))
        if key in undirected:
            continue
        undirected.add(key)
        relationships.append(Relationship(f"s{u:05d}", f"s{v:05d}", kind))
    members = [TeamMember(id=f"t{j:03d}", name=f"Rep {j}", title="Account Manager")
               for j in range(team if team is not None else max(2, stakeholders // 25))]
    coverage = []
    covered = rng.sample(range(stakeholders), max(1, stakeholders // 5))
    for i in covered:
        coverage.append(CoverageLink(
            member=rng.choice(members).id, stakeholder=f"s{i:05d}",
            strength=round(rng.uniform(0.2, 1.0), 2),
            last_contact=as_of - dt.timedelta(days=rng.randrange(0, 200)),
        ))
    return AccountMap(
        account=Account(id=account_id or f"synthetic-{stakeholders}-{seed}",
                        name=f"Synthetic account {stakeholders}/{seed}", industry="synthetic"),
        stakeholders=people, relationships=relationships, team=members, coverage=coverage,
    )
