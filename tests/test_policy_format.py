"""The policy format fits the documents districts publish: any depth, prose sections, annexes of every shape."""

from __future__ import annotations

from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from file_errors import assert_file_error
from jiceng_xiaofang.errors import PolicyFileError

HEAD = """format = 1
[document]
id = "example-2024"
jurisdiction = "示例区"
title = "示例区进一步加强基层消防治理工作方案"
title_en = "Example work plan"
issuer = "示例区人民政府办公室"
issued = 2024-03-01
public = true
number = "示例府办发〔2024〕12号"
preamble = "为进一步加强基层消防治理，制定本方案。"

[[body]]
name = "区应急局"
name_en = "emergency management bureau"
kind = "department"
level = "district"

[[body]]
name = "区消防救援支队"
name_en = "fire and rescue detachment"
kind = "fire_service"
level = "district"

[[body]]
name = "各镇人民政府"
name_en = "every town government"
kind = "collective"
level = "town"
collective_of = "镇人民政府"

[[body]]
name = "镇人民政府"
name_en = "town government"
kind = "town_government"
level = "town"

[[body]]
name = "各乡人民政府"
name_en = "every township government"
kind = "collective"
level = "township"
collective_of = "乡人民政府"

[[body]]
name = "乡人民政府"
name_en = "township government"
kind = "township_government"
level = "township"

[[body]]
name = "示例工业园区管委会"
name_en = "industrial park management committee"
kind = "park_committee"
level = "park"

[[body]]
name = "村委会"
name_en = "village committee"
kind = "village_committee"
level = "village"

[[body]]
name = "居委会"
name_en = "residents' committee"
kind = "residents_committee"
level = "community"
"""

# A document numbered three levels deep (二、（一）1.), opening with a prose-only section.
THREE_LEVELS = (
    HEAD
    + """
[[section]]
number = 1
title = "总体要求"
title_en = "General requirements"
text = "坚持人民至上、生命至上，到2025年基本建成基层消防治理体系。"

[[section]]
number = 2
title = "重点任务"
title_en = "Key tasks"

[[clause]]
id = "2.1"
text = "健全组织体系。"
lead = ["各镇人民政府", "各乡人民政府"]

[[clause]]
id = "2.1.1"
text = "建立消防工作站。各镇明确2名以上消防专管员。"
lead = ["各镇人民政府"]

[[clause]]
id = "2.1.2"
text = "建立村级消防组织。村委会明确1名消防管理员。"
lead = ["各乡人民政府"]
cooperating = ["区应急局"]

[[clause]]
id = "2.2"
text = "加强园区消防管理。"
lead = ["示例工业园区管委会"]
cooperating = ["区消防救援支队"]

[[clause]]
id = "2.3"
text = "加强宣传。"
"""
)


def _load(text: str, tmp_path: Path, name: str = "p.toml") -> jx.Policy:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return jx.load_policy(path)


def test_three_levels_load_with_ids_labels_and_eids(tmp_path: Path) -> None:
    policy = _load(THREE_LEVELS, tmp_path)
    assert [c.id for c in policy.clauses] == ["2.1", "2.1.1", "2.1.2", "2.2", "2.3"]
    point = policy.clause("2.1.1")
    assert (point.label, point.eid, point.depth, point.parent) == (
        "二（一）1.",
        "sec_2__item_1__point_1",
        3,
        "2.1",
    )
    assert policy.clause("二（一）2.").id == "2.1.2"
    assert policy.clause("二(一)2.").id == "2.1.2"
    assert policy.clause("sec_2__item_1__point_2").id == "2.1.2"
    assert [c.id for c in policy.children("2.1")] == ["2.1.1", "2.1.2"]
    assert [c.id for c in policy.children(2)] == ["2.1", "2.2", "2.3"]
    assert point.citation.label == "二（一）1." and str(point.citation) == "example-2024 二（一）1."


