"""The optional extras (pandas, dask, matplotlib...): a clear error when one a feature needs is not installed."""

from __future__ import annotations

import importlib.util

from .errors import XiaofangError

__all__ = ["require_extra"]

_EXTRA_OF = {
    "pandas": "pandas",
    "dask": "dask",
    "matplotlib": "plot",
    "rdflib": "rdf",
    "icalendar": "ical",
    "sqlalchemy": "postgres",
    "openpyxl": "ledger",
    "docx": "ledger",
}


def require_extra(module: str, what: str, *, extra: str | None = None) -> None:
    """Raise a :class:`~jiceng_xiaofang.XiaofangError` naming the extra to install when ``module`` is missing.

    The caller imports the module itself after this check, so that its
    names keep their types.  ``extra`` names the extra to install when it is
    not the module's usual one (openpyxl is in ``ledger`` and in ``xlsx``).

    Examples
    --------
    >>> from jiceng_xiaofang._extras import require_extra
    >>> require_extra("json", "a doctest")
    >>> require_extra("no_such_module_here", "to_frame")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: to_frame needs no_such_module_here: install it with pip install no_such_module_here
    """
    if importlib.util.find_spec(module) is not None:
        return
    extra = extra or _EXTRA_OF.get(module)
    how = (
        f"install the extra with pip install 'jiceng-xiaofang[{extra}]'"
        if extra
        else f"install it with pip install {module}"
    )
    raise XiaofangError(f"{what} needs {module}: {how}")
