"""Draft a policy file from a published document: :func:`draft_policy`."""

from __future__ import annotations

import bisect
import os
import re

import attrs

from .._version import __version__
from ..errors import DocumentError
from ..vocabulary.numbering import DEFAULT_NUMBERING
from ._annex import Row, Table, read_annex
from ._bodies import BodyGuess, guess_body
from ._candidates import Candidate, find_candidates
from ._front import Front, read_front
from ._model import Draft, DraftProblem
from ._source import read_source
from ._structure import Body, ClausePart, guess_title, is_section_heading, read_body
from ._text import plain
from ._toml_out import TomlValue, key_value

__all__ = ["draft_policy"]

_SENTENCE_END = "。！？）)”"
_ID_PREFIX = re.compile(r"^(?:.{1,8}?[省市])?(.+?)(?:区|县|市)?$")


@attrs.frozen
class _Match:
    row: Row
    clause: ClausePart
    task_id: str | None


def draft_policy(
    document: str | bytes | os.PathLike[str], *, id: str | None = None, name: str | None = None
) -> Draft:
    """Draft a policy file from a document as published: its text, or a .docx.

    The drafter reads the cover notice (issuer, notice title, 文号, addressees,
    approval, date, publication note), the title and preamble (and the
    higher-level document it cites with its number), the sections and
    clauses at every depth with their verbatim text and closing notes of lead
    and cooperating bodies, the annex table of tasks (matched to the clauses,
    mismatches reported), the bodies named (kind and level read from their
    names) and candidate facts (counts, areas, lengths, frequencies,
    deadlines), each quoted and marked ``draft = true``.  It never invents:
    what it cannot read is listed in :attr:`Draft.problems` with its line.

    Parameters
    ----------
    document
        The document: a ``str`` is its text; ``bytes`` its content (UTF-8,
        GB18030/GBK, or a .docx); a :class:`pathlib.Path` (or other path
        object) a file to read.
    id
        The policy's id (used in every citation), such as ``"qijiang-2022"``.
        Default: the district's name and the year of issue, such as
        ``"綦江-2022"``.
    name
        The name of the document in problems and in the draft's header.

    Returns
    -------
    Draft
        The policy file's text (:attr:`Draft.toml`), the problems, and
        :meth:`Draft.load` to read it back as a policy.

    Raises
    ------
    DocumentError
        The document cannot be drafted at all: empty, binary, in an unknown
        encoding, or with no numbered section (一、).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> draft = jx.draft_policy('''某某区消防工作方案
    ... 一、重点任务
    ... （一）整治消防车通道。确保消防车通道宽度不低于4米。（责任单位：区住建委；配合单位：各街道办事处）''', id="demo")
    >>> print(draft.summary())
    drafted 1 clause(s), 1 task(s), 1 fact(s), 3 body(ies) from <text>
    3 problem(s): missing 3
    >>> fact = draft.load().facts[0]
    >>> fact.value, fact.unit, fact.quote
    (4.0, 'm', '确保消防车通道宽度不低于4米')
    """
    source = read_source(document, name=name)
    lines = list(source.lines)
    first = next((i for i, line in enumerate(lines) if not line.cell and is_section_heading(line.text)), None)
    if first is None:
        raise DocumentError(
            "no numbered section (a line such as 一、总体要求) was found: the drafter reads documents numbered"
            " 一、 （一） 1.",
            file=source.name,
        )
    problems: list[DraftProblem] = []
    if source.encoding == "gb18030":
        problems.append(
            DraftProblem(
                "guess",
                "document",
                "the file is not UTF-8; it was read as GB18030 (GBK): check the characters",
            )
        )
    front = read_front(lines[:first], problems)
    body = read_body(lines[first:], problems)
    front = _signed(front, body, problems)
    if not body.clauses and not any(s.text for s in body.sections):
        raise DocumentError(
            "the sections (一、……) hold no numbered clauses and no prose: there is nothing to draft",
            file=source.name,
        )
    table = read_annex(list(body.annex), body.annex_line, problems) if body.annex_line is not None else None
    matches = _match_rows(table, body, problems) if table is not None else []
    titles = _titles(body, matches, problems)
    incomplete = _cut_off(body, problems)
    names = _body_names(body, matches)
    guesses = _bodies(names, problems)
    candidates = {str(c.id): find_candidates(c.text) for c in body.clauses}
    policy_id = id or _default_id(front)
    text = _Writer().write(
        source_name=source.name,
        policy_id=policy_id,
        front=front,
        body=body,
        titles=titles,
        incomplete=incomplete,
        table=table,
        matches=matches,
        bodies=guesses,
        candidates=candidates,
        problems=len(problems),
    )
    return Draft(
        toml=text,
        problems=tuple(problems),
        source=source.name,
        clauses=len(body.clauses),
        tasks=len(matches) if matches else sum(bool(c.lead or c.cooperating) for c in body.clauses),
        facts=sum(len(found) for found in candidates.values()),
        bodies=len(guesses),
    )


