"""The ``ledger`` command of ``jiceng-xiaofang``: ``status``, ``record``, ``assess`` and ``bulletin``.

The ledger is a JSON lines file (:mod:`jiceng_xiaofang.ledger.io`); evidence
files are named relative to its folder.  The main command line adds the
command with :func:`register`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import XiaofangError
from .model import ENTRY_KINDS, PROGRESS_STATUSES, LedgerError

__all__ = ["register"]

_DESCRIPTION = (
    "The committee's ledger of progress on the annex tasks, kept as a JSON lines file: where every task and "
    "lead unit stands (status), a new entry checked against the policy and appended (record), the assessment "
    "of a period under a scheme (assess) and the quarterly bulletin (bulletin). Errors exit with status 2."
)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the ``ledger`` command and its subcommands to the command line's subparsers.

    ``common`` is the parent parser with the options every command shares
    (``--policy FILE``).

    Examples
    --------
    >>> import argparse
    >>> from jiceng_xiaofang.ledger.cli import register
    >>> parser = argparse.ArgumentParser(prog="jiceng-xiaofang")
    >>> common = argparse.ArgumentParser(add_help=False)
    >>> _ = common.add_argument("--policy")
    >>> register(parser.add_subparsers(dest="command"), common)
    >>> args = parser.parse_args(["ledger", "bulletin", "l.jsonl", "--quarter", "2025Q4", "--lang", "en"])
    >>> args.ledger, args.quarter, args.lang, args.district, args.run.__name__
    ('l.jsonl', '2025Q4', 'en', 'yuzhong', '_run_bulletin')
    """
    p = sub.add_parser(
        "ledger",
        help="the committee's ledger: status, record, assess, bulletin",
        description=_DESCRIPTION,
    )
    shared = argparse.ArgumentParser(add_help=False, parents=[common])
    shared.add_argument("ledger", metavar="LEDGER", help="the ledger: a JSON lines file, one entry per line")
    shared.add_argument(
        "--district",
        default="yuzhong",
        metavar="FILE",
        help="the district whose streets stand for 各街道办事处: 'yuzhong' (the default), 'sample', 'none' or a"
        " district file",
    )
    commands = p.add_subparsers(dest="ledger_command", required=True, metavar="SUBCOMMAND")

    s = commands.add_parser(
        "status",
        parents=[shared],
        help="where every annex task stands for every lead unit on a day (exit 1 if a row is flagged)",
        description="Print where every annex task stands for every lead unit on a day: counts, the rows flagged"
        " overdue, contradicted by the facility checks or with a letter unanswered, and the committee's missed"
        " rounds. Exit status 1 if a row is flagged, 0 otherwise, 2 on bad input.",
    )
    s.add_argument("--on", metavar="DATE", help="the day: 2025-12-31 or 2025年12月31日 (default: today)")
    s.add_argument("--facilities", metavar="FILE", help="facility records (TOML or JSON) to check on the day")
    s.add_argument("--cooperating", action="store_true", help="also give rows for the cooperating units")
    s.add_argument("--json", action="store_true", help="print the whole report as JSON")
    _no_verify(s)
    s.set_defaults(run=_run_status)

    r = commands.add_parser(
        "record",
        parents=[shared],
        help="check an entry against the policy and the ledger, and append it (the file is made if missing)",
        description="Check a new entry against the policy, the district and the ledger, and append it to the"
        " ledger file (made if missing). Nothing is written if the entry is refused; the error cites the clause.",
    )
    r.add_argument("--kind", required=True, choices=tuple(ENTRY_KINDS), help="the kind of entry")
    r.add_argument(
        "--on", required=True, metavar="DATE", help="the entry's date: 2025-06-30 or 2025年6月30日"
    )
    r.add_argument("--by", required=True, metavar="WHO", help="who records it")
    r.add_argument(
        "--actor",
        metavar="PERSON",
        help="the person id (a [[person]] of the district file) of who records it: the entry is then checked"
        " against the posts they hold on its day, as the policy's [authority] grants them (refused: exit 2)",
    )
    r.add_argument("--task", default="", help="the id of the annex task")
    r.add_argument("--unit", default="", help="the unit, such as 解放碑街道 or 区住建委")
    r.add_argument(
        "--status",
        default="",
        choices=("", *(k for k in PROGRESS_STATUSES if k != "accepted")),
        help="the status of a progress report",
    )
    r.add_argument(
        "--done", default="", metavar="TEXT", help="what was done (进展情况), or a round's findings"
    )
    r.add_argument("--problems", default="", metavar="TEXT", help="problems (存在问题)")
    r.add_argument("--next", default="", metavar="TEXT", dest="next_steps", help="next steps (下步打算)")
    r.add_argument(
        "--evidence",
        nargs="+",
        default=[],
        metavar="FILE",
        help="evidence files, kept in the ledger's folder (or below it): recorded by their SHA-256",
    )
    r.add_argument("--evidence-text", action="append", default=[], metavar="TEXT", help="evidence as text")
    r.add_argument("--id", default="", help="the id of a letter (督办函) or interview (约谈)")
    r.add_argument("--ref", default="", help="the id of the letter or interview an answer answers")
    r.add_argument("--deadline", metavar="DATE", help="the deadline of the answer to a letter or interview")
    r.set_defaults(run=_run_record)

    a = commands.add_parser(
        "assess",
        parents=[shared],
        help="score and rank the lead units over a period under an assessment scheme",
        description="Apply an assessment scheme to the ledger over a period: a score and a rank for each street,"
        " department and the office, each point traced to its entries and clauses.",
    )
    a.add_argument("--period", required=True, help="2025, 2025H2 or 2025Q4")
    a.add_argument("--scheme", metavar="FILE", help="the scheme file (default: the illustrative example)")
    a.add_argument("--facilities", metavar="FILE", help="facility records to check at the period's end")
    a.add_argument("--unit", metavar="UNIT", help="print every point of this unit instead of the ranking")
    a.add_argument("--lang", choices=("zh", "en"), default="en", help="language of the text")
    a.add_argument("--json", action="store_true", help="print the assessment as JSON")
    _no_verify(a)
    a.set_defaults(run=_run_assess)

    b = commands.add_parser(
        "bulletin",
        parents=[shared],
        help="the quarterly bulletin (通报): Markdown to standard output, or .md/.xlsx/.docx by -o",
        description="Write the quarterly bulletin: one row per annex task and lead unit (序号 / 工作任务 / 责任单位 /"
        " 进展情况 / 存在问题 / 下步打算 / 完成时限 / 状态), the overdue tasks, the reports the facility checks"
        " contradict, the committee's rounds, letters and interviews, and the assessment ranking with --scheme.",
    )
    b.add_argument("--quarter", required=True, help="the quarter: 2025Q4 or 2025年第四季度")
    b.add_argument("-o", "--output", metavar="FILE", help="write to FILE: .md, .xlsx or .docx by its suffix")
    b.add_argument("--scheme", metavar="FILE", help="an assessment scheme: add the ranking of the quarter")
    b.add_argument("--facilities", metavar="FILE", help="facility records to check at the quarter's end")
    b.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the bulletin (default zh)")
    _no_verify(b)
    b.set_defaults(run=_run_bulletin)


