"""Queries over many hazards, and the Open311 GeoReport v2 export."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from hazards_helpers import COMMUNITY, GRID, STREET, closed_in_grid, reported, t
from jiceng_xiaofang import hazards as jh


def _hazards() -> jh.HazardLog:
    closed = closed_in_grid("HZ-1")
    rectifying = reported("HZ-2").dispatch(by="网格员", at=t(5, 6, 10))
    rectifying = rectifying.start_rectification(deadline="P5D", by="网格员", at=t(5, 6, 11))
    whistled = reported("HZ-3", severity="major", place_kind="hotel").dispatch(by="平台", at=t(5, 7))
    whistled = whistled.dispatch(by="街道", at=t(5, 7, 10))
    whistled = whistled.start_rectification(deadline="P10D", by="区商务委", at=t(5, 8))
    rejected = reported("HZ-4").reject(reason="重复举报", by="网格员", at=t(5, 6, 12))
    elsewhere = reported("HZ-5", grid="", community="七星岗街道/示例乙社区", place_kind="")
    escalated_then_closed = reported("HZ-6").dispatch(by="网格员", at=t(5, 6, 10))
    escalated_then_closed = escalated_then_closed.escalate(reason="需要执法", by="网格员", at=t(5, 6, 11))
    escalated_then_closed = escalated_then_closed.dispatch(by="社区", at=t(5, 6, 12))
    escalated_then_closed = escalated_then_closed.start_rectification(deadline="P2D", by="社区", at=t(5, 7))
    escalated_then_closed = escalated_then_closed.mark_rectified(by="社区", at=t(5, 8))
    escalated_then_closed = escalated_then_closed.verify(by="街道", at=t(5, 8, 10)).close(
        by="街道", at=t(5, 10)
    )
    return jh.HazardLog.from_histories(
        [closed, rectifying, whistled, rejected, elsewhere, escalated_then_closed]
    )


def _ids(hazards: tuple[jh.Hazard, ...]) -> list[str]:
    return [h.id for h in hazards]


def test_open_hazards_by_grid_street_community_and_department() -> None:
    log = _hazards()
    assert _ids(jh.open_hazards(log)) == ["HZ-2", "HZ-3", "HZ-5"]
    assert _ids(jh.open_hazards(log, grid=GRID)) == ["HZ-2", "HZ-3"]
    assert _ids(jh.open_hazards(log, community=COMMUNITY)) == ["HZ-2", "HZ-3"]
    assert _ids(jh.open_hazards(log, street="解放碑街道")) == ["HZ-2", "HZ-3"]
    assert _ids(jh.open_hazards(log, street=STREET)) == ["HZ-2", "HZ-3"]
    assert _ids(jh.open_hazards(log, street="七星岗街道办事处")) == ["HZ-5"]
    assert _ids(jh.open_hazards(log, department="区文旅委")) == ["HZ-3"]
    assert _ids(jh.open_hazards(log, severity="major")) == ["HZ-3"]
    # histories and states work as well as a log
    assert (
        _ids(jh.open_hazards(log.histories)) == _ids(jh.open_hazards(log.hazards)) == ["HZ-2", "HZ-3", "HZ-5"]
    )


def test_open_by_groups_with_sorted_keys() -> None:
    log = _hazards()
    by_street = jh.open_by(log, "street")
    assert {k: _ids(v) for k, v in by_street.items()} == {
        "七星岗街道": ["HZ-5"],
        "解放碑街道": ["HZ-2", "HZ-3"],
    }
    by_department = jh.open_by(log, "department")
    assert {k: _ids(v) for k, v in by_department.items()} == {"区商务委": ["HZ-3"], "区文旅委": ["HZ-3"]}
    assert {k: _ids(v) for k, v in jh.open_by(log, "grid").items()} == {"": ["HZ-5"], GRID: ["HZ-2", "HZ-3"]}
    assert {k: len(v) for k, v in jh.open_by(log, "level").items()} == {
        "community": 1,
        "department": 1,
        "grid": 1,
    }
    assert list(jh.open_by(log, "state")) == ["rectifying", "reported"]
    with pytest.raises(jx.XiaofangError, match="key: expected one of 'grid', 'community'"):
        jh.open_by(log, "person")


def test_overdue_on_a_day() -> None:
    log = _hazards()
    assert _ids(jh.overdue(log, dt.date(2024, 5, 11))) == []  # HZ-2 is due on 5-11: still in time
    assert _ids(jh.overdue(log, dt.date(2024, 5, 12))) == ["HZ-2"]
    assert _ids(jh.overdue(log, dt.date(2024, 5, 19))) == ["HZ-2", "HZ-3"]


def test_time_to_close() -> None:
    log = _hazards()
    assert jh.time_to_close(log.history("HZ-1")) == dt.timedelta(days=3, hours=1)
    assert jh.time_to_close(log.history("HZ-6").state) == dt.timedelta(days=4)
    assert jh.time_to_close(log.history("HZ-2")) is None
    assert jh.time_to_close(log.history("HZ-4")) is None  # rejected: never closed
    with pytest.raises(jx.XiaofangError, match="expected a Hazard or History"):
        jh.time_to_close("HZ-1")  # type: ignore[arg-type]


def test_share_closed_in_the_grid() -> None:
    log = _hazards()
    share = jh.share_closed_in_grid(log)
    assert (share.part, share.whole, share.value) == (1, 2, 0.5)
    assert str(share) == "1/2 (50.0%)"
    assert jh.share_closed_in_grid(log, severity="major") == jh.Share(0, 0)
    assert jh.share_closed_in_grid([], severity=None).value is None
    assert str(jh.Share(0, 0)) == "0/0 (-)"


def test_select_and_count_by_state() -> None:
    log = _hazards()
    assert _ids(jh.select(log, states=["closed", "rejected"])) == ["HZ-1", "HZ-4", "HZ-6"]
    assert _ids(jh.select(log, states="closed")) == ["HZ-1", "HZ-6"]
    counts = jh.count_by_state(log)
    assert list(counts) == list(jh.STATES)
    assert dict(counts) == {
        "reported": 1,
        "assigned": 0,
        "rectifying": 2,
        "rectified": 0,
        "verified": 0,
        "closed": 2,
        "rejected": 1,
        "escalated": 0,
    }
    with pytest.raises(jx.XiaofangError, match="severity: expected one of 'general', 'major', got 'minor'"):
        jh.select(log, severity="minor")
    with pytest.raises(jx.XiaofangError, match="expected a HazardLog, or History or Hazard values"):
        jh.select(["HZ-1"])  # type: ignore[list-item]


# -- Open311 -----------------------------------------------------------------------------------------------------

GEOREPORT_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
"""The fields of a GeoReport v2 service request, in the order of the specification's ``GET requests``."""


