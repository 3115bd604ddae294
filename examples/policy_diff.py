"""What changed: a revised version of the embedded policy, and another district's document, diffed.

Run from the repository: ``python examples/policy_diff.py``.  It copies the embedded Yuzhong files to a
temporary folder, revises them the way a new version of the document might (clause 一（一） asks for 6 staff
instead of 5, its requirement with it; 区消防救援支队 no longer cooperates on it; the 2025 deadline moves to
mid-2026), and prints the diff; then it diffs Yuzhong against the beginning of Qijiang's plan
(``tests/data/qijiang-2022-fragment.toml``) and prints what the two share and where they part.
"""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

import jiceng_xiaofang as jx

QIJIANG = Path(__file__).resolve().parents[1] / "tests" / "data" / "qijiang-2022-fragment.toml"

# (old, new, how many: -1 for every occurrence)
EDITS = {
    "yuzhong-2023.toml": [
        ("工作人员不少于5人", "工作人员不少于6人", -1),  # the clause's text, the requirement's quote and name
        ('field = "staff"\ncomparator = ">="\nvalue = 5', 'field = "staff"\ncomparator = ">="\nvalue = 6', 1),
        (  # the first is clause 1.1's note (its annex row comes later in the file)
            'lead = ["各街道办事处"]\ncooperating = ["区应急局", "区消防救援支队"]',
            'lead = ["各街道办事处"]\ncooperating = ["区应急局"]',
            1,
        ),
        ("value = 2025-12-31", "value = 2026-06-30", 1),
    ],
    "yuzhong-2023-organisation.toml": [("工作人员不少于5人", "工作人员不少于6人", -1)],
}


def revised_copy(folder: Path) -> Path:
    """Write the embedded policy's files to ``folder`` with the edits above; return the main file."""
    for file in resources.files("jiceng_xiaofang.data").iterdir():
        if file.name.startswith("yuzhong-2023") and file.name.endswith(".toml"):
            text = file.read_text(encoding="utf-8")
            for old, new, count in EDITS.get(file.name, []):
                assert old in text, old
                text = text.replace(old, new, count)
            (folder / file.name).write_text(text, encoding="utf-8")
    return folder / "yuzhong-2023.toml"


def main() -> None:
    policy = jx.load_policy()
    with tempfile.TemporaryDirectory() as folder:
        revised = jx.load_policy(revised_copy(Path(folder)))
    changes = jx.diff(policy, revised)
    print(changes.to_text())
    print()
    for change in changes.select(direction="tightened"):
        print("stricter:", change.subject, change.old, "->", change.new)

    print()
    other = jx.diff(policy, QIJIANG)
    print(f"Yuzhong -> Qijiang: {len(other)} changes, {other.counts()}")
    for note in other.notes:
        print("note:", note)
    for change in other.select(entity="clause", clause="1.1"):
        print(change.message)


if __name__ == "__main__":
    main()
