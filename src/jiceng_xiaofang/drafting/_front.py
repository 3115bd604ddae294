"""Read the front of a document: the cover notice, the title and the preamble, up to the first section.

An implementing document is usually published under a cover notice (关于印发……的通知) from the issuing office:
the issuer and notice title, the document number (文号), the addressees (主送) ending with a colon, the notice's
words (with the approval: 已经区政府第38次常务会会议审议通过), the signature and date, and the publication note
(此件公开发布).  Then the document's own title (ending with its kind: 实施意见, 实施方案...) and its preamble.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from ..policy.model import DOCUMENT_KINDS
from ._model import DraftProblem
from ._source import Line
from ._text import join_lines, read_date, split_bodies

__all__ = ["Front", "read_front"]

_NUMBER = re.compile(r"\S{1,30}〔[0-9]{4}〕[0-9]{1,5}号")
_PUBLICATION = re.compile(r"[（(]\s*(此件[^（）()]*)\s*[）)]")
_APPROVAL = re.compile(r"已经(.{1,40}?)(?:审议通过|研究同意|同意|批准)")
_MEETING = re.compile(r"第\s*(\d{1,4})\s*次")
_ORG_END = ("办公室", "办公厅", "人民政府", "政府", "委员会", "局", "委", "办")
_PARENT = re.compile(r"《([^《》]{2,80})》\s*[（(]\s*([^（）()《》]{1,40}?〔[0-9]{4}〕[0-9]{1,5}号)\s*[）)]")
_PARENT_ISSUER = re.compile(
    r"((?:国务院|中共|重庆市|市|省|区|县)[^，。、；：《》\s]{0,24}?(?:办公厅|办公室|人民政府|政府|委员会))$"
)
_JURISDICTION_FROM_ISSUER = re.compile(r"(.+?[区县市])(?:人民政府|政府|委员会|党委)")
_JURISDICTION_FROM_TITLE = re.compile(r"((?:[^\s关于进]{1,6}?[省市])?[^\s关于进市]{1,8}?[区县])")
_MAX_TITLE_LINES = 4


@attrs.frozen
class Front:
    """The document's metadata as read, and the lines it came from."""

    title: str
    title_line: int | None
    notice_title: str = ""
    issuer: str = ""
    issued: dt.date | None = None
    number: str | None = None
    approved_by: str = ""
    approval_meeting: int | None = None
    publication: str = ""
    public: bool | None = None
    addressees: tuple[str, ...] = ()
    preamble: str = ""
    parent: tuple[str, str, str] | None = None
    jurisdiction: str = ""
    kind: str = ""


