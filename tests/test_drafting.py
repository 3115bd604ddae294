"""Drafting a policy file from a published document: the seed round trip, another district, documents never seen.

The Yuzhong seed must come back exactly as the embedded policy encodes it by hand (24 clause texts, their lead
and cooperating bodies, the 20 annex rows, the document's metadata); the Qijiang fragment must draft what is
there; a document of another shape must give a file that loads, with every part it could not read reported
with its line.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tomllib
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.cli import main
from jiceng_xiaofang.drafting import PROBLEM_KINDS, Draft, DraftProblem

HERE = Path(__file__).resolve().parent
SEED = HERE / "seed" / "yuzhong-2023-fire-governance-opinions.txt"
QIJIANG_TEXT = HERE / "seed" / "qijiang-2022-fragment.txt"
QIJIANG = HERE / "data" / "qijiang-2022-fragment.toml"

# A document of a shape neither seed has: three levels (一、（一）1、), a section of prose only, a clause whose
# page drops the 。 after its title, half-width notes, a lead without cooperating bodies, an annex whose rows
# disagree with the clauses, a row of the wrong width, a row that names no clause, and a 抄送 line at the end.
UNSEEN = """\
重庆市某某区人民政府办公室
关于印发某某区消防安全网格化管理工作方案的通知
某某府办发〔2024〕12号
各镇人民政府、各街道办事处，区级有关部门：
《某某区消防安全网格化管理工作方案》已经区政府第7次常务会议审议通过，现印发给你们，请遵照执行。
重庆市某某区人民政府办公室
2024年5月6日
（此件公开发布）
某某区消防安全网格化管理
工作方案
为贯彻落实《重庆市人民政府办公厅关于进一步加强基层消防治理的指导意见》（渝府办发〔2022〕110号），制定本方案。
一、总体要求
坚持属地管理、分级负责，到2025年底基本建成覆盖镇街、村（社区）的消防网格。
二、重点任务
（一）健全网格组织
1、划分消防网格。各镇街按照每个网格不超过300户的标准划分消防网格，
网格员每月至少巡查一次。(责任单位:各镇人民政府、各街道办事处)
2、配强网格力量。每个网格配备网格员不少于2名。（责任单位：各镇人民政府；配合单位：区应急局、区消防救援支队）
（二）整治消防车通道各镇街对占用消防车通道的行为开展整治，确保通道净宽度不小于4米。（责任单位：区住建委；配合单位：区城管局）
三、保障措施
（一）加强考核。每半年开展一次督导。（责任单位：区消防安全委员会办公室）
抄送：区委办公室，区人大常委会办公室。
附件

重点任务分解表

\t序号
\t工作任务
\t责任单位
\t配合单位

\t1
\t划分消防网格
\t各镇人民政府
\t各街道办事处

\t2
\t配强网格力量
\t各镇人民政府
\t区应急局、区消防救援支队

\t3
\t整治消防车通道
\t区住建委
\t区城管局

\t4
\t加强考核
\t区消防安全委员会办公室

\t5
\t建设智慧消防平台
\t区大数据发展局
\t区应急局
"""


def line_of(fragment: str, text: str = UNSEEN) -> int:
    """The number of the first line of ``text`` that holds ``fragment``."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


@pytest.fixture(scope="module")
def yuzhong() -> jx.Policy:
    return jx.load_policy()


@pytest.fixture(scope="module")
def drafted() -> jx.Policy:
    return jx.draft_policy(SEED).load()


@pytest.fixture(scope="module")
def unseen() -> Draft:
    return jx.draft_policy(UNSEEN, id="moumou-2024", name="unseen.txt")


# --- the seed round trip ------------------------------------------------------------------------


def test_the_seed_drafts_every_clause_text_exactly(drafted: jx.Policy, yuzhong: jx.Policy) -> None:
    assert len(drafted.clauses) == 24
    assert [(c.id, c.text) for c in drafted.clauses] == [(c.id, c.text) for c in yuzhong.clauses]
    assert [(c.label, c.title) for c in drafted.clauses] == [(c.label, c.title) for c in yuzhong.clauses]


