"""Lookups, immutability and the derived views of a policy."""

from __future__ import annotations

from importlib import resources

import attrs
import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.vocabulary import chinese_numeral


@pytest.mark.parametrize("ref", ["3.2", "三（二）", "三(二)", " 3.2 ", "sec_3__item_2"])
def test_clause_accepts_every_written_form(policy: jx.Policy, ref: str) -> None:
    assert policy.clause(ref).id == "3.2"


def test_clause_identity_fields(policy: jx.Policy) -> None:
    c = policy.clause("4.5")
    assert (c.section, c.item, c.label, c.eid) == (4, 5, "四（五）", "sec_4__item_5")
    assert c.section_title == "加强城市消防安全风险治理"
    assert c.title == "推进基层消防智慧治理能力建设"
    assert c.citation == jx.Citation(document="yuzhong-2023", clause="4.5", label="四（五）")
    assert c.citation.eid == c.eid


def test_every_label_and_eid_round_trips(policy: jx.Policy) -> None:
    for c in policy.clauses:
        assert policy.clause(c.label) is c
        assert policy.clause(c.eid) is c
        assert policy.clause(c.citation.clause) is c


@pytest.mark.parametrize("ref", ["3.8", "6.1", "三（八）", "sec_9__item_1", "", "3,2"])
def test_unknown_clause_is_a_clear_error(policy: jx.Policy, ref: str) -> None:
    with pytest.raises(jx.NotFoundError, match="no clause"):
        policy.clause(ref)


def test_unknown_clause_suggests_the_closest(policy: jx.Policy) -> None:
    with pytest.raises(jx.NotFoundError, match=r"did you mean '3\.2'"):
        policy.clause("3.22")


def test_not_found_is_a_lookup_and_value_error(policy: jx.Policy) -> None:
    with pytest.raises(LookupError):
        policy.fact("no_such_fact")
    with pytest.raises(ValueError):
        policy.body("区消防大队")


def test_non_string_clause_reference(policy: jx.Policy) -> None:
    with pytest.raises(jx.NotFoundError, match="a clause reference is a string"):
        policy.clause(3.2)  # type: ignore[arg-type]


def test_task_of_a_clause_and_of_section_five(policy: jx.Policy) -> None:
    assert policy.task("三（三）").clause == "3.3"
    with pytest.raises(jx.NotFoundError, match="no row in the annex"):
        policy.task("5.1")


def test_section_lookup(policy: jx.Policy) -> None:
    assert policy.section(1).label == "一"
    with pytest.raises(jx.NotFoundError, match="no section '6'"):
        policy.section(6)
    with pytest.raises(jx.NotFoundError):
        policy.clauses_in(0)


def test_body_by_alias_and_collective(policy: jx.Policy) -> None:
    assert policy.body("区人民政府") is policy.body("区政府")
    streets = policy.body("各街道办事处")
    assert streets.is_collective and streets.collective_of == "街道办事处"
    assert policy.body(streets.collective_of).kind == "street_office"
    assert not policy.body("区应急局").is_collective


def test_objects_are_frozen(policy: jx.Policy) -> None:
    clause = policy.clause("1.1")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        clause.text = "changed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.document.issued = None  # type: ignore[misc]
    changed = attrs.evolve(clause, text="x")
    assert changed.text == "x" and clause.text != "x"


def test_policies_compare_by_value(policy: jx.Policy) -> None:
    data = resources.files("jiceng_xiaofang.data")
    again = jx.parse_policy((data / "yuzhong-2023.toml").read_bytes(), base=str(data))
    assert again == policy
    assert again is not policy
    assert attrs.evolve(again, tasks=again.tasks[:-1]) != policy


def test_search_chinese_and_english(policy: jx.Policy) -> None:
    assert [c.id for c in policy.search("消防车通道")] == ["2.2", "2.4"]
    assert [c.id for c in policy.search("双随机")] == ["3.3"]
    assert [c.id for c in policy.search("12345")] == ["3.7"]
    assert [c.id for c in policy.search("WHISTLE")] == ["3.6", "3.7"]
    assert [c.id for c in policy.search("微型消防站", "床铺")] == ["1.2"]
    assert policy.search("不存在的词") == ()
    with pytest.raises(ValueError, match="at least one keyword"):
        policy.search()


def test_mentions(policy: jx.Policy) -> None:
    assert [c.id for c in policy.mentions("区财政局")] == ["5.2"]
    # 区司法局 appears only in duty notes (3.4, 3.5) and as a lead in 4.4
    assert [c.id for c in policy.mentions("区司法局")] == ["3.4", "3.5", "4.4"]


def test_workload_counted_by_hand(policy: jx.Policy) -> None:
    rows = {w.name: (w.lead, w.cooperating) for w in policy.workload()}
    # Read off the annex by hand:
    assert rows["区消防救援支队"] == (11, 10)
    assert rows["区应急局"] == (1, 18)  # leads only 4.3; cooperates on all but 3.5, 4.3
    assert rows["各街道办事处"] == (8, 11)
    assert rows["区大数据发展局"] == (1, 0)
    assert rows["区公安分局"] == (2, 1)
    assert rows["区司法局"] == (1, 2)
    assert len(rows) == 17  # 16 district bodies + the collective of street offices
    assert sum(w.lead for w in policy.workload()) == sum(len(t.lead) for t in policy.tasks)
    totals = [w.total for w in policy.workload()]
    assert totals == sorted(totals, reverse=True)


def test_repr_is_short(policy: jx.Policy) -> None:
    assert repr(policy) == "<Policy yuzhong-2023: 5 sections, 24 clauses, 20 tasks, 14 facts, 35 bodies>"


@pytest.mark.parametrize(
    ("n", "zh"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (99, "九十九")]
)
def test_chinese_numerals(n: int, zh: str) -> None:
    assert chinese_numeral(n) == zh


@pytest.mark.parametrize("n", [0, 100, -1])
def test_chinese_numeral_range(n: int) -> None:
    with pytest.raises(ValueError, match="expected 1 to 99"):
        chinese_numeral(n)