def _signed(front: Front, body: Body, problems: list[DraftProblem]) -> Front:
    """Fill the issuer and date from a signature at the end of the text, when the front had none."""
    changes: dict[str, object] = {}
    if body.signed_by and not front.issuer:
        changes["issuer"] = body.signed_by
    if body.signed_on and front.issued is None:
        changes["issued"] = body.signed_on
    if not changes:
        return front
    problems[:] = [
        p
        for p in problems
        if not (
            p.kind == "missing"
            and (
                ("issuer" in changes and "the issuer" in p.message)
                or ("issued" in changes and "date of issue" in p.message)
            )
        )
    ]
    return attrs.evolve(front, **changes)  # type: ignore[arg-type]


def _default_id(front: Front) -> str:
    year = str(front.issued.year) if front.issued else "draft"
    match = _ID_PREFIX.match(front.jurisdiction) if front.jurisdiction else None
    return f"{match.group(1)}-{year}" if match is not None else f"draft-{year}"


def _title_of(clause: ClausePart) -> str:
    return clause.text.split("。", 1)[0]


def _match_rows(table: Table, body: Body, problems: list[DraftProblem]) -> list[_Match]:
    """Each annex row matched to its clause: by title, by the text's beginning, else by place in its section."""
    matches: list[_Match] = []
    taken: dict[str, int] = {}
    by_title: dict[str, ClausePart] = {}
    for c in body.clauses:
        by_title.setdefault(plain(_title_of(c)), c)
    texts = sorted((plain(c.text), i) for i, c in enumerate(body.clauses))
    keys = [text for text, _ in texts]
    section_of = {plain(s.title): s.number for s in body.sections}
    free: dict[int, list[ClausePart]] = {}
    for c in reversed(body.clauses):
        free.setdefault(c.id.section, []).append(c)  # each section's clauses, the first at the end
    for row in table.rows:
        where = f"annex row {row.number}"
        name = plain(row.name)
        clause = by_title.get(name)
        how = "title"
        if clause is None:
            at = bisect.bisect_left(keys, name)
            starts = [texts[i][1] for i in range(at, min(at + 2, len(keys))) if keys[i].startswith(name)]
            clause, how = (body.clauses[starts[0]], "text") if len(starts) == 1 else (None, how)
        if clause is None:
            waiting = free.get(section_of.get(plain(row.section), 0), [])
            while waiting and str(waiting[-1].id) in taken:
                waiting.pop()
            if waiting:
                clause, how = waiting[-1], "place"
        if clause is None:
            problems.append(
                DraftProblem(
                    "unread",
                    where,
                    f"the task {row.name!r} matches no clause (by title, by the text's beginning"
                    + (f" or by its place in section {row.section!r}" if row.section else "")
                    + "): not in the draft",
                    line=row.line,
                )
            )
            continue
        if how == "place":
            problems.append(
                DraftProblem(
                    "guess",
                    where,
                    f"the task {row.name!r} names no clause's title; matched by its place in its section to"
                    f" clause {clause.label} {_title_of(clause)[:20]!r}",
                    line=row.line,
                )
            )
        key = str(clause.id)
        taken[key] = taken.get(key, 0) + 1
        task_id = None if taken[key] == 1 else f"{key}-{taken[key]}"
        matches.append(_Match(row, clause, task_id))
        for role, in_row, in_clause in (
            ("lead", row.lead, clause.lead),
            ("cooperating", row.cooperating, clause.cooperating),
        ):
            if clause.note and in_row != in_clause:
                problems.append(
                    DraftProblem(
                        "mismatch",
                        where,
                        f"{role} bodies differ from clause {clause.label}'s note: annex"
                        f" {'、'.join(in_row) or '(none)'}; clause {'、'.join(in_clause) or '(none)'}",
                        line=row.line,
                    )
                )
    for key, count in taken.items():
        if count > 1:
            problems.append(
                DraftProblem(
                    "guess",
                    f"clause {key}",
                    f"{count} annex rows implement this clause: the later rows are given ids {key}-2, ...",
                )
            )
    return matches


