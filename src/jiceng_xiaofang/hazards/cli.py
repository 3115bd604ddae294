"""The ``hazards`` command of ``jiceng-xiaofang``: a summary of a hazard log, or its Open311 export.

The main command line adds it with :func:`register`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import XiaofangError

__all__ = ["register", "run"]

_DESCRIPTION = (
    "Summarise a hazard log (JSON Lines of hazard events) or an event store (--store: SQLite, PostgreSQL or "
    "JSON Lines): hazards by state, open ones by street, overdue ones on a day, the share of general hazards "
    "closed in their grid, and any damaged line; with --store, import a log into the store or export it. Exit "
    "status 1 if a hazard is overdue or a line could not be read, 0 otherwise, 2 on bad input or a conflict."
)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the ``hazards`` subcommand to the command line's subparsers.

    Examples
    --------
    >>> import argparse
    >>> from jiceng_xiaofang.hazards.cli import register
    >>> parser = argparse.ArgumentParser(prog="jiceng-xiaofang")
    >>> common = argparse.ArgumentParser(add_help=False)
    >>> register(parser.add_subparsers(dest="command"), common)
    >>> args = parser.parse_args(["hazards", "h.jsonl", "--on", "2024-05-20", "--open311"])
    >>> args.log, args.on, args.open311, args.store, args.run.__name__
    ('h.jsonl', '2024-05-20', [], None, 'run')
    """
    p = sub.add_parser(
        "hazards",
        parents=[common],
        help="summarise a hazard log: open, overdue, closed in the grid (exit 1 if overdue or damaged)",
        description=_DESCRIPTION,
    )
    p.add_argument(
        "log", metavar="FILE", nargs="?", help="the hazard log: JSON Lines, one event per line (or --store)"
    )
    p.add_argument(
        "--store",
        metavar="TARGET",
        help="read the hazards from an event store instead of FILE: a .sqlite file, a postgresql:// URL"
        " (the postgres extra) or a .jsonl file",
    )
    p.add_argument(
        "--import",
        dest="import_log",
        metavar="FILE",
        help="with --store: first append the events of a hazard log file to the store (checked, all or none;"
        " a missing store file is created)",
    )
    p.add_argument(
        "--export",
        metavar="FILE",
        help="with --store: write the store's hazard log to a JSON Lines file, replacing it",
    )
    p.add_argument(
        "--on",
        metavar="DATE",
        help="the day for overdue hazards: 2024-05-20 or 2024年5月20日 (default: today)",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument(
        "--open311",
        nargs="*",
        metavar="ID",
        help="print the hazards (all, or those named) as Open311 GeoReport v2 service requests (JSON)",
    )
    p.set_defaults(run=run)


def _not_a_hazard_log(path: str, problems: Any) -> str:
    """The message for a file none of whose lines is a hazard event (an inspection log, a CSV...)."""
    first = problems[0]
    message = (
        f"{path}: not a hazard log: none of its {len(problems)} line(s) is a hazard event (line {first.line}:"
        f" {first.message}); a hazard log is JSON Lines, one event per line, as HazardLog.write makes it"
    )
    with contextlib.suppress(OSError, UnicodeDecodeError):
        with open(path, encoding="utf-8-sig") as file:
            header = file.readline().lower()
        if "obligation" in header and "date" in header:
            message += f"; an inspection log is read by: jiceng-xiaofang schedule --log {path}"
        elif "kind" in header and "," in header:
            message += f"; a facility file is checked by: jiceng-xiaofang check {path}"
    return message


def _summary(log: Any, problems: Any, on: dt.date, source: str) -> dict[str, Any]:
    from .queries import count_by_state, open_by, overdue, share_closed_in_grid

    share = share_closed_in_grid(log)
    return {
        "source": source,
        "on": on.isoformat(),
        "hazards": len(log.hazards),
        "events": len(log.events),
        "states": dict(count_by_state(log)),
        "open_by_street": {k: len(v) for k, v in open_by(log, "street").items()},
        "overdue": [
            {
                "id": h.id,
                "deadline": h.deadline.isoformat() if h.deadline else None,
                "holder": list(h.holder_names),
            }
            for h in overdue(log, on)
        ],
        "closed_in_grid": {"part": share.part, "whole": share.whole, "share": share.value},
        "problems": [{"line": p.line, "kind": p.kind, "message": p.message} for p in problems],
    }


def _from_store(args: argparse.Namespace, target: str, policy: Any) -> Any:
    """Import into the store and export from it as asked; what the store holds, read and checked."""
    from .log import read_hazard_log
    from .store import HazardStore

    with HazardStore(target, policy=policy, create=bool(args.import_log)) as store:
        if args.import_log:
            found = read_hazard_log(args.import_log, policy=policy).check()
            added = store.append(found.events)
            hazards = len({e.hazard for e in added})
            print(f"imported {len(added)} events of {hazards} hazards into {store.store}", file=sys.stderr)
        result = store.read()
    if args.export:
        result.check().log.write(args.export)
        print(f"exported {len(result.events)} events to {args.export}", file=sys.stderr)
    return result


def run(args: argparse.Namespace) -> int:
    """Run ``jiceng-xiaofang hazards``: print the summary; 1 if a hazard is overdue or a line is damaged, else 0.

    Examples
    --------
    >>> import argparse
    >>> import datetime as dt
    >>> import pathlib
    >>> import tempfile
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, append_events
    >>> from jiceng_xiaofang.hazards.cli import register, run
    >>> parser = argparse.ArgumentParser(prog="jiceng-xiaofang")
    >>> register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    >>> at = dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=at)
    >>> tmp = tempfile.TemporaryDirectory()
    >>> log = pathlib.Path(tmp.name, "hazards.jsonl")
    >>> _ = append_events(log, jx.report_hazard(report, district=jx.sample_district()).events)
    >>> run(parser.parse_args(["hazards", str(log), "--on", "2024-05-20"]))
    Hazard log ...hazards.jsonl: 1 hazards, 1 events
    States: reported 1
    Open by street: 解放碑街道 1
    Overdue on 2024-05-20: 0
    General hazards closed in their grid: 0/0 (-)
    0
    >>> tmp.cleanup()
    """
    from ..policy.load import load_policy
    from ..schedule.log import _parse_day
    from .log import read_hazard_log
    from .open311 import to_open311

    try:
        on = _parse_day(args.on) if args.on else dt.date.today()
    except XiaofangError as exc:
        raise XiaofangError(f"--on: {exc}") from None
    target = getattr(args, "store", None)
    if args.log is None and target is None and args.open311 and Path(args.open311[-1]).is_file():
        # `hazards --open311 FILE`: argparse gave the file to --open311's hazard ids
        args.log = args.open311.pop()
    if (args.log is None) == (target is None):
        raise XiaofangError("expected a hazard log FILE or --store TARGET, one of them")
    if target is None and (getattr(args, "import_log", None) or getattr(args, "export", None)):
        raise XiaofangError("--import and --export work on a store: give --store TARGET")
    policy = load_policy(getattr(args, "policy", None))
    if target is None:
        result = read_hazard_log(args.log, policy=policy)
        title, source = "Hazard log", args.log
        if result.problems and not result.events:
            raise XiaofangError(_not_a_hazard_log(args.log, result.problems))
    else:
        result = _from_store(args, target, policy)
        title, source = "Hazard store", result.source
    log = result.log
    if args.open311 is not None:
        histories = [log.history(i) for i in args.open311] if args.open311 else log.histories
        print(json.dumps([to_open311(h) for h in histories], ensure_ascii=False, indent=2))
        return 1 if result.problems else 0
    summary = _summary(log, result.problems, on, source)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"{title} {source}: {summary['hazards']} hazards, {summary['events']} events")
        for p in result.problems:
            print(f"  damaged: {p}")
        print("States: " + ", ".join(f"{k} {v}" for k, v in summary["states"].items() if v))
        streets = ", ".join(f"{k} {v}" for k, v in summary["open_by_street"].items()) or "none"
        print(f"Open by street: {streets}")
        late = summary["overdue"]
        print(f"Overdue on {on}: {len(late)}")
        for item in late:
            print(f"  {item['id']} due {item['deadline']}, held by {'、'.join(item['holder'])}")
        share = summary["closed_in_grid"]
        value = "-" if share["share"] is None else f"{share['share']:.1%}"
        print(f"General hazards closed in their grid: {share['part']}/{share['whole']} ({value})")
    return 1 if summary["overdue"] or result.problems else 0
