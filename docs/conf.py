"""Sphinx configuration for the jiceng_xiaofang documentation.

Build (zero warnings is the rule, and every cross-reference must resolve:
``nitpicky`` is on below)::

    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import posixpath
import re
import sys
from pathlib import Path
from typing import Any

import attrs
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import PycodeError
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.docstrings import prepare_docstring

import jiceng_xiaofang
import jiceng_xiaofang.units

HERE = Path(__file__).resolve().parent

# -- Project -----------------------------------------------------------------

project = "jiceng_xiaofang"
author = "jiceng_xiaofang developers"
copyright = "jiceng_xiaofang developers; MIT licence"
version = jiceng_xiaofang.__version__
release = version
language = "en"

# -- General -----------------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
templates_path = ["_templates"]
# glossary-source.md is the shared glossary, vendored unchanged; glossary.md
# includes it, so it is not a page of its own (nor a second search hit).
exclude_patterns = ["_build", "_inventories", "glossary-source.md", "Thumbs.db", ".DS_Store"]

# MyST: ``{code-block}`` and the other directives come for free; these extensions
# add ``:::`` fences and definition lists for the prose pages.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- API reference -------------------------------------------------------------

# The stubs of every public name are generated into api/generated/ at each build
# (ignored by git; delete the folder to start clean).
autosummary_generate = True
autosummary_imported_members = False
autodoc_member_order = "bysource"
autodoc_typehints = "signature"

napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False

# Nitpicky: a cross-reference that resolves to nothing (a misspelt name, a type
# with no documentation to link to) is a warning, and -W makes it an error.  The
# few targets that cannot resolve offline are listed in nitpick_ignore below,
# next to the intersphinx set-up, each with its reason.
nitpicky = True


# Module-level constants re-exported by a package (jiceng_xiaofang.policy.LINT_CODES
# is defined in jiceng_xiaofang/policy/lint.py) lose their docstring in autodoc:
# Sphinx looks for the attribute docstring only in the module named in the
# directive, and otherwise shows the docstring of the value's type (dict,
# frozenset, int, str), which is wrong and not even valid reST.  This hook finds
# the docstring in the module of the package that defines the name; when there is
# none it drops the type's docstring.  It runs before napoleon (priority 500), so
# the docstring found is still converted from numpydoc.


def _defining_attribute_doc(name: str, obj: object) -> list[str] | None:
    attr = name.rpartition(".")[2]
    for module_name in sorted(m for m in sys.modules if m.partition(".")[0] == "jiceng_xiaofang"):
        module = sys.modules[module_name]
        if getattr(module, attr, None) is not obj:
            continue
        try:
            analyzer = ModuleAnalyzer.for_module(module_name)
            analyzer.analyze()
        except PycodeError:
            continue
        doc = analyzer.attr_docs.get(("", attr))
        if doc:
            return list(doc)
    return None


def _data_docstring(app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    if what != "data" or not name.startswith("jiceng_xiaofang."):
        return
    doc = _defining_attribute_doc(name, obj)
    if doc is not None:
        lines[:] = doc
    elif type(obj).__doc__ and [s for s in lines if s] == [
        s for s in prepare_docstring(type(obj).__doc__) if s
    ]:
        lines[:] = []


# The API reference must list every public name.  After reading the sources, this
# check warns (and so fails a -W build) when a public module of the package
# (jiceng_xiaofang and each top-level module not starting with "_"; data/ holds
# no code) is not documented as a module, or a name in its __all__ has no entry,
# either under that module or, for a re-exported object, under jiceng_xiaofang.
# Silence it with suppress_warnings = ["jx.api-coverage"] only if you must.

LOGGER = logging.getLogger("jx-docs")
NOT_API_MODULES = {"data"}


def _public_modules() -> list[str]:
    names = ["jiceng_xiaofang"]
    for info in pkgutil.iter_modules(jiceng_xiaofang.__path__):
        if not info.name.startswith("_") and info.name not in NOT_API_MODULES:
            names.append(f"jiceng_xiaofang.{info.name}")
    return names


def _check_api_coverage(app: Sphinx, env: BuildEnvironment) -> None:
    domain: Any = env.get_domain("py")
    documented = set(domain.objects)
    for module_name in _public_modules():
        where = {"location": "api", "type": "jx", "subtype": "api-coverage"}
        if module_name not in domain.modules:
            LOGGER.warning("public module %s is not documented in the API reference", module_name, **where)
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # report any import failure as a warning, not a crash
            LOGGER.warning("cannot import %s to check its API: %s", module_name, exc, **where)
            continue
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name, None)
            top = getattr(jiceng_xiaofang, name, None)
            if f"{module_name}.{name}" in documented:
                continue
            if f"jiceng_xiaofang.{name}" in documented and obj is top:
                continue
            LOGGER.warning("%s.%s (in __all__) is not in the API reference", module_name, name, **where)


# viewcode's "[docs]" links from a source page back to the documentation point
# at ``<first module documented>.<name>``: one module name per source file.  Here a
# source file's names are documented under two modules (jiceng_xiaofang.HazardLog,
# jiceng_xiaofang.hazards.HazardLogError, both from hazards/log.py), so about a
# hundred links named an anchor that does not exist.  This hook rewrites each
# backlink to the anchor actually documented on the page it points to.

_BACKLINK = re.compile(r'(<a class="viewcode-back" href=")([^"#]*)#([^"]+)(")')


def _documented_anchors(app: Sphinx) -> dict[tuple[str, str], str]:
    """(docname, name within its module) -> the anchor of its description."""
    domain: Any = app.env.get_domain("py")
    modules = sorted(domain.modules, key=len, reverse=True)
    found: dict[tuple[str, str], str] = {}
    for fullname, entry in domain.objects.items():
        for module in modules:
            if fullname.startswith(module + "."):
                found.setdefault((entry.docname, fullname[len(module) + 1 :]), entry.node_id)
    return found


def _fix_viewcode_backlinks(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not pagename.startswith("_modules/") or "body" not in context:
        return
    anchors = _documented_anchors(app)
    builder: Any = app.builder

    def fix(match: re.Match[str]) -> str:
        href, anchor = match.group(2), match.group(3)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), href))
        docname = target.removesuffix(builder.out_suffix)
        for i in range(len(anchor)):
            if anchor[i] == "." and (docname, anchor[i + 1 :]) in anchors:
                anchor = anchors[docname, anchor[i + 1 :]]
                break
        return f"{match.group(1)}{href}#{anchor}{match.group(4)}"

    context["body"] = _BACKLINK.sub(fix, context["body"])


# The glossary page includes the shared glossary (glossary-source.md) unchanged.
# On the way in, each class name it gives in backquotes becomes a link to that
# class; a name the package does not define is a warning (so -W fails), unless
# GLOSSARY_CODE_NAMES says what the package calls the concept instead.

GLOSSARY_CODE_NAMES = {
    # the shared glossary plans a class; the package models a community as a unit of the organisation
    "Community": "{py:class}`~jiceng_xiaofang.org.Unit` (kind `community`)",
}
_CODE_NAME = re.compile(r"`([A-Z][A-Za-z]+)`")


def _link_glossary_names(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    if Path(relative_path).name != "glossary-source.md":
        return

    def link(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in GLOSSARY_CODE_NAMES:
            return GLOSSARY_CODE_NAMES[name]
        if isinstance(getattr(jiceng_xiaofang, name, None), type):
            return f"{{py:class}}`~jiceng_xiaofang.{name}`"
        LOGGER.warning(
            "the glossary names a class %s that jiceng_xiaofang does not define",
            name,
            location=parent_docname,
        )
        return match.group(0)

    content[0] = _CODE_NAME.sub(link, content[0])


# A facility record's measured fields carry their description as data (a
# FieldSpec: Chinese label, English label, dimension), which also names the
# column of a table; the API reference shows it beside each field rather than
# repeating it in a docstring.


def _owner(name: str) -> object:
    """The class named by the dotted path before an attribute's name (None when it cannot be found)."""
    path = name.rpartition(".")[0].split(".")
    for cut in range(len(path), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(path[:cut]))
        except ImportError:
            continue
        for part in path[cut:]:
            obj = getattr(obj, part, None)
        return obj
    return None


