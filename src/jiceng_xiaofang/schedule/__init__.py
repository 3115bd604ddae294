r"""Duties and deadlines: obligations as data, inspection logs, due and overdue, Chinese dates, sampling, iCalendar.

Load the policy's obligations with :func:`~jiceng_xiaofang.load_obligations`, read an
inspection log with :func:`~jiceng_xiaofang.read_log`, and ask :func:`~jiceng_xiaofang.due_report` what is met,
due, overdue or unknown on a day.  :func:`obligation_rule` gives each
obligation's due dates as a :class:`dateutil.rrule.rrule`, :func:`calendar`
the dates of a period and :func:`to_ical` the same as iCalendar (``ical``
extra).  :func:`~jiceng_xiaofang.parse_chinese_date` reads 2023年2月21日, 2025年底, 第一季度,
每半年...; :func:`draw` makes a reproducible double-random draw (双随机、一公开).

Examples
--------
>>> import datetime as dt
>>> from jiceng_xiaofang.schedule import due_report, load_obligations, parse_log
>>> log = parse_log("date,target,by,obligation\n2024-03-31,全区,区消安委办公室,district_quarterly_check\n")
>>> due_report(load_obligations(), log, on=dt.date(2024, 4, 1)).get("district_quarterly_check").status
'due'
"""

from __future__ import annotations

from .chinese_dates import ChineseDateError, parse_chinese_date
from .ical import to_ical
from .load import OBLIGATIONS_FORMAT_VERSION, load_obligations, parse_obligations
from .log import LOG_FORMATS, parse_log, read_log
from .model import (
    METHODS,
    SCOPES,
    STATUSES,
    STRENGTHS,
    TIMINGS,
    CalendarEntry,
    Due,
    DueReport,
    InspectionLog,
    InspectionRecord,
    Obligation,
    ObligationSet,
)
from .periods import READINGS, Frequency, Period
from .rules import calendar, due_report, next_due, obligation_rule
from .sampling import SAMPLING_ALGORITHM, SamplingDraw, SamplingError, draw

__all__ = [
    "LOG_FORMATS",
    "METHODS",
    "OBLIGATIONS_FORMAT_VERSION",
    "READINGS",
    "SAMPLING_ALGORITHM",
    "SCOPES",
    "STATUSES",
    "STRENGTHS",
    "TIMINGS",
    "CalendarEntry",
    "ChineseDateError",
    "Due",
    "DueReport",
    "Frequency",
    "InspectionLog",
    "InspectionRecord",
    "Obligation",
    "ObligationSet",
    "Period",
    "SamplingDraw",
    "SamplingError",
    "calendar",
    "draw",
    "due_report",
    "load_obligations",
    "next_due",
    "obligation_rule",
    "parse_chinese_date",
    "parse_log",
    "parse_obligations",
    "read_log",
    "to_ical",
]
