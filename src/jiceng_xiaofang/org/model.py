"""The organisation as immutable values: the district and its streets."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from ..errors import NotFoundError

__all__ = ["CONFIDENCE_LEVELS", "District", "Provenance", "Street"]

CONFIDENCE_LEVELS = ("official", "secondary", "unverified", "illustrative")
"""How far data beyond the policy text can be trusted (the tags of REFERENCE.md).

``illustrative`` marks invented example data that must not be taken as fact.
"""


@attrs.frozen
class Provenance:
    """Where data that the policy text does not state comes from, and how sure it is.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> jx.yuzhong().provenance.confidence
    'secondary'
    """

    source: str
    confidence: str


@attrs.frozen
class Street:
    """A street (街道), the sub-district whose office (街道办事处) the policy addresses.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> s = jx.yuzhong().street("解放碑街道")
    >>> s.code, s.name_en, s.office
    ('500103003', 'Jiefangbei Street', '解放碑街道办事处')
    """

    name: str
    name_en: str
    code: str

    @property
    def office(self) -> str:
        """The name of the street office (街道办事处), as the policy's units are named."""
        return f"{self.name}办事处"


@attrs.frozen
class District:
    """A district (区) with its streets.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> d = jx.yuzhong()
    >>> d.name, d.code, len(d.streets)
    ('渝中区', '500103', 11)
    >>> d.street("500103012").name
    '大坪街道'
    """

    name: str
    name_en: str
    code: str
    streets: tuple[Street, ...]
    provenance: Provenance
    _street_index: Mapping[str, Street] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index = {s.name: s for s in self.streets}
        index.update({s.code: s for s in self.streets})
        index.update({s.office: s for s in self.streets})
        object.__setattr__(self, "_street_index", MappingProxyType(index))

    def __repr__(self) -> str:
        return (
            f"<District {self.name} {self.code}: {len(self.streets)} streets ({self.provenance.confidence})>"
        )

    def street(self, ref: str) -> Street:
        """The street with this name, office name or statistical code.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.yuzhong().street("七星岗街道办事处").code
        '500103001'
        """
        try:
            return self._street_index[ref]
        except KeyError:
            raise NotFoundError.for_name("street", ref, [s.name for s in self.streets]) from None
