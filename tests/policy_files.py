"""The embedded policy's files, for tests that load an edited copy of them."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "jiceng_xiaofang" / "data"
EMBEDDED = DATA / "yuzhong-2023.toml"


def write_policy(path: Path, text: str, *, part: str | None = None) -> Path:
    """Write ``text`` as the main file ``path`` (or as the included ``part``), with the other files beside it.

    Returns the main file's path.
    """
    folder = path.parent
    for file in DATA.glob("yuzhong-2023-*.toml"):
        (folder / file.name).write_bytes(file.read_bytes())
    main = path if part is None else folder / EMBEDDED.name
    if part is None:
        path.write_text(text, encoding="utf-8")
    else:
        main.write_bytes(EMBEDDED.read_bytes())
        (folder / part).write_text(text, encoding="utf-8")
    return main
