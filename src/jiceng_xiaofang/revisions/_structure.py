"""The text's structure compared: document metadata, sections, clauses (moved ones found), annex rows, bodies."""

from __future__ import annotations

from ..policy.model import Clause, Policy, Task
from ._context import Pair, Sides, compare_entries, self_moved, show, sort_changes, value_of
from .chars import MOVE_SIMILARITY, alike_pairs, char_diff, similarity
from .model import Change

__all__ = ["bodies", "clause_changes", "document", "pair_clauses", "sections", "tasks"]

# The document's own words and numbers; English translations (title_en) and the file's notes on its sources
# (published_source, coverage) are the package's, not the document's, and are left out.
_DOCUMENT_FIELDS = (
    "id",
    "jurisdiction",
    "title",
    "notice_title",
    "kind",
    "number",
    "issuer",
    "issued",
    "published",
    "approved_by",
    "approval_meeting",
    "publication",
    "public",
    "addressees",
    "complete",
)
_PARENT_FIELDS = ("number", "title", "issuer")


def _text_change(
    pair: Pair,
    entity: str,
    subject: str,
    old: str,
    new: str,
    *,
    field: str,
    old_clause: str | None,
    new_clause: str | None,
) -> Change:
    segments = char_diff(old, new)
    deleted = sum(len(t) for op, t in segments if op == "-")
    inserted = sum(len(t) for op, t in segments if op == "+")
    counted = f"{deleted} character(s) deleted, {inserted} inserted"
    return pair.change(
        entity,
        "reworded",
        subject,
        counted if field in (subject, "text") else f"{field}: {counted}",
        field=field,
        old=old,
        new=new,
        old_clause=old_clause,
        new_clause=new_clause,
        segments=segments,
    )


def document(pair: Pair) -> list[Change]:
    """Changes of the document's metadata, its parent document, numbering and preamble."""
    a, b = pair.old.document, pair.new.document
    values = [(name, value_of(getattr(a, name)), value_of(getattr(b, name))) for name in _DOCUMENT_FIELDS]
    if (a.parent is None) != (b.parent is None):
        values.append(
            (
                "parent",
                None if a.parent is None else a.parent.number,
                None if b.parent is None else b.parent.number,
            )
        )
    elif a.parent is not None and b.parent is not None:
        values += [(f"parent.{n}", getattr(a.parent, n), getattr(b.parent, n)) for n in _PARENT_FIELDS]
    values.append(("numbering", " ".join(a.numbering.styles), " ".join(b.numbering.styles)))
    found = [
        pair.change("document", "changed", name, f"{show(va)} -> {show(vb)}", field=name, old=va, new=vb)
        for name, va, vb in values
        if va != vb
    ]
    if a.preamble != b.preamble:
        found.append(
            _text_change(
                pair,
                "document",
                "preamble",
                a.preamble,
                b.preamble,
                field="preamble",
                old_clause=None,
                new_clause=None,
            )
        )
    return found


def sections(pair: Pair) -> list[Change]:
    """Sections added, removed, retitled, or whose prose changed, matched by number."""
    before = {s.number: s for s in pair.old.sections}
    after = {s.number: s for s in pair.new.sections}
    found: list[Change] = []
    for number in sorted(before.keys() | after.keys()):
        a, b = before.get(number), after.get(number)
        sid = str(number)
        if b is None:
            assert a is not None
            found.append(pair.change("section", "removed", sid, a.title, old_clause=sid))
        elif a is None:
            found.append(pair.change("section", "added", sid, b.title, new_clause=sid))
        else:
            where = Sides(old_clause=sid, new_clause=sid)
            if a.title != b.title:
                found.append(
                    pair.change(
                        "section",
                        "retitled",
                        sid,
                        f"{a.title} -> {b.title}",
                        field="title",
                        old=a.title,
                        new=b.title,
                        **where,
                    )
                )
            if a.text != b.text:
                found.append(_text_change(pair, "section", sid, a.text, b.text, field="text", **where))
    return found


