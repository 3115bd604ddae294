"""Every public function and class has a docstring with an Examples section that runs.

The public names are those in the ``__all__`` of :mod:`jiceng_xiaofang`, of each
public module under it (the modules the API reference documents: every top-level
module or package whose name does not start with ``_``, except ``data``), and of
each public submodule of those packages.  The examples themselves run as doctests
(``--doctest-modules`` in pyproject.toml); this test makes sure that they exist.
Constants and other data are left out: only functions and classes need examples.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator

import pytest

import jiceng_xiaofang

NOT_API = {"data"}  # packaged data files, no code
DOCUMENTED_MODULES = {
    "jiceng_xiaofang",
    *(
        f"jiceng_xiaofang.{name}"
        for name in (
            "policy",
            "standards",
            "org",
            "graph",
            "schedule",
            "hazards",
            "units",
            "errors",
            "report",
            "cli",
        )
    ),
}
SECTION = re.compile(r"^(\S[^\n]*)\n-{3,}\n", re.M)


def _public_modules() -> list[str]:
    names = ["jiceng_xiaofang"]
    for info in pkgutil.iter_modules(jiceng_xiaofang.__path__):
        if info.name.startswith("_") or info.name in NOT_API:
            continue
        name = f"jiceng_xiaofang.{info.name}"
        names.append(name)
        if info.ispkg:
            package = importlib.import_module(name)
            names += [
                f"{name}.{s.name}"
                for s in pkgutil.iter_modules(package.__path__)
                if not s.name.startswith("_")
            ]
    return names


def _public_objects() -> Iterator[tuple[str, object]]:
    """(name where first found, object): each public function or class once."""
    seen: set[int] = set()
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)) or id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"{module_name}.{name}", obj


PUBLIC = list(_public_objects())


def _examples_section(doc: str) -> str | None:
    """The text of the numpydoc ``Examples`` section, up to the next section."""
    headers = list(SECTION.finditer(doc))
    for i, m in enumerate(headers):
        if m.group(1).strip() == "Examples":
            end = headers[i + 1].start() if i + 1 < len(headers) else len(doc)
            return doc[m.end() : end]
    return None


def test_the_walk_covers_the_documented_modules() -> None:
    assert set(_public_modules()) >= DOCUMENTED_MODULES
    assert len(PUBLIC) > 150  # a walk that silently found nothing would pass the test below


@pytest.mark.parametrize(("name", "obj"), PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_name_has_runnable_examples(name: str, obj: object) -> None:
    # defined in the package, so that pytest --doctest-modules on src/ runs its examples
    assert getattr(obj, "__module__", "").startswith("jiceng_xiaofang."), f"{name} is defined elsewhere"
    if inspect.isclass(obj):
        assert vars(obj).get("__doc__"), f"{name}: the class has no docstring of its own"
    doc = inspect.getdoc(obj)
    assert doc, f"{name} has no docstring"
    section = _examples_section(doc)
    assert section is not None, f"{name}: no numpydoc 'Examples' section"
    examples = doctest.DocTestParser().get_examples(section, name)
    assert examples, f"{name}: its Examples section has no '>>>' line"
