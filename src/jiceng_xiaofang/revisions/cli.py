"""The ``diff`` command of ``jiceng-xiaofang``: what changed between two policy files.

The main command line adds it with :func:`register`.
"""

from __future__ import annotations

import argparse
import sys

from .compare import diff

__all__ = ["register", "run"]

_DESCRIPTION = (
    "Compare two policy files: clauses added, removed, moved and reworded (with a character diff), requirements "
    "tightened or loosened, lead and cooperating bodies, deadlines, frequencies, facts and the document's "
    "metadata. Exit status 0 if they are the same, 1 if they differ, 2 on bad input (like diff)."
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` subcommand to the command line's subparsers.

    Examples
    --------
    >>> import argparse
    >>> from jiceng_xiaofang.revisions.cli import register
    >>> parser = argparse.ArgumentParser(prog="jiceng-xiaofang")
    >>> register(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["diff", "old.toml", "new.toml", "--format", "json"])
    >>> args.old, args.new, args.format, args.run.__name__
    ('old.toml', 'new.toml', 'json', 'run')
    """
    p = sub.add_parser(
        "diff",
        help="compare two policy files (exit 1 if they differ)",
        description=_DESCRIPTION,
    )
    p.add_argument("old", metavar="OLD", help="the old policy file (TOML)")
    p.add_argument("new", metavar="NEW", help="the new policy file (TOML)")
    p.add_argument("--format", choices=("text", "json", "html"), default="text", help="output format (text)")
    p.add_argument(
        "--context",
        type=int,
        default=20,
        metavar="N",
        help="characters of unchanged text shown beside each change in text output; -1 for all (20)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the diff of ``args.old`` and ``args.new``; 0 if they are the same, 1 if not.

    Examples
    --------
    >>> import argparse
    >>> from jiceng_xiaofang.revisions.cli import run
    >>> from importlib import resources
    >>> path = str(resources.files("jiceng_xiaofang.data") / "yuzhong-2023.toml")
    >>> run(argparse.Namespace(old=path, new=path, format="text", context=20))
    diff yuzhong-2023 -> yuzhong-2023: no changes
    0
    """
    found = diff(args.old, args.new)
    if args.format == "json":
        print(found.to_json())
    elif args.format == "html":
        sys.stdout.write(found.to_html(standalone=True))
    else:
        print(found.to_text(context=args.context))
    return 1 if found else 0
