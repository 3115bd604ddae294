"""Findings and reports: what a check says, in a form a platform can show and act on."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from .._extras import require_extra
from ..errors import XiaofangError
from ..policy.model import Requirement
from ..vocabulary.citations import Citation, ClauseId
from ..vocabulary.records import FacilityRecord

if TYPE_CHECKING:
    import pandas

__all__ = ["FRAME_COLUMNS_ZH", "STATUSES", "Finding", "Report", "frame_in_chinese"]

STATUSES = ("pass", "fail", "unknown", "not_applicable")
"""What a finding can say, that the facility meets the requirement, does not, cannot be told (missing data),
or the requirement does not apply to it."""

_STATUS_ZH = {"pass": "符合", "fail": "不符合", "unknown": "未知", "not_applicable": "不适用"}
_STRENGTH_ZH = {"required": "应", "advisory": "宜", "encouraged": "鼓励", "optional": "可选配"}
_LAYER_ZH = {"national": "国家", "municipal": "市级", "district": "区级"}


def _value_text(value: object, unit: str | None) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        number = f"{value:g}"
        return number if unit in (None, "count", "person") else f"{number} {unit}"
    return str(value)


def _value_zh(value: object, unit: str | None, labels: Mapping[str, str]) -> str:
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return "有" if value else "无"
    if isinstance(value, str) and value in labels:
        return labels[value]
    return _value_text(value, unit)


def _period_zh(r: Requirement) -> str:
    parts = []
    if r.effective_from is not None:
        parts.append(f"自 {r.effective_from} 起")
    if r.effective_until is not None:
        parts.append(f"{r.effective_until} 前")
    return "，".join(parts)


_NO_LABELS: Mapping[str, str] = MappingProxyType({})


@attrs.frozen
class Finding:
    """One requirement checked against one facility.

    ``status`` is one of :data:`~jiceng_xiaofang.standards.STATUSES`.  A failed requirement that has a
    deadline is *due* until the deadline and *overdue* after it, judged on the
    report's date ``on``.  Everything else (citation, threshold, messages) is
    read from the requirement.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> report = jx.check(jx.MicroFireStation(room_area="29.99 m^2"), on=dt.date(2024, 7, 1))
    >>> f = report.finding("micro_fire_station.room_area")
    >>> f.status, f.measured, f.required, f.layer, f.citation
    ('fail', 29.99, '>= 30 m^2', 'district', 'yuzhong-2023 一（二）')
    >>> f.timing, f.deadline
    ('due', datetime.date(2025, 12, 31))
    >>> print(f.message_en)
    station room of at least 30 m2: fail (measured 29.99 m^2, required >= 30 m^2); due by 2025-12-31
    """

    requirement: Requirement
    """The requirement checked; the threshold, citation and messages are read from it."""
    status: str
    """``pass``, ``fail``, ``unknown`` (the value is missing) or ``not_applicable``."""
    measured: float | str | bool | None
    """The facility's value in the requirement's canonical unit; ``None`` when the record does not give it."""
    on: dt.date
    """The day the check speaks of, which decides the values in force and whether a failure is due or overdue."""
    document: str = "policy"
    """The id of the policy document the citation names (``yuzhong-2023``)."""
    post_labels: Mapping[str, str] = attrs.field(default=_NO_LABELS, eq=False, repr=False)
    """The Chinese titles of the policy's posts by code, to show a required post as readers name it."""

    @property
    def id(self) -> str:
        """The requirement id."""
        return self.requirement.id

    @property
    def citation(self) -> str:
        """Where the threshold comes from, the clause (``yuzhong-2023 一（二）``), the standard or the amendment.

        A value set by an :class:`~jiceng_xiaofang.Amendment` cites the
        amendment's document (:attr:`Amendment.citation
        <jiceng_xiaofang.Amendment.citation>`), never the clause it replaced.
        """
        r = self.requirement
        if r.amendment is not None:
            return r.amendment.citation
        if r.clause is None:
            return f"{r.source} [{r.confidence}]"
        clause = ClauseId(r.clause)
        return str(Citation(document=self.document, clause=clause, label=r.label or clause.label))

    @property
    def quote(self) -> str | None:
        """The words the threshold rests on, the clause's or the amendment's (``None`` for a standard)."""
        return self.requirement.quote

    @property
    def in_force(self) -> bool:
        """Whether the requirement has a value in force on the report's day (if not, the finding is unknown)."""
        return self.requirement.in_force(self.on)

    @property
    def layer(self) -> str:
        """The layer that set the threshold, national, municipal or district."""
        return self.requirement.layer

    @property
    def strength(self) -> str:
        """Required (应), advisory (宜), encouraged (鼓励) or optional (可选配)."""
        return self.requirement.strength

    @property
    def comparator(self) -> str:
        """How the measured value is compared, one of ``>=``, ``<=``, ``==``, ``between`` and ``present``."""
        return self.requirement.comparator

    @property
    def required(self) -> str:
        """The threshold as text, such as ``>= 30 m^2``."""
        return self.requirement.threshold_text()

    @property
    def required_zh(self) -> str:
        """The threshold as Chinese readers write it, a post by its title, presence as 具备."""
        r = self.requirement
        if r.comparator == "==" and isinstance(r.value, str):
            return self.post_labels.get(r.value, r.value)
        if r.comparator == "present":
            return "具备"
        if r.norm is not None:
            low, high = _value_text(r.value, r.unit), _value_text(r.norm, r.unit)
            return f"不少于{low}（通常{low}至{high}）"
        if r.value_field is not None:
            from ..vocabulary.records import field_spec

            return f"{r.comparator} {field_spec(r.subject, r.value_field).zh}"
        return self.required

    @property
    def unit(self) -> str | None:
        """The unit of the measured and required values."""
        return self.requirement.unit

    @property
    def responsible(self) -> tuple[str, ...]:
        """The units responsible for meeting the requirement (the clause's lead units by default)."""
        return self.requirement.responsible

    @property
    def deadline(self) -> dt.date | None:
        """The date by which the requirement must be met, if the policy sets one."""
        return self.requirement.deadline

    @property
    def timing(self) -> str | None:
        """For a failed requirement with a deadline, ``"due"`` until the deadline, then ``"overdue"``."""
        deadline = self.requirement.deadline
        if self.status != "fail" or deadline is None:
            return None
        return "due" if self.on <= deadline else "overdue"

    @property
    def above_norm(self) -> bool:
        """Whether a passing value is above the usual number the text names (more than 2 of 明确1至2名).

        Examples
        --------
        >>> import datetime as dt
        >>> import jiceng_xiaofang as jx
        >>> report = jx.check(jx.PoliceStation(qualified_fire_police=3), on=dt.date(2024, 7, 1))
        >>> f = report.finding("police_station.qualified_fire_police")
        >>> f.status, f.above_norm
        ('pass', True)
        >>> print(f.message_en)
        1 to 2 fire police officers with police enforcement qualification: pass (measured 3, required >= 1 (norm 1–2)); above the norm of 1–2
        """
        r = self.requirement
        return (
            r.norm is not None
            and self.status == "pass"
            and isinstance(self.measured, float)
            and self.measured > r.norm
        )

    @property
    def message_en(self) -> str:
        """The finding in English."""
        r = self.requirement
        text = f"{r.name_en}: {self.status.replace('_', ' ')}"
        if self.status != "not_applicable" and not self.in_force:
            return f"{text} (no value in force on {self.on}; {self.required} is in force {r.period_text()})"
        if self.status != "not_applicable":
            text += f" (measured {_value_text(self.measured, r.unit)}, required {self.required})"
        if self.above_norm:
            text += f"; above the norm of {_value_text(r.value, r.unit)}–{_value_text(r.norm, r.unit)}"
        if self.timing == "due":
            text += f"; due by {r.deadline}"
        elif self.timing == "overdue":
            text += f"; overdue since {r.deadline}"
        return text

    @property
    def message_zh(self) -> str:
        """The finding in Chinese.

        Examples
        --------
        >>> import datetime as dt
        >>> import jiceng_xiaofang as jx
        >>> report = jx.check(jx.MicroFireStation(room_area=25), on=dt.date(2026, 1, 1))
        >>> print(report.finding("micro_fire_station.room_area").message_zh)
        站房至少30平方米：不符合（实测 25 m^2，要求 >= 30 m^2）；已逾期（期限 2025-12-31）
        """
        r = self.requirement
        text = f"{r.name_zh}：{_STATUS_ZH[self.status]}"
        if self.status != "not_applicable" and not self.in_force:
            return f"{text}（{self.on} 无施行中的要求；{self.required_zh} 的施行期：{_period_zh(r)}）"
        if self.status != "not_applicable":
            text += f"（实测 {_value_zh(self.measured, r.unit, self.post_labels)}，要求 {self.required_zh}）"
        if self.above_norm:
            text += f"；高于通常的{_value_zh(r.value, r.unit, self.post_labels)}至{_value_zh(r.norm, r.unit, self.post_labels)}"
        if self.timing == "due":
            text += f"；限期 {r.deadline} 前完成"
        elif self.timing == "overdue":
            text += f"；已逾期（期限 {r.deadline}）"
        return text

    def __repr__(self) -> str:
        return (
            f"<Finding {self.requirement.id}: {self.status} (measured {_value_text(self.measured, self.unit)}, "
            f"required {self.required}; {self.layer}, {self.strength})>"
        )

    def _repr_html_(self) -> str:
        colour = {"pass": "#1a7f37", "fail": "#cf222e", "unknown": "#9a6700", "not_applicable": "#57606a"}
        return (
            f"<div><span style='color:{colour[self.status]}'><b>{self.status}</b></span> "
            f"{html.escape(self.requirement.name_zh)} / {html.escape(self.requirement.name_en)}<br>"
            f"measured {html.escape(_value_text(self.measured, self.unit))}, required {html.escape(self.required)}"
            f"<br><small>{html.escape(self.citation)}, {self.layer}, {self.strength}"
            + (f", {self.timing} ({self.deadline})" if self.timing else "")
            + "</small></div>"
        )

    def to_dict(self) -> dict[str, object]:
        """The finding as JSON-ready data.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> d = jx.check(jx.FireLane(clear_width=3.9)).finding("fire_lane.clear_width").to_dict()
        >>> d["status"], d["measured"], d["layer"]
        ('fail', 3.9, 'district')
        """
        r = self.requirement
        return {
            "requirement": r.id,
            "status": self.status,
            "measured": self.measured,
            "required": self.required,
            "comparator": r.comparator,
            "value": r.value,
            "maximum": r.maximum,
            "unit": r.unit,
            "strength": r.strength,
            "layer": r.layer,
            "citation": self.citation,
            "clause": r.clause,
            "quote": r.quote,
            "source": r.source or None,
            "amendment": r.amendment.id if r.amendment is not None else None,
            "effective_from": r.effective_from.isoformat() if r.effective_from else None,
            "effective_until": r.effective_until.isoformat() if r.effective_until else None,
            "in_force": self.in_force,
            "responsible": list(r.responsible),
            "deadline": r.deadline.isoformat() if r.deadline else None,
            "timing": self.timing,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


FRAME_COLUMNS_ZH: Mapping[str, str] = MappingProxyType(
    {
        "kind": "设施类型",
        "name": "名称",
        "street": "街道",
        "community": "社区",
        "requirement": "要求",
        "status": "结果",
        "measured": "实测值",
        "required": "要求值",
        "comparator": "比较",
        "value": "限值",
        "maximum": "上限",
        "unit": "单位",
        "strength": "要求强度",
        "layer": "层级",
        "citation": "出处",
        "clause": "条款",
        "quote": "原文",
        "source": "来源",
        "amendment": "修订",
        "effective_from": "生效日期",
        "effective_until": "失效日期",
        "in_force": "现行有效",
        "responsible": "责任单位",
        "deadline": "期限",
        "timing": "时限",
        "message_zh": "说明",
        "message_en": "说明（英文）",
    }
)
"""The Chinese names of the columns of a findings DataFrame (``to_frame(lang="zh")``)."""

_VALUES_ZH: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "status": _STATUS_ZH,
        "strength": _STRENGTH_ZH,
        "layer": _LAYER_ZH,
        "timing": {"due": "未到期", "overdue": "已逾期"},
    }
)


