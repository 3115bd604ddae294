"""The encoded policy must say exactly what the Chinese source says."""

from __future__ import annotations

import re

import pytest

import jiceng_xiaofang as jx
import seed_text as seed

SOURCE_CLAUSES = seed.source_clauses()
SOURCE_ROWS = seed.source_rows()


def test_vendored_seed_is_the_shared_authority() -> None:
    seed.assert_vendored(seed.VENDORED, seed.SHARED)


def test_the_source_reader_finds_the_whole_structure() -> None:
    # 4 + 4 + 7 + 5 + 4 clauses and 20 annex rows, as counted by hand in the source.
    per_section = [sum(c.id.startswith(f"{n}.") for c in SOURCE_CLAUSES) for n in range(1, 6)]
    assert per_section == [4, 4, 7, 5, 4]
    assert len(SOURCE_ROWS) == 20


def test_every_clause_in_order(policy: jx.Policy) -> None:
    assert [c.id for c in policy.clauses] == [c.id for c in SOURCE_CLAUSES]


@pytest.mark.parametrize("src", SOURCE_CLAUSES, ids=lambda c: c.id)
def test_clause_text_is_verbatim(policy: jx.Policy, src: seed.SourceClause) -> None:
    clause = policy.clause(src.id)
    assert seed.normalise(clause.text) == seed.normalise(src.body)
    assert clause.section_title == src.section_title


@pytest.mark.parametrize("src", SOURCE_CLAUSES, ids=lambda c: c.id)
def test_clause_rebuilds_the_source_line(policy: jx.Policy, src: seed.SourceClause) -> None:
    """Label + text + the duty note, rebuilt from the data, is the source line itself."""
    clause = policy.clause(src.id)
    note = ""
    if clause.lead:
        note = f"（责任单位：{'、'.join(clause.lead)}"
        if clause.cooperating:
            note += f"；配合单位：{'、'.join(clause.cooperating)}"
        note += "）"
    item_label = clause.label.removeprefix(policy.section(clause.section).label)  # （二）
    assert f"{item_label}{clause.text}{note}" == src.line


@pytest.mark.parametrize("src", SOURCE_CLAUSES, ids=lambda c: c.id)
def test_clause_units_exactly_as_written(policy: jx.Policy, src: seed.SourceClause) -> None:
    clause = policy.clause(src.id)
    assert clause.lead == src.lead
    assert clause.cooperating == src.cooperating


def test_section_five_has_no_units(policy: jx.Policy) -> None:
    assert all(not c.lead and not c.cooperating for c in policy.clauses_in(5))
    assert all(c.lead for s in range(1, 5) for c in policy.clauses_in(s))


def test_sections_titles_from_source(policy: jx.Policy) -> None:
    titles = list(dict.fromkeys(c.section_title for c in SOURCE_CLAUSES))
    assert [s.title for s in policy.sections] == titles


@pytest.mark.parametrize("number", range(1, 21))
def test_annex_row_matches_source(policy: jx.Policy, number: int) -> None:
    src = SOURCE_ROWS[number - 1]
    task = policy.tasks[number - 1]
    assert task.number == number
    assert task.section == src.section
    assert task.name == src.task
    assert seed.normalise(task.content) == seed.normalise(src.content)
    assert task.lead == src.lead
    assert task.cooperating == src.cooperating


def test_annex_rows_link_to_the_clause_with_their_title(policy: jx.Policy) -> None:
    # The link is checked against the source independently: the row's task name is the
    # first sentence of exactly one clause, and that clause is the one the data cites.
    for task, src in zip(policy.tasks, SOURCE_ROWS, strict=True):
        matches = [c.id for c in SOURCE_CLAUSES if c.body.split("。")[0] == src.task]
        assert matches == [task.clause]
        assert policy.section(policy.clause(task.clause).section).title == src.section


