"""The obligations data: every duty of the issue encoded and cited, in agreement with the policy's facts.

The loader rejects malformed obligations files: every fixture in ``tests/fixtures/schedule/bad/`` is
``tests/fixtures/schedule/good/minimal-obligations.toml`` with one defect, stated in its first line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from pathlib import Path

import attrs
import pytest

import jiceng_xiaofang as jx
from file_errors import assert_file_error
from jiceng_xiaofang.errors import NotFoundError, ScheduleFileError
from jiceng_xiaofang.schedule import (
    METHODS,
    READINGS,
    SCOPES,
    STRENGTHS,
    TIMINGS,
    Frequency,
    Obligation,
    load_obligations,
    parse_chinese_date,
    parse_obligations,
)
from policy_files import DATA

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "schedule"
MINIMAL = FIXTURES / "good" / "minimal-obligations.toml"
BAD = FIXTURES / "bad"
POLICY_MINIMAL = Path(__file__).resolve().parent / "fixtures" / "good" / "minimal.toml"

EMBEDDED_OBLIGATIONS = DATA / "yuzhong-2023-obligations.toml"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the embedded obligations: what the issue asks for


# id -> (clause, who, timing, period or deadline, method, strength, scope)
EXPECTED = {
    "police_station_listed_units": ("3.5", ("公安派出所",), "every", "P1Y", "inspection", "required", "each_target"),
    "street_entrusted_units": ("3.3", ("街道办事处",), "every", "P1Y", "inspection", "required", "each_target"),
    "detachment_double_random": (
        "3.3", ("区消防救援支队",), "unscheduled", None, "double_random", "required", "each_target",
    ),
    "detachment_spot_check": ("3.3", ("区消防救援支队",), "unscheduled", None, "spot_check", "optional", "each_target"),
    "district_quarterly_check": ("5.4", ("区消防安全委员会",), "every", "P3M", "check", "required", "round"),
    "district_half_year_supervision": ("5.4", ("区消防安全委员会",), "every", "P6M", "supervision", "required", "round"),
    "streets_complete_construction": (
        "5.1", ("各街道办事处",), "deadline", dt.date(2025, 12, 31), "completion", "required", "each_street",
    ),
    "campaign_hazards_closed": ("4.3", None, "per_hazard", None, "rectification", "required", "each_target"),
}  # fmt: skip


def test_every_obligation_of_the_issue_is_encoded(policy: jx.Policy) -> None:
    obligations = load_obligations()
    assert obligations.ids == tuple(EXPECTED)
    assert obligations.policy == policy.document.id == "yuzhong-2023"
    for ob in obligations:
        clause, who, timing, when, method, strength, scope = EXPECTED[ob.id]
        assert (ob.clause, ob.timing, ob.method, ob.strength, ob.scope) == (
            clause,
            timing,
            method,
            strength,
            scope,
        )
        if who is not None:
            assert ob.who == who
        if isinstance(when, str):
            assert ob.frequency == Frequency.parse(when)
            assert ob.deadline is None
        elif isinstance(when, dt.date):
            assert (ob.deadline, ob.frequency) == (when, None)
        else:
            assert (ob.deadline, ob.frequency) == (None, None)


def test_hazard_duty_belongs_to_the_lead_units_of_4_3(policy: jx.Policy) -> None:
    assert load_obligations().get("campaign_hazards_closed").who == policy.clause("4.3").lead


@pytest.mark.parametrize("ob", load_obligations().obligations, ids=lambda ob: ob.id)
def test_every_obligation_is_cited_verbatim(ob: Obligation, policy: jx.Policy) -> None:
    text = _squash(policy.clause(ob.clause).text)
    assert _squash(ob.quote) in text
    for target in ob.targets:
        assert _squash(target) in text
    for name in ob.who:
        assert policy.body(name).name == name
    for ref in ob.see_also:
        assert _squash(ref.quote) in _squash(policy.clause(ref.clause).text)
    assert ob.document == "yuzhong-2023"
    assert str(ob.citation) == f"yuzhong-2023 {policy.clause(ob.clause).label}"
    assert ob.description_en.strip()
    assert ob.scope in SCOPES and ob.timing in TIMINGS and ob.method in METHODS and ob.strength in STRENGTHS
    assert (ob.reading in READINGS) == (ob.timing == "every")


def test_obligations_take_their_numbers_from_the_policy_facts(policy: jx.Policy) -> None:
    obligations = load_obligations()
    used: set[str] = set()
    for ob in obligations:
        for fact_id in [ob.fact, *(r.fact for r in ob.see_also)]:
            if fact_id is None:
                continue
            used.add(fact_id)
            fact = policy.fact(fact_id)
            assert fact.clause in ob.clauses
            if ob.timing == "every":
                assert Frequency.parse(str(fact.value)) == ob.frequency
            elif ob.timing == "deadline":
                assert fact.value == ob.deadline
    timed = {f.id for f in policy.facts if f.kind in ("period", "date")}
    assert timed == {
        "police_station_inspection",
        "street_inspection",
        "police_station_listed_inspection",
        "district_check_frequency",
        "district_supervision_frequency",
        "completion_deadline",
    }
    assert timed <= used  # no period or deadline that the policy states is missing from the schedule


def test_the_chinese_words_say_the_same_as_the_facts() -> None:
    """Read the frequency out of each quote with the Chinese date parser: it must be the fact's period."""
    for ob in load_obligations():
        if ob.timing == "every":
            word = re.search(r"每(?:年|半年|季度)", ob.quote)
            assert word is not None, ob.quote
            assert parse_chinese_date(word.group()) == ob.frequency
    deadline = load_obligations().get("streets_complete_construction")
    year = re.match(r"(\d{4})年", deadline.quote)
    assert year is not None
    assert parse_chinese_date(f"{year.group(1)}年底") == deadline.deadline


