"""The hazard loop on every store: HazardStore validates, then appends with the sequence it expects."""

from __future__ import annotations

from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang import hazards as jh
from jiceng_xiaofang.cli import main
from store_workers import SCHEMES, Spec, new_spec, next_event, open_spec, setup_hazard


@pytest.fixture(params=SCHEMES)
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> Spec:
    return new_spec(request.param, tmp_path, request)


@pytest.fixture
def store(spec: Spec) -> jh.HazardStore:
    with open_spec(spec) as raw:
        yield jh.HazardStore(raw)


def test_record_history_and_read(store: jh.HazardStore) -> None:
    a, b = setup_hazard("HZ-A"), setup_hazard("HZ-B")
    assert store.record(a) == a.events
    assert store.record(a) == ()  # recording again adds nothing: a retry is safe
    store.record(b)
    a2 = a.append(next_event(a, 1))
    assert store.record(a2) == a2.events[-1:]
    assert store.history("HZ-A") == a2 and store.hazards() == ("HZ-A", "HZ-B")
    assert store.record(a) == ()  # a history behind the store's adds nothing
    result = store.read()
    assert result.ok and result.log.history("HZ-B") == b
    assert [e.hazard for e in result.events] == ["HZ-A"] * 3 + ["HZ-B"] * 3 + ["HZ-A"]
    assert result.source == store.store.name
    with pytest.raises(jx.NotFoundError, match=r"no hazard 'HZ-C' in .*; did you mean 'HZ-B' or 'HZ-A'"):
        store.history("HZ-C")


def test_a_history_that_branched_off_is_refused(store: jh.HazardStore) -> None:
    h = setup_hazard("HZ-1")
    store.record(h)
    store.record(h.append(next_event(h, 1)))
    other = h.append(next_event(h, 2))  # the same event 4, by another worker
    with pytest.raises(jx.ConflictError, match="hazard stream 'HZ-1': conflict: event 4 is already stored"):
        store.record(other)
    assert store.history("HZ-1").events[-1].by == "worker-1"


def test_append_validates_then_appends_all_or_nothing(store: jh.HazardStore) -> None:
    a, b = setup_hazard("HZ-A"), setup_hazard("HZ-B")
    store.append(a.events + b.events[:1])
    with pytest.raises(jh.TransitionError, match="hazard 'HZ-B' is reported: cannot start_rectification"):
        store.append([next_event(a, 1), b.events[2]])  # b's event 3 cannot follow its event 1
    with pytest.raises(jx.ConflictError, match="stream 'HZ-B': conflict: event 1 is already stored"):
        store.append([next_event(a, 1), b.events[0]])
    assert len(store.history("HZ-A")) == 3  # nothing of either was written
    assert store.append([]) == ()
    with pytest.raises(jx.XiaofangError, match=r"events\[0\]: expected an Event, got 'x'"):
        store.append(["x"])  # type: ignore[list-item]
    with pytest.raises(jx.XiaofangError, match=r"policy: expected a Policy, got 'yuzhong'"):
        jh.HazardStore(store.store, policy="yuzhong")  # type: ignore[arg-type]


def test_events_the_machine_refuses_are_problems_when_read(store: jh.HazardStore) -> None:
    h = setup_hazard("HZ-1")
    store.record(h)
    bad = jh.event_to_json(next_event(h, 1)).replace('"mark_rectified"', '"close"')  # stored behind its back
    store.store.append(jh.HAZARD_STREAMS, "HZ-1", [bad], expected=4)
    result = store.read()
    assert [(p.line, p.kind) for p in result.problems] == [(4, "invalid")]
    assert "cannot close" in result.problems[0].message and len(result.events) == 3
    with pytest.raises(
        jh.HazardLogError, match=r"hazard 'HZ-1' event 4: the stored history is damaged: .* cannot close"
    ):
        store.history("HZ-1")
    with pytest.raises(jh.HazardLogError, match="it cannot be appended to until it is repaired"):
        store.append([next_event(h, 1).__class__(**{**_fields(next_event(h, 1)), "seq": 5})])


def _fields(event: jh.Event) -> dict[str, object]:
    import attrs

    return attrs.asdict(event, recurse=False)