def read_front(lines: list[Line], problems: list[DraftProblem]) -> Front:
    """Read the lines before the first section: notice, title, preamble."""
    rows = [line for line in lines if line.text]
    used: set[int] = set()
    notice_end = _notice_end(rows)
    fields: dict[str, object] = {}
    if notice_end is not None:
        notice = "".join(r.text for r in rows[: notice_end + 1])
        used.update(range(notice_end + 1))
        fields["notice_title"] = notice
        issuer = notice.split("关于", 1)[0]
        if issuer and issuer.endswith(_ORG_END):
            fields["issuer"] = issuer
    start = 0 if notice_end is None else notice_end + 1
    date_at = next((i for i in range(start, len(rows)) if read_date(rows[i].text)), None)
    # the metadata lines sit between the notice title and the document's title
    meta_end = start
    for i in range(start, len(rows)):
        text = rows[i].text
        if _NUMBER.fullmatch(text.replace(" ", "")) and "number" not in fields:
            fields["number"] = text.replace(" ", "")
        elif i == date_at:
            fields["issued"] = read_date(text)
        elif _PUBLICATION.fullmatch(text):
            inner = _PUBLICATION.fullmatch(text)
            assert inner is not None
            fields["publication"] = inner.group(1)
            fields["public"] = _public(inner.group(1))
        elif notice_end is not None and text.endswith(("：", ":")) and "addressees" not in fields:
            fields["addressees"] = split_bodies(text.rstrip("：:"))
        elif notice_end is not None and date_at is not None and i < date_at:
            pass  # the notice's words and the signature, read below
        elif notice_end is None and date_at == i + 1 and _is_org(text):
            fields["issuer"] = text  # a signature and a date before the title, with no notice
        else:
            break
        used.add(i)
        meta_end = i + 1
    if notice_end is not None and date_at is not None and date_at < meta_end:
        _notice_words(rows, start, date_at, fields, used, problems)
    title, title_line, title_end = _title(rows, meta_end, fields, problems)
    used.update(range(meta_end, title_end))
    # a date, number or publication note printed under the title
    while title_end < len(rows) and _meta_line(rows[title_end].text, fields):
        used.add(title_end)
        title_end += 1
    preamble_rows = rows[title_end:]
    used.update(range(title_end, len(rows)))
    preamble = join_lines([r.text for r in preamble_rows])
    for i, row in enumerate(rows):
        if i not in used:
            problems.append(DraftProblem("unread", "document", f"not read: {row.text[:60]}", line=row.number))
    issuer = str(fields.get("issuer", ""))
    front = Front(
        title=title,
        title_line=title_line,
        notice_title=str(fields.get("notice_title", "")),
        issuer=issuer,
        issued=fields.get("issued"),  # type: ignore[arg-type]
        number=fields.get("number"),  # type: ignore[arg-type]
        approved_by=str(fields.get("approved_by", "")),
        approval_meeting=fields.get("approval_meeting"),  # type: ignore[arg-type]
        publication=str(fields.get("publication", "")),
        public=fields.get("public"),  # type: ignore[arg-type]
        addressees=fields.get("addressees", ()),  # type: ignore[arg-type]
        preamble=preamble,
        parent=_parent(preamble),
        jurisdiction=_jurisdiction(issuer, title),
        kind=next((kind for kind in DOCUMENT_KINDS if title.endswith(kind)), ""),
    )
    _report_missing(front, problems)
    return front


def _notice_end(rows: list[Line]) -> int | None:
    """The index of the line that ends the notice title (……的通知), within the first lines."""
    joined = ""
    for i, row in enumerate(rows[: _MAX_TITLE_LINES + 1]):
        joined += row.text
        if joined.endswith("通知") and "关于" in joined:
            return i
    return None


def _is_org(text: str) -> bool:
    return text.endswith(_ORG_END) and not any(mark in text for mark in "。，；：")


def _meta_line(text: str, fields: dict[str, object]) -> bool:
    """Read a date, document number or publication note printed under the title; whether the line was one."""
    date = read_date(text)
    if date is not None and "issued" not in fields:
        fields["issued"] = date
        return True
    if _NUMBER.fullmatch(text.replace(" ", "")) and "number" not in fields:
        fields["number"] = text.replace(" ", "")
        return True
    publication = _PUBLICATION.fullmatch(text)
    if publication is not None and "publication" not in fields:
        fields["publication"] = publication.group(1)
        fields["public"] = _public(publication.group(1))
        return True
    return False


def _public(note: str) -> bool | None:
    if "不予公开" in note or "不公开" in note:
        return False
    if "公开" in note:
        return True
    return None


def _notice_words(
    rows: list[Line],
    start: int,
    date_at: int,
    fields: dict[str, object],
    used: set[int],
    problems: list[DraftProblem],
) -> None:
    """The notice's words (the approval) and the signature before the date."""
    signature = date_at - 1
    if signature >= start and _is_org(rows[signature].text):
        printed = rows[signature].text
        issuer = fields.get("issuer")
        if issuer is None:
            fields["issuer"] = printed
        elif printed != issuer:
            problems.append(
                DraftProblem(
                    "mismatch",
                    "document",
                    f"the notice is signed {printed!r}; its title names {issuer!r} (the title's is kept)",
                    line=rows[signature].number,
                )
            )
    else:
        signature = date_at
    words = "".join(
        r.text
        for r in rows[start:signature]
        if "addressees" not in fields or not r.text.endswith(("：", ":"))
    )
    approval = _APPROVAL.search(words)
    if approval is not None:
        fields["approved_by"] = approval.group(1)
        meeting = _MEETING.search(approval.group(1))
        if meeting is not None and int(meeting.group(1)) > 0:
            fields["approval_meeting"] = int(meeting.group(1))
    used.update(range(start, date_at + 1))