def test_the_seed_drafts_every_lead_and_cooperating_body(drafted: jx.Policy, yuzhong: jx.Policy) -> None:
    assert [(c.lead, c.cooperating) for c in drafted.clauses] == [
        (c.lead, c.cooperating) for c in yuzhong.clauses
    ]


def test_the_seed_drafts_the_twenty_annex_rows(drafted: jx.Policy, yuzhong: jx.Policy) -> None:
    def rows(policy: jx.Policy) -> list[tuple[object, ...]]:
        return [
            (t.number, t.id, t.clauses, t.section, t.name, t.content, t.lead, t.cooperating, t.source)
            for t in policy.tasks
        ]

    assert len(drafted.tasks) == 20
    assert rows(drafted) == rows(yuzhong)


def test_the_seed_drafts_the_document_metadata(drafted: jx.Policy, yuzhong: jx.Policy) -> None:
    fields = (
        "jurisdiction",
        "title",
        "kind",
        "number",
        "notice_title",
        "issuer",
        "issued",
        "approved_by",
        "approval_meeting",
        "publication",
        "public",
        "addressees",
        "parent",
        "preamble",
        "complete",
        "numbering",
    )
    for field in fields:
        assert getattr(drafted.document, field) == getattr(yuzhong.document, field), field
    assert [(s.number, s.title, s.text, s.label) for s in drafted.sections] == [
        (s.number, s.title, s.text, s.label) for s in yuzhong.sections
    ]


def test_the_seed_drafts_without_problems_and_marks_what_it_inferred() -> None:
    draft = jx.draft_policy(SEED)
    assert draft.problems == ()
    assert (draft.clauses, draft.tasks) == (24, 20)
    policy = draft.load()
    assert policy.facts and all(f.draft and f.description_en == "" for f in policy.facts)
    # every fact the embedded policy states by hand with a number, the drafter finds with the same quote
    found = {(f.clause, f.value, f.quote) for f in policy.facts}
    assert ("1.1", 5, "消防工作站工作人员不少于5人") in found
    assert ("1.2", 30.0, "站房至少30平方米") in found
    assert ("2.4", 4.0, "确保消防车通道宽度、高度不低于4米") in found
    assert ("5.1", dt.date(2025, 12, 31), "2025年所有街道完成建设任务") in found
    assert ("5.4", "P3M", "每季度至少开展一次检查") in found
    # the lint tells a person what is left to confirm
    codes = {issue.code for issue in jx.lint(policy)}
    assert "draft-entry" in codes and "metadata-unknown" not in codes


def test_the_drafted_bodies_have_the_kind_and_level_of_the_embedded_directory(
    drafted: jx.Policy, yuzhong: jx.Policy
) -> None:
    assert drafted.bodies
    for body in drafted.bodies:
        by_hand = yuzhong.body(body.name)
        assert (body.kind, body.level, body.collective_of) == (
            by_hand.kind,
            by_hand.level,
            by_hand.collective_of,
        ), body.name
        assert body.name_en == ""  # the drafter does not translate


def test_the_draft_is_deterministic_and_commented_for_review() -> None:
    first, second = jx.draft_policy(SEED), jx.draft_policy(SEED)
    assert first.toml == second.toml
    assert first.toml.startswith("# DRAFT policy file")
    assert tomllib.loads(first.toml)["format"] == 1
    assert '# title_en = ""  # fill in' in first.toml
    assert "# [[requirement]]" in first.toml  # candidate requirements wait, commented, for a person


# --- another district: Qijiang ------------------------------------------------------------------


