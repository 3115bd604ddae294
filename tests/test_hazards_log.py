"""The hazard log: JSON Lines that read back to the same events and state; damage is reported, never dropped."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import jiceng_xiaofang as jx
from hazards_helpers import closed_in_grid, reported, t
from jiceng_xiaofang import hazards as jh


def _log() -> jh.HazardLog:
    a = closed_in_grid("HZ-1")
    b = reported(
        "HZ-2", severity="major", place_kind="hotel", channel="whistle_blower", lat=29.557, long=106.577
    )
    b = b.dispatch(by="平台", at=t(5, 6, 10)).dispatch(by="街道", at=t(5, 6, 11))
    b = b.start_rectification(deadline="P10D", by="区商务委", at=t(5, 7))
    c = reported("HZ-3", channel="iot_sensor").reject(reason="传感器误报", by="网格员", at=t(5, 6, 12))
    return jh.HazardLog.from_histories([a, b, c])


def test_a_log_round_trips_through_json_lines() -> None:
    log = _log()
    text = log.to_jsonl()
    assert text.endswith("\n") and text.count("\n") == len(log.events)
    result = jh.parse_hazard_log(text)
    assert result.ok and result.events == log.events
    assert result.log == log and result.log.hazards == log.hazards
    assert result.log.to_jsonl() == text  # same log, same bytes
    for line in text.splitlines():
        assert jh.event_to_json(jh.event_from_json(line)) == line


def test_from_histories_merges_events_in_time_order() -> None:
    log = _log()
    times = [e.at for e in log.events]
    assert times == sorted(times)
    assert [h.id for h in log.histories] == ["HZ-1", "HZ-2", "HZ-3"]
    assert repr(log) == "<HazardLog: 3 hazards, 12 events>"
    assert "HZ-2" in log and "HZ-9" not in log
    with pytest.raises(jx.NotFoundError, match="no hazard 'HZ-9' in the log"):
        log.history("HZ-9")
    with pytest.raises(jx.XiaofangError, match="the hazard 'HZ-1' is given twice"):
        jh.HazardLog.from_histories([closed_in_grid(), closed_in_grid()])


def test_the_file_keeps_chinese_and_fixed_key_order(tmp_path: Path) -> None:
    path = tmp_path / "hazards.jsonl"
    _log().write(path)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith('{"format":1,"hazard":"HZ-1","seq":1,"command":"report","state":"reported","at":')
    assert "\\u" not in first and "消防车通道堆放杂物" in first
    assert list(json.loads(first)) == [
        "format",
        "hazard",
        "seq",
        "command",
        "state",
        "at",
        "by",
        "rule",
        "clause",
        "quote",
        "level",
        "to",
        "report",
    ]
    result = jh.read_hazard_log(path)
    assert result.ok and result.source == str(path) and result.log == _log()


def test_a_truncated_last_line_is_reported_and_earlier_events_stay(tmp_path: Path) -> None:
    text = _log().to_jsonl().encode("utf-8")
    cut = text[: len(text) - 20]
    path = tmp_path / "hazards.jsonl"
    path.write_bytes(cut)
    result = jh.read_hazard_log(path)
    assert result.events == _log().events[:-1]
    assert [(p.line, p.kind) for p in result.problems] == [(12, "truncated")]
    assert "the last line ends without a line break and is not a complete event" in result.problems[0].message
    with pytest.raises(jh.HazardLogError) as exc:
        result.check()
    assert str(exc.value).startswith(f"{path}: line 12: truncated: the last line ends without a line break")
    assert exc.value.key == "line 12" and isinstance(exc.value, jx.DataFileError)


def test_a_cut_inside_a_chinese_character_is_a_truncation() -> None:
    text = _log().to_jsonl().encode("utf-8")
    start = text.rindex("传感器误报".encode())
    line = text[:start].count(b"\n") + 1
    result = jh.parse_hazard_log(text[: start + 1])
    assert [(p.line, p.kind) for p in result.problems] == [(line, "truncated")]
    assert len(result.events) == line - 1
    assert "not UTF-8" in result.problems[0].message


def test_a_last_line_without_its_line_break_is_still_an_event() -> None:
    text = _log().to_jsonl()
    result = jh.parse_hazard_log(text.rstrip("\n"))
    assert result.ok and result.events == _log().events


def test_a_corrupted_middle_line_is_reported_with_the_events_it_orphans() -> None:
    lines = _log().to_jsonl().splitlines(keepends=True)
    hz2_first = next(i for i, line in enumerate(lines) if '"hazard":"HZ-2","seq":1' in line)
    lines[hz2_first] = "{garbage\n"
    result = jh.parse_hazard_log("".join(lines), source="h.jsonl")
    kinds = {(p.line, p.kind) for p in result.problems}
    assert (hz2_first + 1, "corrupted") in kinds
    # HZ-2's later events cannot follow a history that has no report: each is reported, none is silently dropped
    hz2_lines = [i + 1 for i, line in enumerate(lines) if '"hazard":"HZ-2"' in line]
    assert {line for line, kind in kinds if kind == "invalid"} == set(hz2_lines)
    assert len(result.problems) == 1 + len(hz2_lines)
    assert {e.hazard for e in result.events} == {"HZ-1", "HZ-3"}  # the others stay readable
    assert len(result.events) + len(result.problems) == len(lines)


def test_invalid_events_are_reported_with_their_key() -> None:
    good = jh.event_to_json(closed_in_grid().events[0])
    obj = json.loads(good)
    cases = {
        json.dumps({**obj, "seq": "1"}, ensure_ascii=False): "key 'seq': expected an integer, got \"1\"",
        json.dumps({**obj, "seq": True}, ensure_ascii=False): "key 'seq': expected an integer, got true",
        json.dumps({**obj, "format": 2}, ensure_ascii=False): "key 'format': expected 1, got 2",
        json.dumps(
            {**obj, "at": "2024-05-06T09:00:00"}, ensure_ascii=False
        ): "key 'at': expected an ISO 8601 datetime with a UTC offset",
        json.dumps({**obj, "colour": "red"}, ensure_ascii=False): "unknown key 'colour'",
        json.dumps({**obj, "to": [1]}, ensure_ascii=False): "key 'to': expected a list of strings, got [1]",
        json.dumps(
            {**obj, "deadline": "soon"}, ensure_ascii=False
        ): "key 'deadline': expected a date such as 2024-05-21, got 'soon'",
        json.dumps(
            {**obj, "report": {**obj["report"], "lat": "29"}}, ensure_ascii=False
        ): "key 'lat': expected a number",
        json.dumps(
            {**obj, "report": {**obj["report"], "x": 1}}, ensure_ascii=False
        ): "unknown key 'x' in 'report'",
        json.dumps({**obj, "report": []}, ensure_ascii=False): "key 'report': expected an object, got []",
        json.dumps({**obj, "state": "open"}, ensure_ascii=False): "Event.state: expected one of",
        "42": "expected a JSON object, got int",
    }
    for line, message in cases.items():
        result = jh.parse_hazard_log(line + "\n")
        assert [p.kind for p in result.problems] == ["invalid"], line
        assert message in result.problems[0].message, (line, result.problems[0].message)
        with pytest.raises(jx.XiaofangError) as exc:
            jh.event_from_json(line)
        assert message in str(exc.value)
    with pytest.raises(jx.XiaofangError, match="not valid JSON"):
        jh.event_from_json("{")
    # a channel the policy does not have is read as an event, and refused by the log that replays it
    fax = json.dumps({**obj, "report": {**obj["report"], "channel": "fax"}}, ensure_ascii=False)
    assert jh.event_from_json(fax).report.channel == "fax"  # type: ignore[union-attr]
    result = jh.parse_hazard_log(fax + "\n")
    assert [p.kind for p in result.problems] == ["invalid"] and "unknown channel 'fax'" in result.problems[
        0
    ].message


def test_an_event_that_cannot_follow_is_invalid() -> None:
    lines = jh.HazardLog.from_histories([closed_in_grid()]).to_jsonl().splitlines(keepends=True)
    lines[3], lines[4] = lines[4], lines[3]  # event 5 (verify) before event 4 (mark_rectified)
    result = jh.parse_hazard_log("".join(lines))
    assert [(p.line, p.kind) for p in result.problems] == [(4, "invalid"), (6, "invalid")]
    assert "expected event 4 of the history, got event 5" in result.problems[0].message
    assert "expected event 5 of the history, got event 6" in result.problems[1].message
    assert [e.seq for e in result.events] == [1, 2, 3, 4]


def test_blank_lines_crlf_and_a_byte_order_mark_are_read() -> None:
    text = _log().to_jsonl()
    windows = "\ufeff" + "\r\n\r\n".join(text.splitlines()) + "\r\n"
    result = jh.parse_hazard_log(windows.encode("utf-8"))
    assert result.ok and result.events == _log().events


def test_append_events_checks_them_and_the_file(tmp_path: Path) -> None:
    path = tmp_path / "hazards.jsonl"
    h = reported()
    assert jh.append_events(path, h.events) == h.events  # a missing file is created
    h2 = h.dispatch(by="网格员", at=t(5, 6, 10))
    assert jh.append_events(path, h2.events[1:]) == h2.events[1:]
    assert jh.read_hazard_log(path).events == h2.events
    before = path.read_bytes()
    with pytest.raises(jx.ConflictError, match="event 2 is already stored"):
        jh.append_events(path, h.reject(reason="x", by="x", at=t(5, 7)).events[1:])  # a branch: seq 2 again
    with pytest.raises(jh.TransitionError):
        jh.append_events(
            path, h2.start_rectification(deadline="P3D", by="x", at=t(5, 5)).events[2:]
        )  # too early
    assert path.read_bytes() == before  # nothing written
    path.write_bytes(before.rstrip(b"\n"))  # a whole last line without its line break gets one
    h3 = h2.start_rectification(deadline="P3D", by="网格员", at=t(5, 6, 11))
    jh.append_events(path, h3.events[2:])
    assert jh.read_hazard_log(path).check().events == h3.events
    path.write_bytes(path.read_bytes()[:-10])  # a torn tail: the store is not wedged
    assert jh.append_events(path, []) == ()
    assert jh.append_events(path, h3.events[2:]) == h3.events[2:]  # the torn event 3, appended again
    assert jh.read_hazard_log(path).check().events == h3.events
    assert (tmp_path / "hazards.jsonl.uncommitted").read_bytes().endswith(b"\n")
    with pytest.raises(jx.XiaofangError, match=r"events\[0\]: expected an Event"):
        jh.append_events(path, ["x"])  # type: ignore[list-item]


def test_record_refuses_a_history_that_branched_off() -> None:
    h = reported()
    log = jh.HazardLog().record(h)
    a = h.dispatch(by="甲", at=t(5, 6, 10))
    b = h.reject(reason="不是隐患", by="乙", at=t(5, 6, 10))
    log = log.record(a)
    assert log.record(a) is log  # nothing new
    with pytest.raises(
        jx.XiaofangError,
        match="does not continue the log's: the log holds 2 events and differs from it at event 2",
    ):
        log.record(b)
    assert log.history("HZ-1") == a


def test_append_validates_the_event() -> None:
    h = closed_in_grid()
    log = jh.HazardLog()
    for event in h.events:
        log = log.append(event)
    assert log.history("HZ-1") == h
    with pytest.raises(jh.TransitionError):
        log.append(attrs.evolve(h.events[-1], seq=7))
    with pytest.raises(jh.TransitionError, match="a history starts with a report"):
        jh.HazardLog().append(h.events[1])


def test_a_log_that_cannot_replay_is_refused() -> None:
    events = _log().events
    with pytest.raises(jh.TransitionError):
        jh.HazardLog(events[1:])
    with pytest.raises(jx.XiaofangError, match=r"HazardLog.events\[0\]: expected an Event"):
        jh.HazardLog(["x"])  # type: ignore[list-item]


def test_write_and_read_report_os_errors(tmp_path: Path) -> None:
    with pytest.raises(jh.HazardLogError, match="cannot write the file"):
        _log().write(tmp_path / "missing-dir" / "h.jsonl")
    with pytest.raises(jh.HazardLogError, match="cannot read the file"):
        jh.read_hazard_log(tmp_path)


def test_logs_appended_from_one_log_each_keep_their_own_events_and_histories() -> None:
    h = closed_in_grid("HZ-1")
    base = jh.HazardLog().append(h.events[0])
    seen = (base.events, base.hazards)  # asked for before anything is appended to it
    a = base.append(h.events[1])
    other = reported("HZ-2")
    b = base.append(other.events[0])  # branches off base after a was appended to it
    assert (base.events, base.hazards) == seen and len(base) == 1 and "HZ-2" not in base
    assert [e.seq for e in a.history("HZ-1").events] == [1, 2] and "HZ-2" not in a
    assert [e.seq for e in b.history("HZ-1").events] == [1] and b.history("HZ-2") == other
    assert repr(a) == "<HazardLog: 1 hazards, 2 events>" and repr(b) == "<HazardLog: 2 hazards, 2 events>"
    with pytest.raises(jx.NotFoundError, match="HZ-2"):
        a.history("HZ-2")
    assert a == jh.HazardLog(h.events[:2]) and a != b


def test_appending_shares_the_events_instead_of_copying_them() -> None:
    h = closed_in_grid("HZ-1")
    log = jh.HazardLog().append(h.events[0])
    for event in h.events[1:]:
        newer = log.append(event)
        assert newer._shared is log._shared  # the newest log extends the storage in place
        log = newer
    assert log.history("HZ-1") == h and log.events == h.events