def pair_clauses(old: Policy, new: Policy) -> tuple[list[tuple[Clause, Clause]], list[Clause], list[Clause]]:
    """Match the clauses of two policies: (pairs, removed, added).

    In order: the same id and text; the same text under another id (moved);
    the same id and a text at least :data:`~jiceng_xiaofang.revisions.MOVE_SIMILARITY`
    alike; of the rest, the most alike pairs above that threshold (moved, the
    text changed too); then whatever still shares an id (rewritten).  Only the
    clauses left unmatched are compared with each other.
    """
    before = {c.id: c for c in old.clauses}
    after = {c.id: c for c in new.clauses}
    pairs: list[tuple[Clause, Clause]] = []

    def take(a: Clause, b: Clause) -> None:
        pairs.append((a, b))
        del before[a.id], after[b.id]

    for cid in list(before):
        if cid in after and before[cid].text == after[cid].text:
            take(before[cid], after[cid])
    by_text: dict[str, list[Clause]] = {}
    for clause in after.values():
        by_text.setdefault(clause.text, []).append(clause)
    for clause in list(before.values()):
        same = [c for c in by_text.get(clause.text, ()) if c.id in after]
        if same:
            take(clause, same[0])
    for cid in list(before):
        if (
            cid in after
            and similarity(before[cid].text, after[cid].text, at_least=MOVE_SIMILARITY) >= MOVE_SIMILARITY
        ):
            take(before[cid], after[cid])
    olds, news = list(before.values()), list(after.values())
    for _, i, j in alike_pairs([c.text for c in olds], [c.text for c in news], at_least=MOVE_SIMILARITY):
        if olds[i].id in before and news[j].id in after:
            take(olds[i], news[j])
    for cid in list(before):
        if cid in after:
            take(before[cid], after[cid])
    return pairs, list(before.values()), list(after.values())


def _roles(
    pair: Pair,
    entity: str,
    subject: str,
    old: Clause | Task,
    new: Clause | Task,
    *,
    old_clause: str | None,
    new_clause: str | None,
) -> list[Change]:
    found = []
    for role, zh in (("lead", "责任单位"), ("cooperating", "配合单位")):
        a, b = getattr(old, role), getattr(new, role)
        for name in a:
            if name not in b:
                found.append(
                    pair.change(
                        entity,
                        f"{role}-lost",
                        subject,
                        f"{name} ({zh})",
                        field=role,
                        old=name,
                        old_clause=old_clause,
                        new_clause=new_clause,
                    )
                )
        for name in b:
            if name not in a:
                found.append(
                    pair.change(
                        entity,
                        f"{role}-gained",
                        subject,
                        f"{name} ({zh})",
                        field=role,
                        new=name,
                        old_clause=old_clause,
                        new_clause=new_clause,
                    )
                )
    return found


def clause_changes(
    pair: Pair, pairs: list[tuple[Clause, Clause]], removed: list[Clause], added: list[Clause]
) -> list[Change]:
    """The changes of matched clauses (moved, reworded, retitled, bodies), and clauses removed and added."""
    found: list[Change] = []
    for clause in removed:
        found.append(
            pair.change("clause", "removed", clause.id, clause.title, old_clause=clause.id, old=clause.text)
        )
    for clause in added:
        found.append(
            pair.change("clause", "added", clause.id, clause.title, new_clause=clause.id, new=clause.text)
        )
    for a, b in pairs:
        where = Sides(old_clause=a.id, new_clause=b.id)
        if a.id != b.id:
            text = "the same text" if a.text == b.text else f"similarity {similarity(a.text, b.text):.2f}"
            found.append(
                pair.change(
                    "clause",
                    "moved",
                    b.id,
                    f"{b.title} ({text})",
                    field="id",
                    old=a.id,
                    new=b.id,
                    segments=() if a.text == b.text else char_diff(a.text, b.text),
                    where=f"{a.label} {a.id} -> {b.label} {b.id}",
                    **where,
                )
            )
        elif a.text != b.text:
            found.append(_text_change(pair, "clause", b.id, a.text, b.text, field="text", **where))
        if a.title != b.title:
            found.append(
                pair.change(
                    "clause",
                    "retitled",
                    b.id,
                    f"{a.title} -> {b.title}",
                    field="title",
                    old=a.title,
                    new=b.title,
                    **where,
                )
            )
        if a.complete != b.complete:
            found.append(
                pair.change(
                    "clause",
                    "changed",
                    b.id,
                    f"complete {show(a.complete)} -> {show(b.complete)}",
                    field="complete",
                    old=a.complete,
                    new=b.complete,
                    **where,
                )
            )
        found += _roles(pair, "clause", b.id, a, b, **where)
    return sort_changes(found)