def test_the_qijiang_fragment_drafts_what_the_hand_encoding_holds() -> None:
    draft = jx.draft_policy(QIJIANG_TEXT)
    policy = draft.load()
    by_hand = jx.load_policy(QIJIANG)
    for field in (
        "jurisdiction",
        "title",
        "kind",
        "number",
        "notice_title",
        "issuer",
        "issued",
        "approved_by",
        "publication",
        "public",
        "addressees",
        "parent",
        "preamble",
        "complete",
    ):
        assert getattr(policy.document, field) == getattr(by_hand.document, field), field
    assert [(c.id, c.title, c.text, c.lead, c.cooperating, c.complete) for c in policy.clauses] == [
        (c.id, c.title, c.text, c.lead, c.cooperating, c.complete) for c in by_hand.clauses
    ]
    assert policy.document.numbering.styles == ("一、", "(一)")
    assert policy.clause("一(一)").id == "1.1"
    # the missing 。 after 一(一)'s title and the cut-off 一(二) are reported with their lines
    kinds = [(p.kind, p.line) for p in draft.problems]
    assert kinds == [("guess", 12), ("guess", 13)]
    assert "without 。" in draft.problems[0].message
    assert "stops in the middle" in draft.problems[1].message


# --- a document never seen ----------------------------------------------------------------------


def test_an_unseen_document_drafts_a_file_that_loads(unseen: Draft) -> None:
    policy = unseen.load()
    doc = policy.document
    assert doc.id == "moumou-2024"
    assert doc.title == "某某区消防安全网格化管理工作方案"  # two title lines joined
    assert doc.kind == "工作方案" and doc.number == "某某府办发〔2024〕12号"
    assert doc.issued == dt.date(2024, 5, 6) and doc.approval_meeting == 7
    assert doc.addressees == ("各镇人民政府", "各街道办事处", "区级有关部门")
    assert doc.parent is not None and doc.parent.issuer == "重庆市人民政府办公厅"
    assert doc.jurisdiction == "重庆市某某区"
    assert doc.numbering.styles == ("一、", "（一）", "1、")
    assert [s.title for s in policy.sections] == ["总体要求", "重点任务", "保障措施"]
    assert policy.section(1).text.startswith("坚持属地管理") and not policy.children(1)
    assert [c.id for c in policy.clauses] == ["2.1", "2.1.1", "2.1.2", "2.2", "3.1"]
    assert policy.clause("二（一）1、").id == "2.1.1"


def test_stray_line_breaks_are_joined_and_half_width_notes_read(unseen: Draft) -> None:
    clause = unseen.load().clause("2.1.1")
    assert clause.text == (
        "划分消防网格。各镇街按照每个网格不超过300户的标准划分消防网格，网格员每月至少巡查一次。"
    )
    assert clause.lead == ("各镇人民政府", "各街道办事处") and clause.cooperating == ()


def test_a_title_without_its_stop_is_given_from_the_annex(unseen: Draft) -> None:
    clause = unseen.load().clause("2.2")
    assert clause.title == "整治消防车通道"  # the annex row's task name, which the text begins with
    assert clause.text.startswith("整治消防车通道各镇街")
    problem = next(p for p in unseen.problems if p.where == "clause 二（二）")
    assert (problem.kind, problem.line) == ("guess", line_of("（二）整治消防车通道"))
    assert "annex row's task name" in problem.message
    # without the annex, the title ends where the body's subject begins (各镇街)
    alone = jx.draft_policy(UNSEEN.split("抄送")[0], id="x")
    assert alone.load().clause("2.2").title == "整治消防车通道"
    assert "subject" in next(p for p in alone.problems if p.where == "clause 二（二）").message


