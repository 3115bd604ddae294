"""How far data beyond a policy's text can be trusted, and where it comes from."""

from __future__ import annotations

import attrs

__all__ = ["CONFIDENCE_LEVELS", "Provenance"]

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
    """Where the data comes from, in words (a publication, a list, a web page)."""
    confidence: str
    """How far it can be trusted, one of :data:`~jiceng_xiaofang.vocabulary.CONFIDENCE_LEVELS`."""