def test_open311_of_a_hazard_being_rectified() -> None:
    log = _hazards()
    r = jh.to_open311(log.history("HZ-3"))
    assert list(r) == GEOREPORT_FIELDS  # every field, in the standard's order
    assert r == {
        "service_request_id": "HZ-3",
        "status": "open",
        "status_notes": "整改中 (being rectified); 行业部门: 区商务委、区文旅委; 整改期限 2024-05-18",
        "service_name": "占用、堵塞消防车通道",
        "service_code": "fire_lane_blocked",
        "description": "消防车通道堆放杂物",
        "agency_responsible": "区商务委、区文旅委",
        "service_notice": None,
        "requested_datetime": "2024-05-06T09:00:00+08:00",
        "updated_datetime": "2024-05-08T09:00:00+08:00",
        "expected_datetime": "2024-05-18T23:59:59+08:00",
        "address": "解放碑街道 示例甲社区 示例花园小区",
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
    json.dumps(r)  # ready for JSON


def test_open311_of_closed_and_rejected_hazards() -> None:
    log = _hazards()
    closed = jh.to_open311(log.history("HZ-1").state)
    assert (closed["status"], closed["status_notes"], closed["agency_responsible"]) == (
        "closed",
        "已销案 (closed)",
        "第1网格",
    )
    assert closed["expected_datetime"] is None and closed["updated_datetime"] == "2024-05-09T10:00:00+08:00"
    rejected = jh.to_open311(log.history("HZ-4"))
    assert (rejected["status"], rejected["status_notes"]) == (
        "closed",
        "不予立案 (rejected: not a hazard): 重复举报",
    )


def test_open311_with_coordinates_and_an_address() -> None:
    h = reported("HZ-9", lat=29.557, long=106.577, address="重庆市渝中区示例路1号")
    r = jh.to_open311(h)
    assert (r["lat"], r["long"], r["address"]) == (29.557, 106.577, "重庆市渝中区示例路1号")
    assert r["status_notes"] == "已上报 (reported); 网格: 第1网格"
    assert len(jh.open311_requests(_hazards())) == 6


def test_open311_services_are_the_categories() -> None:
    services = jh.open311_services()
    assert [s["service_code"] for s in services] == list(jx.load_policy().hazards.categories)
    assert services[0]["service_name"] == "占用、堵塞消防车通道" and services[0]["type"] == "realtime"
    with pytest.raises(jx.NotFoundError, match="no category 'smoke' in the hazard categories"):
        jh.open311_services(["smoke"])
    with pytest.raises(jx.XiaofangError, match="expected a Hazard or History"):
        jh.to_open311("HZ-1")  # type: ignore[arg-type]


# -- the command line (wired by jiceng_xiaofang.cli: register(sub, common)) ---------------------------------


def _cli(argv: list[str]) -> int:
    import argparse

    from jiceng_xiaofang.hazards.cli import register

    parser = argparse.ArgumentParser(prog="jiceng-xiaofang")
    register(parser.add_subparsers(dest="command", required=True), argparse.ArgumentParser(add_help=False))
    args = parser.parse_args(argv)
    status: int = args.run(args)
    return status


def test_the_hazards_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hazards.jsonl"
    _hazards().write(path)
    assert _cli(["hazards", str(path), "--on", "2024-05-11"]) == 0
    out = capsys.readouterr().out
    assert "6 hazards, 24 events" in out
    assert "Open by street: 七星岗街道 1, 解放碑街道 2" in out
    assert "General hazards closed in their grid: 1/2 (50.0%)" in out
    assert _cli(["hazards", str(path), "--on", "2024-05-12", "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["overdue"] == [{"id": "HZ-2", "deadline": "2024-05-11", "holder": ["第1网格"]}]
    assert _cli(["hazards", str(path), "--open311", "HZ-1"]) == 0
    assert [r["service_request_id"] for r in json.loads(capsys.readouterr().out)] == ["HZ-1"]
    path.write_bytes(path.read_bytes()[:-5])
    assert _cli(["hazards", str(path), "--on", "2024-05-11"]) == 1
    assert "damaged: line 24 (truncated)" in capsys.readouterr().out
    with pytest.raises(jx.XiaofangError, match="--on: expected a date"):
        _cli(["hazards", str(path), "--on", "May"])