def test_every_unread_part_is_reported_with_its_line(unseen: Draft) -> None:
    by_line = {p.line: p for p in unseen.problems}
    assert by_line[line_of("抄送")].kind == "unread" and "抄送" in by_line[line_of("抄送")].message
    # the 序号 column numbers the rows in order: nothing to report
    assert not any("序号" in p.message or "numbered" in p.message for p in unseen.problems)
    # the row of 3 cells is skipped and said to be; the last row names no clause
    narrow = next(p for p in unseen.problems if "a row of 3 cell(s)" in p.message)
    assert narrow.kind == "unread" and narrow.line == line_of("\t4")
    orphan = next(p for p in unseen.problems if "建设智慧消防平台" in p.message)
    assert orphan.kind == "unread" and orphan.where == "annex row 4" and orphan.line == line_of("\t5")
    # nothing of the document is lost: every line's words are in the draft or the line is in a problem
    # (the notice's own words are read for the approval they record, and a heading's label becomes the id)
    toml = unseen.toml
    reported = {p.line for p in unseen.problems} | {line_of("已经区政府")}
    lines = UNSEEN.splitlines()
    for first in sorted(n for n in reported if n and lines[n - 1].startswith("\t")):
        # a table row is reported at its first line: the row runs to the next blank line
        end = next((i for i in range(first, len(lines)) if not lines[i].strip()), len(lines))
        reported |= set(range(first, end + 1))
    for number, line in enumerate(UNSEEN.splitlines(), start=1):
        if number in reported:
            continue
        words = re.sub(
            r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+、)", "", line.strip()
        )
        for part in re.split(r"[，、：:()（）;；]", words):
            if part in ("责任单位", "配合单位"):
                continue  # the keys of a note: its bodies are the draft's lead and cooperating
            date = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", part)
            if date is not None:
                part = dt.date(*(int(g) for g in date.groups())).isoformat()
            assert part in toml, (number, part)
    assert {p.kind for p in unseen.problems} <= set(PROBLEM_KINDS)


def test_annex_rows_are_matched_and_their_disagreements_reported(unseen: Draft) -> None:
    policy = unseen.load()
    assert [(t.id, t.clauses) for t in policy.tasks] == [
        ("2.1.1", ("2.1.1",)),
        ("2.1.2", ("2.1.2",)),
        ("2.2", ("2.2",)),
    ]
    mismatch = [p for p in unseen.problems if p.kind == "mismatch"]
    assert [(p.where, p.line) for p in mismatch] == [("annex row 1", line_of("\t1"))] * 2
    assert "lead bodies differ" in mismatch[0].message and "cooperating" in mismatch[1].message
    assert "annex 各街道办事处; clause (none)" in mismatch[1].message
    # the lint of the loaded draft says the same
    codes = {(i.code, i.where) for i in jx.lint(policy)}
    assert ("annex-lead-mismatch", "annex row 1 (2.1.1)") in codes


def test_candidate_facts_of_an_unseen_document(unseen: Draft) -> None:
    facts = {(f.clause, f.kind, f.value, f.unit) for f in unseen.load().facts}
    assert ("2.1.1", "count", 300, None) not in facts  # 户 (households) is not a count the drafter reads
    assert ("2.1.1", "period", "P1M", None) in facts
    assert ("2.1.2", "count", 2, None) in facts
    assert ("2.2", "quantity", 4.0, "m") in facts
    assert ("3.1", "period", "P6M", None) in facts


def test_bodies_whose_kind_the_name_does_not_tell_are_reported(unseen: Draft) -> None:
    policy = unseen.load()
    assert policy.body("各镇人民政府").collective_of == "镇人民政府"
    assert policy.body("区消防安全委员会办公室").kind == "committee_office"
    assert {b.level for b in policy.bodies} <= {"district", "street", "town"}


def test_a_document_without_a_notice_takes_its_signature_from_the_end() -> None:
    text = "某某县消防工作实施意见\n一、主要任务\n（一）加强巡查。各乡镇每季度巡查一次。\n某某县人民政府办公室\n2024年1月2日\n"
    draft = jx.draft_policy(text, id="x")
    doc = draft.load().document
    assert (doc.issuer, doc.issued, doc.jurisdiction) == (
        "某某县人民政府办公室",
        dt.date(2024, 1, 2),
        "某某县",
    )
    assert draft.load().clause("1.1").text == "加强巡查。各乡镇每季度巡查一次。"
    assert [p.message for p in draft.problems] == ["not found: the publication note (此件公开发布)"]


