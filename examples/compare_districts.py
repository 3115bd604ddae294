"""Districts side by side: Yuzhong, the beginning of Qijiang's plan and an edited copy of Yuzhong, compared.

Run from the repository: ``python examples/compare_districts.py``.  It loads the embedded Yuzhong policy, the
Qijiang fragment (``tests/data/qijiang-2022-fragment.toml``, a partial file that says so) and a copy of Yuzhong
edited the way another district might write it (8 micro-station members instead of 6, a monthly district check
instead of a quarterly one, the 2025 deadline moved to mid-2026: the words and the values), and prints where they differ and which value
is stricter.  Then it puts them on a municipal layer: **illustrative** values from
``tests/data/municipal-illustrative.toml``, invented (the text of the municipal guidance is not held here), and
prints the district values that fall under that floor.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from importlib import resources
from pathlib import Path

import jiceng_xiaofang as jx

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
QIJIANG = DATA / "qijiang-2022-fragment.toml"
MUNICIPAL = DATA / "municipal-illustrative.toml"  # ILLUSTRATIVE: invented values
ON = dt.date(2025, 1, 1)

# (old, new, how many: -1 for every occurrence)
WORDS = [  # in the clauses and in every quote of them
    ("成员由6名以上的治安巡防队", "成员由8名以上的治安巡防队", -1),
    ("每季度至少开展一次检查", "每月至少开展一次检查", -1),
    ("2025年所有街道完成建设任务", "2026年6月底前所有街道完成建设任务", -1),
]
VALUES = [
    ('field = "members"\ncomparator = ">="\nvalue = 6', 'field = "members"\ncomparator = ">="\nvalue = 8', 1),
    ('value = "P3M"', 'value = "P1M"', 1),
    ("value = 2025-12-31", "value = 2026-06-30", 1),
]


def edited_copy(folder: Path) -> Path:
    """The embedded policy's files in ``folder``, edited; returns the main file."""
    for file in resources.files("jiceng_xiaofang.data").iterdir():
        if file.name.startswith("yuzhong-2023") and file.name.endswith(".toml"):
            text = file.read_text(encoding="utf-8")
            for old, new, count in WORDS + (VALUES if file.name == "yuzhong-2023.toml" else []):
                if count == 1:
                    assert old in text, old
                text = text.replace(old, new, count)
            (folder / file.name).write_text(text, encoding="utf-8")
    return folder / "yuzhong-2023.toml"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        edited = edited_copy(Path(folder))
        names = ["渝中区", "綦江区", "示例区"]
        table = jx.compare([jx.load_policy(), QIJIANG, edited], on=ON, names=names)
        print(table.summary())
        print(table.select(disagree=True).to_text(quotes=True))
        print()
        for row in table.select(kind="requirement", stated=True):
            if row.cells[1].stated:
                print("Qijiang states:", row.key, row.cells[1].text, "|", row.verdict)

        print()
        floored = jx.compare(
            [jx.load_policy(baseline=("national", MUNICIPAL)), QIJIANG, edited],
            on=ON,
            names=names,
            baseline=("national", MUNICIPAL),
        )
        print("On an ILLUSTRATIVE municipal layer (invented values):")
        for row in floored.below_floor():
            print(f"  {row.key}: floor {row.floor_text()}")
            for cell in row.cells:
                if cell.below_floor:
                    print(f"    {cell.column}: {cell.note}")


if __name__ == "__main__":
    main()
