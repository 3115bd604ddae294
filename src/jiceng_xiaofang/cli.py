"""The command line: ``jiceng-xiaofang`` and ``python -m jiceng_xiaofang``."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from ._output import write_output
from ._version import __version__
from .errors import XiaofangError
from .policy import Policy, lint, load_policy
from .report import policy_summary

if TYPE_CHECKING:
    from .org.model import District

__all__ = ["main"]


def _policy(args: argparse.Namespace) -> Policy:
    return load_policy(args.policy)


def _cmd_report(args: argparse.Namespace) -> int:
    policy = _policy(args)
    if args.json:
        data = attrs.asdict(
            policy,
            filter=lambda a, _v: not a.name.startswith("_") and a.name != "obligations_source",
            value_serializer=_plain,
        )
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(policy_summary(policy, top=args.top))
    if args.sample:
        if args.policy:
            # the sample district's facilities name the embedded policy's posts: another policy has its own
            raise XiaofangError(
                "--sample: the bundled sample district is checked against the embedded policy only"
            )
        from .standards import check_all, sample_facilities

        rollup = check_all(sample_facilities(), policy, args.on)
        print(f"\nCompliance of the bundled sample district on {rollup.on} (ILLUSTRATIVE data, invented)")
        print(rollup.to_text(args.lang))
    return 0


def _plain(_instance: object, _attribute: object, value: object) -> object:
    """Mappings (the policy's read-only indexes) as plain dicts, so that JSON shows them."""
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    return value


def _date(text: str) -> dt.date:
    """A day as ``2024-07-01`` or ``2024年7月1日`` (an argparse type)."""
    from .schedule.log import _parse_day

    try:
        return _parse_day(text)
    except XiaofangError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _cmd_check(args: argparse.Namespace) -> int:
    from .standards import check_all, load_facilities

    rollup = check_all(load_facilities(args.file, encoding=args.encoding), _policy(args), args.on)
    if args.json:
        print(json.dumps(rollup.to_dict(), ensure_ascii=False, indent=2))
    else:
        for report in rollup.reports:
            if args.all or report.status != "pass":
                print(report.to_text(args.lang))
                print()
        print(rollup.to_text(args.lang))
    return 1 if rollup.failing() else 0


def _cmd_lint(args: argparse.Namespace) -> int:
    issues = lint(_policy(args))
    for issue in issues:
        print(issue)
    errors = sum(i.severity == "error" for i in issues)
    warnings = len(issues) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def _cmd_clause(args: argparse.Namespace) -> int:
    policy = _policy(args)
    if args.list:
        if args.ref is not None:
            raise XiaofangError("clause: give a clause REF or --list, not both")
        for section in policy.sections:
            print(f"{section.label}、{section.title}  ({section.title_en})")
            for c in policy.clauses_in(section.number):
                print(f"  {c.id:>5}  {c.label}  {c.title}  ({c.title_en})")
        return 0
    if args.ref is None:
        raise XiaofangError("clause: give a clause (its id, label or eId), a section (its number), or --list")
    if policy.is_section(args.ref):
        section = policy.section(args.ref)
        print(f"{section.label}、{section.title} (section {section.number})")
        print(section.title_en)
        if section.text:
            print()
            print(section.text)
        print()
        for c in policy.clauses_in(section.number):
            print(f"  {c.id:>5}  {c.label}  {c.title}  ({c.title_en})")
        return 0
    clause = policy.clause(args.ref)
    print(f"{clause.label} ({clause.id}, {clause.eid}) {clause.title}")
    print(clause.title_en)
    print()
    print(clause.text)
    if clause.lead or clause.cooperating:
        print(f"\n责任单位 lead: {'、'.join(clause.lead) or '-'}")
        print(f"配合单位 cooperating: {'、'.join(clause.cooperating) or '-'}")
    print(f"\n{clause.summary_en}")
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    found = _policy(args).search(*args.keywords)
    for clause in found:
        print(f"{clause.id:>4}  {clause.label}  {clause.title}  ({clause.title_en})")
    if not found:
        words = " ".join(args.keywords)
        print(
            f"no clause contains {'every one of: ' if len(args.keywords) > 1 else ''}{words}", file=sys.stderr
        )
    return 0 if found else 1


def _cmd_graph(args: argparse.Namespace) -> int:
    import io

    from .graph import node_link_json, raci_csv, task_graph, write_graphml

    g = task_graph(_policy(args), district=_district(args.district))
    if args.format == "graphml":
        buffer = io.BytesIO()
        write_graphml(g, buffer)
        text = buffer.getvalue().decode("utf-8")
    elif args.format == "json":
        text = node_link_json(g) + "\n"
    else:
        text = raci_csv(g, excel=args.excel)
    if args.output:
        write_output(args.output, text, newline="")
    else:
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:  # a stream of text only (as in a notebook)
            sys.stdout.write(text)
        else:  # bytes: CRLF stays CRLF on every platform
            sys.stdout.flush()
            binary.write(text.encode("utf-8"))
            binary.flush()
    return 0


def _district(ref: str | None) -> District | None:
    from .org import load_district, sample_district, yuzhong

    if not ref:
        return None
    if ref == "yuzhong":
        return yuzhong()
    if ref == "sample":
        return sample_district()
    return load_district(ref)


def _cmd_org(args: argparse.Namespace) -> int:
    from .org import popolo_json, to_org_turtle, yuzhong

    district = _district(args.district) or yuzhong()
    if args.format == "popolo":
        text = popolo_json(district, on=args.on) + "\n"
    else:
        text = to_org_turtle(district, base=args.base, on=args.on)
    if args.output:
        write_output(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


_ELSEWHERE: Mapping[str, tuple[str, bool]] = {
    "schedule": ("schedule.cli", True),
    "hazards": ("hazards.cli", True),
    "ledger": ("ledger.cli", True),
    "draft": ("drafting._cli", True),
    "diff": ("revisions.cli", False),
    "compare": ("revisions.compare_cli", False),
}
"""Commands registered by their own package: name -> (module, whether it takes --policy)."""

_BUILT_IN = frozenset({"report", "check", "org", "lint", "clause", "search", "graph"})


def _wanted(argv: Sequence[str] | None) -> str | None:
    """The command the arguments name (their first word that is not an option), or None."""
    words = sys.argv[1:] if argv is None else argv
    first = next((w for w in words if not w.startswith("-")), None)
    return first if first in _BUILT_IN or first in _ELSEWHERE else None


def _parser(wanted: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jiceng-xiaofang",
        description="Grassroots fire-safety governance policy as code (基层消防).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--policy", metavar="FILE", help="a policy TOML file (default: the embedded Yuzhong 2023 policy)"
    )

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help, parents=[common])

    p = command("report", "summarise the policy: document, sections, facts and bodies ranked by tasks")
    p.add_argument("--json", action="store_true", help="print the whole policy as JSON instead")
    p.add_argument("--top", type=int, default=None, metavar="N", help="show only the first N bodies")
    p.add_argument(
        "--sample",
        action="store_true",
        help="also check the bundled sample district's facilities (ILLUSTRATIVE, invented data)",
    )
    p.add_argument(
        "--on",
        type=_date,
        default=None,
        metavar="DATE",
        help="date of the --sample check: 2024-07-01 or 2024年7月1日 (default: today)",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the --sample table")
    p.add_argument(
        "--no-sample", action="store_true", help=argparse.SUPPRESS
    )  # kept working: leaving it out is the default
    p.set_defaults(run=_cmd_report)
    p = command(
        "check",
        "check a file of facility records (TOML, JSON, CSV or .xlsx); exit 1 when a required standard fails",
    )
    p.add_argument(
        "file",
        help="facilities: TOML [[facility]] tables, a JSON list, or a CSV file or .xlsx sheet (the xlsx extra) "
        "with a header row; each facility with a 'kind'",
    )
    p.add_argument(
        "--on",
        type=_date,
        default=None,
        metavar="DATE",
        help="the date to judge deadlines on: 2024-07-01 or 2024年7月1日 (default: today)",
    )
    p.add_argument(
        "--encoding",
        metavar="NAME",
        help="the text encoding of the file, such as gb18030 (default: UTF-8, else GB18030/GBK)",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the findings")
    p.add_argument("--all", action="store_true", help="show passing facilities too")
    p.add_argument("--json", action="store_true", help="print the reports as JSON")
    p.set_defaults(run=_cmd_check)
    for name, (module, takes_common) in _ELSEWHERE.items():
        # a command whose parser lives in its own package is registered only when it may be run (the
        # command named, or help asked for), so `report` does not import the hazard loop and the ledger
        if wanted is not None and wanted != name:
            continue
        register = importlib.import_module(f".{module}", __package__).register
        if takes_common:
            register(sub, common)
        else:
            register(sub)
    p = command("org", "export the organisation as Popolo JSON or W3C ORG Turtle (the rdf extra)")
    p.add_argument("--format", choices=("popolo", "turtle"), default="popolo", help="export format")
    p.add_argument("--district", metavar="FILE", help="a district file, 'sample' or 'yuzhong' (the default)")
    p.add_argument("--on", type=_date, default=None, metavar="DATE", help="only the posts held on this day")
    p.add_argument("--base", default="https://w3id.org/jiceng-xiaofang/", help="base IRI of the Turtle")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(run=_cmd_org)
    p = command("lint", "report inconsistencies in the policy (exit 1 on errors)")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(run=_cmd_lint)
    p = command(
        "clause",
        "print one clause (its text, responsible bodies and English summary), a section, or the list",
    )
    p.add_argument(
        "ref",
        nargs="?",
        help="a clause id, label or eId: 3.2, ３.２, 三（二） or sec_3__item_2; or a section: 3 or 三",
    )
    p.add_argument("--list", action="store_true", help="list every clause, section by section")
    p.set_defaults(run=_cmd_clause)
    p = command("search", "list the clauses that contain every keyword")
    p.add_argument("keywords", nargs="+", help="words to look for (Chinese or English)")
    p.set_defaults(run=_cmd_search)
    p = command("graph", "export the lead/cooperating task graph")
    p.add_argument(
        "--format", choices=("graphml", "json", "raci-csv"), default="graphml", help="export format"
    )
    p.add_argument(
        "--district",
        metavar="FILE",
        help="expand 各街道办事处 to the streets of a district: 'yuzhong' for the embedded one, or a district file",
    )
    p.add_argument(
        "--excel",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="raci-csv: start with a byte-order mark and end lines with CRLF, as Excel and LibreOffice need"
        " (the default); --no-excel writes plain UTF-8 with LF line ends",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(run=_cmd_graph)
    return parser


SIGPIPE_STATUS = 141
"""The exit status when standard output is closed early (``| head``): 128 + SIGPIPE, as for ``cat`` or ``grep``."""


def _silence_stdout() -> None:
    """Point standard output at the null device, so that nothing more (nor the final flush) is written to the pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture): nothing to redirect
        pass


def _run(argv: Sequence[str] | None) -> int:
    try:
        args = _parser(_wanted(argv)).parse_args(argv)
    except SystemExit:  # --help, --version, a usage error: flush here, where a closed pipe is handled
        sys.stdout.flush()
        raise
    try:
        status: int = args.run(args)
        sys.stdout.flush()
    except XiaofangError as exc:
        print(f"jiceng-xiaofang: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise
    except OSError as exc:  # a file no reader of the package opened itself
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"jiceng-xiaofang: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except UnicodeEncodeError as exc:  # text the terminal cannot show
        print(
            f"jiceng-xiaofang: error: cannot write the output as {exc.encoding}: {exc.reason}",
            file=sys.stderr,
        )
        return 2
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    0 success, 1 a finding (a failing standard, an overdue duty, a difference),
    2 bad input (one line on standard error), and :data:`SIGPIPE_STATUS` (141)
    when the reader of standard output stopped reading (``| head -1``): the
    output was cut short, which a shell with ``set -o pipefail`` sees as it
    does for any Unix tool.

    Examples
    --------
    >>> from jiceng_xiaofang.cli import main
    >>> main(["search", "剪扩钳"])
       1.2  一（二）  做实社区消防工作组织  (Make community fire-safety organisation real)
    0
    """
    try:
        return _run(argv)
    except BrokenPipeError:
        _silence_stdout()
        return SIGPIPE_STATUS
