"""Read a district file (TOML) into a validated :class:`~jiceng_xiaofang.District`."""

from __future__ import annotations

import functools
import os
import re
from importlib import resources

from .._toml import Table, parse_toml, read_bytes
from ..errors import DistrictFileError
from .model import CONFIDENCE_LEVELS, District, Provenance, Street

__all__ = ["DISTRICT_FORMAT_VERSION", "load_district", "parse_district", "yuzhong"]

DISTRICT_FORMAT_VERSION = 1
"""The district file format this version of the package reads."""

_EMBEDDED = "yuzhong-district.toml"
_DISTRICT_CODE = re.compile(r"[0-9]{6}")
_STREET_CODE = re.compile(r"[0-9]{9}")


def yuzhong() -> District:
    """The embedded Yuzhong District (渝中区) with its 11 streets and their statistical codes.

    The codes are the national statistics division codes of 2022, tagged
    ``secondary`` (see ``District.provenance``).  Communities are not
    embedded; load a district file with :func:`load_district` for them.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> [s.name for s in jx.yuzhong().streets][:3]
    ['七星岗街道', '解放碑街道', '两路口街道']
    >>> jx.yuzhong() is jx.yuzhong()
    True
    """
    return _embedded()


@functools.cache
def _embedded() -> District:
    raw = resources.files("jiceng_xiaofang.data").joinpath(_EMBEDDED).read_bytes()
    return parse_district(raw, source=f"<embedded {_EMBEDDED}>")


def load_district(path: str | os.PathLike[str]) -> District:
    """Load a district file.

    Raises
    ------
    DistrictFileError
        The file is missing, is not TOML, or breaks the format; the message
        names the file and the key path.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> jx.load_district("no-such-file.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.DistrictFileError: no-such-file.toml: cannot read the file (No such file or directory)
    """
    return parse_district(read_bytes(path, error=DistrictFileError), source=str(path))


def parse_district(data: bytes | str, *, source: str = "<string>") -> District:
    """Parse and validate the text of a district file.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> d = jx.parse_district('''
    ... format = 1
    ... [district]
    ... name = "示例区"
    ... name_en = "Example District"
    ... code = "990001"
    ... source = "invented for this example"
    ... confidence = "illustrative"
    ... [[street]]
    ... name = "示例街道"
    ... name_en = "Example Street"
    ... code = "990001001"
    ... ''')
    >>> d.street("990001001").office
    '示例街道办事处'
    """
    root = parse_toml(data, source=source, error=DistrictFileError)
    version = root.integer("format")
    if version != DISTRICT_FORMAT_VERSION:
        root.fail(
            f"this package reads district format {DISTRICT_FORMAT_VERSION}, the file has {version}", "format"
        )
    head = root.table("district")
    assert head is not None
    code = head.req_text("code")
    if not _DISTRICT_CODE.fullmatch(code):
        head.fail(f"a district code has 6 digits, got {code!r}", "code")
    confidence = head.req_text("confidence")
    if confidence not in CONFIDENCE_LEVELS:
        head.fail(f"expected one of {', '.join(CONFIDENCE_LEVELS)}; got {confidence!r}", "confidence")
    district_name = head.req_text("name")
    name_en = head.req_text("name_en")
    provenance = Provenance(source=head.req_text("source"), confidence=confidence)
    head.done()
    streets = _streets(root.tables("street"), code)
    root.done()
    return District(name=district_name, name_en=name_en, code=code, streets=streets, provenance=provenance)


def _streets(tables: list[Table], district_code: str) -> tuple[Street, ...]:
    seen: dict[str, str] = {}
    streets = []
    for t in tables:
        street = Street(name=t.req_text("name"), name_en=t.req_text("name_en"), code=t.req_text("code"))
        if not _STREET_CODE.fullmatch(street.code):
            t.fail(f"a street code has 9 digits, got {street.code!r}", "code")
        if not street.code.startswith(district_code):
            t.fail(f"street code {street.code} does not start with the district code {district_code}", "code")
        for key, value in (("name", street.name), ("code", street.code)):
            if value in seen:
                t.fail(f"duplicate {key} {value!r} (already used by {seen[value]})", key)
            seen[value] = street.name
        t.done()
        streets.append(street)
    return tuple(streets)