def frame_in_chinese(frame: pandas.DataFrame) -> pandas.DataFrame:
    """A findings DataFrame with Chinese column names and its statuses, strengths and layers in Chinese.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> frame = jx.check(jx.FireLane(clear_width=3.9)).to_frame(lang="zh")
    >>> frame.loc["fire_lane.clear_width", ["结果", "要求强度", "层级"]].tolist()
    ['不符合', '应', '区级']
    """
    frame = frame.copy()
    for column, names in _VALUES_ZH.items():
        if column in frame.columns:
            frame[column] = frame[column].map(
                lambda v, names=names: names.get(v, v) if isinstance(v, str) else v
            )
    frame = frame.rename(columns=dict(FRAME_COLUMNS_ZH))
    name = frame.index.name
    if isinstance(name, str) and name in FRAME_COLUMNS_ZH:
        frame.index.name = FRAME_COLUMNS_ZH[name]
    return frame


@attrs.frozen
class Report:
    """The findings of one facility, with its overall status.

    ``status`` is ``"fail"`` when a required finding fails, else ``"unknown"``
    when a required finding is unknown (missing data is never a pass), else
    ``"pass"``.  Encouraged and optional requirements never fail a report.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> report = jx.check(jx.FireLane(clear_width="4 m", clear_height="3.8 m", slope="6 %"))
    >>> report.status, report.passed
    ('fail', False)
    >>> [f.id for f in report.failed()]
    ['fire_lane.clear_height']
    """

    record: FacilityRecord
    """The facility checked, as given (a :class:`~jiceng_xiaofang.standards.FacilityRecord`)."""
    requirements: tuple[Requirement, ...]
    """The requirements that apply to its kind of facility, in the policy's order."""
    statuses: tuple[str, ...]
    """The status of each requirement, in the same order (see :attr:`Finding.status`)."""
    on: dt.date
    """The day the check speaks of."""
    document: str = "policy"
    """The id of the policy document the citations name."""
    post_labels: Mapping[str, str] = attrs.field(default=_NO_LABELS, eq=False, repr=False)
    """The Chinese titles of the policy's posts by code."""
    _findings: list[tuple[Finding, ...]] = attrs.field(factory=list, init=False, repr=False, eq=False)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """One :class:`Finding` per requirement, in the policy's order (built on first use)."""
        if not self._findings:
            record, on, document, labels = self.record, self.on, self.document, self.post_labels
            self._findings.append(
                tuple(
                    Finding(r, status, getattr(record, r.field), on, document, labels)
                    for r, status in zip(self.requirements, self.statuses, strict=True)
                )
            )
        return self._findings[0]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.statuses)

    @property
    def status(self) -> str:
        """The facility's overall status, ``pass``, ``fail`` or ``unknown``.

        A facility the policy sets no requirement for (none at all for its
        kind, as in a draft whose candidates are not confirmed) is
        ``unknown``: nothing was checked, so nothing passed.
        """
        if not self.requirements:
            return "unknown"
        unknown = False
        for requirement, status in zip(self.requirements, self.statuses, strict=True):
            if requirement.strength == "required":
                if status == "fail":
                    return "fail"
                unknown = unknown or status == "unknown"
        return "unknown" if unknown else "pass"

    @property
    def passed(self) -> bool:
        """Whether every required finding passes (unknown is not a pass)."""
        return self.status == "pass"

    def finding(self, requirement_id: str) -> Finding:
        """The finding of one requirement.

        The id of an amended requirement also finds the value an amendment
        set for it (its id is ``"<id>@<amendment id>"``).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.check(jx.PoliceStation(qualified_fire_police=0)).finding("police_station.qualified_fire_police").status
        'fail'
        """
        for f in self.findings:
            if f.requirement.id == requirement_id:
                return f
        for f in self.findings:
            if f.requirement.id.partition("@")[0] == requirement_id:
                return f
        known = ", ".join(f.requirement.id for f in self.findings)
        raise XiaofangError(f"no finding for {requirement_id!r} in this report; it has: {known}")

    def failed(self, strength: str | None = "required") -> tuple[Finding, ...]:
        """The failing findings, of one strength (``None`` for all)."""
        return tuple(
            f
            for f in self.findings
            if f.status == "fail" and (strength is None or f.requirement.strength == strength)
        )

    def unknown(self) -> tuple[Finding, ...]:
        """The findings that missing data leaves unknown."""
        return tuple(f for f in self.findings if f.status == "unknown")

    def counts(self) -> Counter[tuple[str, str]]:
        """How many findings there are of each (status, strength).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.check(jx.FireLane(clear_width=4, clear_height=4)).counts()[("pass", "required")]
        2
        """
        return Counter((f.status, f.requirement.strength) for f in self.findings)

    @property
    def title(self) -> str:
        """The facility's kind and name, as a heading."""
        record = self.record
        where = " ".join(part for part in (record.street, record.community, record.name) if part)
        return f"{record.kind_zh} {record.kind}" + (f": {where}" if where else "")

    def to_text(self, lang: str = "en") -> str:
        """The report as plain text, in English (``"en"``) or Chinese (``"zh"``).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> print(jx.check(jx.PoliceStation(name="解放碑派出所", qualified_fire_police=1)).to_text())
        公安派出所 police_station: 解放碑派出所 -- pass
          [pass] 1 to 2 fire police officers with police enforcement qualification: pass (measured 1, required >= 1 (norm 1–2)) -- yuzhong-2023 三（五）, district, required
        """
        if lang not in ("en", "zh"):
            raise XiaofangError(f"lang: expected 'en' or 'zh', got {lang!r}")
        head = f"{self.title} -- {self.status if lang == 'en' else _STATUS_ZH[self.status]}"
        lines = [head]
        for f in self.findings:
            if lang == "en":
                lines.append(f"  [{f.status}] {f.message_en} -- {f.citation}, {f.layer}, {f.strength}")
            else:
                lines.append(
                    f"  [{_STATUS_ZH[f.status]}] {f.message_zh} —— {f.citation}，"
                    f"{_LAYER_ZH[f.layer]}，{_STRENGTH_ZH[f.strength]}"
                )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        """The status and the count of findings; a failing finding that is not required is counted apart.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.check(jx.FireLane(clear_width=4, clear_height=4, slope="3 %", dead_end_length=0))
        <Report fire_lane '': pass (4 pass, 1 unknown, 1 not_applicable)>
        """
        counts = Counter(
            "fail (not required)" if s == "fail" and r.strength != "required" else s
            for r, s in zip(self.requirements, self.statuses, strict=True)
        )
        parts = ", ".join(f"{counts[s]} {s}" for s in (*STATUSES, "fail (not required)") if counts[s])
        return f"<Report {self.record.kind} {self.record.name!r}: {self.status} ({parts})>"

    def _repr_html_(self) -> str:
        colour = {"pass": "#1a7f37", "fail": "#cf222e", "unknown": "#9a6700", "not_applicable": "#57606a"}
        rows = "".join(
            "<tr>"
            f"<td style='color:{colour[f.status]}'>{html.escape(f.status)}</td>"
            f"<td>{html.escape(f.requirement.name_zh)}<br><small>{html.escape(f.requirement.name_en)}</small></td>"
            f"<td>{html.escape(_value_text(f.measured, f.unit))}</td>"
            f"<td>{html.escape(f.required)}</td>"
            f"<td>{html.escape(f.strength)}</td>"
            f"<td>{html.escape(f.citation)} ({html.escape(f.layer)})</td>"
            f"<td>{html.escape(f.timing or '')}</td>"
            "</tr>"
            for f in self.findings
        )
        return (
            f"<div><strong>{html.escape(self.title)}</strong>: "
            f"<span style='color:{colour[self.status]}'>{self.status}</span> (on {self.on})"
            "<table><thead><tr><th>status</th><th>requirement</th><th>measured</th><th>required</th>"
            f"<th>strength</th><th>source</th><th>timing</th></tr></thead><tbody>{rows}</tbody></table></div>"
        )

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-ready data: the record, the overall status and every finding.

        Examples
        --------
        >>> import json
        >>> import jiceng_xiaofang as jx
        >>> data = jx.check(jx.OldBuilding(extinguishers=True)).to_dict()
        >>> data["status"], len(data["findings"])
        ('unknown', 3)
        >>> _ = json.dumps(data, ensure_ascii=False)
        """
        return {
            "record": self.record.to_dict(),
            "on": self.on.isoformat(),
            "status": self.status,
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_frame(self, lang: str = "en") -> pandas.DataFrame:
        """The findings as a pandas DataFrame, one row each (needs the ``pandas`` extra).

        ``lang="zh"`` names the columns in Chinese (:data:`~jiceng_xiaofang.standards.FRAME_COLUMNS_ZH`) and writes the
        statuses, strengths and layers in Chinese.
        """
        if lang not in ("en", "zh"):
            raise XiaofangError(f"lang: expected 'en' or 'zh', got {lang!r}")
        require_extra("pandas", "to_frame")
        import pandas

        rows: list[dict[str, Any]] = [f.to_dict() for f in self.findings]
        frame = pandas.DataFrame(rows).set_index("requirement")
        return frame if lang == "en" else frame_in_chinese(frame)