def test_a_heading_out_of_sequence_keeps_its_printed_label() -> None:
    text = "某区工作方案\n一、任务\n（一）甲项工作。内容。\n（三）乙项工作。内容。\n"
    draft = jx.draft_policy(text, id="x")
    policy = draft.load()
    assert [(c.id, c.label) for c in policy.clauses] == [("1.1", "一（一）"), ("1.2", "一（三）")]
    assert any(p.kind == "mismatch" and p.line == 4 for p in draft.problems)


def test_a_point_without_its_item_is_kept_as_text() -> None:
    draft = jx.draft_policy("某区工作方案\n一、任务\n1.甲项工作。\n", id="x")
    # 1. directly under a section is the section's second level here: the ladder is learned
    assert draft.load().document.numbering.styles == ("一、", "1.")
    draft = jx.draft_policy(
        "某区工作方案\n一、任务\n（一）甲。\n1.乙。\n（1）丙。\n二、其他\n（1）丁。\n", id="x"
    )
    policy = draft.load()
    assert [c.id for c in policy.clauses] == ["1.1", "1.1.1", "1.1.1.1", "2.1"] or any(
        p.kind == "guess" and p.line == 7 for p in draft.problems
    )


def test_a_hundredth_item_is_text_not_a_crash() -> None:
    from jiceng_xiaofang.vocabulary.citations import chinese_numeral

    items = "\n".join(f"（{chinese_numeral(n)}）内容{n}。" for n in range(1, 100))
    draft = jx.draft_policy(f"某区工作方案\n一、任务\n{items}\n（一）第一百项。\n", id="x")
    policy = draft.load()
    assert len(policy.clauses) == 99
    assert policy.clause("1.99").text == "内容99。\n（一）第一百项。"
    problem = next(p for p in draft.problems if p.line == 102)
    assert problem.kind == "unread" and "number 100" in problem.message


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("", "the document is empty"),
        ("  \n\u3000\n\t\n", "the document is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text document"),
        ("某区工作方案\n坚持属地管理，落实责任。\n", "no numbered section"),
        ("某区工作方案\n一、总体要求\n二、主要任务\n", "nothing to draft"),
        (b"PK\x03\x04not really a zip", "not a readable .docx"),
        ("某区\x07工作方案\n一、任务\n（一）甲。\n", "control or replacement character"),
        (bytes([0xFF, 0xFF, 0xFF, 0x80, 0x80]), "not UTF-8"),
    ],
)
def test_bad_input_gives_a_clear_error(data: str | bytes, fragment: str) -> None:
    with pytest.raises(jx.DocumentError) as info:
        jx.draft_policy(data)
    assert fragment in str(info.value)
    assert isinstance(info.value, jx.XiaofangError)


def test_a_missing_file_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(jx.DocumentError, match="cannot read the file"):
        jx.draft_policy(tmp_path / "nope.txt")


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from jiceng_xiaofang.drafting import MAX_BYTES

    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    with pytest.raises(jx.DocumentError, match="read up to"):
        jx.draft_policy(big)


def test_a_gbk_file_drafts_the_same_text_and_says_how_it_was_read(tmp_path: Path) -> None:
    text = QIJIANG_TEXT.read_text(encoding="utf-8")
    gbk = tmp_path / "qijiang-gbk.txt"
    gbk.write_bytes(text.encode("gbk"))
    draft = jx.draft_policy(gbk)
    assert draft.load().clause("1.1").text == jx.draft_policy(QIJIANG_TEXT).load().clause("1.1").text
    assert draft.problems[0].kind == "guess" and "GB18030" in draft.problems[0].message


def test_a_utf16_file_with_its_mark_reads() -> None:
    text = QIJIANG_TEXT.read_text(encoding="utf-8")
    draft = jx.draft_policy(text.encode("utf-16"))
    assert draft.load().document.number == "綦江府办发〔2022〕71号"