def _titles(body: Body, matches: list[_Match], problems: list[DraftProblem]) -> dict[str, str]:
    """The titles to write: for clauses whose page ran the title into the text without 。."""
    titles: dict[str, str] = {}
    named = {str(m.clause.id): m.row.name for m in matches}
    for clause in body.clauses:
        key = str(clause.id)
        guessed = guess_title(clause.text)
        if guessed is None:
            continue
        row = named.get(key)
        if row is not None and clause.text.startswith(row) and not clause.text.startswith(row + "。"):
            titles[key] = row
            how = "the annex row's task name"
        else:
            titles[key] = guessed
            how = "where the body's subject seems to begin"
        problems.append(
            DraftProblem(
                "guess",
                f"clause {clause.label}",
                f"the title runs into the text without 。; the title is {titles[key]!r}, read from {how}",
                line=clause.line,
            )
        )
    return titles


def _cut_off(body: Body, problems: list[DraftProblem]) -> str | None:
    """The id of the last clause when the text stops in the middle of it (a page copy cut short)."""
    if not body.clauses or body.annex_line is not None:
        return None
    last = body.clauses[-1]
    if last.note or last.text.endswith(tuple(_SENTENCE_END)):
        return None
    problems.append(
        DraftProblem(
            "guess",
            f"clause {last.label}",
            "the text stops in the middle of a sentence: the clause and the document are marked incomplete",
            line=last.line,
        )
    )
    return str(last.id)


def _body_names(body: Body, matches: list[_Match]) -> list[str]:
    names: dict[str, None] = {}
    for clause in body.clauses:
        names.update(dict.fromkeys((*clause.lead, *clause.cooperating)))
    for match in matches:
        names.update(dict.fromkeys((*match.row.lead, *match.row.cooperating)))
    return list(names)


def _bodies(names: list[str], problems: list[DraftProblem]) -> list[BodyGuess]:
    found: dict[str, BodyGuess] = {}
    for name in names:
        for guess in guess_body(name):
            found.setdefault(guess.name, guess)
        if not guess_body(name)[0].known:
            problems.append(
                DraftProblem(
                    "guess",
                    f"body {name}",
                    "its name does not say what kind of body it is or at what level: kind 'other', level left out",
                )
            )
    return list(found.values())


