"""The quarterly bulletin (通报): every annex task and lead unit, what is late or contradicted, the rounds, letters
and ranking; Markdown, and .xlsx and .docx read back with their own libraries."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.ledger import HEADERS, Entry, Ledger, LedgerError, load_scheme, read_ledger
from jiceng_xiaofang.standards import check_all, load_facilities

D = dt.date
DATA = Path(__file__).resolve().parents[1] / "examples" / "data"


@pytest.fixture(scope="module")
def policy() -> jx.Policy:
    return jx.load_policy()


@pytest.fixture(scope="module")
def sample(policy: jx.Policy) -> Ledger:
    return read_ledger(DATA / "ledger-sample.jsonl", policy, jx.yuzhong())


@pytest.fixture(scope="module")
def checks(policy: jx.Policy) -> object:
    return check_all(load_facilities(DATA / "ledger-facilities.toml"), policy, D(2025, 12, 31))


@pytest.fixture(scope="module")
def q4(sample: Ledger, checks: object) -> jx.Bulletin:
    return jx.bulletin(sample, "2025Q4", checks=checks, scheme=load_scheme())


def test_one_row_per_task_and_lead_unit_every_task_present(q4: jx.Bulletin, policy: jx.Policy) -> None:
    assert q4.headers == (
        "序号",
        "工作任务",
        "责任单位",
        "进展情况",
        "存在问题",
        "下步打算",
        "完成时限",
        "状态",
    )
    assert len(q4.rows) == 151
    assert [r.number for r in q4.rows] == list(range(1, 152))
    assert {r.task for r in q4.rows} == {t.id for t in policy.tasks}
    assert len({(r.task, r.unit) for r in q4.rows}) == 151
    table = q4.table()
    assert table[0] == HEADERS["zh"] and all(len(row) == 8 for row in table)
    assert sum(q4.counts().values()) == 151


def test_a_street_reporting_done_with_a_failing_check_is_flagged(q4: jx.Bulletin) -> None:
    row = next(r for r in q4.rows if r.task == "1.1" and r.street == "七星岗街道")
    assert (row.status, row.derived) == ("completed", "fail")
    assert "contradiction" in row.flags
    assert row.cells()[-1] == "已完成（与核查不符）"
    assert row in q4.contradictions()
    passing = next(r for r in q4.rows if r.task == "1.1" and r.street == "解放碑街道")
    assert passing.derived == "pass" and "contradiction" not in passing.flags
    assert {(r.task, r.street) for r in q4.contradictions()} == {("1.1", "七星岗街道"), ("1.2", "大坪街道")}


def test_overdue_is_not_done_at_the_end_of_the_deadline_day(q4: jx.Bulletin, sample: Ledger) -> None:
    late = q4.overdue()
    assert late and all(r.status in ("not_started", "in_progress") for r in late)
    assert {(r.task, r.unit) for r in late} == {
        (r.task, r.unit) for r in q4.rows if r.status not in ("completed", "accepted")
    }
    q3 = jx.bulletin(sample, "2025Q3")
    assert q3.overdue() == ()  # before the deadline nothing is overdue
    assert q3.checked is False and "未提供设施核查结果" in q3.to_markdown()


def test_rounds_letters_and_ranking_of_the_quarter(q4: jx.Bulletin) -> None:
    assert [(r.kind, r.period.label_zh, r.state) for r in q4.rounds] == [
        ("inspection", "2025年第四季度", "held"),
        ("supervision", "2025年下半年", "held"),
    ]
    states = {x.id: x.state for x in q4.letters}
    assert states == {"DB-2025-03": "open", "YT-2025-01": "answered"}
    assert q4.assessment is not None and q4.assessment.period == q4.quarter
    ranking = q4.ranking_table()
    assert ranking[0] == ("类别", "排名", "单位", "得分") and len(ranking) == 1 + len(q4.assessment.scores)
    assert q4.text("ranking") in [heading for heading, _ in q4.sections()]


def test_a_round_that_ends_with_the_quarter_unheld_is_missed(policy: jx.Policy) -> None:
    ledger = Ledger(policy, jx.yuzhong()).record(Entry("inspection", D(2024, 8, 1), by="办"))
    b = jx.bulletin(ledger, "2024Q3")
    assert [(r.kind, r.state) for r in b.rounds] == [("inspection", "held"), ("supervision", "due")]
    b = jx.bulletin(ledger, "2024Q4")
    assert [(r.kind, r.state) for r in b.rounds] == [("inspection", "missed"), ("supervision", "missed")]


def test_markdown(q4: jx.Bulletin, policy: jx.Policy) -> None:
    md = q4.to_markdown()
    assert md.startswith(
        "# 区消防安全委员会办公室关于2025年第四季度《重庆市渝中区进一步加强基层消防治理的实施意见》"
    )
    assert "| 序号 | 工作任务 | 责任单位 | 进展情况 | 存在问题 | 下步打算 | 完成时限 | 状态 |" in md
    assert "依据：5.4“及时通报结果”" in md and "（示意：考核办法" in md
    for task in policy.tasks:
        assert f"| {task.id} {task.name} |" in md
    ledger = Ledger(policy, jx.yuzhong()).record(
        Entry(
            "progress",
            D(2025, 11, 1),
            by="x",
            task="1.1",
            unit="解放碑街道",
            status="in_progress",
            done="a|b\nc",
        )
    )
    assert r"| a\|b<br>c |" in jx.bulletin(ledger, "2025Q4").to_markdown()


def test_english(sample: Ledger) -> None:
    b = jx.bulletin(sample, "2025Q4", lang="en")
    assert b.headers == (
        "No.",
        "Task",
        "Responsible unit",
        "Progress",
        "Problems",
        "Next steps",
        "Deadline",
        "Status",
    )
    assert b.table()[1][6] == "2025-12-31"
    md = b.to_markdown()
    assert "## 3. Overdue" in md and "in progress (overdue)" in md
    assert json.loads(json.dumps(b.to_dict(), ensure_ascii=False))["headers"][0] == "No."


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"quarter": "2025"}, "quarter: expected a quarter such as 2025Q4, got 2025年"),
        ({"quarter": "2025H2"}, "quarter: expected a quarter"),
        ({"quarter": "Q4"}, "quarter: expected a quarter"),
        ({"quarter": "2025Q4", "lang": "fr"}, "lang: expected one of zh, en, got 'fr'"),
    ],
)
def test_bad_input(sample: Ledger, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(LedgerError, match=message):
        jx.bulletin(sample, **kwargs)  # type: ignore[arg-type]


def test_write_by_suffix(q4: jx.Bulletin, tmp_path: Path) -> None:
    assert q4.write(tmp_path / "b.md").read_text(encoding="utf-8") == q4.to_markdown()
    with pytest.raises(LedgerError, match=r"expected a file ending in \.md, \.xlsx or \.docx, got '\.pdf'"):
        q4.write(tmp_path / "b.pdf")
    with pytest.raises(LedgerError, match="cannot write the file"):
        q4.write(tmp_path / "no-such-folder" / "b.md")


def test_xlsx_reads_back_with_the_headers_and_every_task(
    q4: jx.Bulletin, tmp_path: Path, policy: jx.Policy
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = q4.write(tmp_path / "通报.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS["zh"]
    assert len(rows) == 1 + 151
    assert [r[0] for r in rows[1:]] == list(range(1, 152))
    assert {str(r[1]).split()[0] for r in rows[1:]} == {t.id for t in policy.tasks}
    seven = next(r for r in rows if r[1] == "1.1 建强街道消防工作机构" and r[2] == "七星岗街道办事处")
    assert seven[6] == "2025年12月31日" and seven[7] == "已完成（与核查不符）"
    assert book.sheetnames == ["重点任务", "逾期与不符", "检查督导", "督办约谈", "考核排名", "说明"]
    about = [c.value for c in book["说明"]["A"]]
    assert about[0] == q4.title
    assert book["考核排名"]["A1"].value == "类别"


def test_docx_reads_back_with_the_headers_and_every_task(
    q4: jx.Bulletin, tmp_path: Path, policy: jx.Policy
) -> None:
    docx = pytest.importorskip("docx")
    path = q4.write(tmp_path / "通报.docx")
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == q4.title
    table = document.tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == HEADERS["zh"]
    assert len(table.rows) == 152
    assert {row.cells[1].text.split()[0] for row in table.rows[1:]} == {t.id for t in policy.tasks}
    assert any(row.cells[7].text == "已完成（与核查不符）" for row in table.rows[1:])
    english = jx.bulletin(
        read_ledger(DATA / "ledger-sample.jsonl", policy, jx.yuzhong()), "2025Q4", lang="en"
    )
    table = docx.Document(str(english.write(tmp_path / "en.docx"))).tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == HEADERS["en"]


@pytest.mark.parametrize(("suffix", "module"), [(".xlsx", "openpyxl"), (".docx", "docx")])
def test_a_missing_extra_is_a_clear_error(
    q4: jx.Bulletin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, module: str
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == module else real(name, *a)
    )
    with pytest.raises(jx.XiaofangError, match=r"needs .*pip install 'jiceng-xiaofang\[ledger\]'"):
        q4.write(tmp_path / f"b{suffix}")
    assert not (tmp_path / f"b{suffix}").exists()
