"""The time zone the package reads dates in when a time is needed: China Standard Time."""

from __future__ import annotations

import datetime as dt

__all__ = ["CHINA_STANDARD_TIME"]

CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
"""China Standard Time (UTC+8), the time of every district of the country.

Hazard events must carry an offset, and this is the usual one; a date-only
record (an inspection log's day) ends at midnight of this zone when it must
become a point in time (an iCalendar ``COMPLETED``).
"""