def _field_spec_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    if what != "attribute" or lines or not name.startswith("jiceng_xiaofang."):
        return
    owner = _owner(name)
    if not (isinstance(owner, type) and attrs.has(owner)):
        return
    field = attrs.fields_dict(owner).get(name.rpartition(".")[2])
    spec = field.metadata.get("spec") if field is not None else None
    if spec is not None:
        units = {dim: unit for unit, dim in jiceng_xiaofang.units.CANONICAL_UNITS.items() if dim != "count"}
        unit = units.get(spec.dimension)
        kind = (
            f"in {unit}"
            if unit
            else {"count": "a count", "flag": "yes or no", "post": "a post"}.get(
                spec.dimension, spec.dimension
            )
        )
        # no colon: napoleon would read the words before it as a type
        lines[:] = [f"{spec.en[:1].upper()}{spec.en[1:]} ({spec.zh}), {kind}; ``None`` when unknown."]


# -- Intersphinx: links to other projects' docs, offline-safe ----------------------
#
# sphinx-build -W turns every warning into an error, and on a machine without
# internet access intersphinx logs "failed to reach any of the inventories" for
# each remote inventory.  That warning cannot be silenced with suppress_warnings:
# Sphinx (9.0, sphinx/ext/intersphinx/_load.py, _fetch_inventory_group) logs it
# with no type or subtype, and the only intersphinx subtype that exists,
# "intersphinx.external", covers reference resolution, not inventory loading
# (upstream: sphinx-doc/sphinx issue 14341).  Filtering Sphinx's logger would
# also hide real failures.  So this file decides, per project, where the
# inventory comes from:
#
# * default (offline CI, a laptop on a train): a project is mapped only if its
#   inventory file docs/_inventories/NAME.inv exists; links then point at the
#   project's web URL, but nothing is fetched.  A project without a local file
#   is left out and nothing is fetched for it: its references render as plain
#   text, and, as nitpicky is on, each is a warning unless nitpick_ignore lists
#   it (see UNMAPPED_TARGETS below).
# * JX_DOCS_ONLINE=1 (or a Read the Docs build): every project is fetched from
#   the web, with the local file as a fallback when there is one.  A project
#   that cannot be reached is then a real warning, and -W fails the build.
#
# To refresh the local inventories on a machine with internet access:
#     curl -fsSL -o docs/_inventories/python.inv https://docs.python.org/3/objects.inv
# (and likewise URL/objects.inv for each project below).  The committed ones were
# obtained offline; docs/_inventories/README.md says where each comes from, its
# version and its licence, and how to rebuild it.