def _pair_tasks(pair: Pair) -> tuple[list[tuple[Task, Task]], list[Task], list[Task]]:
    """Annex rows matched: the same id and words first, then by the id of a moved clause, then by id."""
    before = [t for t in pair.old.tasks if t.source == "annex"]
    after = {t.id: t for t in pair.new.tasks if t.source == "annex"}
    pairs: list[tuple[Task, Task]] = []

    def same_words(t: Task) -> str | None:
        other = after.get(t.id)
        return t.id if other is not None and (other.content, other.name) == (t.content, t.name) else None

    for key in (same_words, lambda t: pair.moved.get(t.id), lambda t: t.id):
        rest = []
        for task in before:
            found = key(task)
            if found is not None and found in after:
                pairs.append((task, after.pop(found)))
            else:
                rest.append(task)
        before = rest
    return pairs, before, list(after.values())


def tasks(pair: Pair) -> list[Change]:
    """Changes of the annex rows, matched by id (following moved clauses).

    Tasks a document without an annex derives from its clauses' notes are
    left out: the clauses' own changes say it.
    """
    pairs, removed, added = _pair_tasks(pair)
    found: list[Change] = []
    for a in removed:
        found.append(pair.change("task", "removed", a.id, a.name, old_clause=a.clause))
    for b in added:
        found.append(pair.change("task", "added", b.id, b.name, new_clause=b.clause))
    for a, b in pairs:
        where = Sides(old_clause=a.clause, new_clause=b.clause)
        if a.name != b.name:
            found.append(
                pair.change(
                    "task",
                    "retitled",
                    b.id,
                    f"{a.name} -> {b.name}",
                    field="name",
                    old=a.name,
                    new=b.name,
                    **where,
                )
            )
        if a.content != b.content:
            found.append(_text_change(pair, "task", b.id, a.content, b.content, field="content", **where))
        if a.section != b.section:
            found.append(
                pair.change(
                    "task",
                    "changed",
                    b.id,
                    f"section {a.section} -> {b.section}",
                    field="section",
                    old=a.section,
                    new=b.section,
                    **where,
                )
            )
        followed = tuple(pair.moved.get(c, c) for c in a.clauses)
        if followed != b.clauses:
            va, vb = value_of(a.clauses), value_of(b.clauses)
            notes = "".join(self_moved(pair, c, c) for c in a.clauses if c in b.clauses)
            found.append(
                pair.change(
                    "task",
                    "changed",
                    b.id,
                    f"clauses {show(va)} -> {show(vb)}{notes}",
                    field="clauses",
                    old=va,
                    new=vb,
                    **where,
                )
            )
        found += _roles(pair, "task", b.id, a, b, **where)
    return sort_changes(found)


def bodies(pair: Pair) -> list[Change]:
    """Bodies added to or removed from the directory, and their kind, level, aliases or collective changed."""
    return compare_entries(
        pair,
        "body",
        pair.old.bodies,
        pair.new.bodies,
        key=lambda b: b.name,
        fields=("kind", "level", "aliases", "collective_of"),
        clause=lambda b: None,
        describe=lambda b: f"({b.kind}, {b.level})",
    )