def test_a_prose_section_and_the_preamble(tmp_path: Path) -> None:
    policy = _load(THREE_LEVELS, tmp_path)
    general = policy.section(1)
    assert general.text.startswith("坚持人民至上") and policy.clauses_in(1) == ()
    assert policy.text_of("1").endswith("基本建成基层消防治理体系。")
    assert policy.quotes("1", "到2025年基本建成") and not policy.quotes("1", "2026")
    assert policy.document.preamble == "为进一步加强基层消防治理，制定本方案。"
    assert (policy.document.kind, policy.document.number) == ("工作方案", "示例府办发〔2024〕12号")


def test_without_an_annex_the_clauses_notes_are_the_tasks(tmp_path: Path) -> None:
    policy = _load(THREE_LEVELS, tmp_path)
    assert not policy.has_annex
    # every clause that names a lead or cooperating body, none that names neither (2.3)
    assert [(t.id, t.source) for t in policy.tasks] == [
        ("2.1", "clause"),
        ("2.1.1", "clause"),
        ("2.1.2", "clause"),
        ("2.2", "clause"),
    ]
    assert policy.task("2.1.1").lead == ("各镇人民政府",) and policy.task("2.1.1").cooperating == ()
    with pytest.raises(jx.NotFoundError, match=r"clause 2\.3 has no row in the policy.s tasks"):
        policy.task("2.3")
    g = jx.task_graph(policy)
    assert g.edges["示例工业园区管委会", "2.2"]["role"] == "lead"
    assert g.nodes["2.1.1"]["label"] == "二（一）1."


def test_new_body_levels(tmp_path: Path) -> None:
    policy = _load(THREE_LEVELS, tmp_path)
    levels = {b.name: b.level for b in policy.bodies}
    assert levels["镇人民政府"] == "town" and levels["乡人民政府"] == "township"
    assert levels["示例工业园区管委会"] == "park" and levels["村委会"] == "village"
    assert levels["居委会"] == "community"


ANNEX = (
    THREE_LEVELS
    + """
[[task]]
clauses = ["2.1.1", "2.1.2"]
id = "organisation"
section = "重点任务"
name = "健全镇村消防组织"
lead = ["各镇人民政府", "各乡人民政府"]

[[task]]
clause = "2.2"
id = "park-a"
name = "园区消防站建设"
lead = ["示例工业园区管委会"]

[[task]]
clause = "2.2"
id = "park-b"
name = "园区隐患整治"
lead = ["示例工业园区管委会"]
cooperating = ["区消防救援支队"]
"""
)


