"""Who may write in the committee's ledger: each step by a granted post, no unit accepting or scoring itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.ledger import Entry, LedgerStore, load_scheme, parse_ledger, write_ledger
from jiceng_xiaofang.org import Person, Tenure

D = dt.date
STREET = "500103003"  # 解放碑街道


@pytest.fixture(scope="module")
def district() -> jx.District:
    """The sample district with the committee office's head (p20, 2023 to mid-2025), the committee's director
    (p22), and a street officer who also directs the committee from 2025 (p21)."""
    d = jx.sample_district()
    return attrs.evolve(
        d,
        persons=(
            *d.persons,
            *(Person(id=i, name=n) for i, n in (("p20", "办示例"), ("p21", "兼示例"), ("p22", "主示例"))),
        ),
        tenures=(
            *d.tenures,
            Tenure(
                person="p20",
                unit=d.code,
                role="district_committee_office_head",
                start=D(2023, 3, 1),
                end=D(2025, 6, 30),
            ),
            Tenure(person="p21", unit=STREET, role="street_emergency_office_head", start=D(2024, 1, 1)),
            Tenure(person="p21", unit=d.code, role="district_committee_director", start=D(2025, 1, 1)),
            Tenure(person="p22", unit=d.code, role="district_committee_director", start=D(2023, 1, 1)),
        ),
    )


@pytest.fixture(scope="module")
def auth(district: jx.District) -> jx.Authority:
    return jx.Authority(district)


def progress(on: D, actor: str, status: str = "completed") -> Entry:
    return Entry("progress", on, by="解放碑街道", task="1.1", unit="解放碑街道", status=status, actor=actor)


def accept(on: D, actor: str) -> Entry:
    return Entry("acceptance", on, by="区消安办", task="1.1", unit="解放碑街道", actor=actor)


def test_a_street_leader_reports_and_the_committee_office_accepts(
    district: jx.District, auth: jx.Authority
) -> None:
    ledger = jx.Ledger(jx.load_policy(), district)
    ledger = ledger.record(progress(D(2024, 6, 1), "p01"), accept(D(2024, 7, 1), "p20"), authority=auth)
    assert [(e.kind, e.actor) for e in ledger] == [("progress", "p01"), ("acceptance", "p20")]


def test_a_post_that_the_step_does_not_need_is_refused_naming_the_posts_and_clause(
    district: jx.District, auth: jx.Authority
) -> None:
    ledger = jx.Ledger(jx.load_policy(), district).record(progress(D(2024, 6, 1), "p01"), authority=auth)
    with pytest.raises(
        jx.NotAuthorisedError, match=r"accept by p11 .*district_committee_office_head.*\(1\.4\)"
    ):
        ledger.record(accept(D(2024, 7, 1), "p11"), authority=auth)  # a community head
    with pytest.raises(jx.NotAuthorisedError, match=r"report by p20 .*street_main_leader.*\(5\.1\)"):
        ledger.record(
            progress(D(2024, 8, 1), "p20", "in_progress"), authority=auth
        )  # the office does not report


def test_an_expired_tenure_is_refused_the_day_after_it_ends(
    district: jx.District, auth: jx.Authority
) -> None:
    ledger = jx.Ledger(jx.load_policy(), district).record(progress(D(2025, 5, 1), "p01"), authority=auth)
    assert (
        ledger.record(accept(D(2025, 6, 30), "p20"), authority=auth).entries[-1].actor == "p20"
    )  # its last day
    with pytest.raises(jx.NotAuthorisedError, match="ended on 2025-06-30"):
        ledger.record(accept(D(2025, 7, 1), "p20"), authority=auth)


def test_a_unit_does_not_accept_its_own_task(district: jx.District, auth: jx.Authority) -> None:
    ledger = jx.Ledger(jx.load_policy(), district).record(progress(D(2025, 5, 1), "p01"), authority=auth)
    # p21 directs the committee from 2025 but also heads the street's emergency office: the street's own task
    with pytest.raises(
        jx.NotAuthorisedError, match=r"holds street_emergency_office_head in 500103003, whose own it is"
    ):
        ledger.record(accept(D(2025, 5, 2), "p21"), authority=auth)
    assert len(ledger) == 1  # nothing was recorded
    assert ledger.record(accept(D(2025, 5, 2), "p20"), authority=auth).entries[-1].kind == "acceptance"


def test_an_assessment_is_not_scored_by_a_unit_it_scores(district: jx.District, auth: jx.Authority) -> None:
    ledger = jx.Ledger(jx.load_policy(), district)
    assessed = jx.assess(ledger, load_scheme(), "2025Q1", actor="p22", authority=auth)  # the director
    assert "区消防安全委员会办公室" in {
        s.unit for s in assessed.scores
    }  # the scheme scores the office itself...
    with pytest.raises(
        jx.NotAuthorisedError, match="holds district_committee_office_head in 500103, whose own"
    ):
        jx.assess(
            ledger, load_scheme(), "2025Q1", actor="p20", authority=auth
        )  # ...so its head does not score
    with pytest.raises(
        jx.NotAuthorisedError, match="holds street_emergency_office_head in 500103003, whose own"
    ):
        jx.assess(ledger, load_scheme(), "2025Q1", actor="p21", authority=auth)  # a street's officer neither
    with pytest.raises(jx.NotAuthorisedError, match="no actor was given"):
        jx.assess(ledger, load_scheme(), "2025Q1", authority=auth)


def test_without_an_authority_nothing_is_checked(district: jx.District) -> None:
    ledger = jx.Ledger(jx.load_policy(), district).record(
        progress(D(2024, 6, 1), "nobody"), accept(D(2024, 7, 1), "")
    )
    assert len(ledger) == 2


def test_replaying_a_ledger_refuses_a_forged_entry_naming_its_line(
    district: jx.District, auth: jx.Authority, tmp_path: Path
) -> None:
    policy = jx.load_policy()
    genuine = jx.Ledger(policy, district).record(progress(D(2024, 6, 1), "p01"), accept(D(2024, 7, 1), "p20"))
    path = tmp_path / "ledger.jsonl"
    write_ledger(genuine, path)
    assert jx.read_ledger(path, policy, district, authority=auth).entries == genuine.entries
    forged = path.read_text(encoding="utf-8").replace('"actor": "p20"', '"actor": "p08"')  # the street's own
    with pytest.raises(jx.NotAuthorisedError, match=r"^l\.jsonl:2: .*accept by p08"):
        parse_ledger(forged, policy, district, source="l.jsonl", authority=auth)
    back_dated = path.read_text(encoding="utf-8").replace('"on": "2024-07-01"', '"on": "2023-01-02"')
    with pytest.raises((jx.NotAuthorisedError, jx.LedgerError)):
        parse_ledger(back_dated, policy, district, source="l.jsonl", authority=auth)


def test_the_store_refuses_before_it_writes(
    district: jx.District, auth: jx.Authority, tmp_path: Path
) -> None:
    with LedgerStore(tmp_path / "ledger.sqlite", jx.load_policy(), district) as store:
        store.record(progress(D(2024, 6, 1), "p01"), authority=auth)
        with pytest.raises(jx.NotAuthorisedError):
            store.record(accept(D(2024, 7, 1), "p11"), authority=auth)
        assert len(store.ledger()) == 1


def test_the_record_command_checks_an_actor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from jiceng_xiaofang.cli import main

    ledger = str(tmp_path / "ledger.jsonl")
    base = ["ledger", "record", ledger, "--district", "sample", "--kind", "progress", "--task", "1.1"]
    base += ["--unit", "解放碑街道", "--status", "in_progress"]
    assert main([*base, "--on", "2024-06-01", "--by", "王示例", "--actor", "p01"]) == 0
    assert main([*base, "--on", "2024-06-02", "--by", "郑示例", "--actor", "p11"]) == 2  # a community head
    err = capsys.readouterr().err
    assert "report by p11 on 2024-06-02 is not authorised" in err and "(5.1)" in err
    assert main([*base, "--on", "2024-06-03", "--by", "x", "--actor", "p01", "--district", "none"]) == 2
    assert "--actor needs a district" in capsys.readouterr().err
    lines = Path(ledger).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and '"actor": "p01"' in lines[0]
