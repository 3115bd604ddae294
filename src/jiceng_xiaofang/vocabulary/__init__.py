"""The shared vocabulary under every other part of the package.

Clause references of any depth (:class:`ClauseId`), citations and the
references that found an entry of a policy file, and confidence levels.  It
knows no clause of any policy: the policy layer above reads a district's files
into these types.  The schemas of facility records also live here
(``jiceng_xiaofang.vocabulary.records``), and are documented under
:mod:`jiceng_xiaofang.standards`, where users import them.
"""

from __future__ import annotations

from .citations import BASES, Citation, ClauseId, Reference, chinese_numeral, parse_chinese_numeral
from .hierarchy import DIVISION_KINDS, QUALIFICATIONS, UNIT_KINDS
from .numbering import DEFAULT_NUMBERING, Numbering, normalise_label
from .provenance import CONFIDENCE_LEVELS, Provenance
from .timezone import CHINA_STANDARD_TIME

__all__ = [
    "BASES",
    "CHINA_STANDARD_TIME",
    "CONFIDENCE_LEVELS",
    "DEFAULT_NUMBERING",
    "DIVISION_KINDS",
    "QUALIFICATIONS",
    "UNIT_KINDS",
    "Citation",
    "ClauseId",
    "Numbering",
    "Provenance",
    "Reference",
    "chinese_numeral",
    "normalise_label",
    "parse_chinese_numeral",
]
