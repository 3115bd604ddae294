"""Every field of every public attrs class is described in the API reference.

A field is described by an attribute docstring (a string right under it in the class body, which
autodoc shows beside the field), by a ``name : type`` entry in the class docstring, or, for the
measured fields of a facility record, by its FieldSpec (docs/conf.py shows it beside the field).
There are no exceptions: a new field without a description fails the test, which names it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import pkgutil
import re
import textwrap

import attrs

import jiceng_xiaofang as jx


def _public_attrs_classes() -> dict[str, type]:
    names = ["jiceng_xiaofang"] + [
        f"jiceng_xiaofang.{m.name}"
        for m in pkgutil.iter_modules(jx.__path__)
        if not m.name.startswith("_") and m.name != "data"
    ]
    found: dict[str, type] = {}
    for module_name in names:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isclass(obj) and attrs.has(obj):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def _attribute_docs(cls: type) -> set[str]:
    """The fields of ``cls`` with a docstring right under them in its class body."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    return {
        node.target.id
        for node, after in itertools.pairwise(body)
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and isinstance(after, ast.Expr)
        and isinstance(after.value, ast.Constant)
        and isinstance(after.value.value, str)
    }


def _undescribed(cls: type) -> list[str]:
    doc = inspect.getdoc(cls) or ""
    documented: set[str] = set()
    for base in cls.__mro__:  # a field inherited from a base is described there
        if attrs.has(base) and base.__module__.startswith("jiceng_xiaofang"):
            documented |= _attribute_docs(base)
    missing = []
    for field in attrs.fields(cls):  # type: ignore[arg-type]
        name = field.name
        if name.startswith("_") or name in documented:
            continue
        if "spec" in field.metadata:  # a measured field: docs/conf.py shows its FieldSpec
            continue
        if re.search(rf"^{re.escape(name)} : ", doc, re.M):
            continue
        missing.append(name)
    return missing


def test_every_field_is_described() -> None:
    classes = _public_attrs_classes()
    assert len(classes) > 100
    gaps = {name: fields for name, cls in classes.items() if (fields := _undescribed(cls))}
    assert gaps == {}, "describe these fields (an attribute docstring under each)"


def test_the_core_classes_are_described() -> None:
    classes = _public_attrs_classes()
    core = ["Policy", "Document", "ParentDocument", "Section", "Clause", "Task", "Fact", "Body", "Workload"]
    for name in [
        *(f"policy.model.{c}" for c in core),
        "standards.findings.Report",
        "standards.findings.Finding",
    ]:
        assert _undescribed(classes[f"jiceng_xiaofang.{name}"]) == []


# What napoleon sets apart before splitting an attribute docstring's first line on a colon (its
# _xref_or_code_regex): roles, inline code and interpreted text, whose colons do not count.
_XREF_OR_CODE = re.compile(r"(:(?:[a-zA-Z0-9]+[\-_+:.])*[a-zA-Z0-9]+:`.+?`|``.+?``|`.+?`)")
_COLON = re.compile(r"(?<!:):(?!:)")


def _reads_as_typed(first_line: str) -> bool:
    """Whether napoleon would show the words before a colon of this line as the field's type."""
    parts = _XREF_OR_CODE.split(first_line)
    for i, part in enumerate(parts):
        if i % 2 == 0 and (match := _COLON.search(part)):
            rest = part[match.end() :] + "".join(parts[i + 1 :])
            return bool(rest.strip())
    return False


def test_no_field_description_reads_as_a_type() -> None:
    """A prose colon in a field's first line turns the words before it into a "type" (and a broken link)."""
    typed = []
    for name, cls in _public_attrs_classes().items():
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        body = tree.body[0].body  # type: ignore[attr-defined]
        for node, after in itertools.pairwise(body):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                first = after.value.value.strip().splitlines()[0]
                if _reads_as_typed(first):
                    typed.append(f"{name}.{node.target.id}: {first}")
    assert typed == []


def test_the_colon_check_can_fail() -> None:
    assert _reads_as_typed("The kind's name: lower-case letters.")
    assert not _reads_as_typed("One of :data:`~jiceng_xiaofang.policy.LAYERS`, such as ``a:b``.")
    assert not _reads_as_typed("The values, in order:")