# --- .docx --------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A minimal .docx: the paragraphs, then the table (each cell's lines as paragraphs)."""

    def para(text: str) -> str:
        return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    body = "".join(para(p) for p in paragraphs)
    if table:
        rows = "".join(
            "<w:tr>"
            + "".join(f"<w:tc>{''.join(para(x) for x in cell.split('|'))}</w:tc>" for cell in row)
            + "</w:tr>"
            for row in table
        )
        body += f"<w:tbl>{rows}</w:tbl>"
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_a_docx_drafts_like_its_text(tmp_path: Path) -> None:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").split("附件")[0].splitlines()]
    header = ["项目", "工作任务", "工作内容", "责任单位", "配合单位"]
    by_hand = jx.load_policy()
    rows = [header] + [
        [
            t.section if t.number == 1 else "",
            t.name[:4] + "|" + t.name[4:],
            t.content,
            "、".join(t.lead),
            "、".join(t.cooperating),
        ]
        for t in by_hand.tasks
    ]
    path = tmp_path / "yuzhong.docx"
    path.write_bytes(_docx([*lines, "附件", "全区基层消防治理重点任务分解表"], rows))
    draft = jx.draft_policy(path)
    policy = draft.load()
    assert [c.text for c in policy.clauses] == [c.text for c in by_hand.clauses]
    assert [(t.name, t.lead, t.cooperating, t.clauses) for t in policy.tasks] == [
        (t.name, t.lead, t.cooperating, t.clauses) for t in by_hand.tasks
    ]
    assert policy.document.notice_title == by_hand.document.notice_title


def test_a_docx_cell_merged_across_columns_stands_for_each() -> None:
    def cell(text: str, span: int = 1) -> str:
        merged = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
        return f"<w:tc>{merged}<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:tc>"

    header = "".join(cell(c) for c in ("工作任务", "责任单位", "配合单位"))
    row = cell("整治消防车通道") + cell("区住建委", span=2)
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{escape(t)}</w:t></w:r></w:p>"
        for t in (
            "某区工作方案",
            "一、任务",
            "（一）整治消防车通道。内容。（责任单位：区住建委）",
            "附件",
            "任务表",
        )
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{paragraphs}'
        f"<w:tbl><w:tr>{header}</w:tr><w:tr>{row}</w:tr></w:tbl></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    draft = jx.draft_policy(buffer.getvalue(), id="x")
    task = draft.load().task("1.1")
    assert (task.name, task.lead, task.cooperating) == ("整治消防车通道", ("区住建委",), ())
    assert {p.kind for p in draft.problems} == {
        "missing"
    }  # no issuer, date or publication note: nothing else


def test_a_docx_with_entities_is_refused() -> None:
    bomb = _docx(["一、任务"]).replace(b"", b"")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document xmlns:w="x">&a;</w:document>',
        )
    assert bomb
    with pytest.raises(jx.DocumentError, match="DOCTYPE"):
        jx.draft_policy(buffer.getvalue())


# --- the command line and the result --------------------------------------------------------------


def test_cli_draft_writes_a_file_that_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "qijiang-draft.toml"
    assert main(["draft", str(QIJIANG_TEXT), "-o", str(out), "--id", "qijiang-2022"]) == 0
    err = capsys.readouterr().err
    assert f"{QIJIANG_TEXT}:12: guess clause 一(一)" in err
    assert "the draft loads" in err
    policy = jx.load_policy(out)
    assert policy.document.id == "qijiang-2022"
    assert main(["lint", "--policy", str(out)]) == 0


def test_cli_draft_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(SEED)]) == 0
    captured = capsys.readouterr()
    assert tomllib.loads(captured.out)["document"]["issuer"] == "重庆市渝中区人民政府办公室"
    assert "no problems" in captured.err


