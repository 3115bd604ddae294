"""The body directory of a draft: every name a note or an annex cell gives, its kind and level read from it.

Chinese administrative names say what they are: 区……局 is a district
department, 区委……部 a department of the district party committee, 各街道办事处
every street office, 各镇人民政府 every town government.  What a name does not
tell, the drafter leaves for a person (kind ``other``, no level) and reports.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["BodyGuess", "guess_body"]

# (pattern, kind, level, member): the first that matches the whole name wins.  A collective 各X names every X.
_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), kind, level)
    for pattern, kind, level in (
        (r"(?:重庆)?市.*(?:人民政府办公厅|政府办公厅)", "government_office", "municipal"),
        (r"(?:重庆)?市(?:人民)?政府", "government", "municipal"),
        (r"(?:重庆)?市.+(?:局|委|办|厅|总队)", "department", "municipal"),
        (r"区(?:人民)?政府办公室|.+区人民政府办公室", "government_office", "district"),
        (r"区(?:人民)?政府|.+区人民政府", "government", "district"),
        (r"区委.+部", "party_department", "district"),
        (r"区.*消防安全委员会办公室|区消安办", "committee_office", "district"),
        (r"区.*委员会", "committee", "district"),
        (r"区?消防救援(?:支队|大队)|消防救援机构", "fire_service", "district"),
        (r"区.+(?:分局|局|委|办|中心|支队|大队)", "department", "district"),
        (r"街道办事处|街道", "street_office", "street"),
        (r"镇人民政府|镇政府|镇", "town_government", "town"),
        (r"乡人民政府|乡政府|乡", "township_government", "township"),
        (r".*园区管委会|.*管委会", "park_committee", "park"),
        (r"(?:公安)?派出所", "police_station", "street"),
        (r"(?:社区)?居(?:民)?委(?:员)?会", "residents_committee", "community"),
        (r"(?:村民委员会|村委会)", "village_committee", "village"),
    )
)
_COLLECTIVE = re.compile(r"各(.+)")
_DISTRICT_COLLECTIVE = re.compile(r"区级.+|区.*有关(?:部门|单位)|有关(?:部门|单位)")


@attrs.frozen
class BodyGuess:
    """A body of the draft: its name, the kind and level its name tells, and the member a collective names."""

    name: str
    kind: str
    level: str
    collective_of: str | None = None

    @property
    def known(self) -> bool:
        """Whether the name told both kind and level."""
        return self.kind != "other" and bool(self.level)


def guess_body(name: str) -> tuple[BodyGuess, ...]:
    """The body a name gives and, for a collective (各街道办事处), the member body it stands for every one of.

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._bodies import guess_body
    >>> [(b.name, b.kind, b.level) for b in guess_body("区应急局")]
    [('区应急局', 'department', 'district')]
    >>> [(b.name, b.kind, b.level, b.collective_of) for b in guess_body("各镇人民政府")]
    [('各镇人民政府', 'collective', 'town', '镇人民政府'), ('镇人民政府', 'town_government', 'town', None)]
    >>> guess_body("公园绿地管理单位")[0].known
    False
    """
    collective = _COLLECTIVE.fullmatch(name)
    if collective is not None:
        member = _single(collective.group(1))
        if member.known:
            return BodyGuess(name, "collective", member.level, member.name), member
        return (BodyGuess(name, "collective", ""),)
    if _DISTRICT_COLLECTIVE.fullmatch(name):
        return (BodyGuess(name, "collective", "district" if name.startswith("区") else ""),)
    return (_single(name),)


def _single(name: str) -> BodyGuess:
    for pattern, kind, level in _RULES:
        if pattern.fullmatch(name):
            return BodyGuess(name, kind, level)
    return BodyGuess(name, "other", "")