def _no_verify(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-verify",
        action="store_true",
        help="do not check that the evidence files beside the ledger are unchanged",
    )


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    from ..schedule.chinese_dates import parse_chinese_date

    try:
        value = parse_chinese_date(text)
    except XiaofangError:
        value = None
    if not isinstance(value, dt.date):
        raise LedgerError(f"{option}: expected a date such as 2025-06-30 or 2025年6月30日, got {text!r}")
    return value


def _context(args: argparse.Namespace) -> tuple[Any, Any]:
    from ..org import load_district, sample_district, yuzhong
    from ..policy import load_policy

    policy = load_policy(args.policy) if getattr(args, "policy", None) else load_policy()
    ref = args.district
    district = (
        yuzhong()
        if ref == "yuzhong"
        else sample_district()
        if ref == "sample"
        else None
        if ref == "none"
        else load_district(ref)
    )
    return policy, district


def _folder(target: str) -> Path:
    """The folder evidence files are kept in: beside a ledger file, or the working folder for a database."""
    return Path.cwd() if "://" in target else Path(target).resolve().parent


def _read(args: argparse.Namespace, *, missing_ok: bool = False, verify: bool = True) -> Any:
    from .store import LedgerStore

    policy, district = _context(args)
    with LedgerStore(args.ledger, policy, district, create=missing_ok) as store:
        ledger = store.ledger()
    if verify:
        folder = _folder(args.ledger)
        for entry in ledger.entries:
            for evidence in entry.evidence:
                try:
                    evidence.verify(folder)
                except LedgerError as exc:
                    raise LedgerError(f"{args.ledger}: entry {entry.seq}: {exc}") from None
    return ledger