def test_cli_draft_of_a_bad_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02")
    assert main(["draft", str(binary)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jiceng-xiaofang: error: ") and "not a text document" in err
    assert len(err.strip().splitlines()) == 1
    assert main(["draft", str(tmp_path / "missing.txt")]) == 2


def test_problem_and_summary_text() -> None:
    problem = DraftProblem("unread", "annex", "not read: x", line=3)
    assert str(problem) == "line 3: unread annex: not read: x"
    assert str(DraftProblem("missing", "document", "not found: y")) == "missing document: not found: y"
    draft = jx.draft_policy(QIJIANG_TEXT)
    assert draft.summary().splitlines()[1] == "2 problem(s): guess 2"


def test_write_round_trips(tmp_path: Path) -> None:
    draft = jx.draft_policy(QIJIANG_TEXT)
    path = tmp_path / "d.toml"
    draft.write(path)
    assert path.read_text(encoding="utf-8") == draft.toml
    assert jx.load_policy(path).document.title == draft.load().document.title


# --- draft requirements -------------------------------------------------------------------------


def test_a_requirement_candidate_is_a_draft_that_is_not_checked() -> None:
    draft = jx.draft_policy(SEED)
    policy = draft.load()
    drafts = {r.id: r for r in policy.requirements if r.draft}
    staff = drafts["fire_work_station.staff"]
    assert (staff.comparator, staff.value, staff.strength, staff.quote) == (
        ">=",
        5.0,
        "required",
        "消防工作站工作人员不少于5人",
    )
    assert (
        drafts["micro_fire_station.room_area"].value == 30.0
    )  # 站房至少30平方米, read as required (no 鼓励 before it)
    assert drafts["micro_fire_station.room_area"].strength == "required"
    # the candidates agree with what the embedded policy encodes by hand
    by_hand = jx.load_policy()
    for r in drafts.values():
        if r.id in {q.id for q in by_hand.requirements}:
            assert (r.value, r.comparator) == (
                by_hand.requirement(r.id).value,
                by_hand.requirement(r.id).comparator,
            )
    # not checked: a station with 1 staff is unknown under the draft (nothing checked), fails once confirmed
    station = jx.FireWorkStation(staff=1)
    assert jx.check(station, policy).status == "unknown" and not jx.check(station, policy).findings
    confirmed = jx.parse_policy(
        draft.toml.replace(
            'quote = "消防工作站工作人员不少于5人"\ndraft = true\n# name_zh = ""  # fill in when confirming, and name_en',
            'quote = "消防工作站工作人员不少于5人"\nname_zh = "工作人员不少于5人"\nname_en = "at least 5 staff"',
        ),
        baseline=None,
    )
    assert jx.check(station, confirmed).finding("fire_work_station.staff").status == "fail"
    issues = [i for i in jx.lint(policy) if i.code == "draft-entry" and i.where.startswith("requirement")]
    assert {i.where for i in issues} == {f"requirement {rid}" for rid in drafts}


def test_a_candidate_whose_record_is_not_named_stays_a_comment() -> None:
    draft = jx.draft_policy("某区工作方案\n一、任务\n（一）配强力量。每个网格配备网格员不少于2名。\n", id="x")
    assert "# [[requirement]]" in draft.toml and "\n[[requirement]]" not in draft.toml
    assert '# subject = ""  # fill in' in draft.toml
    assert not draft.load().requirements


def test_a_draft_key_is_refused_outside_the_district_layer(tmp_path: Path) -> None:
    baseline = tmp_path / "floor.toml"
    baseline.write_text(
        'format = 1\n[layer]\nname = "national"\n[[requirement]]\nid = "national.fire_lane.clear_width"\n'
        'subject = "fire_lane"\nfield = "clear_width"\ncomparator = ">="\nvalue = 4\nunit = "m"\n'
        'strength = "required"\nname_zh = "x"\nname_en = "x"\nsource = "x"\nconfidence = "official"\ndraft = true\n',
        encoding="utf-8",
    )
    with pytest.raises(jx.PolicyFileError, match="unknown key 'draft'"):
        jx.load_policy(baseline=baseline)