class _Writer:
    """The draft's TOML text, entry by entry, with the comments a reviewer needs."""

    def __init__(self) -> None:
        self.out: list[str] = []

    def line(self, text: str = "") -> None:
        self.out.append(text)

    def comment(self, text: str) -> None:
        """A comment line: the text on one line, cut to a readable length (document text can be anything)."""
        flat = " ".join(text.split())
        self.out.append("# " + (flat if len(flat) <= 200 else flat[:199] + "…"))

    def kv(self, key: str, item: TomlValue | None, comment: str = "") -> None:
        if item is None or item == "" or item == ():
            return
        self.out.append(key_value(key, item, comment))

    def write(
        self,
        *,
        source_name: str,
        policy_id: str,
        front: Front,
        body: Body,
        titles: dict[str, str],
        incomplete: str | None,
        table: Table | None,
        matches: list[_Match],
        bodies: list[BodyGuess],
        candidates: dict[str, list[Candidate]],
        problems: int,
    ) -> str:
        self.comment(f"DRAFT policy file, drafted by jiceng_xiaofang {__version__} from {source_name}.")
        self.line(
            "# Check every entry against the document before use.  `draft = true` marks what the drafter found"
        )
        self.line(
            "# and a person has not confirmed; comments starting 'check:' are the drafter's readings, and"
        )
        self.line(
            f"# 'fill in:' what the document does not give.  Problems met reading the document: {problems}."
        )
        self.line("format = 1")
        self._document(policy_id, front, body, incomplete)
        for section in body.sections:
            self.line()
            self.line("[[section]]")
            self.kv("number", section.number)
            self.kv("title", section.title, f"line {section.line}")
            if section.label != _chinese(section.number):
                self.kv("label", section.label)
            self.kv("text", section.text)
        for clause in body.clauses:
            self._clause(clause, titles, incomplete)
        if table is not None:
            self.line()
            self.comment(f"附件, the annex: {table.title or '(no title)'} (from line {table.line}).")
            self.comment(f"Its columns: {' | '.join(table.columns)}.")
            if not matches:
                self.line(
                    "# No row of it matches a clause (see the problems): the clauses' notes are the tasks."
                )
            for match in matches:
                self._task(match)
        for clause in body.clauses:
            for index, candidate in enumerate(candidates[str(clause.id)], start=1):
                self._fact(clause, index, candidate)
        self._requirements(body, candidates)
        if bodies:
            self.line()
            self.line(
                "# The bodies the notes and the annex name; kind and level are read from each name (check them)."
            )
        for guess in bodies:
            self.line()
            self.line("[[body]]")
            self.kv("name", guess.name)
            self.line('# name_en = ""  # fill in: the English name (see the project glossary)')
            self.kv(
                "kind",
                guess.kind,
                "check: read from the name" if guess.kind != "other" else "check: not told by the name",
            )
            self.kv("level", guess.level, "check: read from the name")
            self.kv("collective_of", guess.collective_of)
        return "\n".join(self.out).replace("\n\n\n", "\n\n") + "\n"

    def _document(self, policy_id: str, front: Front, body: Body, incomplete: str | None) -> None:
        self.line()
        self.line("[document]")
        self.kv("id", policy_id, "check: the id every citation shows")
        self.kv("jurisdiction", front.jurisdiction)
        self.kv(
            "title",
            front.title,
            f"line {front.title_line}" if front.title_line else "check: see the problems",
        )
        self.line('# title_en = ""  # fill in: the title in English')
        self.kv("number", front.number)
        self.kv("notice_title", front.notice_title)
        self.kv("issuer", front.issuer)
        self.kv("issued", front.issued)
        self.kv("approved_by", front.approved_by)
        self.kv("approval_meeting", front.approval_meeting)
        self.kv("publication", front.publication)
        if front.public is not None:
            self.kv("public", front.public)
        self.kv("addressees", front.addressees)
        self.kv("preamble", front.preamble)
        if incomplete is not None:
            self.kv("complete", False)
            self.kv(
                "coverage",
                f"the text as far as the source goes: it stops in the middle of clause {_label_of(body, incomplete)}",
                "check",
            )
        ladder = list(body.numbering)
        if ladder and ladder != list(DEFAULT_NUMBERING.styles[: len(ladder)]):
            self.kv("numbering", ladder, "the labels as the document prints them")
        if front.parent is not None:
            number, title, issuer = front.parent
            # without its issuer the table does not load: it waits, commented, for a person to fill it in
            mark = "" if issuer else "# "
            self.line()
            if not issuer:
                self.line("# fill in the issuer of the document the preamble cites, then remove the '# ':")
            self.line(f"{mark}[document.parent]")
            self.line(mark + key_value("number", number))
            self.line(mark + key_value("title", title))
            self.line(mark + key_value("issuer", issuer))

    def _clause(self, clause: ClausePart, titles: dict[str, str], incomplete: str | None) -> None:
        key = str(clause.id)
        self.line()
        self.line("[[clause]]")
        self.kv("id", key, f"{clause.label}, line {clause.line}")
        if clause.printed_label is not None:
            self.kv("label", clause.label, "as printed: out of sequence")
        if key in titles:
            self.kv("title", titles[key], "check: the page runs the title into the text without 。")
        self.kv("text", clause.text)
        self.kv("lead", clause.lead)
        self.kv("cooperating", clause.cooperating)
        if key == incomplete:
            self.kv("complete", False, "check: the source stops in the middle of this clause")

    def _task(self, match: _Match) -> None:
        row = match.row
        self.line()
        self.line("[[task]]")
        self.kv("clause", str(match.clause.id), f"annex row {row.number}, line {row.line}")
        self.kv("id", match.task_id)
        self.kv("section", row.section)
        self.kv("name", row.name)
        self.kv("content", row.content)
        self.kv("lead", row.lead)
        self.kv("cooperating", row.cooperating)

    def _fact(self, clause: ClausePart, index: int, candidate: Candidate) -> None:
        self.line()
        self.line("[[fact]]")
        self.kv("id", f"fact_{str(clause.id).replace('.', '_')}_{index}")
        self.kv("clause", str(clause.id))
        self.kv("kind", candidate.kind)
        value = candidate.value
        assert value is not None
        self.kv("value", value, f"check: {candidate.reading}")
        self.kv("unit", candidate.unit)
        self.kv("quote", candidate.quote)
        self.line("draft = true")
        self.line('# description_en = ""  # fill in when confirming')

    def _requirements(self, body: Body, candidates: dict[str, list[Candidate]]) -> None:
        offered = [
            (clause, c)
            for clause in body.clauses
            for c in candidates[str(clause.id)]
            if c.comparator is not None and c.kind in ("count", "quantity")
        ]
        if not offered:
            return
        self.line()
        self.comment(
            "Candidate requirements: each threshold the text states with 不少于, 至少, 以上, 不超过..."
        )
        self.comment(
            "Where the text names the record and field it constrains (the vocabulary's Chinese names),"
        )
        self.comment("the candidate is a [[requirement]] with draft = true: it is not checked until a person")
        self.comment(
            "confirms it. The others are commented: fill in subject and field, then remove the '# '."
        )
        ids: set[str] = set()
        for clause, candidate in offered:
            known = bool(candidate.subject and candidate.field)
            mark = "" if known else "# "
            base = f"{candidate.subject or 'fill_in'}.{candidate.field or 'fill_in'}"
            requirement_id, n = base, 1
            while requirement_id in ids:
                n += 1
                requirement_id = f"{base}_{n}"
            ids.add(requirement_id)
            self.line()
            self.line(f"{mark}[[requirement]]")
            self.line(mark + key_value("id", requirement_id))
            for key, value in (("subject", candidate.subject), ("field", candidate.field)):
                self.line(mark + key_value(key, value, "check: read from the text" if value else "fill in"))
            self.line(mark + key_value("comparator", candidate.comparator or ""))
            self.line(
                mark + key_value("value", candidate.value if isinstance(candidate.value, int | float) else 0)
            )
            unit = candidate.unit if candidate.kind == "quantity" and candidate.unit else "person"
            self.line(
                mark
                + key_value(
                    "unit", unit, "" if candidate.unit else "check: person for people, count for things"
                )
            )
            strength, how = _strength(candidate.sentence + candidate.quote)
            self.line(mark + key_value("strength", strength, f"check: {how}"))
            self.line(mark + key_value("clause", str(clause.id)))
            self.line(mark + key_value("quote", candidate.quote))
            if known:
                self.line("draft = true")
                self.line('# name_zh = ""  # fill in when confirming, and name_en')


