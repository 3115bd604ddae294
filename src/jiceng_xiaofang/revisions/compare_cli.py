"""The ``compare`` command of ``jiceng-xiaofang``: districts' policy files side by side.

The main command line adds it with :func:`register`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..errors import XiaofangError
from ..policy.requirements import Baseline
from .districts import compare

__all__ = ["register", "run"]

_DESCRIPTION = (
    "Put districts' policy files side by side: one row per kind of threshold, supervision frequency, duty or "
    "deadline, one column per file, each value with its clause; the stricter value marked (*), a value weaker "
    "than the national or municipal floor flagged (!). Exit status 0 if the files agree and nothing is below "
    "the floor, 1 if not, 2 on bad input."
)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2025-01-01, got {text!r}") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``compare`` subcommand to the command line's subparsers.

    Examples
    --------
    >>> import argparse
    >>> from jiceng_xiaofang.revisions.compare_cli import register
    >>> parser = argparse.ArgumentParser(prog="jiceng-xiaofang")
    >>> register(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["compare", "a.toml", "b.toml", "--baseline", "national", "--baseline", "m.toml"])
    >>> args.policies, args.baseline, args.format, args.run.__name__
    (['a.toml', 'b.toml'], ['national', 'm.toml'], 'text', 'run')
    """
    p = sub.add_parser(
        "compare",
        help="put districts' policy files side by side (exit 1 if they differ or fall below the floor)",
        description=_DESCRIPTION,
    )
    p.add_argument("policies", metavar="POLICY", nargs="+", help="policy files (TOML), one column each")
    p.add_argument(
        "--on", type=_day, default=None, metavar="DATE", help="compare the values in force on DATE (today)"
    )
    p.add_argument("--format", choices=("text", "json", "html"), default="text", help="output format (text)")
    p.add_argument(
        "--baseline",
        action="append",
        metavar="LAYER",
        help="a lower layer: 'national' (the default), a baseline file, or 'none'; repeat from the floor up"
        " (--baseline national --baseline municipal.toml)",
    )
    p.add_argument("--names", nargs="+", metavar="NAME", help="the columns' names, one per policy file")
    p.add_argument("--quotes", action="store_true", help="in text output, each value's citation and words")
    p.set_defaults(run=run)


def _baseline(given: list[str] | None) -> Baseline:
    if not given:
        return "national"
    if "none" in given:
        if len(given) > 1:
            raise XiaofangError(f"--baseline: 'none' stands alone, got {' '.join(given)}")
        return None
    return tuple(given)


def run(args: argparse.Namespace) -> int:
    """Print the comparison of ``args.policies``; 0 if they agree and none is below the floor, 1 if not.

    Examples
    --------
    >>> import argparse
    >>> from importlib import resources
    >>> from jiceng_xiaofang.revisions.compare_cli import run
    >>> path = str(resources.files("jiceng_xiaofang.data") / "yuzhong-2023.toml")
    >>> args = argparse.Namespace(policies=[path, path], on=None, format="json", baseline=None, names=["a", "b"],
    ...                           quotes=False)
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = run(args)
    >>> status, '"name": "b"' in out.getvalue()
    (0, True)
    """
    table = compare(args.policies, args.on, names=args.names, baseline=_baseline(args.baseline))
    if args.format == "json":
        print(table.to_json())
    elif args.format == "html":
        sys.stdout.write(table.to_html() + "\n")
    else:
        print(table.to_text(quotes=args.quotes))
    return 1 if table.disagreements() or table.below_floor() else 0