INTERSPHINX_PROJECTS = {
    "python": "https://docs.python.org/3",
    "pint": "https://pint.readthedocs.io/en/stable",
    "networkx": "https://networkx.org/documentation/stable",
    "attrs": "https://www.attrs.org/en/stable",
    "dateutil": "https://dateutil.readthedocs.io/en/stable",
    "pandas": "https://pandas.pydata.org/docs",
    "numpy": "https://numpy.org/doc/stable",
    "matplotlib": "https://matplotlib.org/stable",
}
INVENTORY_DIR = HERE / "_inventories"
ONLINE = os.environ.get("JX_DOCS_ONLINE") == "1" or os.environ.get("READTHEDOCS") == "True"


def _intersphinx_mapping(online: bool) -> dict[str, tuple[str, str | tuple[str | None, ...] | None]]:
    mapping: dict[str, tuple[str, str | tuple[str | None, ...] | None]] = {}
    for name, url in INTERSPHINX_PROJECTS.items():
        local = INVENTORY_DIR / f"{name}.inv"
        if online:
            mapping[name] = (url, (None, str(local)) if local.is_file() else None)
        elif local.is_file():
            mapping[name] = (url, str(local))
    return mapping


intersphinx_mapping = _intersphinx_mapping(ONLINE)
intersphinx_timeout = 15

# The code imports some modules under short names (``import datetime as dt``,
# ``import networkx as nx``, ``numpy as np``, ``numpy.typing as npt``) and some
# classes only for type checking (matplotlib's ``Axes``).  Where autodoc cannot
# evaluate an annotation (``nx.DiGraph[str]`` is not subscriptable at run time;
# numpy, pandas and matplotlib are imported only for type checking), the
# signature keeps the annotation's source text, so its references name the alias.
# This hook, run before intersphinx (priority 500), rewrites such a target to the
# real name; the link text stays as written in the code.
ANNOTATION_ALIASES = {
    "dt": "datetime",
    "nx": "networkx",
    "np": "numpy",
    "npt": "numpy.typing",
    "Axes": "matplotlib.axes.Axes",
    "relativedelta": "dateutil.relativedelta.relativedelta",  # a signature stringified by autodoc
}