def _checks(args: argparse.Namespace, policy: Any, on: dt.date) -> Any:
    if not args.facilities:
        return None
    from ..standards import check_all, load_facilities

    return check_all(load_facilities(args.facilities), policy, on)


def _run_status(args: argparse.Namespace) -> int:
    """Run ``ledger status``: print the report; 1 if a row is flagged, else 0."""
    from .status import ledger_status

    ledger = _read(args, verify=not args.no_verify)
    on = _day(args.on, "--on") if args.on else dt.date.today()
    report = ledger_status(
        ledger, on=on, checks=_checks(args, ledger.policy, on), cooperating=args.cooperating
    )
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text())
    return 1 if any(r.flags for r in report.rows) else 0


def _run_record(args: argparse.Namespace) -> int:
    """Run ``ledger record``: check the entry and append it; 0 when recorded."""
    from .model import Entry, Evidence
    from .store import LedgerStore

    policy, district = _context(args)
    folder = _folder(args.ledger)
    evidence = [Evidence(text=t) for t in args.evidence_text]
    for name in args.evidence:
        target = Path(name).resolve()
        try:
            target.relative_to(folder)
        except ValueError:
            raise LedgerError(
                f"--evidence {name}: keep evidence files in the ledger's folder ({folder}) or below it, so that"
                " they can be checked later"
            ) from None
        evidence.append(Evidence.of_file(target, folder=folder))
    entry = Entry(
        args.kind,
        _day(args.on, "--on"),
        by=args.by,
        task=args.task,
        unit=args.unit,
        status=args.status,
        done=args.done,
        problems=args.problems,
        next_steps=args.next_steps,
        evidence=tuple(evidence),
        id=args.id,
        ref=args.ref,
        deadline=_day(args.deadline, "--deadline") if args.deadline else None,
        actor=args.actor or "",
    )
    authority = None
    if args.actor:
        from ..org.authority import Authority

        if district is None:
            raise LedgerError("--actor needs a district whose file records the posts (--district is 'none')")
        authority = Authority(district, policy)
    with LedgerStore(args.ledger, policy, district) as store:
        ledger = store.record(entry, authority=authority)
    recorded = ledger.entries[-1]
    path = args.ledger
    rule = ledger.rule(recorded)
    print(
        f"recorded entry {recorded.seq} ({recorded.kind_zh} {recorded.kind}"
        + (f", task {recorded.task}" if recorded.task else "")
        + (f", {recorded.unit}" if recorded.unit else "")
        + f") in {path}; rule {rule.id} ({rule.clause} “{rule.quote}”)"
    )
    return 0


def _run_assess(args: argparse.Namespace) -> int:
    """Run ``ledger assess``: print the ranking (or one unit's points); 0."""
    from .assess import assess
    from .periods import as_period
    from .scheme import load_scheme

    ledger = _read(args, verify=not args.no_verify)
    period = as_period(args.period, name="--period")
    scheme = load_scheme(args.scheme)
    result = assess(ledger, scheme, period, checks=_checks(args, ledger.policy, period.end))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif args.unit:
        print(result.explain(args.unit, lang=args.lang))
    else:
        print(result.to_text(lang=args.lang))
    return 0


def _run_bulletin(args: argparse.Namespace) -> int:
    """Run ``ledger bulletin``: Markdown to standard output, or the file of ``-o``; 0."""
    from .bulletin import bulletin
    from .periods import as_period
    from .scheme import load_scheme

    ledger = _read(args, verify=not args.no_verify)
    quarter = as_period(args.quarter, name="--quarter", quarter=True)
    scheme = load_scheme(args.scheme) if args.scheme else None
    result = bulletin(
        ledger, quarter, checks=_checks(args, ledger.policy, quarter.end), scheme=scheme, lang=args.lang
    )
    if args.output:
        written = result.write(args.output)
        print(f"wrote {written} ({len(result.rows)} rows, {quarter.label_zh})", file=sys.stderr)
    else:
        sys.stdout.write(result.to_markdown())
    return 0