_MODALS = (
    # 应 and 可 are also parts of other words (应急, 响应, 可能, 认可): those are not modal words
    (
        re.compile(r"不得|严禁|禁止|必须|(?<![响供相适对反效感回])应(?![急用对答])|(?<!无)须(?!知)"),
        "required",
    ),
    (re.compile(r"不宜|(?<![便适])宜(?![居宾昌])"), "advisory"),
    (re.compile(r"鼓励|提倡"), "encouraged"),
    (re.compile(r"可选配|可以|(?<![不许认])可(?![能靠行见持控视])"), "optional"),
)


def _strength(sentence: str) -> tuple[str, str]:
    """The strength a sentence's modal word gives (应 required, 宜 advisory, 鼓励 encouraged, 可 optional).

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._draft import _strength
    >>> _strength("建立应急管理体系，明确2名以上消防专管员")[0], _strength("办公场所应满足至少5人")[0]
    ('required', 'required')
    >>> _strength("有条件的可选配小型消防车")
    ('optional', 'the sentence says 可选配')
    """
    for pattern, strength in _MODALS:
        found = pattern.search(sentence)
        if found is not None:
            return strength, f"the sentence says {found.group(0)}"
    return (
        "required",
        "no modal word (应, 宜, 鼓励, 可) before it: a threshold of the policy is read as required",
    )


def _label_of(body: Body, clause_id: str) -> str:
    return next(c.label for c in body.clauses if str(c.id) == clause_id)


def _chinese(number: int) -> str:
    from ..vocabulary.citations import chinese_numeral

    return chinese_numeral(number)
