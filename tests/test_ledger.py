"""The committee's ledger: entries checked against the policy and district, illegal moves refused with the clause,
status derived from the checks beside the status reported, due and overdue, rounds held and missed, JSON lines."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jiceng_xiaofang as jx
from jiceng_xiaofang.ledger import (
    Entry,
    Evidence,
    Ledger,
    LedgerError,
    entry_from_json,
    entry_to_json,
    ledger_status,
    ledger_to_jsonl,
    parse_ledger,
)

D = dt.date


@pytest.fixture(scope="module")
def policy() -> jx.Policy:
    return jx.load_policy()


@pytest.fixture(scope="module")
def empty(policy: jx.Policy) -> Ledger:
    return Ledger(policy, jx.yuzhong())


def progress(on: D, status: str, *, task: str = "1.1", unit: str = "解放碑街道", **kw: object) -> Entry:
    return Entry("progress", on, by="解放碑街道 王五", task=task, unit=unit, status=status, **kw)  # type: ignore[arg-type]


def accept(on: D, *, task: str = "1.1", unit: str = "解放碑街道") -> Entry:
    return Entry("acceptance", on, by="区消安办 李四", task=task, unit=unit)


# --- who answers for what ------------------------------------------------------------------------


def test_every_annex_task_has_its_units_with_streets_expanded(empty: Ledger, policy: jx.Policy) -> None:
    leads = [r for t in policy.tasks for r in empty.responsible(t.id, role="lead")]
    assert len(leads) == 151  # the issue's count: 各街道办事处 expanded to the 11 streets
    assert {r.unit for r in empty.responsible("1.1", role="lead")} == {s.office for s in jx.yuzhong().streets}
    assert [r.unit for r in empty.responsible("1.1", role="cooperating")] == ["区应急局", "区消防救援支队"]
    assert empty.responsible("1.1")[0].street == "七星岗街道"


def test_units_are_named_as_the_ledger_names_them(empty: Ledger) -> None:
    assert empty.unit_name("解放碑街道") == empty.unit_name("解放碑街道办事处") == "解放碑街道办事处"
    assert empty.unit_name("500103003") == "解放碑街道办事处"  # the street's statistical code
    assert empty.unit_name("区消安委") == "区消防安全委员会"  # an alias of a body
    with pytest.raises(LedgerError, match="unknown unit '火星街道'"):
        empty.unit_name("火星街道")


# --- recording and refusing ----------------------------------------------------------------------


def test_an_entry_is_numbered_and_cites_its_rule(empty: Ledger, policy: jx.Policy) -> None:
    ledger = empty.record(progress(D(2024, 3, 31), "in_progress"), progress(D(2024, 6, 30), "completed"))
    assert [(e.seq, e.rule, e.unit) for e in ledger] == [(1, "tracking", "解放碑街道办事处")] * 1 + [
        (2, "tracking", "解放碑街道办事处")
    ]
    assert ledger.rule(ledger.entries[0]).clause == policy.ledger.rule_for("report").clause
    assert len(empty) == 0  # immutable: the old ledger is unchanged
    accepted = ledger.record(accept(D(2024, 7, 15)))
    assert accepted.entries[-1].rule == "acceptance"
    assert [e.kind for e in accepted.stream("1.1", "解放碑街道")] == ["progress", "progress", "acceptance"]


@pytest.mark.parametrize(
    ("entries", "fragment"),
    [
        (
            [accept(D(2024, 7, 1))],
            "cannot be accepted: its unit has never reported it done (5.2 '确保各项重点任务落实落地')",
        ),
        (
            [progress(D(2024, 3, 1), "in_progress"), accept(D(2024, 7, 1))],
            "cannot be accepted: its unit has last reported it in_progress (推进中)",
        ),
        (
            [
                progress(D(2024, 3, 1), "completed"),
                accept(D(2024, 4, 1)),
                progress(D(2024, 5, 1), "in_progress"),
            ],
            "was accepted on 2024-04-01: it is closed, no progress follows (5.1 '明确分工、细化措施、打表推进')",
        ),
        (
            [progress(D(2022, 12, 31), "in_progress")],
            "a date before the policy (yuzhong-2023, issued 2023-02-21)",
        ),
        ([progress(D(2024, 3, 1), "in_progress", task="9.9")], "no clause '9.9'"),
        ([progress(D(2024, 3, 1), "in_progress", unit="区财政局")], "区财政局 does not answer for task 1.1"),
        (
            [progress(D(2024, 3, 1), "in_progress"), progress(D(2024, 2, 1), "in_progress")],
            "entries of a task and unit are recorded in date order",
        ),
        (
            [Entry("answer", D(2024, 3, 1), by="x", ref="DB-9", unit="解放碑街道")],
            "an answer to 'DB-9', which is no letter or interview of the ledger (5.3 '跟踪督办落实')",
        ),
    ],
)
def test_illegal_moves_are_refused_with_the_clause(
    empty: Ledger, entries: list[Entry], fragment: str
) -> None:
    with pytest.raises(LedgerError) as info:
        empty.record(*entries)
    assert fragment in str(info.value)


def test_the_day_of_issue_itself_is_allowed(empty: Ledger) -> None:
    assert empty.record(progress(D(2023, 2, 21), "not_started")).entries[0].on == D(2023, 2, 21)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        (
            {"kind": "progress", "status": "accepted", "task": "1.1", "unit": "x"},
            "does not report its own task accepted",
        ),
        ({"kind": "progress", "status": "done", "task": "1.1", "unit": "x"}, "status: expected one of"),
        ({"kind": "letter", "id": "DB-1", "unit": "x"}, "a letter (督办函) needs the deadline"),
        (
            {"kind": "letter", "id": "DB-1", "unit": "x", "deadline": D(2024, 1, 1)},
            "is before the entry's date",
        ),
        ({"kind": "inspection", "deadline": D(2024, 9, 1)}, "only a letter or an interview has a deadline"),
        ({"kind": "inspection", "id": "X"}, "only a letter or an interview has an id"),
        ({"kind": "acceptance", "task": "1.1"}, "needs unit"),
        ({"kind": "ballot"}, "kind: expected one of"),
        ({"kind": "inspection", "by": "  "}, "by: expected a non-empty text"),
        ({"kind": "inspection", "done": "x" * 20_001}, "at most 20000 characters"),
        ({"kind": "inspection", "done": "\ud800"}, "lone surrogate"),
        ({"kind": "inspection", "on": dt.datetime(2024, 3, 1, 9)}, "on: expected a date"),
    ],
)
def test_a_malformed_entry_says_what_is_wrong(kwargs: dict[str, object], fragment: str) -> None:
    args: dict[str, object] = {"on": D(2024, 3, 1), "by": "某人", **kwargs}
    with pytest.raises(LedgerError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        Entry(**args)  # type: ignore[arg-type]


def test_letters_and_answers(empty: Ledger) -> None:
    letter = Entry(
        "letter",
        D(2024, 4, 1),
        by="区消安办",
        id="DB-2024-01",
        unit="解放碑街道",
        task="1.1",
        deadline=D(2024, 4, 30),
        done="请于4月30日前报送消防工作站建设情况",
    )
    ledger = empty.record(letter)
    assert ledger.entries[0].rule == "supervision_letter"
    with pytest.raises(LedgerError, match="already has an entry with this id"):
        ledger.record(letter)
    with pytest.raises(LedgerError, match="went to 解放碑街道办事处; 七星岗街道办事处 answers it"):
        ledger.record(Entry("answer", D(2024, 4, 10), by="x", ref="DB-2024-01", unit="七星岗街道"))
    with pytest.raises(LedgerError, match="an answer of 2024-03-31 to the letter"):
        ledger.record(Entry("answer", D(2024, 3, 31), by="x", ref="DB-2024-01", unit="解放碑街道"))
    answered = ledger.record(Entry("answer", D(2024, 4, 20), by="x", ref="DB-2024-01", unit="解放碑街道"))
    assert [a.rule for a in answered.answers("DB-2024-01")] == ["follow_up"]
    # unanswered past the deadline: the task's row is flagged, and no longer once answered
    late = ledger_status(ledger, on=D(2024, 5, 1)).row("1.1", "解放碑街道办事处")
    assert "letter_open" in late.flags
    assert "letter_open" not in ledger_status(answered, on=D(2024, 5, 1)).row("1.1", "解放碑街道办事处").flags
    assert "letter_open" not in ledger_status(ledger, on=D(2024, 4, 30)).row("1.1", "解放碑街道办事处").flags


def test_numbers_read_back_must_follow_each_other(empty: Ledger) -> None:
    first = empty.record(progress(D(2024, 3, 1), "in_progress"))
    again = Entry("progress", D(2024, 4, 1), by="x", task="1.1", unit="解放碑街道", status="completed", seq=1)
    with pytest.raises(LedgerError, match="entry number 1 does not follow number 1"):
        first.record(again)
    assert first.record(attrs_evolve(again, seq=7)).entries[-1].seq == 7  # a gap is kept as read


def attrs_evolve(entry: Entry, **changes: object) -> Entry:
    import attrs

    return attrs.evolve(entry, **changes)  # type: ignore[arg-type]


# --- the status of each task and unit ------------------------------------------------------------


def test_status_of_every_task_and_lead_unit(empty: Ledger) -> None:
    ledger = empty.record(
        progress(D(2024, 3, 31), "in_progress", done="选址完成", problems="人员不足", next_steps="招录2人"),
        progress(D(2024, 6, 30), "completed"),
        accept(D(2024, 7, 15)),
        progress(D(2024, 6, 1), "in_progress", task="2.1", unit="区住建委"),
    )
    report = ledger_status(ledger, on=D(2024, 7, 31))
    assert len(report.rows) == 151
    row = report.row("1.1", "解放碑街道办事处")
    assert (row.status, row.status_zh, row.reported_on) == ("accepted", "已验收", D(2024, 7, 15))
    assert report.row("2.1", "区住建委").status == "in_progress"
    assert report.row("1.1", "七星岗街道办事处").status == "not_started"
    assert report.counts() == {"not_started": 149, "in_progress": 1, "completed": 0, "accepted": 1}
    # an earlier day sees only what was recorded by then
    early = ledger_status(ledger, on=D(2024, 4, 1)).row("1.1", "解放碑街道办事处")
    assert (early.status, early.done, early.problems, early.next_steps) == (
        "in_progress",
        "选址完成",
        "人员不足",
        "招录2人",
    )
    assert (
        ledger_status(ledger, on=D(2024, 7, 31), cooperating=True).row("1.1", "区应急局").role
        == "cooperating"
    )


def test_overdue_at_the_deadline_boundary(empty: Ledger, policy: jx.Policy) -> None:
    deadline = policy.fact(policy.ledger.deadline).value
    assert deadline == D(2025, 12, 31)
    ledger = empty.record(
        progress(D(2025, 6, 1), "in_progress"), progress(D(2025, 6, 1), "completed", task="1.2")
    )
    on_the_day = ledger_status(ledger, on=D(2025, 12, 31))
    after = ledger_status(ledger, on=D(2026, 1, 1))
    assert "overdue" not in on_the_day.row("1.1", "解放碑街道办事处").flags
    assert "overdue" in after.row("1.1", "解放碑街道办事处").flags
    assert "overdue" not in after.row("1.2", "解放碑街道办事处").flags  # reported done in time
    assert len(after.flagged("overdue")) == 150


def test_a_street_reporting_done_while_its_checks_fail_is_flagged(empty: Ledger) -> None:
    on = D(2025, 7, 1)
    ledger = empty.record(
        progress(D(2025, 6, 30), "completed"),
        progress(D(2025, 6, 30), "completed", unit="七星岗街道"),
        progress(D(2025, 6, 30), "completed", unit="朝天门街道"),
    )
    facilities = [
        jx.FireWorkStation(street="解放碑街道", staff=3, established_fire_officers=2, office_capacity=5),
        jx.FireWorkStation(
            street="七星岗街道",
            staff=6,
            established_fire_officers=2,
            office_capacity=6,
            fire_officers=2,
            chief_post="street_deputy_in_charge",
            deputy_chief_post="street_emergency_office_head",
            qualified_enforcement_officers=2,
        ),
    ]
    checks = jx.check_all(facilities, on=on)
    report = ledger_status(ledger, on=on, checks=checks)
    failing = report.row("1.1", "解放碑街道办事处")
    assert (failing.derived, failing.flags) == ("fail", ("contradiction",))
    assert "1 fail" in failing.derived_detail
    passing = report.row("1.1", "七星岗街道办事处")
    assert (passing.derived, passing.flags) == ("pass", ())
    assert passing.derived_detail == "1 facilities: 1 pass, 0 fail, 0 unknown"
    nothing = report.row("1.1", "朝天门街道办事处")
    assert (nothing.derived, nothing.flags) == ("no_records", ("contradiction",))
    # a department has no facility of its own to derive from; a task without facility requirements neither
    assert report.row("2.1", "区住建委").derived == ""
    assert report.row("3.2", "解放碑街道办事处").derived == ""
    # not reported done: no contradiction, whatever the checks say
    assert "contradiction" not in report.row("1.2", "解放碑街道办事处").flags


def test_rounds_held_missed_and_due(empty: Ledger) -> None:
    ledger = empty.record(
        Entry("inspection", D(2024, 2, 10), by="区消安办", done="检查3个街道"),
        Entry("supervision", D(2024, 5, 1), by="区消安办", done="督导"),
        Entry(
            "inspection", D(2024, 7, 1), by="区消安办", unit="解放碑街道", task="1.1", done="工作站人员不足"
        ),
    )
    report = ledger_status(ledger, on=D(2024, 8, 15))
    quarters = {(r.kind, r.period.label_zh): r.state for r in report.rounds}
    assert quarters[("inspection", "2024年第一季度")] == "held"
    assert quarters[("inspection", "2024年第二季度")] == "missed"
    assert quarters[("inspection", "2024年第三季度")] == "held"
    assert quarters[("inspection", "2023年第一季度")] == "missed"  # from the quarter of the policy's issue
    assert quarters[("supervision", "2024年上半年")] == "held"
    assert quarters[("supervision", "2024年下半年")] == "due"
    assert {r.rule for r in report.rounds} == {"inspection", "supervision"}
    assert ("inspection", "2024年第二季度") in {(r.kind, r.period.label_zh) for r in report.missed_rounds()}


def test_status_outputs(empty: Ledger) -> None:
    report = ledger_status(empty.record(progress(D(2024, 3, 1), "in_progress")), on=D(2026, 1, 2))
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["counts"]["in_progress"] == 1 and len(data["rows"]) == 151
    assert data["rows"][0]["deadline"] == "2025-12-31"
    text = report.to_text()
    assert "overdue (not reported done by the deadline): 151" in text and "missed rounds:" in text
    frame = report.to_frame()
    assert list(frame.columns)[:3] == ["number", "task", "name"] and len(frame) == 151
    with pytest.raises(LedgerError, match="flag: expected one of"):
        report.flagged("late")
    with pytest.raises(LedgerError, match="checks: expected a Rollup"):
        ledger_status(empty, on=D(2024, 1, 1), checks=42)


# --- evidence and JSON lines ---------------------------------------------------------------------


def test_evidence_by_content_hash(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    photo = tmp_path / "photos" / "station.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    evidence = Evidence.of_file(photo, folder=tmp_path)
    assert evidence.file == "photos/station.jpg" and len(evidence.sha256) == 64
    evidence.verify(tmp_path)
    photo.write_bytes(b"\xff\xd8 another photo")
    with pytest.raises(LedgerError, match="changed since it was recorded"):
        evidence.verify(tmp_path)
    photo.unlink()
    with pytest.raises(LedgerError, match="cannot read the file"):
        evidence.verify(tmp_path)
    with pytest.raises(LedgerError, match="64 lower-case hex digits"):
        Evidence(file="x.jpg", sha256="abc")
    with pytest.raises(LedgerError, match="expected a text or a file"):
        Evidence()


def test_jsonl_round_trip(empty: Ledger, tmp_path: Path) -> None:
    ledger = empty.record(
        progress(
            D(2024, 3, 31),
            "in_progress",
            evidence=(Evidence(text="挂牌照片已存档"), Evidence(file="a.jpg", sha256="0" * 64)),
        ),
        Entry("letter", D(2024, 4, 1), by="区消安办", id="DB-1", unit="解放碑街道", deadline=D(2024, 4, 30)),
    )
    text = ledger_to_jsonl(ledger)
    again = parse_ledger(text, ledger.policy, ledger.district)
    assert again.entries == ledger.entries
    assert ledger_to_jsonl(again) == text
    path = tmp_path / "ledger.jsonl"
    jx.ledger.write_ledger(ledger, path)
    assert jx.read_ledger(path, ledger.policy, ledger.district).entries == ledger.entries


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("[1, 2]", "a ledger line is a JSON object"),
        ("{", "not a line of JSON"),
        ('{"kind": "inspection", "on": "2024-13-01", "by": "x"}', "on: expected a date"),
        ('{"kind": "inspection", "by": "x"}', "on: missing"),
        ('{"kind": "inspection", "on": "2024-01-01", "by": "x", "colour": 1}', "unknown key 'colour'"),
        ('{"kind": "inspection", "on": "2024-01-01", "by": 7}', "by: expected text"),
        ('{"kind": "inspection", "on": "2024-01-01", "by": "x", "seq": -1}', "seq: expected a whole number"),
        (
            '{"kind": "inspection", "on": "2024-01-01", "by": "x", "evidence": [{"url": 1}]}',
            "unknown key 'url'",
        ),
        (
            '{"kind": "inspection", "on": "2024-01-01", "by": "x", "evidence": ' + "[" * 50 + "]" * 50 + "}",
            "nested too deep",
        ),
    ],
)
def test_a_bad_line_is_an_error_naming_its_line(empty: Ledger, line: str, fragment: str) -> None:
    good = entry_to_json(Entry("inspection", D(2024, 1, 1), by="x"))
    with pytest.raises(LedgerError) as info:
        parse_ledger(f"{good}\n\n{line}\n", empty.policy, empty.district, source="l.jsonl")
    assert str(info.value).startswith("l.jsonl:3: ") and fragment in str(info.value)


def test_a_refused_entry_in_a_file_names_its_line(empty: Ledger) -> None:
    lines = [entry_to_json(progress(D(2024, 3, 1), "in_progress")), entry_to_json(accept(D(2024, 4, 1)))]
    with pytest.raises(LedgerError, match=r"^l.jsonl:2: task 1.1 of 解放碑街道办事处 cannot be accepted"):
        parse_ledger("\n".join(lines), empty.policy, empty.district, source="l.jsonl")


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_the_ledger_reader_raises_only_the_package_errors(data: str | bytes) -> None:
    with contextlib.suppress(jx.XiaofangError):
        entry_from_json(data)


def test_a_policy_without_ledger_rules_says_so() -> None:
    qijiang = jx.load_policy(Path(__file__).parent / "data" / "qijiang-2022-fragment.toml")
    with pytest.raises(jx.NotFoundError, match=r"declares no ledger rules: its files have no \[ledger\]"):
        Ledger(qijiang)


def _round(day: int, done: str = "") -> Entry:
    return Entry("inspection", D(2024, 3, day), by="区消安办", done=done or f"round {day}")


def test_ledgers_recorded_from_one_ledger_each_keep_their_own_entries(empty: Ledger) -> None:
    base = empty.record(_round(1))
    seen = base.entries  # asked for before anything is recorded from it
    a = base.record(_round(2, "a"))
    b = base.record(_round(2, "b"))  # branches off base after a was recorded from it
    c = a.record(_round(3, "a"))
    assert [e.done for e in base] == ["round 1"] and base.entries == seen and len(base) == 1
    assert [e.done for e in a] == ["round 1", "a"] and len(a) == 2
    assert [e.done for e in b] == ["round 1", "b"]
    assert [e.done for e in c] == ["round 1", "a", "a"] and [e.seq for e in c] == [1, 2, 3]
    assert b.record(_round(3, "b")).entries[-1].done == "b" and [e.done for e in c][-1] == "a"
    assert a == empty.record(_round(1), _round(2, "a")) and a != b and hash(a) == hash(b)


def test_recording_shares_the_entries_instead_of_copying_them(empty: Ledger) -> None:
    ledger = empty.record(_round(1))
    for day in range(2, 20):
        newer = ledger.record(_round(day))
        assert newer._log is ledger._log  # the newest ledger extends the list in place
        ledger = newer
    assert [e.seq for e in ledger.entries_after(15)] == [16, 17, 18, 19] and ledger.last_seq == 19
    assert ledger.entries_after(0) == ledger.entries and ledger.entries_after(19) == ()
    assert empty.last_seq == 0 and empty.entries_after(0) == ()


def test_threads_recording_from_one_ledger_each_get_a_consistent_ledger(empty: Ledger) -> None:
    import threading

    base = empty.record(_round(1))
    results: dict[int, Ledger] = {}

    def work(i: int) -> None:
        ledger = base
        for step in range(30):
            ledger = ledger.record(_round(2, f"{i}-{step}"))
        results[i] = ledger

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, ledger in results.items():
        assert [e.done for e in ledger] == ["round 1"] + [f"{i}-{step}" for step in range(30)]
        assert [e.seq for e in ledger] == list(range(1, 32))