def test_annex_rows_that_span_clauses_and_clauses_with_several_rows(tmp_path: Path) -> None:
    policy = _load(ANNEX, tmp_path)
    assert policy.has_annex
    assert [t.id for t in policy.tasks] == ["organisation", "park-a", "park-b"]
    assert policy.task("organisation").clauses == ("2.1.1", "2.1.2")
    assert [t.id for t in policy.tasks_for("2.1.2")] == ["organisation"]
    assert [t.id for t in policy.tasks_for("2.2")] == ["park-a", "park-b"]
    with pytest.raises(jx.NotFoundError, match=r"clause 2.2 has 2 tasks \(park-a, park-b\)"):
        policy.task("2.2")
    g = jx.task_graph(policy)
    assert g.nodes["organisation"]["label"] == "二（一）1.、二（一）2."
    assert g.edges["示例工业园区管委会", "park-b"]["clause"] == "2.2"


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        (THREE_LEVELS.replace('id = "2.1.2"', 'id = "2.1.3"'), "clause[2].id", "expected 2.1.2, got 2.1.3"),
        (THREE_LEVELS.replace('id = "2.1.1"', 'id = "2.2.1"'), "clause[1].id", "2.2.1 is numbered under 2.2"),
        (
            THREE_LEVELS.replace('id = "2.3"', 'id = "2.2.1.1.1"'),
            "clause[4].id",
            "numbered under 2.2.1.1, which comes before it nowhere",
        ),
        (
            THREE_LEVELS.replace('preamble = "', 'numbering = ["一、", "（一）"]\npreamble = "'),
            "clause[1].id",
            "clause 2.1.1 is 3 levels deep; the document numbers 2",
        ),
        (THREE_LEVELS.replace('id = "2.3"', 'id = "3"'), "clause[4].id", "names a section"),
        (THREE_LEVELS.replace('level = "park"', 'level = "province"'), "body[6].level", "got 'province'"),
        (THREE_LEVELS.replace('kind = "park_committee"', 'kind = "park"'), "body[6].kind", "got 'park'"),
        (
            THREE_LEVELS.replace('number = "示例府办发〔2024〕12号"', 'number = "12号"'),
            "document.number",
            "a document number reads like",
        ),
        (
            THREE_LEVELS.replace("public = true", 'public = true\nkind = "实施意见"'),
            "document.kind",
            "does not end with its kind",
        ),
        (
            THREE_LEVELS.replace("public = true", "public = true\ncomplete = false"),
            "document.coverage",
            "says what it holds",
        ),
        (
            THREE_LEVELS.replace("public = true", 'public = true\nnumbering = ["一、", "（二）"]'),
            "document.numbering",
            "exactly one placeholder",
        ),
        (
            THREE_LEVELS.replace('text = "健全组织体系。"', 'title = "健全体系"\ntext = "健全组织体系。"'),
            "clause[0].title",
            "the title must be how the text begins",
        ),
        (
            ANNEX.replace('id = "organisation"\n', ""),
            "task[0].clauses",
            "give this row an id: it implements several clauses",
        ),
        (ANNEX.replace('id = "park-b"\n', ""), "task[2].clause", "clause 2.2 already has a task (row 2)"),
        (ANNEX.replace('id = "park-b"', 'id = "park-a"'), "task[2].id", "duplicate task id 'park-a'"),
        (ANNEX.replace('id = "park-b"', 'id = "2.1"'), "task[2].id", "is another clause's id"),
        (
            ANNEX.replace('clauses = ["2.1.1", "2.1.2"]', 'clauses = ["2.1.1", "2.9"]'),
            "task[0].clauses[1]",
            "'2.9'",
        ),
    ],
)
def test_format_errors_name_file_line_and_key(text: str, key: str, fragment: str, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyFileError) as info:
        jx.load_policy(path)
    assert_file_error(info.value, file=str(path), key=key, fragment=fragment, text=text)


# -- files that include others -----------------------------------------------------------------------------

FACTS = """format = 1
about = "the facts of example-2024"

[[fact]]
id = "officers"
clause = "2.1.1"
kind = "count"
value = 2
quote = "各镇明确2名以上消防专管员"
description_en = "Each town names 2 or more designated fire officers."
"""


def test_a_policy_includes_files_beside_it(tmp_path: Path) -> None:
    (tmp_path / "facts.toml").write_text(FACTS, encoding="utf-8")
    policy = _load('include = ["facts.toml"]\n' + THREE_LEVELS, tmp_path)
    assert policy.fact("officers").value == 2


@pytest.mark.parametrize(
    ("include", "part", "where", "fragment"),
    [
        ('["../facts.toml"]', FACTS, "p.toml", "named without a folder"),
        ('["sub/facts.toml"]', FACTS, "p.toml", "named without a folder"),
        ('["facts.toml", "facts.toml"]', FACTS, "p.toml", "included twice"),
        ('["missing.toml"]', FACTS, "missing.toml", "cannot read the file"),
        ('["facts.toml"]', 'include = ["x.toml"]\n' + FACTS, "facts.toml", "cannot include others"),
        ('["facts.toml"]', FACTS.replace("format = 1", "format = 2"), "facts.toml", "policy format 1"),
        (
            '["facts.toml"]',
            FACTS.replace("各镇明确2名", "各镇明确3名"),
            "facts.toml",
            "the quote is not in the text",
        ),
        ('["facts.toml"]', FACTS + "[[clause]]\n", "facts.toml", "unknown key 'clause'"),
    ],
)
def test_bad_includes(include: str, part: str, where: str, fragment: str, tmp_path: Path) -> None:
    (tmp_path / "facts.toml").write_text(part, encoding="utf-8")
    with pytest.raises(PolicyFileError, match=fragment) as info:
        _load(f"include = {include}\n" + THREE_LEVELS, tmp_path)
    assert info.value.file == str(tmp_path / where)


def test_a_text_that_includes_files_needs_its_file() -> None:
    with pytest.raises(PolicyFileError, match="give parse_policy their folder"):
        jx.parse_policy('include = ["facts.toml"]\n' + THREE_LEVELS)
