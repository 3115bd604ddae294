"""Hazards as Open311 GeoReport v2 service requests, and the categories as GeoReport services.

GeoReport v2 (https://wiki.open311.org/GeoReport_v2/) is the open standard
of city service-request APIs.  A hazard is a service request: its category
is the service (``service_code``), ``status`` is ``open`` or ``closed`` (a
rejected report is closed, with the reason in ``status_notes``), the
holder is the ``agency_responsible``, and the dates are ISO 8601 with their
UTC offset (``+08:00`` in Chongqing).  The dicts are ready for
:func:`json.dumps`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..errors import NotFoundError, XiaofangError
from ..policy.load import load_policy
from ..policy.model import Policy
from .machine import History
from .model import LEVELS, STATES, Hazard
from .queries import Hazards, _states

__all__ = ["open311_requests", "open311_services", "to_open311"]

_END_OF_DAY = dt.time(23, 59, 59)


def _status_notes(h: Hazard) -> str:
    zh, en = STATES[h.state]
    notes = f"{zh} ({en})"
    if h.state == "rejected":
        return f"{notes}: {h.rejection}"
    if h.is_open:
        notes += f"; {LEVELS[h.level][0]}: {'、'.join(h.holder_names)}"
        if h.deadline is not None:
            notes += f"; 整改期限 {h.deadline.isoformat()}"
    return notes


def to_open311(hazard: Hazard | History) -> dict[str, Any]:
    """One hazard as a GeoReport v2 service request, every field of the standard present.

    Fields the package does not know are ``None`` (``null`` in JSON), never
    left out, so a client may index any of them: ``service_notice``,
    ``address_id``, ``zipcode`` and ``media_url`` always, ``lat`` and
    ``long`` when the report has no coordinates, ``expected_datetime`` when
    no deadline runs.  ``expected_datetime`` is the end of the deadline day
    (in the time zone of the report) while an open hazard has a
    rectification deadline, however often it was escalated before; an
    escalation clears the deadline until the new holder sets one.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, report_hazard, to_open311
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="yukuaiban", grid="解放碑街道/示例甲社区/第1网格", place="示例花园小区3栋",
    ...                       reported_at=dt.datetime(2024, 5, 6, 9, 30, tzinfo=CHINA_STANDARD_TIME))
    >>> h = report_hazard(report, district=jx.sample_district())
    >>> h = h.dispatch(by="网格员 张三", at=dt.datetime(2024, 5, 6, 10, tzinfo=CHINA_STANDARD_TIME))
    >>> r = to_open311(h.start_rectification(deadline="P3D", by="网格员 张三",
    ...                                      at=dt.datetime(2024, 5, 6, 11, tzinfo=CHINA_STANDARD_TIME)))
    >>> r["status"], r["service_code"], r["agency_responsible"]
    ('open', 'ebike', '第1网格')
    >>> r["requested_datetime"], r["expected_datetime"]
    ('2024-05-06T09:30:00+08:00', '2024-05-09T23:59:59+08:00')
    >>> r["lat"], r["media_url"], len(r)
    (None, None, 17)
    >>> r["status_notes"]
    '整改中 (being rectified); 网格: 第1网格; 整改期限 2024-05-09'
    """
    h = hazard.state if isinstance(hazard, History) else hazard
    if not isinstance(h, Hazard):
        raise XiaofangError(f"hazard: expected a Hazard or History, got {hazard!r}")
    r = h.report
    expected = None
    if h.is_open and h.deadline is not None:
        expected = dt.datetime.combine(h.deadline, _END_OF_DAY, tzinfo=r.reported_at.tzinfo).isoformat()
    located = r.lat is not None and r.long is not None
    return {
        "service_request_id": r.id,
        "status": "open" if h.is_open else "closed",
        "status_notes": _status_notes(h),
        "service_name": h.category_zh or r.category,
        "service_code": r.category,
        "description": r.description,
        "agency_responsible": "、".join(h.holder_names),
        "service_notice": None,
        "requested_datetime": r.reported_at.isoformat(),
        "updated_datetime": h.updated_at.isoformat(),
        "expected_datetime": expected,
        "address": r.address or " ".join(p for p in (r.street_name, r.community_name, r.place) if p),
        "address_id": None,
        "zipcode": None,
        "lat": r.lat if located else None,
        "long": r.long if located else None,
        "media_url": None,
    }


def open311_requests(hazards: Hazards) -> list[dict[str, Any]]:
    """Every hazard as a GeoReport v2 service request, in order (the body of ``GET requests``).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, open311_requests
    >>> at = dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=at)
    >>> h = jx.report_hazard(report, district=jx.sample_district())
    >>> h = h.dispatch(by="网格员 张三", at=at).start_rectification(deadline="P3D", by="网格员 张三", at=at)
    >>> [request] = open311_requests([h])
    >>> request["service_request_id"], request["status"], request["service_code"]
    ('HZ-1', 'open', 'ebike')
    >>> request["agency_responsible"], request["expected_datetime"]
    ('第1网格', '2024-05-09T23:59:59+08:00')
    """
    return [to_open311(h) for h in _states(hazards)]


def open311_services(
    categories: Iterable[str] | None = None, *, policy: Policy | None = None
) -> list[dict[str, Any]]:
    """A policy's hazard categories (the embedded policy's by default) as GeoReport v2 services (``GET services``).

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import open311_services
    >>> open311_services(["fire_lane_blocked"])[0]["service_name"]
    '占用、堵塞消防车通道'
    """
    known = (load_policy() if policy is None else policy).hazards.categories
    codes = list(known) if categories is None else list(categories)
    services = []
    for code in codes:
        if code not in known:
            raise NotFoundError.for_name("category", code, known, where="the hazard categories")
        c = known[code]
        services.append(
            {
                "service_code": c.code,
                "service_name": c.zh,
                "description": f"{c.en} ({c.clause}: {c.quote})",
                "metadata": False,
                "type": "realtime",
                "keywords": "火灾隐患",
                "group": "消防安全",
            }
        )
    return services
