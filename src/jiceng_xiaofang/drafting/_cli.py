"""The ``draft`` command: a policy file from a published document."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .._output import write_output
from ..errors import XiaofangError
from ._draft import draft_policy

__all__ = ["register"]


def _cmd_draft(args: argparse.Namespace) -> int:
    draft = draft_policy(Path(args.document), id=args.id)
    if args.output:
        write_output(args.output, draft.toml)
    else:
        sys.stdout.write(draft.toml)
    for problem in draft.problems:
        where = f"{args.document}:{problem.line}" if problem.line is not None else args.document
        print(f"{where}: {problem.kind} {problem.where}: {problem.message}", file=sys.stderr)
    print(draft.summary(), file=sys.stderr)
    try:
        draft.load()
    except XiaofangError as exc:
        print(f"the draft does not load yet: {exc}", file=sys.stderr)
        return 1
    print("the draft loads: review it, confirm its draft entries, then lint it", file=sys.stderr)
    return 0


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the ``draft`` command to the command line's subcommands."""
    del common  # the draft reads a document, not a policy
    help = "draft a policy file from a published document (UTF-8 text or .docx); problems go to stderr"
    p = sub.add_parser("draft", help=help, description=help)
    p.add_argument("document", help="the document as published: a text file (UTF-8, or GBK) or a .docx")
    p.add_argument(
        "--output", "-o", metavar="FILE", help="write the policy file to FILE instead of standard output"
    )
    p.add_argument("--id", default=None, help="the policy's id (default: the district's name and the year)")
    p.set_defaults(run=_cmd_draft)
