"""The ``schedule`` command of ``jiceng-xiaofang``: due and overdue duties from an inspection log.

The main command line adds it with :func:`register`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from .._output import write_output
from ..errors import XiaofangError
from .chinese_dates import parse_chinese_date
from .log import _parse_day
from .periods import READINGS, Period

__all__ = ["register", "run"]

_DESCRIPTION = (
    "List the duties of the policy that are overdue, due or unknown on a day, from an inspection log "
    "(CSV or JSON Lines with the columns date, target, by, obligation). Exit status 1 if anything is "
    "overdue, 0 otherwise, 2 on bad input."
)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the ``schedule`` subcommand to the command line's subparsers.

    ``common`` is the parent parser with the options every command shares
    (``--policy FILE``).

    Examples
    --------
    >>> import argparse
    >>> from jiceng_xiaofang.schedule.cli import register
    >>> parser = argparse.ArgumentParser(prog="jiceng-xiaofang")
    >>> common = argparse.ArgumentParser(add_help=False)
    >>> _ = common.add_argument("--policy")
    >>> register(parser.add_subparsers(dest="command"), common)
    >>> args = parser.parse_args(["schedule", "--log", "log.csv", "--on", "2024-04-01"])
    >>> args.log, args.on, args.run.__name__
    ('log.csv', '2024-04-01', 'run')
    """
    p = sub.add_parser(
        "schedule",
        parents=[common],
        help="list due and overdue duties from an inspection log (exit 1 if any is overdue)",
        description=_DESCRIPTION,
    )
    p.add_argument(
        "--log",
        metavar="FILE",
        required=True,
        help="the inspection log: .csv, .jsonl or .xlsx (the xlsx extra)",
    )
    p.add_argument(
        "--encoding",
        metavar="NAME",
        help="the text encoding of the log, such as gb18030 (default: UTF-8, else GB18030/GBK)",
    )
    p.add_argument("--on", metavar="DATE", help="the day: 2024-04-01 or 2024年4月1日 (default: today)")
    p.add_argument(
        "--since", metavar="DATE", help="the day the duties began, to count targets and rounds never logged"
    )
    p.add_argument(
        "--reading", choices=READINGS, help="read 'at least once per period' this way for every duty"
    )
    p.add_argument(
        "--district",
        metavar="FILE",
        help="its streets are the targets of per-street duties: 'yuzhong' for the embedded one, or a district file",
    )
    p.add_argument("--obligations", metavar="FILE", help="an obligations file (default: the embedded one)")
    p.add_argument("--all", action="store_true", help="also list met and unscheduled duties")
    p.add_argument("--json", action="store_true", help="print the whole report as JSON")
    p.add_argument("--ics", metavar="FILE", help="also write the calendar of --period as iCalendar")
    p.add_argument(
        "--period",
        metavar="TEXT",
        help="the period of --ics, such as 2024年 or 2024年上半年 (default: the year of --on)",
    )
    p.set_defaults(run=run)


def _day(text: str, option: str) -> dt.date:
    try:
        return _parse_day(text)
    except XiaofangError as exc:
        raise XiaofangError(f"{option}: {exc}") from None


def run(args: argparse.Namespace) -> int:
    r"""Run ``jiceng-xiaofang schedule``: print the report; 1 if anything is overdue, else 0.

    Bad input raises :class:`~jiceng_xiaofang.XiaofangError`, which the main
    command line turns into exit status 2.

    Examples
    --------
    >>> import argparse
    >>> import pathlib
    >>> import tempfile
    >>> from jiceng_xiaofang.schedule.cli import register, run
    >>> parser = argparse.ArgumentParser(prog="jiceng-xiaofang")
    >>> common = argparse.ArgumentParser(add_help=False)
    >>> _ = common.add_argument("--policy")
    >>> register(parser.add_subparsers(dest="command"), common)
    >>> tmp = tempfile.TemporaryDirectory()
    >>> log = pathlib.Path(tmp.name, "inspections.csv")
    >>> _ = log.write_text("date,target,by,obligation\n"
    ...                    "2024-06-28,区消防救援支队,区消防安全委员会办公室,district_quarterly_check\n",
    ...                    encoding="utf-8")
    >>> run(parser.parse_args(["schedule", "--log", str(log), "--on", "2024-07-01"]))
    Duties on 2024-07-01: 0 overdue, 1 due, 5 unknown, 0 met, 2 unscheduled
    <BLANKLINE>
    status   due         obligation                      clause  target  last
    due      2024-09-30  district_quarterly_check        5.4     -       2024-06-28
    unknown  -           police_station_listed_units     3.5     -       -
    unknown  -           street_entrusted_units          3.3     -       -
    unknown  -           district_half_year_supervision  5.4     -       -
    unknown  -           streets_complete_construction   5.1     -       -
    unknown  -           campaign_hazards_closed         4.3     -       -
    0
    >>> tmp.cleanup()
    """
    from ..org import load_district, yuzhong
    from ..policy import load_policy
    from .ical import to_ical
    from .load import load_obligations
    from .log import read_log
    from .rules import due_report

    on = _day(args.on, "--on") if args.on else dt.date.today()
    since = _day(args.since, "--since") if args.since else None
    span = Period.year(on.year)
    if args.period:
        value = parse_chinese_date(args.period)
        if not isinstance(value, Period):
            raise XiaofangError(
                f"--period: expected a period such as 2024年 or 2024年上半年, got {args.period!r}"
            )
        span = value
    policy = load_policy(args.policy) if getattr(args, "policy", None) else None
    obligations = load_obligations(args.obligations, policy=policy)
    log = read_log(args.log, obligations=obligations, encoding=getattr(args, "encoding", None))
    district = None
    if args.district == "yuzhong":
        district = yuzhong()
    elif args.district:
        district = load_district(args.district)
    report = due_report(obligations, log, on=on, since=since, district=district, reading=args.reading)
    if args.json:
        print(report.to_json())
    else:
        shown = (
            ("overdue", "due", "unknown", "met", "unscheduled") if args.all else ("overdue", "due", "unknown")
        )
        print(report.to_text(statuses=shown))
    if args.ics:
        write_output(args.ics, to_ical(obligations, span, log=log, reading=args.reading), option="--ics")
        print(f"wrote {args.ics} ({span.label_zh})", file=sys.stderr)
    return 1 if report.has_overdue else 0
