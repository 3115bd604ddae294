"""Draft a policy file from a published document, review it, and load it.

Run from the repository: ``python examples/draft_policy.py``.  It drafts Yuzhong's 2023 document from its text
as published (``tests/seed/``), shows that the draft holds the same clauses, bodies and annex rows as the
hand-encoded embedded policy, then drafts the published beginning of Qijiang's plan and lists what a person
must still check.
"""

from __future__ import annotations

from pathlib import Path

import jiceng_xiaofang as jx

SEED = Path(__file__).resolve().parents[1] / "tests" / "seed"


def main() -> None:
    draft = jx.draft_policy(SEED / "yuzhong-2023-fire-governance-opinions.txt", id="yuzhong-2023")
    print(draft.summary())
    drafted, by_hand = draft.load(), jx.load_policy()
    same = [(c.id, c.text, c.lead, c.cooperating) for c in drafted.clauses] == [
        (c.id, c.text, c.lead, c.cooperating) for c in by_hand.clauses
    ]
    print(f"clauses as the embedded policy: {same}; annex rows: {len(drafted.tasks)}")
    doc = drafted.document
    print(f"{doc.title}: issued {doc.issued} by {doc.issuer}, approved by {doc.approved_by}")
    print(f"implements {doc.parent.number if doc.parent else '-'}; addressed to {'、'.join(doc.addressees)}")
    print("candidate facts to confirm:")
    for fact in drafted.facts[:5]:
        print(f"  {fact.clause:>4} {fact.kind:<8} {fact.value!s:<10} {fact.quote}")

    draft = jx.draft_policy(SEED / "qijiang-2022-fragment.txt", id="qijiang-2022")
    print()
    print(draft.summary())
    for problem in draft.problems:
        print(" ", problem)
    Path("qijiang-draft.toml").write_text(draft.toml, encoding="utf-8")
    for issue in jx.lint(jx.load_policy("qijiang-draft.toml")):
        print(" ", issue.code, issue.where)


if __name__ == "__main__":
    main()
