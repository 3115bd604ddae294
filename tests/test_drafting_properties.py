"""The drafter on input it has never seen: it raises only the package's errors, and what it drafts loads.

Documents are assembled at random from the pieces real ones are made of (a notice, headings of every style
with numbers in and out of sequence, sentences with and without their stop, closing notes of either width,
annex rows of any width, signatures, dates, stray spaces and line breaks) and from plain noise.  Whatever
comes out, ``draft_policy`` either returns a draft whose file loads, or raises a ``DocumentError``.
"""

from __future__ import annotations

import datetime as dt
import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jiceng_xiaofang as jx
from jiceng_xiaofang.drafting._toml_out import value

BODIES = st.sampled_from(
    [
        "区应急局",
        "各街道办事处",
        "各镇人民政府",
        "区消防救援支队",
        "区委宣传部",
        "公园管理处",
        "各有关单位",
        "区住建委",
        "无",
    ]
)
WORDS = st.sampled_from(
    [
        "加强消防工作",
        "各街道",
        "每季度至少检查一次",
        "不少于5人",
        "站房至少30平方米",
        "不低于4米",
        "到2025年底",
        "2024年13月",
        "1至2名",
        "（兼）",
        "《某某办法》（某府发〔2023〕1号）",
        "149处",
        "99999米",
        "0人",
        "每两年",
        "",
        " ",
        "\u3000",
        "，",
        "。",
        "；",
        "、",
        '"',
        "\\",
        "#",
        "[[x]]",
        "\t",
    ]
)
SENTENCE = st.lists(WORDS, min_size=0, max_size=8).map("".join)
NOTE = st.builds(
    lambda left, lead, coop, right, key: (
        f"{left}{key}：{'、'.join(lead)}；配合单位：{'、'.join(coop)}{right}"
    ),
    st.sampled_from(["（", "("]),
    st.lists(BODIES, max_size=3),
    st.lists(BODIES, max_size=3),
    st.sampled_from(["）", ")"]),
    st.sampled_from(["责任单位", "牵头单位", "其他单位"]),
)
HEADING = st.builds(
    lambda style, number, text: style.format(n=number) + text,
    st.sampled_from(["{n}、", "（{n}）", "({n})", "{n}.", "{n}、", "（{n}）"]),
    st.sampled_from(["一", "二", "三", "十一", "1", "2", "3", "①"]),
    SENTENCE,
)
LINE = st.one_of(
    HEADING,
    SENTENCE,
    st.builds(lambda a, b: a + b, SENTENCE, NOTE),
    st.sampled_from(
        [
            "",
            "附件",
            "\t项目",
            "\t工作任务",
            "\t责任单位",
            "\t配合单位",
            "\t",
            "\t区应急局",
            "重庆市某某区人民政府办公室",
            "2024年1月2日",
            "二〇二四年一月二日",
            "（此件公开发布）",
            "关于印发某某区消防工作方案的通知",
            "某某区消防工作方案",
            "某府办发〔2024〕3号",
            "各街道办事处，区级有关部门：",
            "已经区政府第0次常务会议审议通过。",
            "抄送：区委办公室。",
        ]
    ),
)
NOISE = st.lists(LINE, min_size=0, max_size=30).map("\n".join)
# most random documents open a section somewhere, so that the drafter gets past the front
DOCUMENT = st.builds(
    lambda front, heading, body: "\n".join([front, heading, body]),
    st.lists(LINE, max_size=6).map("\n".join),
    st.sampled_from(["一、总体要求", "一、", "一.任务", "三、任务"]),
    NOISE,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(DOCUMENT, NOISE))
def test_a_drafted_document_loads_or_the_drafter_says_why(text: str) -> None:
    try:
        draft = jx.draft_policy(text, id="random")
    except jx.DocumentError:
        return
    policy = draft.load()  # a PolicyFileError here is a drafter bug: the draft must load
    assert (len(policy.clauses), len(policy.tasks), len(policy.facts)) == (
        draft.clauses,
        draft.tasks,
        draft.facts,
    )
    for problem in draft.problems:
        assert problem.line is None or problem.line >= 1


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_noise_raises_only_the_package_errors(data: bytes | str) -> None:
    try:
        draft = jx.draft_policy(data)
    except jx.XiaofangError:
        return
    draft.load()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_the_toml_writer_round_trips_any_text(text: str) -> None:
    assert tomllib.loads(f"x = {value(text)}\ny = {value([text, text])}") == {"x": text, "y": [text, text]}


@given(st.dates(min_value=dt.date(1900, 1, 1)), st.integers(0, 10**9), st.booleans())
def test_the_toml_writer_round_trips_dates_numbers_and_flags(day: dt.date, number: int, flag: bool) -> None:
    text = f"d = {value(day)}\nn = {value(number)}\nf = {value(float(number) / 7)}\nb = {value(flag)}"
    assert tomllib.loads(text) == {"d": day, "n": number, "f": float(number) / 7, "b": flag}
