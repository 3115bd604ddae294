"""Writing a command's output file: a bad path is the package's error naming the option, never an OSError."""

from __future__ import annotations

import os
from pathlib import Path

from ._values import describe
from .errors import XiaofangError

__all__ = ["write_output"]


def write_output(
    path: str | os.PathLike[str], data: str | bytes, *, option: str = "--output", newline: str | None = None
) -> None:
    """Write ``data`` (text as UTF-8) to the file ``path``, which the option ``option`` named.

    Raises
    ------
    XiaofangError
        The path is a directory, its folder does not exist, or the file cannot
        be written; the message names the option, the path and why.

    Examples
    --------
    >>> import tempfile
    >>> from jiceng_xiaofang._output import write_output
    >>> folder = tempfile.mkdtemp()
    >>> write_output(folder, "x", option="-o")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: -o: expected a file to write, got '...', which is a directory
    >>> write_output(folder + "/missing/x.toml", "x", option="-o")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: -o: cannot write '.../missing/x.toml': its folder '.../missing' does not exist
    """
    target = Path(path)
    shown = describe(str(path), 200)
    if target.is_dir():
        raise XiaofangError(f"{option}: expected a file to write, got {shown}, which is a directory")
    try:
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            with open(target, "w", encoding="utf-8", newline=newline) as out:
                out.write(data)
    except FileNotFoundError:
        folder = describe(str(target.parent), 200)
        raise XiaofangError(f"{option}: cannot write {shown}: its folder {folder} does not exist") from None
    except OSError as exc:
        raise XiaofangError(f"{option}: cannot write {shown} ({exc.strerror or exc})") from None