def test_police_station_duty_is_stated_twice_and_both_agree(policy: jx.Policy) -> None:
    ob = load_obligations().get("police_station_listed_units")
    assert ob.clauses == ("3.5", "3.3")
    assert "每年检查一次" in ob.quote  # 3.5, without 至少
    assert "每年至少检查一次" in ob.see_also[0].quote  # 3.3
    assert (
        policy.fact("police_station_inspection").value
        == policy.fact("police_station_listed_inspection").value
    )


def test_district_duties_name_the_committee_through_1_4() -> None:
    for ob_id in ("district_quarterly_check", "district_half_year_supervision"):
        ob = load_obligations().get(ob_id)
        assert ob.who == ("区消防安全委员会",)
        assert [r.clause for r in ob.see_also] == ["1.4"]


def test_lookup() -> None:
    obligations = load_obligations()
    assert "district_quarterly_check" in obligations and "nope" not in obligations
    assert len(obligations) == len(list(obligations)) == 8
    with pytest.raises(NotFoundError, match="did you mean 'street_entrusted_units'"):
        obligations.get("street_entrusted_unit")


def test_a_policys_obligations_are_read_once_and_shared(policy: jx.Policy) -> None:
    assert load_obligations() is load_obligations()
    assert load_obligations(policy=policy) is load_obligations()
    fresh = load_obligations(policy=jx.load_policy(baseline=None))
    assert fresh is not load_obligations()
    assert fresh == load_obligations()


def test_a_policy_without_an_obligations_file_has_none() -> None:
    other = jx.load_policy(POLICY_MINIMAL)
    found = load_obligations(policy=other)
    assert len(found) == 0 and found.policy == "yuzhong-2023-minimal"


def test_obligations_are_checked_against_the_policy_given(tmp_path: Path) -> None:
    other = jx.load_policy(POLICY_MINIMAL)
    with pytest.raises(ScheduleFileError, match="for policy 'yuzhong-2023', not 'yuzhong-2023-minimal'"):
        load_obligations(EMBEDDED_OBLIGATIONS, policy=other)


# --- the loader


def _assert_error(
    err: ScheduleFileError, *, file: str, key: str, fragment: str, text: str | None = None
) -> None:
    assert isinstance(err, jx.DataFileError)
    assert_file_error(err, file=file, key=key, fragment=fragment, text=text)


