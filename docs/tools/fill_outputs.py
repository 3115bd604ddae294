"""Fill the output blocks of a user-guide page by running its examples.

Usage: ``python docs/tools/fill_outputs.py docs/guide/PAGE.md``.  Every ```python block is run in
order (in a temporary folder, as tests/test_docs_pages.py runs them) and the ```text block right
after it is replaced with what it printed; a ```python block followed by ```text-pending gets a new
```text block.  Review the diff before committing: the page then says what the code really prints,
and the test keeps it so.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import tempfile
from pathlib import Path

BLOCK = re.compile(r"^```(\w[\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
FILE_NAME = re.compile(r"\(`([\w.-]+\.toml)`\):\s*$")


def fill(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    matches = list(BLOCK.finditer(text))
    namespace: dict[str, object] = {"__name__": "__guide__"}
    replacements: list[tuple[int, int, str]] = []
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            for i, m in enumerate(matches):
                lang, body = m.group(1), m.group(2)
                if lang == "toml":
                    start = matches[i - 1].end() if i else 0
                    named = FILE_NAME.search(text[start : m.start()].rstrip() + "\n")
                    if named:
                        Path(named.group(1)).write_text(body, encoding="utf-8")
                    continue
                if lang != "python":
                    continue
                out = io.StringIO()
                with contextlib.redirect_stdout(out):
                    exec(compile(body, str(page), "exec"), namespace)
                after = matches[i + 1] if i + 1 < len(matches) else None
                if after is not None and after.group(1) in ("text", "text-pending"):
                    replacements.append(
                        (after.start(), after.end(), f"```text\n{out.getvalue().rstrip()}\n```")
                    )
        finally:
            os.chdir(cwd)
    for start, end, new in reversed(replacements):
        text = text[:start] + new + text[end:]
    return text


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(fill(path), encoding="utf-8")
        print(f"filled {path}")
