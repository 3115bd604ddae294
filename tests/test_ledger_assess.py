"""Assessment (考核): the scheme file and its errors, scores whose points add up and trace to entries and clauses,
ranks with ties, caps, what cannot be told, and the periods."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jiceng_xiaofang as jx
from jiceng_xiaofang.ledger import (
    MEASURES,
    Entry,
    Ledger,
    LedgerError,
    Scheme,
    SchemeFileError,
    as_period,
    load_scheme,
    parse_scheme,
    read_ledger,
)
from jiceng_xiaofang.schedule import Period
from jiceng_xiaofang.standards import check_all, load_facilities

D = dt.date
DATA = Path(__file__).resolve().parents[1] / "examples" / "data"
EXAMPLE = (Path(jx.__file__).parent / "data" / "assessment-illustrative.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def policy() -> jx.Policy:
    return jx.load_policy()


@pytest.fixture(scope="module")
def empty(policy: jx.Policy) -> Ledger:
    return Ledger(policy, jx.yuzhong())


@pytest.fixture(scope="module")
def sample(policy: jx.Policy) -> Ledger:
    return read_ledger(DATA / "ledger-sample.jsonl", policy, jx.yuzhong())


@pytest.fixture(scope="module")
def checks(policy: jx.Policy) -> object:
    return check_all(load_facilities(DATA / "ledger-facilities.toml"), policy, D(2025, 12, 31))


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return load_scheme()


def progress(on: D, status: str, *, task: str = "1.1", unit: str = "解放碑街道") -> Entry:
    return Entry("progress", on, by="联络员", task=task, unit=unit, status=status)


def one(*rules: str) -> Scheme:
    head = 'format = 1\nid = "t"\ntitle = "测试"\nillustrative = true\npolicy = "yuzhong-2023"\n'
    return parse_scheme(head + "\n".join(rules), source="t.toml")


# --- the scheme file -----------------------------------------------------------------------------


def test_the_example_scheme_is_marked_illustrative(scheme: Scheme) -> None:
    assert scheme.illustrative is True
    assert "示意" in scheme.title and "invented" in scheme.title_en
    assert "INVENTED" in EXAMPLE  # its comment says the weights are invented
    assert scheme.groups() == ("street", "department", "office")
    assert set(scheme.measures()) <= set(MEASURES)
    assert scheme.rule("overdue").cap == Decimal("20.00")
    with pytest.raises(KeyError):
        scheme.rule("nope")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "format = 1",
            "format = 2",
            "t.toml:9: format: this package reads assessment scheme format 1, the file has 2",
        ),
        (
            'measure = "tasks_overdue"',
            'measure = "late_tasks"',
            "deduction[0].measure: expected one of lead_tasks_done_share",
        ),
        (
            'measure = "tasks_overdue"',
            'measure = "lead_tasks_done_share"',
            "a [[deduction]] counts a count measure",
        ),
        ('measure = "lead_tasks_done_share"', 'measure = "interviews"', "a [[item]] counts a share measure"),
        ("weight = 70", "weight = -70", "item[0].weight: expected a number above 0"),
        ("weight = 70", 'weight = "70"', "item[0].weight: expected a number, got '70'"),
        ("weight = 70", "weight = 70.125", "at most two decimals"),
        ("weight = 70", "weight = nan", "expected a number above 0"),
        ("weight = 70", "weight = true", "expected a number, got True"),
        (
            "cap = 20",
            "cap = 2",
            "deduction[0].cap: the cap (2.00) is less than the points of one occurrence (5.00)",
        ),
        ('id = "overdue"', 'id = "progress"', "duplicate id 'progress'"),
        ('id = "overdue"', 'id = "Overdue"', "an id is lower-case letters"),
        ("illustrative = true", 'illustrative = "yes"', "illustrative: expected true or false"),
        (
            'name_en = "lead task overdue"',
            'name_en = "lead task overdue"\nweight = 3',
            "unknown key 'weight'",
        ),
        (
            'measure = "tasks_overdue"',
            'measure = "tasks_overdue"\napplies_to = ["office"]',
            "applies_to[0]: tasks_overdue counts for street, department, not for 'office'",
        ),
        (
            'measure = "tasks_overdue"',
            'measure = "tasks_overdue"\napplies_to = ["county"]',
            "applies_to[0]: expected one of street, department, office; got 'county'",
        ),
        (
            'measure = "tasks_overdue"',
            'measure = "tasks_overdue"\napplies_to = ["street", "street"]',
            "a group is named twice",
        ),
        ('policy = "yuzhong-2023"', "", "policy: missing required key"),
        ("[[bonus]]", "[bonus]", "bonus: expected an array of tables"),
    ],
)
def test_scheme_file_errors_name_the_line_and_key(old: str, new: str, message: str) -> None:
    assert old in EXAMPLE, old
    with pytest.raises(SchemeFileError) as info:
        parse_scheme(EXAMPLE.replace(old, new, 1), source="t.toml")
    assert message in str(info.value)
    assert info.value.file == "t.toml"
    assert isinstance(info.value, jx.DataFileError)


def test_a_scheme_needs_a_rule_and_valid_toml(tmp_path: Path) -> None:
    head = 'format = 1\nid = "t"\ntitle = "测试"\nillustrative = false\npolicy = "yuzhong-2023"\n'
    with pytest.raises(SchemeFileError, match="at least one"):
        parse_scheme(head, source="t.toml")
    with pytest.raises(SchemeFileError, match="not valid TOML"):
        parse_scheme("format = ", source="t.toml")
    with pytest.raises(SchemeFileError, match="not UTF-8"):
        parse_scheme(b"\xff\xfe", source="t.toml")
    path = tmp_path / "s.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    assert load_scheme(path).source == str(path)


_PIECES = st.sampled_from(
    [
        "format = 1\n",
        'id = "x"\n',
        'title = "标题"\n',
        "illustrative = true\n",
        'policy = "yuzhong-2023"\n',
        "[[item]]\n",
        "[[deduction]]\n",
        "[[bonus]]\n",
        'measure = "tasks_overdue"\n',
        'measure = "lead_tasks_done_share"\n',
        "weight = 1e400\n",
        "weight = 0.1\n",
        "points = 3\n",
        "cap = -1\n",
        'applies_to = ["office"]\n',
        "applies_to = [1]\n",
        'name_zh = "名"\nname_en = "n"\n',
        "id = 3\n",
        "[item]\n",
        "item = 3\n",
        "\x00",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.lists(_PIECES, max_size=14).map("".join), st.text(max_size=200), st.binary(max_size=100)))
def test_the_scheme_loader_raises_only_the_package_errors(data: str | bytes) -> None:
    with contextlib.suppress(SchemeFileError):
        parse_scheme(data, source="p.toml")


# --- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2025", Period.year(2025)),
        ("2025H2", Period.half(2025, 2)),
        ("2025h1", Period.half(2025, 1)),
        ("2025Q4", Period.quarter(2025, 4)),
        ("2025-Q1", Period.quarter(2025, 1)),
        ("2025年第三季度", Period.quarter(2025, 3)),
        ("2024年下半年", Period.half(2024, 2)),
    ],
)
def test_periods_from_text(text: str, period: Period) -> None:
    assert as_period(text) == period


@pytest.mark.parametrize("bad", ["2025Q5", "2025H3", "25Q1", "", "2025-13", "每季度", "2025年3月1日"])
def test_bad_periods_are_refused(bad: str) -> None:
    with pytest.raises(LedgerError, match="period: expected"):
        as_period(bad)


def test_only_a_quarter_where_a_quarter_is_asked() -> None:
    with pytest.raises(LedgerError, match="expected a quarter such as 2025Q4, got 2025年"):
        as_period("2025", quarter=True)
    with pytest.raises(LedgerError, match="text or a Period"):
        as_period(2025)


# --- scores and points ---------------------------------------------------------------------------


def test_points_add_up_to_the_score_exactly_and_trace_to_entries(
    sample: Ledger, scheme: Scheme, checks: object, policy: jx.Policy
) -> None:
    a = jx.assess(sample, scheme, "2025", checks=checks)
    by_seq = {e.seq: e for e in sample.entries}
    clauses = {str(c.id) for c in policy.clauses}
    assert len(a.ranking("street")) == 11 and len(a.ranking("office")) == 1
    assert {s.unit for s in a.ranking("department")} == {
        r.unit for t in policy.tasks for r in sample.responsible(t.id, role="lead") if not r.street
    }
    for s in a.scores:
        assert s.score == sum((p.points for p in s.points), Decimal(0))
        for p in s.points:
            assert p.points == p.points.quantize(Decimal("0.01"))
            assert (p.clause, p.quote) == ("5.4", "不断完善基层消防工作考核评价办法")
            assert p.rule_clause in clauses and p.rule_quote
            assert p.reason_zh and p.reason_en
            for seq in p.entries:
                entry = by_seq[seq]
                assert entry.on <= D(2025, 12, 31)
                if s.group != "office":
                    assert entry.unit == s.unit
                    assert not entry.task or entry.task in p.tasks
            for task in p.tasks:
                assert any(r.unit == s.unit for r in sample.responsible(task, role="lead"))
    assert a.points and sum(p.points for p in a.points) == sum(s.score for s in a.scores)
    json.dumps(a.to_dict(), ensure_ascii=False)


def test_a_street_reporting_done_with_a_failing_check_loses_points(
    sample: Ledger, scheme: Scheme, checks: object
) -> None:
    with_checks = jx.assess(sample, scheme, "2025", checks=checks)
    points = [p for p in with_checks.score("七星岗街道").points if p.item == "contradiction"]
    assert [(p.points, p.tasks) for p in points] == [(Decimal("-4.00"), ("1.1",))]
    assert "未通过" in points[0].reason_zh and "fail" in points[0].reason_en
    stream = sample.stream("1.1", "七星岗街道")
    assert points[0].entries == (stream[-1].seq,)
    without = jx.assess(sample, scheme, "2025")
    assert "contradiction" in without.score("七星岗街道").unknown
    assert not [p for p in without.points if p.item == "contradiction"]
    assert without.notes == ("contradiction (contradictions) not assessed: no facility checks were given",)
    assert with_checks.notes == ()


def test_ties_share_a_rank_and_the_next_rank_skips(empty: Ledger, scheme: Scheme) -> None:
    ledger = empty.record(
        progress(D(2025, 5, 1), "completed", unit="解放碑街道"),
        progress(D(2025, 5, 1), "completed", unit="两路口街道"),
        progress(D(2025, 5, 1), "completed", task="1.2", unit="大坪街道"),
        progress(D(2025, 5, 1), "completed", task="1.3", unit="大坪街道"),
    )
    streets = jx.assess(ledger, scheme, "2025Q2").ranking("street")
    assert [(s.rank, s.unit) for s in streets[:4]] == [
        (1, "大坪街道办事处"),
        (2, "解放碑街道办事处"),
        (2, "两路口街道办事处"),
        (4, "七星岗街道办事处"),
    ]
    assert streets[1].score == streets[2].score > streets[3].score


def test_a_deduction_stops_at_its_cap(empty: Ledger, scheme: Scheme) -> None:
    a = jx.assess(empty, scheme, "2026")  # all eight lead tasks of a street overdue: 8 x 5 capped at 20
    overdue = [p for p in a.score("解放碑街道").points if p.item == "overdue"]
    assert len(overdue) == 8
    assert sum(p.points for p in overdue) == Decimal("-20.00")
    assert [p.points for p in overdue][3:5] == [Decimal("-5.00"), Decimal("0.00")]
    assert "cap of 20.00 reached" in overdue[-1].reason_en
    assert overdue[0].rule == "completion_deadline" and overdue[0].rule_quote == "2025年所有街道完成建设任务"


def test_nothing_is_overdue_before_the_deadline_and_everything_after(empty: Ledger) -> None:
    s = one(
        '[[deduction]]\nid = "late"\nname_zh = "逾期"\nname_en = "late"\nmeasure = "tasks_overdue"\npoints = 1'
    )
    assert jx.assess(empty, s, "2025Q3").score("解放碑街道").score == 0
    assert jx.assess(empty, s, "2025Q4").score("解放碑街道").score == Decimal(
        "-8.00"
    )  # the deadline's own day


def test_letters_answered_late_or_never_count_and_answered_in_time_do_not(empty: Ledger) -> None:
    s = one(
        '[[deduction]]\nid = "letter"\nname_zh = "督办"\nname_en = "letter"\nmeasure = "letters_unanswered"\npoints = 2',
        '[[deduction]]\nid = "talk"\nname_zh = "约谈"\nname_en = "talk"\nmeasure = "interviews"\npoints = 3',
    )

    def letter(i: str, unit: str, deadline: D) -> Entry:
        return Entry("letter", D(2025, 4, 1), by="办", id=i, unit=unit, task="1.1", deadline=deadline)

    ledger = empty.record(
        letter("A", "解放碑街道", D(2025, 5, 1)),
        letter("B", "两路口街道", D(2025, 5, 1)),
        letter("C", "大坪街道", D(2025, 5, 1)),
        letter("D", "上清寺街道", D(2025, 8, 1)),  # due in the next quarter
        Entry("answer", D(2025, 4, 30), by="x", ref="A", unit="解放碑街道"),
        Entry("answer", D(2025, 5, 9), by="x", ref="B", unit="两路口街道"),
        Entry("interview", D(2025, 6, 2), by="办", id="Y", unit="区住建委"),
    )
    a = jx.assess(ledger, s, "2025Q2")
    assert a.score("解放碑街道").score == 0
    late = a.score("两路口街道").points
    assert [(p.points, p.entries, p.tasks) for p in late] == [(Decimal("-2.00"), (2,), ("1.1",))]
    assert "answered only on 2025-05-09" in late[0].reason_en
    assert "至期末未回复" in a.score("大坪街道").points[0].reason_zh
    assert a.score("上清寺街道").score == 0
    assert [(p.item, p.entries) for p in a.score("区住建委").points] == [("talk", (7,))]
    assert jx.assess(ledger, s, "2025Q3").score("上清寺街道").score == Decimal("-2.00")


def test_reports_missing_per_quarter_until_the_task_is_done(empty: Ledger) -> None:
    s = one(
        '[[deduction]]\nid = "gap"\nname_zh = "漏报"\nname_en = "gap"\nmeasure = "reports_missing"\npoints = 1'
    )
    ledger = empty.record(
        progress(D(2025, 2, 1), "in_progress"),
        progress(D(2025, 8, 1), "completed"),
    )
    gaps = [p for p in jx.assess(ledger, s, "2025").score("解放碑街道").points if p.tasks == ("1.1",)]
    assert len(gaps) == 1 and "2025年第二季度" in gaps[0].reason_en  # Q1 and Q3 reported, Q4 done
    assert all(p.entries == () for p in gaps)


def test_the_office_is_scored_on_its_rounds(empty: Ledger, scheme: Scheme) -> None:
    ledger = empty.record(
        Entry("inspection", D(2025, 2, 1), by="办"),
        Entry("inspection", D(2025, 8, 1), by="办"),
        Entry("supervision", D(2025, 3, 1), by="办"),
    )
    office = jx.assess(ledger, scheme, "2025").score("区消防安全委员会办公室")
    rounds = [p for p in office.points if p.item == "rounds"]
    assert [(p.points, p.entries) for p in rounds] == [(Decimal("50.00"), (1, 2, 3))]  # 3 of 6 periods held
    missed = [p for p in office.points if p.item == "missed_round"]
    assert len(missed) == 3 and sum(p.points for p in missed) == Decimal("-30.00")
    assert {p.rule_clause for p in missed} == {"5.4"}
    assert "2025年下半年" in missed[-1].reason_zh


def test_shares_and_bonuses(empty: Ledger, scheme: Scheme) -> None:
    ledger = empty.record(
        progress(D(2025, 1, 5), "completed"),
        Entry("acceptance", D(2025, 2, 1), by="办", task="1.1", unit="解放碑街道"),
    )
    s = jx.assess(ledger, scheme, "2025Q1").score("解放碑街道")
    assert s.subtotal("progress") == Decimal("8.75")  # 70 x 1/8
    assert s.subtotal("acceptance") == Decimal("3.75")  # 30 x 1/8
    assert s.subtotal("accepted") == Decimal("1.00")
    assert [p.entries for p in s.points if p.item in ("acceptance", "accepted")] == [(2,), (2,)]


def test_a_scheme_for_another_policy_and_other_bad_input(empty: Ledger, scheme: Scheme) -> None:
    other = parse_scheme(
        EXAMPLE.replace('policy = "yuzhong-2023"', 'policy = "qijiang-2022"'), source="q.toml"
    )
    with pytest.raises(LedgerError, match="is for policy 'qijiang-2022', not 'yuzhong-2023'"):
        jx.assess(empty, other, "2025")
    with pytest.raises(LedgerError, match="expected a Scheme"):
        jx.assess(empty, "scheme.toml", "2025")  # type: ignore[arg-type]
    a = jx.assess(empty, scheme, "2025")
    with pytest.raises(LedgerError, match="no unit '火星街道'"):
        a.score("火星街道")
    with pytest.raises(LedgerError, match="group: expected one of"):
        a.ranking("county")


def test_outputs(sample: Ledger, scheme: Scheme) -> None:
    a = jx.assess(sample, scheme, "2025H2")
    text = a.to_text()
    assert "streets" in text and "[ILLUSTRATIVE scheme]" in text and "解放碑街道办事处" in text
    assert "街道" in a.to_text(lang="zh").splitlines()[2]
    explained = a.explain("解放碑街道", lang="zh")
    assert explained.startswith("解放碑街道办事处") and "assess 5.4" in explained
    data = a.to_dict()
    assert data["period"] == "2025-07-01/2025-12-31" and data["illustrative"] is True
    pandas = pytest.importorskip("pandas")
    frame = a.to_frame()
    assert list(frame.columns[:4]) == ["group", "rank", "unit", "score"]
    assert len(frame) == len(a.scores)
    points = a.to_frame(points=True)
    assert isinstance(points, pandas.DataFrame) and len(points) == len(a.points)