def _title(
    rows: list[Line], start: int, fields: dict[str, object], problems: list[DraftProblem]
) -> tuple[str, int | None, int]:
    """The document's title: the lines from ``start`` whose join ends with a kind of document."""
    joined = ""
    for i in range(start, min(start + _MAX_TITLE_LINES, len(rows))):
        joined += rows[i].text
        if joined.endswith(DOCUMENT_KINDS):
            _check_title(joined, str(fields.get("notice_title", "")), problems, rows[start].number)
            return joined, rows[start].number, i + 1
    named = _named_in_notice(str(fields.get("notice_title", "")))
    line = rows[start].number if start < len(rows) else None
    if named:
        problems.append(
            DraftProblem(
                "guess",
                "document",
                f"no title line ending with a kind of document ({'、'.join(DOCUMENT_KINDS)}) after the notice;"
                f" the title is the one the notice names: {named!r}",
                line=line,
            )
        )
        return named, None, start
    first = rows[start].text if start < len(rows) else ""
    problems.append(
        DraftProblem(
            "guess",
            "document",
            f"no title line ending with a kind of document ({'、'.join(DOCUMENT_KINDS)}); the first line is"
            f" taken as the title: {first[:40]!r}",
            line=line,
        )
    )
    return (first or "（无标题）"), line, start + 1


def _named_in_notice(notice: str) -> str:
    """The title a notice of issue names: 《…》, or the words between 关于印发 and 的通知."""
    quoted = re.search(r"《([^《》]+)》", notice)
    if quoted is not None:
        return quoted.group(1)
    match = re.search(r"关于印(?:发|送)(.+?)的通知$", notice)
    return match.group(1) if match is not None else ""


def _check_title(title: str, notice: str, problems: list[DraftProblem], line: int) -> None:
    named = _named_in_notice(notice)
    if named and named != title:
        problems.append(
            DraftProblem(
                "mismatch",
                "document",
                f"the notice names the document {named!r}; its title line reads {title!r} (the title line is kept)",
                line=line,
            )
        )


def _parent(preamble: str) -> tuple[str, str, str] | None:
    """The higher-level document the preamble cites with its number: (number, title, issuer)."""
    match = _PARENT.search(preamble)
    if match is None:
        return None
    title, number = match.group(1), match.group(2).strip()
    before, _, _ = title.partition("关于")
    if before and before.endswith(_ORG_END):
        return number, title, before
    issuer = _PARENT_ISSUER.search(preamble[: match.start()][-30:])
    return number, title, issuer.group(1) if issuer is not None else ""


def _jurisdiction(issuer: str, title: str) -> str:
    match = _JURISDICTION_FROM_ISSUER.match(issuer)
    if match is not None:
        return match.group(1)
    match = _JURISDICTION_FROM_TITLE.match(title)
    return match.group(1) if match is not None else ""


def _report_missing(front: Front, problems: list[DraftProblem]) -> None:
    for value, what in (
        (front.issuer, "the issuer (the office that signs the notice)"),
        (front.issued, "the date of issue"),
        (front.public is not None, "the publication note (此件公开发布)"),
        (front.jurisdiction, "the jurisdiction (the district)"),
    ):
        if not value:
            problems.append(DraftProblem("missing", "document", f"not found: {what}"))
    if front.parent is not None and not front.parent[2]:
        problems.append(
            DraftProblem(
                "missing",
                "document",
                f"the issuer of the document the preamble cites ({front.parent[0]}) is not named before it",
                line=None,
            )
        )