def test_document_metadata_from_source(policy: jx.Policy) -> None:
    text = seed.seed_text()
    doc = policy.document
    assert doc.title in seed.normalise(text)
    assert seed.normalise(doc.notice_title) in seed.normalise(text)
    assert doc.issuer in text
    # 2023年2月21日 printed under the notice
    m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    assert m is not None
    assert (doc.issued.year, doc.issued.month, doc.issued.day) == tuple(int(g) for g in m.groups())
    assert f"第{doc.approval_meeting}次常务会会议" in text
    assert doc.approved_by in text
    assert doc.parent is not None
    assert f"《{doc.parent.title}》（{doc.parent.number}）" in text
    assert f"{doc.parent.issuer}《{doc.parent.title}》" in text
    assert f"（{doc.publication}）" in text and doc.public
    assert "，".join(doc.addressees) + "：" in text
    # the preamble is the paragraph between the title and section 一, whole
    lines = [line.strip() for line in text.splitlines()]
    first_section = next(i for i, line in enumerate(lines) if line.startswith("一、"))
    assert doc.preamble == lines[first_section - 1]
    assert doc.preamble.startswith("为深入贯彻") and doc.preamble.endswith("提出以下实施意见。")


@pytest.mark.parametrize("fact_id", [f.id for f in jx.load_policy().facts])
def test_fact_quote_is_verbatim_and_carries_its_value(policy: jx.Policy, fact_id: str) -> None:
    fact = policy.fact(fact_id)
    src = next(c for c in SOURCE_CLAUSES if c.id == fact.clause)
    assert fact.quote in src.body
    if fact.kind in ("count", "quantity"):
        assert re.search(rf"(?<!\d){fact.value}(?!\d)", fact.quote)
    if fact.kind == "names":
        assert all(item in fact.quote for item in fact.items)
    if fact.kind == "date":
        assert str(fact.value)[:4] + "年" in fact.quote


def test_named_facts_read_by_hand(policy: jx.Policy) -> None:
    assert policy.fact("small_fire_stations").items == ("十八梯", "王家坝", "大井巷")
    assert policy.fact("small_fire_stations").clause == "2.1"
    assert policy.fact("heritage_buildings").value == 149
    assert policy.fact("historic_districts").value == 3
    assert policy.fact("traditional_style_areas").value == 9
    assert len(policy.fact("parks").items) == 8
    assert policy.fact("parks").clause == "2.3"
    assert policy.fact("completion_deadline").value.isoformat() == "2025-12-31"  # type: ignore[union-attr]
    assert policy.fact("completion_deadline").clause == "5.1"
    assert (policy.fact("fire_lane_clearance").value, policy.fact("fire_lane_clearance").unit) == (4, "m")
    periods = {f.id: (f.clause, f.value) for f in policy.facts if f.kind == "period"}
    assert periods == {
        "police_station_inspection": ("3.3", "P1Y"),
        "street_inspection": ("3.3", "P1Y"),
        "police_station_listed_inspection": ("3.5", "P1Y"),
        "district_check_frequency": ("5.4", "P3M"),
        "district_supervision_frequency": ("5.4", "P6M"),
    }


def test_every_unit_named_in_the_source_is_in_the_directory(policy: jx.Policy) -> None:
    named = {u for c in SOURCE_CLAUSES for u in (*c.lead, *c.cooperating)}
    named |= {u for r in SOURCE_ROWS for u in (*r.lead, *r.cooperating)}
    for unit in named:
        assert policy.body(unit).name == unit
    district = {u for u in named if u.startswith("区")}
    assert len(district) == 16  # the 16 district departments and bodies of the annex
    assert all(policy.body(u).level == "district" for u in district)


@pytest.mark.parametrize(
    "name",
    [
        "区政府",
        "区消防安全委员会",
        "区消防安全委员会办公室",
        "区财政局",
        "公安派出所",
        "街道消防安全委员会",
        "消防工作站",
        "社区居委会",
        "微型消防站",
        "街道应急管理办公室",
        "消防工作小组",
        "小型消防站",
    ],
)
def test_other_named_bodies_are_in_directory_and_in_the_text(policy: jx.Policy, name: str) -> None:
    body = policy.body(name)
    assert body.name == name
    assert name in seed.seed_text()


def test_body_english_names_follow_the_glossary(policy: jx.Policy) -> None:
    glossary = {
        "区消防救援支队": "fire and rescue detachment",
        "区应急局": "emergency management bureau",
        "区公安分局": "public security sub-bureau",
        "公安派出所": "police station",
        "区城管局": "urban management bureau",
        "区大数据发展局": "big data development bureau",
        "区财政局": "finance bureau",
        "消防工作站": "fire work station",
        "微型消防站": "micro fire station",
        "街道消防安全委员会": "street fire safety committee",
        "消防工作小组": "community fire work group",
    }
    for zh, en in glossary.items():
        assert policy.body(zh).name_en == en