def test_hazard_store_opens_a_path_and_closes_it(tmp_path: Path) -> None:
    with jx.HazardStore(tmp_path / "h.sqlite") as store:
        store.record(setup_hazard("HZ-1"))
    assert store.store.closed
    with jx.HazardStore(tmp_path / "h.jsonl") as store:
        store.record(setup_hazard("HZ-1"))
    assert jx.read_hazard_log(tmp_path / "h.jsonl").check().log.history("HZ-1") == setup_hazard("HZ-1")
    with pytest.raises(jx.StoreError, match="no such database file"):
        jx.HazardStore(tmp_path / "missing.sqlite", create=False)


def test_append_events_appends_to_a_log_the_old_race_had_wedged(tmp_path: Path) -> None:
    path = tmp_path / "hazards.jsonl"
    h = setup_hazard("HZ-1")
    one, two = h.append(next_event(h, 1)), h.append(next_event(h, 2))
    path.write_text(
        "".join(jh.event_to_json(e) + "\n" for e in (*one.events, two.events[-1])), encoding="utf-8"
    )  # both acknowledged by the old append_events: event 4 twice
    assert [p.line for p in jh.read_hazard_log(path).problems] == [5]
    jh.append_events(path, [next_event(one, 3)])
    result = jh.read_hazard_log(path)
    assert [p.line for p in result.problems] == [5] and len(result.events) == 5
    with jh.HazardStore(path) as store:
        assert [(p.line, p.kind) for p in store.read().problems] == [(5, "invalid")]
        assert len(store.history("HZ-1")) == 5


def test_log_write_takes_the_lock_and_reports_errors(tmp_path: Path) -> None:
    log = jh.HazardLog.from_histories([setup_hazard("HZ-1")])
    log.write(tmp_path / "h.jsonl")
    assert (tmp_path / "h.jsonl.lock").exists()
    with pytest.raises(jh.HazardLogError, match="cannot write the file"):
        log.write(tmp_path / "missing" / "h.jsonl")
    with pytest.raises(jh.HazardLogError, match="cannot write the file"):
        log.write(tmp_path)


# -- the command line -----------------------------------------------------------------------------------------


def _drop_public_tables() -> None:
    import os

    import sqlalchemy as sa

    from jiceng_xiaofang.store.postgres import engine_url

    engine = sa.create_engine(engine_url(os.environ["JX_TEST_POSTGRES_URL"]))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS jx_events, jx_kinds, jx_meta"))
    engine.dispose()


def test_cli_imports_reads_and_exports_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: Spec, request: pytest.FixtureRequest
) -> None:
    source = tmp_path / "source.jsonl"
    jh.HazardLog.from_histories([setup_hazard("HZ-1"), setup_hazard("HZ-2")]).write(source)
    store = spec.target
    if spec.scheme == "postgresql":  # the command line uses the database's default schema: clean it after
        request.addfinalizer(_drop_public_tables)
    assert main(["hazards", "--store", store, "--import", str(source), "--on", "2024-05-07"]) == 0
    out, err = capsys.readouterr()
    with open_spec(Spec(spec.scheme, store)) as opened:
        name = opened.name
    assert err == f"imported 6 events of 2 hazards into {name}\n"
    assert out.splitlines()[:2] == [f"Hazard store {name}: 2 hazards, 6 events", "States: rectifying 2"]
    assert main(["hazards", "--store", store, "--import", str(source)]) == 2
    assert "conflict: event 1 is already stored" in capsys.readouterr().err
    export = tmp_path / "export.jsonl"
    assert main(["hazards", "--store", store, "--export", str(export), "--open311", "HZ-2"]) == 0
    assert '"service_request_id": "HZ-2"' in capsys.readouterr().out
    assert export.read_bytes() == source.read_bytes()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["hazards"], "expected a hazard log FILE or --store TARGET, one of them"),
        (["hazards", "h.jsonl", "--store", "h.sqlite"], "expected a hazard log FILE or --store TARGET"),
        (["hazards", "h.jsonl", "--export", "x.jsonl"], "--import and --export work on a store"),
        (["hazards", "--store", "missing.sqlite"], "missing.sqlite: no such database file"),
        (["hazards", "--store", "hazards.csv"], "hazards.csv: cannot tell which store to open"),
    ],
)
def test_cli_store_errors_are_one_line(
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("jiceng-xiaofang: error: ") and message in err and err.count("\n") == 1
