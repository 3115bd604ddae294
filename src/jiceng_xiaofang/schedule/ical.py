"""Export a schedule as iCalendar (RFC 5545) with the ``icalendar`` library (``ical`` extra)."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from ..errors import XiaofangError
from ..vocabulary.timezone import CHINA_STANDARD_TIME
from .model import InspectionLog, ObligationSet
from .periods import Period
from .rules import Periods, Readings, _period, _series

__all__ = ["to_ical"]

_PRODID = "-//jiceng_xiaofang//schedule//ZH"


def _icalendar() -> Any:
    try:
        return importlib.import_module("icalendar")
    except ImportError:
        raise XiaofangError(
            "iCalendar export needs the icalendar library: pip install 'jiceng-xiaofang[ical]'"
        ) from None


def to_ical(
    obligations: ObligationSet,
    period: Period | str,
    *,
    log: InspectionLog | None = None,
    reading: Readings = None,
    periods: Periods = None,
    stamp: dt.datetime | None = None,
    zone: dt.tzinfo = CHINA_STANDARD_TIME,
) -> bytes:
    """The schedule of a period as an iCalendar file: the dates of :func:`calendar`, as events and to-dos.

    * an ``every`` obligation read by calendar periods is one all-day
      ``VEVENT`` on its first due date in ``period``, with an ``RRULE`` for the
      others (``FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1`` for each quarter end);
    * read rolling, each target of the log is one ``VTODO`` per due date;
    * a ``deadline`` is a ``VTODO`` with its ``DUE`` date;
    * a hazard (``per_hazard``) is a ``VTODO`` due on its deadline,
      ``COMPLETED`` if the log closes it.  The log gives the day it was
      closed, not the hour: ``COMPLETED`` (a UTC time, as RFC 5545 requires)
      is the end of that day in ``zone``, so a hazard closed on 20 March in
      Chongqing is completed at ``20240320T155959Z``, still 20 March there.

    Each component has a stable ``UID`` and the clause in its summary; with
    ``stamp`` given, the same input gives the same bytes.

    Parameters
    ----------
    obligations, period, log, reading, periods
        As for :func:`calendar`.
    stamp
        The ``DTSTAMP`` of every component (an aware datetime): when the
        calendar was made, as RFC 5545 defines it.  By default the time of
        the call, in UTC, to the second; give one to make the output
        reproducible.
    zone
        The time zone of the log's days (China Standard Time by default).

    Raises
    ------
    XiaofangError
        The ``icalendar`` library is not installed.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import load_obligations, to_ical
    >>> text = to_ical(load_obligations(), "2024年").decode()
    >>> print([line for line in text.splitlines() if line.startswith("RRULE")][2])
    RRULE:FREQ=MONTHLY;UNTIL=20241231;INTERVAL=3;BYMONTHDAY=-1
    """
    ical = _icalendar()
    span = _period(period)
    if stamp is None:
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    elif not isinstance(stamp, dt.datetime) or stamp.utcoffset() is None:
        raise XiaofangError(f"stamp: expected an aware datetime (with tzinfo), got {stamp!r}")
    if not isinstance(zone, dt.tzinfo):
        raise XiaofangError(f"zone: expected a datetime.tzinfo such as CHINA_STANDARD_TIME, got {zone!r}")
    cal = ical.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{obligations.policy} {span.label_zh}")
    for series in _series(obligations, span, log, reading, periods):
        ob = series.obligation
        if not series.dates:
            continue
        summary = f"{ob.label} {ob.quote}"
        description = f"{ob.citation} ({ob.id}), {'、'.join(ob.who)}: {ob.description_en}"
        base = f"{ob.id}/{series.target}" if series.target else ob.id
        if series.reading == "calendar" and series.spec is not None:
            event = ical.Event()
            event.add("uid", f"{base}/{span}@jiceng-xiaofang")
            event.add("dtstamp", stamp)
            event.add("dtstart", series.dates[0])
            event.add("rrule", series.spec.ical())
            event.add("summary", summary)
            event.add("description", description)
            event.add("categories", [ob.method])
            cal.add_component(event)
            continue
        for day in series.dates:
            todo = ical.Todo()
            todo.add("uid", f"{base}/{day.isoformat()}@jiceng-xiaofang")
            todo.add("dtstamp", stamp)
            todo.add("due", day)
            todo.add("summary", f"{summary} {series.target}".rstrip())
            todo.add("description", f"{description} {series.note}".rstrip())
            todo.add("categories", [ob.method])
            if series.closed is not None:
                todo.add("status", "COMPLETED")
                end_of_day = dt.datetime.combine(series.closed, dt.time(23, 59, 59), tzinfo=zone)
                todo.add("completed", end_of_day.astimezone(dt.UTC))
            else:
                todo.add("status", "NEEDS-ACTION")
            cal.add_component(todo)
    return bytes(cal.to_ical())