# fixture -> (key path, fragment of the reason)
BAD_FIXTURES: dict[str, tuple[str, str]] = {
    "file-format-unsupported.toml": ("format", "reads obligations format 1, the file has 2"),
    "file-not-toml.toml": ("", "not valid TOML"),
    "file-policy-other.toml": ("policy", "the obligations are for policy 'yuzhong-2024', not 'yuzhong-2023'"),
    "file-unknown-top-level-key.toml": ("version", "unknown key 'version'"),
    "obligation-deadline-and-fact.toml": (
        "obligation[1].deadline",
        "comes from the fact 'completion_deadline'",
    ),
    "obligation-deadline-on-every.toml": ("obligation[0].deadline", "has a period, not a deadline"),
    "obligation-duplicate-id.toml": (
        "obligation[1].id",
        "duplicate obligation id 'police_station_listed_units'",
    ),
    "obligation-every-without-period.toml": ("obligation[0].fact", "needs its period"),
    "obligation-fact-not-a-period.toml": ("obligation[3].fact", "'detachment_inspection_method' is 'text'"),
    "obligation-fact-other-clause.toml": ("obligation[0].fact", "is from clause 3.3, not 3.5"),
    "obligation-fact-unknown.toml": ("obligation[0].fact", "no fact 'police_station_yearly'"),
    "obligation-id-not-snake-case.toml": ("obligation[0].id", "snake_case"),
    "obligation-period-and-fact.toml": ("obligation[0].period", "do not write it twice"),
    "obligation-period-not-iso.toml": ("obligation[0].period", "ISO 8601"),
    "obligation-quote-paraphrase.toml": ("obligation[0].quote", "the quote is not in the text of clause 3.5"),
    "obligation-reading-missing.toml": (
        "obligation[0].reading",
        "states its reading: one of calendar, rolling",
    ),
    "obligation-reading-on-deadline.toml": (
        "obligation[1].reading",
        "only an 'every' obligation has a reading",
    ),
    "obligation-reading-unknown.toml": ("obligation[0].reading", "got 'yearly'"),
    "obligation-target-not-in-clause.toml": (
        "obligation[0].targets[0]",
        "'消防安全重点单位' is not in the text of clause 3.5",
    ),
    "obligation-unknown-clause.toml": ("obligation[0].clause", "cites clause '3.8'"),
    "obligation-unknown-key.toml": ("obligation[0].note", "unknown key 'note'"),
    "obligation-unknown-method.toml": ("obligation[1].method", "got 'complete'"),
    "obligation-unknown-scope.toml": ("obligation[1].scope", "got 'every_street'"),
    "obligation-unknown-strength.toml": ("obligation[2].strength", "got 'must'"),
    "obligation-unknown-timing.toml": ("obligation[0].timing", "got 'yearly'"),
    "obligation-unscheduled-period-fact.toml": ("obligation[3].fact", "have no period or deadline"),
    "obligation-who-empty.toml": ("obligation[0].who", "at least one name"),
    "obligation-who-string.toml": ("obligation[0].who", "expected an array of strings"),
    "obligation-who-unknown-body.toml": (
        "obligation[0].who[0]",
        "no body '公安局派出所' in the policy; did you mean '公安派出所'",
    ),
    "see-also-fact-disagrees.toml": (
        "obligation[0].see_also[0].fact",
        "disagrees with the obligation's period P1Y",
    ),
    "see-also-quote-not-in-clause.toml": ("obligation[0].see_also[0].quote", "not in the text of clause 3.3"),
    "see-also-unknown-key.toml": ("obligation[0].see_also[0].page", "unknown key 'page'"),
}
BAD_CASES = [pytest.param(name, key, fragment, id=name) for name, (key, fragment) in BAD_FIXTURES.items()]


def test_minimal_loads() -> None:
    obligations = load_obligations(MINIMAL)
    assert obligations.source == str(MINIMAL)
    assert obligations.ids == (
        "police_station_listed_units",
        "streets_complete_construction",
        "campaign_hazards_closed",
        "detachment_double_random",
    )
    mine = obligations.get("police_station_listed_units")
    embedded = load_obligations().get("police_station_listed_units")
    assert attrs.evolve(embedded, description_en=mine.description_en) == mine


def test_minimal_loads_from_text_and_bytes() -> None:
    from_path = load_obligations(MINIMAL)
    assert parse_obligations(MINIMAL.read_text(encoding="utf-8")) == from_path
    from_bytes = parse_obligations(b"\xef\xbb\xbf" + MINIMAL.read_bytes(), source="m.toml")
    assert from_bytes == from_path and from_bytes.source == "m.toml"


@pytest.mark.parametrize(("name", "key", "fragment"), BAD_CASES)
def test_bad_fixture_is_rejected(name: str, key: str, fragment: str) -> None:
    path = BAD / name
    with pytest.raises(ScheduleFileError) as info:
        load_obligations(path)
    _assert_error(
        info.value, file=str(path), key=key, fragment=fragment, text=path.read_text(encoding="utf-8")
    )


def test_every_bad_fixture_is_in_the_table() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_FIXTURES)


def _without_header(text: str) -> str:
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        i += 1
    return "".join(lines[i:])


@pytest.mark.parametrize("name", sorted(BAD_FIXTURES))
def test_bad_fixture_is_minimal_with_one_defect(name: str) -> None:
    text = (BAD / name).read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# Defect: ") and len(first) > 20, first
    base = _without_header(MINIMAL.read_text(encoding="utf-8"))
    body = _without_header(text)
    ratio = difflib.SequenceMatcher(None, base.splitlines(), body.splitlines()).ratio()
    assert ratio > 0.9, ratio
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError:
        assert name == "file-not-toml.toml"
    else:
        assert data != tomllib.loads(base)


def test_a_period_or_deadline_may_be_written_when_the_policy_has_no_fact() -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace('fact = "police_station_listed_inspection"', 'period = "P12M"', 1)
    text = text.replace('fact = "completion_deadline"', "deadline = 2025-06-30", 1)
    text = text.replace(', fact = "police_station_inspection" }', " }", 1)
    obligations = parse_obligations(text)
    assert obligations.get("police_station_listed_units").frequency == Frequency.parse("P1Y")
    assert obligations.get("police_station_listed_units").fact is None
    assert obligations.get("streets_complete_construction").deadline == dt.date(2025, 6, 30)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "none.toml"
    with pytest.raises(ScheduleFileError) as info:
        load_obligations(path)
    _assert_error(info.value, file=str(path), key="", fragment="cannot read the file")


def test_an_empty_list_of_obligations_is_valid() -> None:
    assert len(parse_obligations('format = 1\npolicy = "yuzhong-2023"\nobligation = []\n')) == 0
