"""Revisions: jx.diff finds each kind of change between two policies, and says it as text, JSON and HTML."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jiceng_xiaofang as jx
from jiceng_xiaofang.cli import main
from jiceng_xiaofang.revisions import (
    MOVE_SIMILARITY,
    char_diff,
    render_html,
    render_text,
    similarity,
    threshold_text,
    tighter,
)
from policy_files import DATA, EMBEDDED

QIJIANG = Path(__file__).resolve().parent / "data" / "qijiang-2022-fragment.toml"

# Edits of the embedded files, each (old, new, which occurrence: 1 the first, -1 the last).  Quotes that cite
# a changed text change with it, so the revised files still load.
EDITS: dict[str, list[tuple[str, str, int]]] = {
    "yuzhong-2023.toml": [
        ("工作人员不少于5人", "工作人员不少于6人", 1),  # clause 1.1's text
        ('quote = "消防工作站工作人员不少于5人"', 'quote = "消防工作站工作人员不少于6人"', 1),
        ('name_zh = "消防工作站工作人员不少于5人"', 'name_zh = "消防工作站工作人员不少于6人"', 1),
        ('field = "staff"\ncomparator = ">="\nvalue = 5', 'field = "staff"\ncomparator = ">="\nvalue = 6', 1),
        (  # clause 1.1 loses a cooperating body
            'lead = ["各街道办事处"]\ncooperating = ["区应急局", "区消防救援支队"]',
            'lead = ["各街道办事处"]\ncooperating = ["区应急局"]',
            1,
        ),
        (
            'lead = ["区消防救援支队", "区大数据发展局"]',
            'lead = ["区消防救援支队", "区住建委"]',
            -1,
        ),  # annex row 4.5
        ("value = 2025-12-31", "value = 2026-06-30", 1),  # completion_deadline
        ('value = "P3M"', 'value = "P1M"', 1),  # district_check_frequency
        ("published = 2023-03-09", "published = 2023-03-10", 1),
        ('title = "保障措施"', 'title = "保障措施和考核"', 1),  # section 5
        (
            'strength = "encouraged"\nclause = "1.2"\nquote = "鼓励配备移车器"',
            'strength = "optional"\nclause = "1.2"\nquote = "鼓励配备移车器"',
            1,
        ),
        ('"红岩公园", "竹林公园"]', '"红岩公园"]', 1),  # the items of the fact parks
        (
            'name = "公园绿地管理单位"',
            'name = "区园林事务中心"\nname_en = "district landscape affairs centre"\nkind = "other"\nlevel = "district"\n\n[[body]]\nname = "公园绿地管理单位"',
            1,
        ),
    ],
    "yuzhong-2023-organisation.toml": [
        ('quote = "消防工作站工作人员不少于5人"', 'quote = "消防工作站工作人员不少于6人"', 1),
        (
            'category = "key_unit"\nsupervisor = "区消防救援支队"',
            'category = "key_unit"\nsupervisor = "区应急局"',
            1,
        ),
    ],
    "yuzhong-2023-obligations.toml": [
        (
            'strength = "required"\ndescription_en = "A street inspects',
            'strength = "optional"\ndescription_en = "A street inspects',
            1,
        ),
    ],
}


def _replace(text: str, old: str, new: str, which: int) -> str:
    at = text.find(old) if which == 1 else text.rfind(old)
    assert at >= 0, old
    return text[:at] + new + text[at + len(old) :]


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> jx.Policy:
    folder = tmp_path_factory.mktemp("revised")
    for file in DATA.glob("yuzhong-2023*.toml"):
        text = file.read_text(encoding="utf-8")
        for old, new, which in EDITS.get(file.name, []):
            text = _replace(text, old, new, which)
        (folder / file.name).write_text(text, encoding="utf-8")
    return jx.load_policy(folder / EMBEDDED.name)


@pytest.fixture(scope="module")
def changes(policy: jx.Policy, revised: jx.Policy) -> jx.PolicyDiff:
    return jx.diff(policy, revised)


def _one(found: tuple[jx.Change, ...]) -> jx.Change:
    assert len(found) == 1, [c.message for c in found]
    return found[0]


# -- nothing changed ------------------------------------------------------------------------------------------


def test_a_policy_against_itself_or_a_fresh_load_has_no_changes(policy: jx.Policy) -> None:
    again = jx.load_policy(EMBEDDED)
    for found in (jx.diff(policy, policy), jx.diff(policy, again), jx.diff(EMBEDDED, str(EMBEDDED))):
        assert not found and len(found) == 0 and list(found) == []
        assert found.to_text() == "diff yuzhong-2023 -> yuzhong-2023: no changes"
        assert json.loads(found.to_json())["changes"] == []
        assert "no changes" in found.to_html()


# -- each kind of change --------------------------------------------------------------------------------------


def test_reworded_clause_with_its_character_diff(changes: jx.PolicyDiff) -> None:
    change = _one(changes.select(entity="clause", kind="reworded"))
    assert (change.subject, change.field, change.old_clause, change.new_label) == (
        "1.1",
        "text",
        "1.1",
        "一（一）",
    )
    assert ("-", "5") in change.segments and ("+", "6") in change.segments
    assert "不少于[-5-]{+6+}人" in render_text(change.segments)
    assert "不少于[-5-]{+6+}人" in changes.to_text()
    assert isinstance(change.old, str) and "不少于5人" in change.old and isinstance(change.new, str)


def test_requirement_tightened_with_its_unit(changes: jx.PolicyDiff) -> None:
    change = _one(changes.select(entity="requirement", kind="tightened"))
    assert change.message == "一（一） fire_work_station.staff >= 5 person -> >= 6 person: tightened"
    assert (change.old, change.new, change.unit, change.direction) == (
        ">= 5 person",
        ">= 6 person",
        "person",
        "tightened",
    )


def test_requirement_strength_loosened(changes: jx.PolicyDiff) -> None:
    change = _one(changes.select(entity="requirement", kind="loosened"))
    assert (change.subject, change.field, change.old, change.new) == (
        "micro_fire_station.vehicle_movers",
        "strength",
        "encouraged",
        "optional",
    )


def test_bodies_gain_and_lose_roles_per_clause_and_per_annex_row(changes: jx.PolicyDiff) -> None:
    lost = _one(changes.select(kind="cooperating-lost"))
    assert (lost.entity, lost.subject, lost.old, lost.new) == ("clause", "1.1", "区消防救援支队", None)
    assert lost.message == "一（一） 1.1 区消防救援支队 (配合单位): cooperating-lost"
    gained = _one(changes.select(kind="lead-gained"))
    dropped = _one(changes.select(kind="lead-lost"))
    assert (gained.entity, gained.subject, gained.new) == ("task", "4.5", "区住建委")
    assert (dropped.entity, dropped.subject, dropped.old) == ("task", "4.5", "区大数据发展局")


def test_deadline_moved_once_at_its_fact_with_who_uses_it(changes: jx.PolicyDiff) -> None:
    change = _one(changes.select(kind="deadline-moved"))
    assert (change.entity, change.subject, change.direction) == ("fact", "completion_deadline", "loosened")
    assert (change.old, change.new) == (dt.date(2025, 12, 31), dt.date(2026, 6, 30))
    assert (
        "181 day(s) later" in change.message and "obligation streets_complete_construction" in change.message
    )
    # the requirements and the duty that take the date are not reported again
    assert not changes.select(entity="requirement", kind="deadline-moved")
    assert not changes.select(entity="obligation", kind="deadline-moved")


def test_frequency_changed_more_often_is_tightened(changes: jx.PolicyDiff) -> None:
    change = _one(changes.select(kind="frequency-changed"))
    assert (change.subject, change.old, change.new, change.direction) == (
        "district_check_frequency",
        "P3M",
        "P1M",
        "tightened",
    )
    assert "used by obligation district_quarterly_check" in change.message


def test_facts_sections_document_bodies_supervision_and_duties(changes: jx.PolicyDiff) -> None:
    items = _one(changes.select(entity="fact", kind="changed"))
    assert (items.subject, items.field) == ("parks", "items") and "- 竹林公园" in items.message
    section = _one(changes.select(entity="section"))
    assert (section.kind, section.old, section.new, section.new_label) == (
        "retitled",
        "保障措施",
        "保障措施和考核",
        "五",
    )
    published = _one(changes.select(entity="document"))
    assert (published.subject, published.old, published.new) == (
        "published",
        dt.date(2023, 3, 9),
        dt.date(2023, 3, 10),
    )
    body = _one(changes.select(entity="body"))
    assert (body.kind, body.subject) == ("added", "区园林事务中心")
    supervisor = _one(changes.select(entity="supervision"))
    assert (supervisor.subject, supervisor.field, supervisor.old, supervisor.new) == (
        "key_unit",
        "supervisor",
        "区消防救援支队",
        "区应急局",
    )
    duty = _one(changes.select(entity="obligation"))
    assert (duty.subject, duty.field, duty.kind) == ("street_entrusted_units", "strength", "loosened")


def test_nothing_else_is_reported(changes: jx.PolicyDiff) -> None:
    assert changes.counts() == {
        "added": 1,
        "reworded": 1,
        "retitled": 1,
        "tightened": 1,
        "loosened": 2,
        "changed": 3,
        "deadline-moved": 1,
        "frequency-changed": 1,
        "lead-gained": 1,
        "lead-lost": 1,
        "cooperating-lost": 1,
    }
    entities = list(dict.fromkeys(c.entity for c in changes))
    assert entities == sorted(entities, key=list(jx.revisions.ENTITIES).index)


def test_added_and_removed_are_symmetric(policy: jx.Policy, revised: jx.Policy) -> None:
    forth, back = jx.diff(policy, revised), jx.diff(revised, policy)
    assert len(forth) == len(back)
    swap = {"added": "removed", "removed": "added", "lead-gained": "lead-lost", "lead-lost": "lead-gained"}
    swap |= {"tightened": "loosened", "loosened": "tightened", "cooperating-lost": "cooperating-gained"}
    there = sorted(
        (c.entity, c.subject, c.field, swap.get(c.kind, c.kind), repr(c.new), repr(c.old)) for c in forth
    )
    again = sorted((c.entity, c.subject, c.field, c.kind, repr(c.old), repr(c.new)) for c in back)
    assert there == again
    assert [c.entity for c in forth] == [c.entity for c in back]


# -- clauses that move ----------------------------------------------------------------------------------------


def _with_texts(policy: jx.Policy, texts: dict[str, str]) -> jx.Policy:
    clauses = tuple(attrs.evolve(c, text=texts[c.id]) if c.id in texts else c for c in policy.clauses)
    return attrs.evolve(policy, clauses=clauses)


def test_swapped_clauses_are_moved_not_reworded(policy: jx.Policy) -> None:
    a, b = policy.clause("1.3"), policy.clause("1.4")
    swapped = _with_texts(policy, {"1.3": b.text, "1.4": a.text})
    found = jx.diff(policy, swapped)
    moved = found.select(kind="moved")
    assert {(c.old, c.new) for c in moved} == {("1.3", "1.4"), ("1.4", "1.3")}
    assert not found.select(kind="reworded") and all(not c.segments for c in moved)
    assert "一（三） 1.3 -> 一（四） 1.4" in found.to_text()


def test_a_moved_clause_with_a_few_words_changed_is_still_moved(policy: jx.Policy) -> None:
    a, b = policy.clause("1.3"), policy.clause("1.4")
    edited = a.text.replace("消防", "防火", 2)
    assert MOVE_SIMILARITY <= similarity(a.text, edited) < 1
    found = jx.diff(policy, _with_texts(policy, {"1.3": b.text, "1.4": edited}))
    to_new = next(c for c in found.select(kind="moved") if c.old == "1.3")
    assert to_new.new == "1.4" and "similarity 0." in to_new.message
    assert "".join(t for op, t in to_new.segments if op != "-") == edited


def test_a_rewritten_clause_under_its_own_id_is_reworded(policy: jx.Policy) -> None:
    text = policy.clause("1.3").text
    found = jx.diff(policy, _with_texts(policy, {"1.3": text[::-1]}))
    change = _one(found.select(entity="clause", kind="reworded"))
    assert change.subject == "1.3" and not found.select(kind="moved")


def test_no_two_clauses_of_the_embedded_text_are_alike_enough_to_be_taken_for_a_move(
    policy: jx.Policy,
) -> None:
    texts = [c.text for c in policy.clauses]
    best = max(similarity(a, b) for i, a in enumerate(texts) for b in texts[i + 1 :])
    assert best < MOVE_SIMILARITY / 2  # the documented margin: 0.36 against 0.75


# -- the direction of a requirement ---------------------------------------------------------------------------


def _req(comparator: str, value: float, maximum: float | None = None) -> jx.Requirement:
    base = jx.load_policy().requirement("fire_work_station.staff")
    return attrs.evolve(base, comparator=comparator, value=value, maximum=maximum)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ((">=", 5), (">=", 6), "tightened"),
        ((">=", 5), (">=", 5.0), ""),
        ((">=", 5), (">=", 4.99), "loosened"),
        (("<=", 3), ("<=", 2.9), "tightened"),
        (("<=", 3), ("<=", 3), ""),
        (("<=", 3), ("<=", 3.01), "loosened"),
        (("between", 1, 2), ("between", 1, 3), "loosened"),
        (("between", 1, 3), ("between", 1, 2), "tightened"),
        (("between", 1, 2), ("between", 2, 3), ""),
        ((">=", 1), ("between", 1, 2), "tightened"),
        (("between", 1, 2), (">=", 1), "loosened"),
        ((">=", 5), ("<=", 5), ""),
    ],
)
def test_which_way_a_threshold_moves(old: tuple[str, float], new: tuple[str, float], expected: str) -> None:
    assert tighter(_req(*old), _req(*new)) == expected


def test_a_requirement_at_the_same_value_is_no_change(policy: jx.Policy) -> None:
    staff = policy.requirement("fire_work_station.staff")
    requirements = tuple(attrs.evolve(r, value=5.0) if r is staff else r for r in policy.requirements)
    assert not jx.diff(policy, attrs.evolve(policy, requirements=requirements))
    assert threshold_text(_req("between", 1, 2)) == "1–2 person"


# -- another district's document ------------------------------------------------------------------------------


@pytest.mark.parametrize("direction", ["yuzhong->qijiang", "qijiang->yuzhong"])
def test_another_districts_partial_document_diffs_sensibly(policy: jx.Policy, direction: str) -> None:
    qijiang = jx.load_policy(QIJIANG)
    old, new = (policy, qijiang) if direction == "yuzhong->qijiang" else (qijiang, policy)
    found = jx.diff(old, new)
    assert any("two different documents" in n for n in found.notes)
    assert any("holds only part of its document" in n for n in found.notes)
    jurisdiction = next(c for c in found.select(entity="document") if c.subject == "jurisdiction")
    assert {jurisdiction.old, jurisdiction.new} == {"重庆市渝中区", "重庆市綦江区"}
    clause = _one(found.select(entity="clause", kind="reworded", clause="1.1"))
    assert {clause.old_label, clause.new_label} == {"一（一）", "一(一)"}
    gone = "removed" if direction == "yuzhong->qijiang" else "added"
    assert len(found.select(entity="clause", kind=gone)) == 22  # the clauses the fragment does not hold
    assert found.select(entity="task", kind=gone)  # Yuzhong's annex; Qijiang's tasks come from its clauses
    json.loads(found.to_json())
    assert "<script" not in found.to_html()


# -- output ---------------------------------------------------------------------------------------------------


def test_json_round_trip_has_stable_keys_and_iso_dates(changes: jx.PolicyDiff) -> None:
    data = json.loads(changes.to_json())
    assert data == changes.to_dict()
    assert list(data) == ["format", "old", "new", "notes", "counts", "changes"]
    assert data["format"] == 1 and data["old"]["document"] == "yuzhong-2023"
    keys = {tuple(c) for c in data["changes"]}
    assert keys == {tuple(jx.Change(entity="fact", kind="changed", subject="x", message="x").to_dict())}
    deadline = next(c for c in data["changes"] if c["kind"] == "deadline-moved")
    assert (deadline["old"], deadline["new"]) == ("2025-12-31", "2026-06-30")
    reworded = next(c for c in data["changes"] if c["kind"] == "reworded")
    assert ["-", "5"] in reworded["segments"]


def test_html_escapes_hostile_text(policy: jx.Policy) -> None:
    hostile = '<script>alert("x")</script>&'
    text = policy.clause("1.3").text
    found = jx.diff(policy, _with_texts(policy, {"1.3": text + hostile}))
    page = found.to_html()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp;" in page
    assert "<ins>" in page and found._repr_html_() == page
    assert found.to_html(standalone=True).startswith("<!DOCTYPE html>")
    assert render_html((("+", "<b>"),)) == "<ins>&lt;b&gt;</ins>"


def test_text_output_cuts_long_unchanged_runs(changes: jx.PolicyDiff) -> None:
    short, whole = changes.to_text(), changes.to_text(context=-1)
    assert (
        "…公室负责人担任；消防工作站工作人员不少于[-5-]{+6+}人，其中在编人员不少于2人，并明确为消防…" in short
    )
    assert "建强街道消防工作机构。各街道成立" in whole and "建强街道消防工作机构。各街道成立" not in short


# -- the character diff ---------------------------------------------------------------------------------------


@given(
    st.text(alphabet="消防站人员不少于56。，", max_size=40),
    st.text(alphabet="消防站人员不少于56。，", max_size=40),
)
@settings(max_examples=200, deadline=None)
def test_char_diff_gives_back_both_texts(old: str, new: str) -> None:
    segments = char_diff(old, new)
    assert "".join(t for op, t in segments if op in "=-") == old
    assert "".join(t for op, t in segments if op in "=+") == new
    assert all(t for _, t in segments) and all(op in "=-+" for op, _ in segments)
    for (op1, _), (op2, _) in itertools.pairwise(segments):
        assert op1 != op2 and (op1, op2) != ("+", "-")


def test_unrelated_sentences_read_as_one_replacement() -> None:
    segments = char_diff("建强街道消防工作机构", "做实社区消防工作组织")
    assert render_text(segments) == "[-建强街道-]{+做实社区+}消防工作[-机构-]{+组织+}"
    assert char_diff("甲乙丙丁", "子乙丑丁寅") == (("-", "甲乙丙丁"), ("+", "子乙丑丁寅"))


_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["1.3", "2.1", "4.4", "5.2"]), st.text(alphabet="<>&消防新增", min_size=1, max_size=5)
    ),
    max_size=4,
)


@given(_EDITS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_policy_built_from_random_edits_has_no_changes_against_itself(
    policy: jx.Policy, edits: list[tuple[str, str]]
) -> None:
    texts: dict[str, str] = {}
    for clause, words in edits:
        texts[clause] = texts.get(clause, policy.clause(clause).text) + words
    edited = _with_texts(policy, texts)
    assert not jx.diff(edited, edited)
    found = jx.diff(policy, edited)
    assert {c.subject for c in found.select(kind="reworded")} == {
        k for k in texts if texts[k] != policy.clause(k).text
    }


# -- bad input ------------------------------------------------------------------------------------------------


def test_bad_arguments_get_the_packages_errors(policy: jx.Policy, tmp_path: Path) -> None:
    with pytest.raises(
        jx.XiaofangError, match="diff: new: expected a Policy or the path of a policy file, got int"
    ):
        jx.diff(policy, 3)  # type: ignore[arg-type]
    with pytest.raises(jx.PolicyFileError, match="cannot read the file"):
        jx.diff(policy, tmp_path / "missing.toml")
    with pytest.raises(jx.XiaofangError, match=r"Change\.kind: expected one of"):
        jx.Change(entity="clause", kind="renamed", subject="1.1", message="")
    with pytest.raises(jx.XiaofangError, match="select: entity: expected one of"):
        jx.diff(policy, policy).select(entity="clauses")


def test_duties_that_no_longer_check_are_left_out_with_a_note(policy: jx.Policy) -> None:
    broken = _with_texts(policy, {"5.4": "督导考核。"})  # the duties of 5.4 quote words it no longer has
    found = jx.diff(policy, broken)
    assert any(n.startswith("the duties of the new policy cannot be read, so no") for n in found.notes)
    assert _one(found.select(entity="clause", kind="reworded")).subject == "5.4"
    assert not found.select(entity="obligation")  # not "every duty removed"


# -- the command line -----------------------------------------------------------------------------------------


def test_cli_diff_exit_codes_and_formats(revised: jx.Policy, capsys: pytest.CaptureFixture[str]) -> None:
    new = revised.source
    assert main(["diff", str(EMBEDDED), str(EMBEDDED)]) == 0
    assert capsys.readouterr().out == "diff yuzhong-2023 -> yuzhong-2023: no changes\n"
    assert main(["diff", str(EMBEDDED), new]) == 1
    out = capsys.readouterr().out
    assert "fire_work_station.staff >= 5 person -> >= 6 person: tightened" in out
    assert main(["diff", str(EMBEDDED), new, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["counts"]["tightened"] == 1
    assert main(["diff", str(EMBEDDED), new, "--format", "html"]) == 1
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["diff", str(EMBEDDED), new, "--context", "-1"]) == 1
    assert "建强街道消防工作机构。各街道成立" in capsys.readouterr().out


def test_cli_diff_of_a_missing_file_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    run = subprocess.run(
        [sys.executable, "-m", "jiceng_xiaofang", "diff", str(EMBEDDED), str(missing)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        f"jiceng-xiaofang: error: {missing}: cannot read the file (No such file or directory)"
    ]