def _expand_alias(target: str) -> str | None:
    head, dot, rest = target.partition(".")
    return ANNOTATION_ALIASES[head] + dot + rest if head in ANNOTATION_ALIASES else None


def _aliased_spellings(target: str) -> list[str]:
    """``numpy.typing.NDArray`` -> ``["np.typing.NDArray", "npt.NDArray"]``."""
    return [
        alias + target[len(real) :]
        for alias, real in ANNOTATION_ALIASES.items()
        if target == real or target.startswith(real + ".")
    ]


def _expand_annotation_alias(app: Sphinx, env: BuildEnvironment, node: Any, contnode: Any) -> None:
    if node.get("refdomain") == "py" and (real := _expand_alias(str(node.get("reftarget", "")))):
        node["reftarget"] = real


# Targets in projects with no inventory in docs/_inventories (neither Debian nor
# PyPI ships one; see its README) cannot resolve offline.  Exactly these names are
# ignored, and only while their project is not mapped: an online build
# (JX_DOCS_ONLINE=1) links them, and fails on a wrong one.
UNMAPPED_TARGETS = {
    "numpy": [
        ("py:class", "numpy.typing.NDArray"),  # bulk.py's array annotations
        ("py:class", "numpy.object_"),
        ("py:class", "numpy.intp"),
        ("py:class", "numpy.int8"),  # TableReport's codes
        ("py:class", "numpy.float64"),  # TableReport's columns
    ],
    "matplotlib": [
        ("py:class", "matplotlib.axes.Axes"),  # draw_task_graph's ax and return value
    ],
}
# Sphinx matches nitpick_ignore against the target as written, before the hook
# above rewrites it, so each name is also ignored as the code spells it.
nitpick_ignore = [
    (role, spelling)
    for project, targets in UNMAPPED_TARGETS.items()
    if project not in intersphinx_mapping
    for role, target in targets
    for spelling in [target, *_aliased_spellings(target)]
]
# Private type variables in two generic signatures, Policy.memo(key, build:
# Callable[[], _T]) -> _T and FacilityRecord.from_dict(cls: type[_R], ...) -> _R.
# autodoc links a TypeVar to its module-qualified name, and a type variable has
# no page of its own to link to.
nitpick_ignore += [
    ("py:class", "jiceng_xiaofang.policy.model._T"),
    ("py:class", "jiceng_xiaofang.vocabulary.records._R"),
]

# -- HTML ----------------------------------------------------------------------

html_theme = "furo"
html_title = f"jiceng_xiaofang {version}"
html_short_title = "jiceng_xiaofang"
html_show_sourcelink = False
html_static_path = ["_static"]
html_css_files = ["jx.css"]

# Search in Chinese and English: the "zh" splitter cuts a run of Chinese into
# words with jieba (the docs extra installs it), so 渝中区 finds the pages that
# say 重庆市渝中区; Latin words are still stemmed as English.  The pages stay
# English (``language`` above); only the search index changes.
html_search_language = "zh"

try:
    import logging as _std_logging

    import jieba

    jieba.setLogLevel(_std_logging.WARNING)  # not its DEBUG lines about loading its dictionary
    HAVE_JIEBA = True
except ImportError:
    HAVE_JIEBA = False


def _require_jieba(app: Sphinx) -> None:
    # Without jieba, Sphinx's Chinese splitter silently indexes no Chinese at all.
    if not HAVE_JIEBA:
        LOGGER.warning(
            "Chinese search needs jieba: pip install 'jiceng-xiaofang[docs]'", type="jx", subtype="search"
        )


# -- Hooks ---------------------------------------------------------------------


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("autodoc-process-docstring", _data_docstring, priority=400)
    app.connect("env-check-consistency", _check_api_coverage)
    app.connect("missing-reference", _expand_annotation_alias, priority=400)
    app.connect("html-page-context", _fix_viewcode_backlinks)
    app.connect("include-read", _link_glossary_names)
    app.connect("builder-inited", _require_jieba)
    app.connect("autodoc-process-docstring", _field_spec_docstring, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
