"""Benchmark: a national-size hierarchy (about 650,000 units) and the upward chain of a compound.

Used by benchmarks/run.py.  The baseline of the chain lookup is a plain dict of parent ids walked by hand.
"""

from __future__ import annotations

import time

from jiceng_xiaofang.org import District, Provenance, Street, Unit, hierarchy_graph


def synthetic_country(districts: int, streets: int, communities: int, compounds: int) -> list[District]:
    """Invented districts: each with ``streets`` streets, each with ``communities``, each with ``compounds``."""
    out = []
    for d in range(districts):
        code = f"{100000 + d:06d}"
        street_list = tuple(
            Street(name=f"S{d}-{s}", name_en="", code=f"{code}{s:03d}") for s in range(streets)
        )
        units = []
        for street in street_list:
            for c in range(communities):
                community = f"{street.code}{c:03d}"
                units.append(
                    Unit(id=community, kind="community", name=f"C{c}", parent=street.code, code=community)
                )
                units.extend(
                    Unit(id=f"{community}/{k}", kind="compound", name=f"K{k}", parent=community)
                    for k in range(compounds)
                )
        out.append(
            District(
                name=f"D{d}",
                name_en="",
                code=code,
                streets=street_list,
                units=tuple(units),
                provenance=Provenance(source="synthetic", confidence="illustrative"),
            )
        )
    return out


def hierarchy_rows(quick: bool) -> list[tuple[str, float, float, str, float]]:
    """(name, package seconds, baseline seconds, sense, goal) rows for the benchmark table."""
    # About 2,850 districts x 4 streets x 8 communities x 6 compounds + ... = ~650,000 units nationally;
    # the quick run builds about 6,500.
    shape = (30, 4, 8, 6) if quick else (2900, 4, 8, 6)
    start = time.perf_counter()
    country = synthetic_country(*shape)
    built = time.perf_counter() - start
    nodes = sum(1 + len(d.streets) + len(d.units) for d in country)
    start = time.perf_counter()
    graphs = [hierarchy_graph(d) for d in country]
    graph_time = time.perf_counter() - start
    assert sum(g.number_of_nodes() for g in graphs) == nodes

    district = country[len(country) // 2]
    leaves = [u.id for u in district.units if u.kind == "compound"]
    parents = {s.code: district.code for s in district.streets} | {u.id: u.parent for u in district.units}

    def plain(leaf: str) -> tuple[str, ...]:
        found = [leaf]
        while leaf in parents:
            leaf = parents[leaf]
            found.append(leaf)
        return tuple(found)

    assert all(district.chain(leaf) == plain(leaf) for leaf in leaves)
    rounds = 5
    ours_best = base_best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        for leaf in leaves:
            district.chain(leaf)
        ours_best = min(ours_best, (time.perf_counter() - t) / len(leaves))
        t = time.perf_counter()
        for leaf in leaves:
            plain(leaf)
        base_best = min(base_best, (time.perf_counter() - t) / len(leaves))
    return [
        (f"build {nodes:,} units as Districts", built, built, "info", 0),
        (f"hierarchy_graph of {nodes:,} units", graph_time, graph_time, "info", 0),
        ("upward chain of a compound vs parent-dict walk", ours_best, base_best, "slower", 3),
    ]
