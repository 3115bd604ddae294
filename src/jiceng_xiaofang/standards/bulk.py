"""Bulk checks: a whole table of facilities checked column by column, and the same check on Dask.

:func:`check_table` reads each column of a table once into a float array in
the canonical unit of its field (``NaN`` for a missing value), then evaluates
every effective requirement of the kind with a few numpy operations over the
whole column.  The statuses are kept as ``int8`` codes, one row per
requirement: code ``i`` is ``STATUSES[i]`` of
:data:`~jiceng_xiaofang.standards.STATUSES` (0 pass, 1 fail, 2 unknown, 3 not
applicable).  The result equals running :func:`~jiceng_xiaofang.check` on
each row.

:func:`check_dask` runs the same check on each partition of a
``dask.dataframe`` (``map_partitions``), so a national table runs on a Dask
cluster unchanged.

numpy is needed (the ``bulk`` extra, also brought by the ``pandas`` and
``dask`` extras); it is imported when a table is checked, never when the
package is imported.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import itertools
import math
import numbers
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .._extras import require_extra
from .._values import describe
from ..errors import UnitError, XiaofangError
from ..policy.model import Requirement
from ..units import _expected, _finite, _number_alone, _real, to_canonical
from ..vocabulary.records import (
    _FALSE,
    _TRUE,
    OTHER_POST,
    FacilityRecord,
    FieldSpec,
    RecordError,
    _flag,
    _post,
    record_type,
)
from .check import post_labels
from .findings import STATUSES, Report
from .rollup import Summary

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas

    from ..policy.model import Policy

    _Floats = npt.NDArray[np.float64]
    _Codes = npt.NDArray[np.int8]

__all__ = ["TableReport", "check_dask", "check_table"]

PASS, FAIL, UNKNOWN, NOT_APPLICABLE = range(4)
_LABEL_COLUMNS = ("name", "street", "community")
_MISS = -1.0  # a canonical value is never negative: marks a cell not yet read
_NA_TYPES = frozenset({"NAType", "NaTType"})


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        raise XiaofangError(
            "checking a table needs numpy: install the extra with pip install 'jiceng-xiaofang[bulk]'"
        ) from None
    return numpy


# --- the plan: requirements compiled for columns ---------------------------------------------------


@attrs.frozen
class _Rule:
    """One requirement as column operations (plain values only, so a plan pickles for Dask workers)."""

    field: str
    op: str  # ">=", "<=", "between", "present", "==", "known" (a post is present) or "none" (no value in force)
    value: float
    maximum: float
    other: str | None  # the value_field compared with, if any
    when_field: str | None
    when_op: str
    when_value: float
    required: bool


@attrs.frozen
class _Plan:
    """The effective requirements of one kind of facility, compiled for :func:`check_table`."""

    kind: str
    document: str
    requirements: tuple[Requirement, ...]
    rules: tuple[_Rule, ...]
    specs: tuple[FieldSpec, ...]
    post_codes: tuple[str, ...] = ()
    posts: Mapping[str, float] = attrs.field(
        factory=dict
    )  # a post as written (code, name, alias) -> its position
    post_labels: Mapping[str, str] = attrs.field(factory=dict)

    def spec(self, name: str) -> FieldSpec | None:
        for spec in self.specs:
            if spec.name == name:
                return spec
        return None


def _rule(
    requirement: Requirement, specs: Mapping[str, FieldSpec], post_codes: tuple[str, ...], on: dt.date
) -> _Rule:
    r = requirement
    if r.field not in specs:
        raise XiaofangError(f"{r.id}: {r.subject} has no measured field {r.field!r}")
    value, maximum = math.nan, math.nan
    if r.comparator == "==":
        # Posts are compared by their code's position in the policy's posts; an unknown code never matches.
        value = float(post_codes.index(r.value)) if r.value in post_codes else -2.0
        if isinstance(r.value, float):
            value = r.value
    elif r.comparator in (">=", "<=", "between") and r.value_field is None:
        assert isinstance(r.value, float)
        value = r.value
        maximum = r.maximum if r.maximum is not None else math.nan
    if r.value_field is not None and r.value_field not in specs:
        raise XiaofangError(f"{r.id}: {r.subject} has no measured field {r.value_field!r}")
    when_field, when_op, when_value = None, "", math.nan
    if r.when is not None:
        spec = specs.get(r.when.field)
        if spec is None or spec.dimension == "post":
            raise XiaofangError(f"{r.id}: a table check cannot evaluate the condition {r.when}")
        when_field, when_op, when_value = r.when.field, r.when.comparator, float(r.when.value)
    op = r.comparator
    if op == "present" and specs[r.field].dimension == "post":
        op = "known"  # any post is present: the requirement fails nowhere, and is unknown where missing
    if not r.in_force(on):
        op = "none"  # no value in force on the day: unknown wherever the requirement applies
    return _Rule(
        field=r.field,
        op=op,
        value=value,
        maximum=maximum,
        other=r.value_field,
        when_field=when_field,
        when_op=when_op,
        when_value=when_value,
        required=r.strength == "required",
    )


def _plan(policy: Policy, kind: str, on: dt.date) -> _Plan:
    dates = policy.change_dates(kind)
    key = f"standards.bulk.{kind}.{bisect.bisect_right(dates, on)}" if dates else f"standards.bulk.{kind}"

    def build() -> _Plan:
        specs = record_type(kind).fields()
        by_name = {s.name: s for s in specs}
        requirements = policy.effective_requirements(kind, on)
        codes = policy.post_codes()
        positions = {code: float(i) for i, code in enumerate(codes)}
        posts = {name: positions[policy.post_code(name)] for name in _post_names(policy)}
        return _Plan(
            kind=kind,
            document=policy.document.id,
            requirements=requirements,
            rules=tuple(_rule(r, by_name, codes, on) for r in requirements),
            specs=specs,
            post_codes=codes,
            posts=posts,
            post_labels=dict(post_labels(policy)),
        )

    return policy.memo(key, build)


def _post_names(policy: Policy) -> tuple[str, ...]:
    """Every way a record may write a post of the policy: codes, names and aliases, and other (其他)."""
    names = [name for role in policy.roles for name in (role.code, *role.names)]
    return (*dict.fromkeys(names), *OTHER_POST)


# --- reading columns -------------------------------------------------------------------------------


def _pandas_module(obj: object) -> Any:
    """The pandas module if ``obj`` is a pandas object (pandas is never imported here for others)."""
    module = sys.modules.get("pandas")
    if module is not None and isinstance(obj, module.Series | module.DataFrame | module.Index):
        return module
    return None


def _missing(value: object) -> bool:
    if value is None or type(value).__name__ in _NA_TYPES:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, int) and math.isnan(value)


def _plain(value: object) -> object:
    """A numpy scalar as the Python value it holds (for messages and JSON)."""
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, str) else value


def _describe_unit(value: object, unit: str | None) -> object:
    return value if unit is None else f"{value if isinstance(value, str) else describe(value)} {unit}"


@attrs.frozen
class _Column:
    """How to read one column: its field, its unit factor, and how to name a row in errors."""

    name: str
    spec: FieldSpec
    factor: float
    unit: str | None
    index: Any  # row labels of a DataFrame, or None
    posts: Mapping[str, float] = attrs.field(factory=dict)  # for a post column: post as written -> position

    def where(self, row: int) -> str:
        """``room_area (row 3)``, with the index label when the table has its own index."""
        if self.index is None:
            return f"{self.name} (row {row})"
        return f"{self.name} (row {row}, index {self.index[row]!r})"

    def read_cell(self, value: object, row: int) -> float:
        """One cell to a canonical float (``NaN`` when missing); the slow path, run once per unique value."""
        dimension = self.spec.dimension
        where = self.where(row)
        if _missing(value):
            return math.nan
        if dimension == "flag":
            flag = _flag(value, where)
            return math.nan if flag is None else float(flag)
        if dimension == "post":
            post = _post(value, where)
            if post is None:
                return math.nan
            if post not in self.posts:
                known = ", ".join(name for name in self.posts if name.isascii())
                raise UnitError(
                    f"{where}: expected a post of the policy (a role's code or Chinese name: {known}), got {post!r}"
                )
            return self.posts[post]
        if self.factor != 1.0 and not isinstance(value, bool):
            number: float | None = None
            if isinstance(value, numbers.Real):
                number = _real(value)
            elif isinstance(value, str):
                number = _number_alone(value, where, dimension)
            if number is not None:  # a bare number is in the column's unit
                return _finite(number * self.factor, where, dimension, _describe_unit(value, self.unit))
        found = to_canonical(value, field=where, dimension=dimension)
        return math.nan if found is None else found


def _unit_factor(unit: object, column: str, spec: FieldSpec) -> tuple[float, str]:
    """The factor from a column's unit to its field's canonical unit (one conversion per column)."""
    if spec.unit is None:
        raise XiaofangError(f"units: {column} is a {spec.dimension}, not a measured value; give it no unit")
    text = str(unit).strip()
    try:
        factor = to_canonical(f"1 {text}", field=column, dimension=spec.dimension)
    except UnitError:
        raise UnitError(
            f"{column}: expected {_expected(spec.dimension)} in every row, but the column's unit is {describe(text)}"
        ) from None
    assert factor is not None
    return factor, text


_BLOCK = 1 << 15  # elements per block of the whole-number check (stays in the CPU cache)


def _fractional(x: _Floats) -> bool:
    """Whether any value has a fractional part (NaN ignored), checked block by block."""
    np = _numpy()
    scratch = np.empty(min(len(x), _BLOCK))
    for start in range(0, len(x), _BLOCK):
        block = x[start : start + _BLOCK]
        part = scratch[: len(block)]
        np.trunc(block, out=part)
        np.subtract(block, part, out=part)
        if np.fmax.reduce(part) > 0:
            return True
    return False


def _validate(x: _Floats, column: _Column, raw: Callable[[int], object], integral: bool) -> None:
    """Raise for the first negative, infinite or (for counts) fractional value, as a record would."""
    np = _numpy()
    if not len(x):
        return
    low, high = np.fmin.reduce(x), np.fmax.reduce(x)
    bad = bool(low < 0 or high == math.inf)
    if not bad and column.spec.dimension == "count" and not integral:
        bad = _fractional(x)
    if not bad:
        return
    mask = (x < 0) | np.isinf(x)
    if column.spec.dimension == "count":
        mask |= np.isfinite(x) & (x != np.trunc(x))
    row = int(np.argmax(mask))
    given = _plain(raw(row))
    _finite(float(x[row]), column.where(row), column.spec.dimension, _describe_unit(given, column.unit))
    raise UnitError(f"{column.where(row)}: unexpected value {given!r}")  # pragma: no cover


def _validate_flags(values: Any, column: _Column, raw: Callable[[int], object]) -> None:
    """Raise for the first flag given as a negative, infinite or fractional number (NaN is missing)."""
    np = _numpy()
    if values.dtype.kind == "u" or not len(values):
        return
    low = np.fmin.reduce(values)  # NaN ignored
    if values.dtype.kind == "i":
        if low >= 0:
            return
        bad = values < 0
    else:
        if low >= 0 and np.fmax.reduce(values) < math.inf and not _fractional(values):
            return
        with np.errstate(invalid="ignore"):
            bad = (values < 0) | np.isinf(values) | (np.isfinite(values) & (values != np.trunc(values)))
        if not bad.any():  # every value missing (NaN), or only missing and whole counts
            return
    row = int(np.argmax(bad))
    _flag(_plain(raw(row)), column.where(row))
    raise UnitError(f"{column.where(row)}: unexpected value {_plain(raw(row))!r}")  # pragma: no cover


def _refuse_complex(values: Any, column: _Column) -> None:
    """Complex numbers are not measurements: refuse the column at its first value, never drop the imaginary part."""
    np = _numpy()
    known = ~np.isnan(values)
    row = int(np.argmax(known)) if known.any() else 0
    given = describe(_plain(values[row])) if len(values) else "none"
    raise UnitError(
        f"{column.where(row)}: expected real numbers, got a column of complex numbers such as {given}"
    )


def _from_numbers(values: Any, column: _Column, raw: Callable[[int], object]) -> _Floats:
    """A numeric or boolean numpy array (NaN for missing) to canonical floats."""
    np = _numpy()
    dimension = column.spec.dimension
    kind = values.dtype.kind
    if dimension == "post":
        known = ~np.isnan(values) if kind == "f" else np.ones(len(values), dtype=bool)
        if known.any():
            row = int(np.argmax(known))
            _post(_plain(raw(row)), column.where(row))
        return np.full(len(values), math.nan)  # type: ignore[no-any-return]
    if kind == "b":
        if dimension not in ("count", "flag") and len(values):
            to_canonical(bool(values[0]), field=column.where(0), dimension=dimension)
        return values.astype(np.float64)  # type: ignore[no-any-return]
    if dimension == "flag":
        _validate_flags(values, column, raw)
        flags = np.greater(values, 0).astype(np.float64)
        if kind == "f":
            flags[np.isnan(values)] = math.nan
        return flags  # type: ignore[no-any-return]
    x = values if values.dtype == np.float64 else values.astype(np.float64)
    if column.factor != 1.0:
        x = x * column.factor
    _validate(x, column, raw, integral=kind in "iu" and column.factor == 1.0)
    return x  # type: ignore[no-any-return]


_NUMBER_TYPES = (float, int)


def _seed(dimension: str, posts: Mapping[str, float]) -> dict[object, float]:
    """Cells every column of a dimension may hold, read in advance (the fast lookups)."""
    np = _numpy()
    seed: dict[object, float] = {None: math.nan, "": math.nan, math.nan: math.nan, np.nan: math.nan}
    if dimension == "post":
        seed.update(posts)
    elif dimension == "flag":
        seed.update({True: 1.0, False: 0.0})
        seed.update(dict.fromkeys(_TRUE, 1.0))
        seed.update(dict.fromkeys(_FALSE, 0.0))
    return seed


def _from_objects(values: Any, column: _Column) -> _Floats:
    """An object array (text, numbers, Quantities, None) to canonical floats; each distinct cell read once."""
    np = _numpy()
    n = len(values)
    dimension = column.spec.dimension
    types = set(map(type, values)) if dimension != "post" else set()  # posts are looked up among texts only
    if any(issubclass(t, numbers.Complex) and not issubclass(t, numbers.Real) for t in types):
        # 6+0j hashes as 6 and 1+0j as True: read the first complex cell before a lookup takes it for a real
        row = next(
            i
            for i, v in enumerate(values)
            if isinstance(v, numbers.Complex) and not isinstance(v, numbers.Real)
        )
        column.read_cell(values[row], row)
    if dimension not in ("flag", "post"):
        numeric = all(
            (issubclass(t, (*_NUMBER_TYPES, np.floating, np.integer)) and not issubclass(t, (bool, np.bool_)))
            or t is type(None)
            for t in types
        )
        x = None
        if numeric:  # numbers and None only: one conversion for the whole column
            try:
                x = values.astype(np.float64)
            except OverflowError:  # an integer too large for a float: each cell is read below
                x = None
        if x is not None:
            if column.factor != 1.0:
                x *= column.factor
            _validate(x, column, values.__getitem__, integral=False)
            return x  # type: ignore[no-any-return]
        if dimension != "count" and (bool in types or np.bool_ in types):
            row = next(i for i, v in enumerate(values) if isinstance(v, (bool, np.bool_)))
            to_canonical(bool(values[row]), field=column.where(row), dimension=dimension)
    cache = _seed(dimension, column.posts)
    try:
        out = np.fromiter(map(cache.get, values, itertools.repeat(_MISS)), np.float64, n)
    except TypeError:  # an unhashable cell: read every cell below
        out = np.full(n, _MISS)
    for row in np.flatnonzero(out == _MISS).tolist():
        value = values[row]
        try:
            found = cache.get(value, _MISS)
            hashable = True
        except TypeError:
            found, hashable = _MISS, False
        if found == _MISS:
            found = column.read_cell(value, row)
            if hashable:
                cache[value] = found
        out[row] = found
    return out  # type: ignore[no-any-return]


def _first_known(values: _Floats) -> int | None:
    np = _numpy()
    known = ~np.isnan(values)
    return int(np.argmax(known)) if known.any() else None


def _from_pandas(series: Any, column: _Column, pd: Any) -> _Floats:
    np = _numpy()
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "c":
        _refuse_complex(series.to_numpy(), column)
    if isinstance(dtype, np.dtype) and dtype.kind in "fiub":
        values = series.to_numpy()
        return _from_numbers(values, column, values.__getitem__)
    if isinstance(dtype, np.dtype) and dtype.kind == "O":
        return _from_objects(series.to_numpy(), column)
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        # Nullable and pyarrow-backed numbers and booleans: pd.NA becomes NaN.
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        if pd.api.types.is_bool_dtype(dtype) and column.spec.dimension not in ("count", "flag", "post"):
            row = _first_known(values)
            if row is not None:
                to_canonical(bool(values[row]), field=column.where(row), dimension=column.spec.dimension)
        return _from_numbers(values, column, series.iloc.__getitem__)
    # Text (pyarrow-backed too), categories: read each distinct value once.
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    table = np.empty(len(uniques) + 1)
    table[-1] = math.nan
    for k, value in enumerate(uniques):
        try:
            table[k] = column.read_cell(value, 0)
        except XiaofangError:  # uniques come in order of first appearance: name that row
            column.read_cell(value, int(np.argmax(codes == k)))
            raise
    return table[codes]  # type: ignore[no-any-return]


def _column_data(raw: object, name: str) -> tuple[Any, str | None]:
    """The data of a column and the unit it carries (a pint Quantity or pint-pandas column), if any."""
    pd = _pandas_module(raw)
    if pd is not None:
        dtype = raw.dtype  # type: ignore[attr-defined]
        units = getattr(dtype, "units", None)
        if units is not None and str(getattr(dtype, "name", "")).startswith("pint["):
            np = _numpy()
            magnitude = raw.array.quantity.magnitude  # type: ignore[attr-defined]
            return np.asarray(magnitude, dtype=np.float64), str(units)
        return raw, None
    if hasattr(raw, "magnitude") and hasattr(raw, "units"):
        np = _numpy()
        magnitude = np.asarray(raw.magnitude)
        if magnitude.ndim != 1:
            raise XiaofangError(f"{name}: expected a column of values, got a single quantity {raw!r}")
        return magnitude, str(raw.units)
    return raw, None


def _read(raw: object, column: _Column, n: int) -> _Floats:
    np = _numpy()
    pd = _pandas_module(raw)
    if pd is not None:
        return _from_pandas(raw, column, pd)
    values = raw if isinstance(raw, np.ndarray) else np.fromiter(raw, dtype=object, count=n)
    if values.ndim != 1:
        raise XiaofangError(f"{column.name}: expected a column (one dimension), got shape {values.shape}")
    if values.dtype.kind == "c":
        _refuse_complex(values, column)
    if values.dtype.kind in "fiub":
        return _from_numbers(values, column, values.__getitem__)
    if values.dtype.kind != "O":
        values = values.astype(object)
    return _from_objects(values, column)


# --- the table -------------------------------------------------------------------------------------


def _length(raw: object, name: str) -> int:
    try:
        return len(raw)  # type: ignore[arg-type]
    except TypeError:
        raise XiaofangError(f"{name}: expected a column (a sequence, array or Series), got {raw!r}") from None


def _columns_of(table: object) -> tuple[dict[str, object], Any, int | None]:
    """The table as column name -> column data, the DataFrame's index and length (``None`` otherwise)."""
    if hasattr(table, "__dask_graph__"):
        raise XiaofangError("check_table: this is a Dask collection; use check_dask for it")
    pd = _pandas_module(table)
    if pd is not None:
        if not isinstance(table, pd.DataFrame):
            raise XiaofangError(
                "check_table: expected a table (a DataFrame or a mapping of columns), got a Series"
            )
        index = table.index
        default = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
        names = list(table.columns)
        for name in names:
            if not isinstance(name, str):
                raise RecordError(f"check_table: column names must be text, got {name!r}")
        return {name: table[name] for name in names}, None if default else index, len(table)
    if not isinstance(table, Mapping):
        raise XiaofangError(
            "check_table: expected a mapping of column name to values, or a pandas DataFrame; "
            f"got {type(table).__name__}"
        )
    for name in table:
        if not isinstance(name, str):
            raise RecordError(f"check_table: column names must be text, got {name!r}")
    return dict(table), None, None


def _factors(plan: _Plan, units: Mapping[str, object] | None) -> dict[str, tuple[float, str]]:
    factors: dict[str, tuple[float, str]] = {}
    for name, unit in (units or {}).items():
        spec = plan.spec(name)
        if spec is None:
            names = ", ".join(s.name for s in plan.specs)
            raise RecordError(f"units: {plan.kind} has no measured field {name!r}; it has: {names}")
        factors[name] = _unit_factor(unit, name, spec)
    return factors


def _check_kind_column(raw: object, kind: str, n: int) -> None:
    """A ``kind`` column may only name the kind checked (or be empty)."""
    np = _numpy()
    pd = _pandas_module(raw)
    if pd is not None:
        values = raw.to_numpy(dtype=object)  # type: ignore[attr-defined]
    elif isinstance(raw, np.ndarray):
        values = raw.astype(object)
    else:
        values = np.fromiter(raw, dtype=object, count=n)
    try:
        fine = all(value == kind or _missing(value) for value in set(values.tolist()))
    except TypeError:  # an unhashable cell: look at each row
        fine = False
    if fine:
        return
    for row, value in enumerate(values):
        if not (isinstance(value, str) and value == kind) and not _missing(value):
            raise RecordError(
                f"kind (row {row}): the table is checked as {kind!r}, but the row says {value!r}"
            )


def _run(plan: _Plan, table: object, factors: Mapping[str, tuple[float, str]], on: dt.date) -> TableReport:
    data, index, rows = _columns_of(table)
    lengths = {name: _length(raw, name) for name, raw in data.items()}
    n = rows if rows is not None else next(iter(lengths.values()), 0)
    for name, length in lengths.items():
        if length != n:
            first = next(iter(lengths))
            raise XiaofangError(f"{name}: the column has {length} rows, but {first} has {n}")
    known = {s.name for s in plan.specs}
    unknown = sorted(set(data) - known - {*_LABEL_COLUMNS, "kind"})
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(known | set(_LABEL_COLUMNS)), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise RecordError(
            f"{plan.kind}: unknown column {unknown[0]!r}{hint}; select the columns to check, from: "
            f"{', '.join(sorted(known | set(_LABEL_COLUMNS)))}"
        )
    if "kind" in data:
        _check_kind_column(data["kind"], plan.kind, n)
    columns: dict[str, _Floats] = {}
    for spec in plan.specs:
        if spec.name not in data:
            continue
        values, carried = _column_data(data[spec.name], spec.name)
        factor, unit = factors.get(spec.name, (1.0, None))
        if carried is not None:
            if spec.name in factors:
                raise XiaofangError(
                    f"units: {spec.name} carries its own unit {carried!r}; do not give it in units= too"
                )
            factor, unit = _unit_factor(carried, spec.name, spec)
        posts = plan.posts if spec.dimension == "post" else {}
        column = _Column(name=spec.name, spec=spec, factor=factor, unit=unit, index=index, posts=posts)
        columns[spec.name] = _read(values, column, n)
    codes = _evaluate(plan, columns, n)
    labels = {name: data[name] for name in _LABEL_COLUMNS if name in data}
    return TableReport(
        kind=plan.kind,
        requirements=plan.requirements,
        codes=codes,
        status_codes=_overall(plan, codes),
        on=on,
        document=plan.document,
        columns=columns,
        labels=labels,
        index=index,
        post_codes=plan.post_codes,
        post_labels=plan.post_labels,
    )


# --- evaluation ------------------------------------------------------------------------------------


def _compare(np: Any, op: str, x: _Floats, value: Any, out: Any) -> None:
    """``out`` = ``x op value``, False where ``x`` is NaN."""
    if op == ">":
        np.greater(x, value, out=out)
    elif op == ">=":
        np.greater_equal(x, value, out=out)
    elif op == "<":
        np.less(x, value, out=out)
    elif op == "<=":
        np.less_equal(x, value, out=out)
    else:
        np.equal(x, value, out=out)


def _evaluate(plan: _Plan, columns: Mapping[str, _Floats], n: int) -> _Codes:
    """One int8 status code per requirement and row, as :func:`~jiceng_xiaofang.standards.evaluate` does."""
    np = _numpy()
    codes = np.empty((len(plan.rules), n), dtype=np.int8)
    scratch = np.empty(n, dtype=bool)
    for row, rule in zip(codes, plan.rules, strict=True):
        fail = row.view(np.bool_)
        x = columns.get(rule.field)
        other = columns.get(rule.other) if rule.other is not None else None
        if x is None or rule.op == "none" or (rule.other is not None and other is None):
            row.fill(UNKNOWN)
        else:
            if rule.op == "present":
                np.equal(x, 0.0, out=fail)
            elif rule.op == "known":
                fail.fill(False)
            elif rule.op == "==":
                np.not_equal(x, rule.value, out=fail)
            elif rule.op == "between":
                np.less(x, rule.value, out=fail)
                np.greater(x, rule.maximum, out=scratch)
                np.logical_or(fail, scratch, out=fail)
            else:
                threshold = other if other is not None else rule.value
                (np.less if rule.op == ">=" else np.greater)(x, threshold, out=fail)
            np.isnan(x, out=scratch)
            np.copyto(row, UNKNOWN, where=scratch)
            if other is not None:
                np.isnan(other, out=scratch)
                np.copyto(row, UNKNOWN, where=scratch)
        if rule.when_field is not None:
            z = columns.get(rule.when_field)
            if z is None:
                row.fill(UNKNOWN)
                continue
            _compare(np, rule.when_op, z, rule.when_value, scratch)
            np.logical_not(scratch, out=scratch)
            np.copyto(row, NOT_APPLICABLE, where=scratch)
            np.isnan(z, out=scratch)
            np.copyto(row, UNKNOWN, where=scratch)
    return codes  # type: ignore[no-any-return]


def _overall(plan: _Plan, codes: _Codes) -> _Codes:
    """Each row's status as :attr:`Report.status <jiceng_xiaofang.Report.status>` decides it.

    Codes 1 (fail) and 2 (unknown) are one bit each, so OR-ing the required
    rows gives bit 1 where a required finding fails and bit 2 where one is
    unknown; a not-applicable code (3, both bits) is cleared first.
    """
    np = _numpy()
    n = codes.shape[1]
    bits = np.zeros(n, dtype=np.int8)
    scratch = np.empty(n, dtype=np.int8)
    for row, rule in zip(codes, plan.rules, strict=True):
        if not rule.required:
            continue
        if rule.when_field is None:  # never not applicable
            np.bitwise_or(bits, row, out=bits)
        else:
            np.copyto(scratch, row)
            np.copyto(scratch, PASS, where=row == NOT_APPLICABLE)
            np.bitwise_or(bits, scratch, out=bits)
    status = np.bitwise_and(bits, UNKNOWN)
    np.copyto(status, FAIL, where=np.bitwise_and(bits, FAIL).view(np.bool_))
    return status  # type: ignore[no-any-return]


# --- the result ------------------------------------------------------------------------------------


def _cell(column: Any, row: int) -> object:
    if _pandas_module(column) is not None:
        return column.iloc[row]
    return column[row]


@attrs.frozen(eq=False)
class TableReport:
    """The statuses of a table of facilities of one kind: one int8 code per requirement and row.

    ``codes[j, i]`` is the status of requirement ``requirements[j]`` for row
    ``i``, as a position in :data:`~jiceng_xiaofang.standards.STATUSES` (0
    pass, 1 fail, 2 unknown, 3 not applicable); ``status_codes[i]`` is the
    row's overall status by the rule of :attr:`Report.status
    <jiceng_xiaofang.Report.status>` (a required finding fails: fail; else a
    required finding unknown: unknown; else pass).  ``columns`` holds the
    values read, in canonical units (``NaN`` when missing; posts as their
    position in the policy's posts (:meth:`jiceng_xiaofang.Policy.post_codes`), flags as 1 and 0).

    Build one with :func:`check_table`.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.standards import check_table
    >>> lanes = {
    ...     "clear_width": [4.0, 3.9, None],
    ...     "clear_height": ["4.5 m", "450 cm", "4米"],
    ...     "slope": [6, 6, 6],
    ...     "dead_end_length": [0, 0, 0],
    ...     "serves_high_rise": ["否", "否", "否"],
    ... }
    >>> table = check_table(lanes, kind="fire_lane", on=dt.date(2024, 7, 1))
    >>> table
    <TableReport fire_lane: 3 rows, 6 requirements (1 pass, 1 fail, 1 unknown)>
    >>> table.codes[0], table.status_codes
    (array([0, 1, 2], dtype=int8), array([0, 1, 2], dtype=int8))
    >>> list(table.status), list(table.statuses("national.fire_lane.turnaround"))
    (['pass', 'fail', 'unknown'], ['not_applicable', 'not_applicable', 'not_applicable'])
    >>> print(table.report(1).failed()[0].message_en)
    fire lane clear width at least 4 m: fail (measured 3.9 m, required >= 4 m)
    """

    kind: str
    """The kind of facility record of every row, such as ``fire_lane``."""
    requirements: tuple[Requirement, ...]
    """The requirements checked, in the policy's order, one per row of :attr:`codes`."""
    # the public fields spell the array types out (not _Codes, _Floats) for the API reference
    codes: npt.NDArray[np.int8] = attrs.field(repr=False)
    """The status of each requirement (rows) for each facility (columns), as a position in :data:`~jiceng_xiaofang.standards.STATUSES`."""
    status_codes: npt.NDArray[np.int8] = attrs.field(repr=False)
    """Each facility's overall status, coded likewise."""
    on: dt.date
    """The day the checks speak of."""
    document: str = "policy"
    """The id of the policy document the findings cite."""
    columns: Mapping[str, npt.NDArray[np.float64]] = attrs.field(factory=dict, repr=False)
    """The values read, by field, in canonical units (``NaN`` when missing; flags as 1 and 0; posts as their position in the policy's posts)."""
    labels: Mapping[str, object] = attrs.field(factory=dict, repr=False)
    """The ``name``, ``street`` and ``community`` columns of the table, as given; empty when it has none."""
    index: Any = attrs.field(default=None, repr=False)
    """The row labels of a DataFrame with an index of its own; ``None`` for rows numbered from 0."""
    post_codes: tuple[str, ...] = attrs.field(default=(), repr=False)
    """The policy's posts in order (:meth:`Policy.post_codes <jiceng_xiaofang.Policy.post_codes>`), which a post column's numbers index; empty when none."""
    post_labels: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    """The Chinese titles of the policy's posts by code."""

    def __len__(self) -> int:
        return int(self.status_codes.shape[0])

    def __repr__(self) -> str:
        np = _numpy()
        counts = np.bincount(self.status_codes.view(np.uint8), minlength=4)
        return (
            f"<TableReport {self.kind}: {len(self)} rows, {len(self.requirements)} requirements "
            f"({counts[PASS]} pass, {counts[FAIL]} fail, {counts[UNKNOWN]} unknown)>"
        )

    def _position(self, requirement_id: str) -> int:
        for j, r in enumerate(self.requirements):
            if r.id == requirement_id:
                return j
        for j, r in enumerate(self.requirements):
            if r.id.partition("@")[0] == requirement_id:
                return j  # the value an amendment set for the requirement
        known = ", ".join(r.id for r in self.requirements)
        raise XiaofangError(f"no requirement {requirement_id!r} for {self.kind}; it has: {known}")

    @property
    def status(self) -> npt.NDArray[np.object_]:
        """Each row's overall status, ``"pass"``, ``"fail"`` or ``"unknown"``, as an object array."""
        np = _numpy()
        return np.array(STATUSES, dtype=object)[self.status_codes]  # type: ignore[no-any-return]

    def statuses(self, requirement_id: str) -> npt.NDArray[np.object_]:
        """The status of one requirement in every row (an object array of :data:`~jiceng_xiaofang.standards.STATUSES` strings)."""
        np = _numpy()
        codes = self.codes[self._position(requirement_id)]
        return np.array(STATUSES, dtype=object)[codes]  # type: ignore[no-any-return]

    def failing(self) -> npt.NDArray[np.intp]:
        """The positions of the rows that fail a required finding."""
        np = _numpy()
        return np.flatnonzero(self.status_codes == FAIL)  # type: ignore[no-any-return]

    def record(self, row: int) -> FacilityRecord:
        """The facility record of one row, as :func:`~jiceng_xiaofang.check` would be given it."""
        n = len(self)
        if not -n <= row < n:
            raise XiaofangError(f"row {row} is outside the table's {n} rows")
        row %= n
        values: dict[str, object] = {}
        for name, column in self.labels.items():
            cell = _cell(column, row)
            values[name] = "" if _missing(cell) else cell
        cls = record_type(self.kind)
        for spec in cls.fields():
            column = self.columns.get(spec.name)
            if column is None or math.isnan(column[row]):
                continue
            value = float(column[row])
            if spec.dimension == "flag":
                values[spec.name] = value == 1.0
            elif spec.dimension == "post":
                values[spec.name] = self.post_codes[int(value)]
            else:
                values[spec.name] = value
        return cls(**values)  # type: ignore[arg-type]

    def report(self, row: int) -> Report:
        """The :class:`~jiceng_xiaofang.Report` of one row: equal to ``jx.check`` of its record.

        Examples
        --------
        >>> import datetime as dt
        >>> import jiceng_xiaofang as jx
        >>> from jiceng_xiaofang.standards import check_table
        >>> on = dt.date(2024, 7, 1)
        >>> table = check_table({"room_area": ["323 ft²", "29.99 平方米"]}, kind="micro_fire_station", on=on)
        >>> table.report(1) == jx.check(jx.MicroFireStation(room_area=29.99), on=on)
        True
        """
        record = self.record(row)
        statuses = tuple(STATUSES[code] for code in self.codes[:, row % len(self)].tolist())
        return Report(record, self.requirements, statuses, self.on, self.document, self.post_labels)

    def __iter__(self) -> Iterator[Report]:
        return (self.report(i) for i in range(len(self)))

    def counts(self) -> list[dict[str, int]]:
        """For each requirement, how many rows have each status (``{"pass": 10, "fail": 2, ...}``)."""
        np = _numpy()
        n = len(self)
        scratch = np.empty(n, dtype=bool)
        found = []
        for row in self.codes:
            counted = {}
            for code, status in enumerate(STATUSES):
                np.equal(row, code, out=scratch)
                counted[status] = int(np.count_nonzero(scratch))
            found.append(counted)
        return found

    def summary(self) -> Summary:
        """The totals, equal to ``jx.check_all(records, on=...).summary()`` over the same rows.

        Examples
        --------
        >>> import datetime as dt
        >>> from jiceng_xiaofang.standards import check_table
        >>> officers = {"qualified_fire_police": [0, 1, 3, None]}
        >>> table = check_table(officers, kind="police_station", on=dt.date(2024, 7, 1))
        >>> s = table.summary()
        >>> s.facilities, s.passed, s.failed, s.unknown
        (4, 2, 1, 1)
        """
        np = _numpy()
        overall = np.bincount(self.status_codes.view(np.uint8), minlength=4)
        findings: Counter[tuple[str, str]] = Counter()
        timing: Counter[str] = Counter()
        for r, counted in zip(self.requirements, self.counts(), strict=True):
            for status, count in counted.items():
                if count:
                    findings[(status, r.strength)] += count
            if r.deadline is not None and counted["fail"]:
                timing["due" if self.on <= r.deadline else "overdue"] += counted["fail"]
        return Summary(
            facilities=len(self),
            passed=int(overall[PASS]),
            failed=int(overall[FAIL]),
            unknown=int(overall[UNKNOWN]),
            findings=dict(findings),
            overdue=timing["overdue"],
            due=timing["due"],
        )

    def to_text(self, lang: str = "en") -> str:
        """Per-requirement counts and the overall totals, as a text table headed in English or Chinese (``"zh"``)."""
        from .._text import table
        from .findings import _STRENGTH_ZH

        if lang not in ("en", "zh"):
            raise XiaofangError(f"lang: expected 'en' or 'zh', got {lang!r}")
        zh = lang == "zh"
        rows: list[tuple[object, ...]] = [
            (
                r.id,
                _STRENGTH_ZH[r.strength] if zh else r.strength,
                c["pass"],
                c["fail"],
                c["unknown"],
                c["not_applicable"],
            )
            for r, c in zip(self.requirements, self.counts(), strict=True)
        ]
        s = self.summary()
        total = f"（设施数：{s.facilities}）" if zh else f"(facilities: {s.facilities})"
        rows.append((total, "", s.passed, s.failed, s.unknown, ""))
        head = (
            ("要求", "要求强度", "符合", "不符合", "未知", "不适用")
            if zh
            else ("requirement", "strength", "pass", "fail", "unknown", "n/a")
        )
        return "\n".join(table(head, rows, right=(2, 3, 4, 5)))

    def _labels(self) -> list[object]:
        if self.index is None:
            return list(range(len(self)))
        return [_plain(label) for label in self.index.tolist()]

    def rows(self) -> list[dict[str, object]]:
        """One JSON-ready dict per row: its label, name, street and community when given, and statuses."""
        ids = [r.id for r in self.requirements]
        table = list(STATUSES)
        overall = self.status_codes.tolist()
        per_requirement = self.codes.T.tolist()
        out: list[dict[str, object]] = []
        for i, label in enumerate(self._labels()):
            row: dict[str, object] = {"row": label}
            for name, column in self.labels.items():
                cell = _cell(column, i)
                row[name] = "" if _missing(cell) else cell
            row["status"] = table[overall[i]]
            row["statuses"] = {rid: table[code] for rid, code in zip(ids, per_requirement[i], strict=True)}
            out.append(row)
        return out

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the kind, date, requirements, totals and every row."""
        return {
            "kind": self.kind,
            "on": self.on.isoformat(),
            "document": self.document,
            "requirements": [r.id for r in self.requirements],
            "summary": self.summary().to_dict(),
            "rows": self.rows(),
        }

    def to_frame(self) -> pandas.DataFrame:
        """The statuses as a DataFrame: a ``status`` column then one column per requirement.

        The columns are categorical over :data:`~jiceng_xiaofang.standards.STATUSES` (one byte a cell);
        the index is the table's index.  Needs the ``pandas`` extra.
        """
        require_extra("pandas", "to_frame")
        import pandas

        dtype = pandas.CategoricalDtype(list(STATUSES))
        data = {"status": pandas.Categorical.from_codes(self.status_codes, dtype=dtype)}
        for r, row in zip(self.requirements, self.codes, strict=True):
            data[r.id] = pandas.Categorical.from_codes(row, dtype=dtype)
        index = self.index if self.index is not None else pandas.RangeIndex(len(self))
        return pandas.DataFrame(data, index=index, copy=False)


def _resolve(policy: Policy | None, on: dt.date | None) -> tuple[Policy, dt.date]:
    if policy is None:
        from .check import _default_policy

        policy = _default_policy()
    if on is None:
        on = dt.date.today()
    elif not isinstance(on, dt.date):
        raise XiaofangError(f"on: expected a datetime.date, got {on!r}")
    return policy, on


def _kind_name(kind: str | type[FacilityRecord]) -> str:
    if isinstance(kind, type) and issubclass(kind, FacilityRecord):
        return kind.kind
    if not isinstance(kind, str):
        raise XiaofangError(f"kind: expected a kind such as 'micro_fire_station', got {kind!r}")
    record_type(kind)
    return kind


def check_table(
    table: Mapping[str, Sequence[object]] | pandas.DataFrame | Any,
    *,
    kind: str | type[FacilityRecord],
    units: Mapping[str, object] | None = None,
    policy: Policy | None = None,
    on: dt.date | None = None,
) -> TableReport:
    """Check a table of facilities of one kind, column by column: :func:`~jiceng_xiaofang.check` per row.

    Parameters
    ----------
    table
        A mapping of column name to values (a list, a tuple, a numpy array, a
        pandas Series, or a pint Quantity holding an array), or a pandas
        DataFrame (numpy- or pyarrow-backed).  Columns are the measured
        fields of the kind, plus optionally ``name``, ``street``,
        ``community`` and ``kind``; any other column is an error.  A field
        without a column is unknown in every row.
    kind
        The kind of facility, such as ``"micro_fire_station"`` (or its record class).
    units
        The unit of a numeric column, such as ``{"room_area": "ft^2"}``;
        without it numbers are in the field's canonical unit (m, m², minutes,
        percent).  A pint-pandas column or a Quantity carries its own unit.
        Either way the whole column is converted with one factor.
    policy
        The policy; the embedded Yuzhong 2023 policy by default.
    on
        The date the check speaks for (today by default), as for :func:`~jiceng_xiaofang.check`.

    Returns
    -------
    TableReport
        One int8 status code per requirement and row, the overall status of
        each row and, on request, the totals and each row's :class:`~jiceng_xiaofang.Report`.

    Raises
    ------
    UnitError
        A value that is negative, infinite, a fractional count, of the wrong
        dimension, or not a quantity; a column whose unit has the wrong
        dimension.  The message names the column and the first bad row.
    RecordError
        An unknown column, or a ``kind`` column naming another kind.

    Notes
    -----
    Missing values (``None``, ``NaN``, ``pd.NA``, empty text) are *unknown*.
    Numeric columns are read with a few whole-column numpy operations.  Text
    cells (``"30 平方米"``, ``"6名"``, posts, ``"是"``) are read once per
    distinct value; text with units inside each cell is the slow path, and
    numbers with ``units=`` are much faster.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.standards import check_table
    >>> stations = {
    ...     "members": [6, 5, None],
    ...     "room_area": [323.0, 400.0, 322.0],
    ...     "chief_post": ["社区支部书记", "party_branch_secretary", None],
    ... }
    >>> on = dt.date(2024, 7, 1)
    >>> table = check_table(stations, kind="micro_fire_station", units={"room_area": "ft^2"}, on=on)
    >>> list(table.statuses("micro_fire_station.room_area"))
    ['pass', 'pass', 'fail']
    >>> list(table.statuses("micro_fire_station.members"))
    ['pass', 'fail', 'unknown']
    >>> check_table({"room_area": [30, -1]}, kind="micro_fire_station")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.UnitError: room_area (row 1): expected an area (m^2) of 0 or more, got -1
    """
    _numpy()
    name = _kind_name(kind)
    policy, on = _resolve(policy, on)
    plan = _plan(policy, name, on)
    if units is not None and not isinstance(units, Mapping):
        raise XiaofangError(f"units: expected a mapping of column to unit, got {units!r}")
    return _run(plan, table, _factors(plan, units), on)


def _partition(
    frame: pandas.DataFrame, plan: _Plan, factors: Mapping[str, tuple[float, str]], on: dt.date
) -> pandas.DataFrame:
    """Check one partition of a Dask DataFrame (runs on the workers)."""
    return _run(plan, frame, factors, on).to_frame()


def check_dask(
    frame: Any,
    *,
    kind: str | type[FacilityRecord],
    units: Mapping[str, object] | None = None,
    policy: Policy | None = None,
    on: dt.date | None = None,
) -> Any:
    """Check a ``dask.dataframe.DataFrame`` of facilities: :func:`check_table` on each partition.

    Parameters are those of :func:`check_table`; the requirements and unit
    factors are worked out once, here, and sent to the workers with each
    task (the policy itself is not).  Needs the ``dask`` extra.

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy: a ``status`` column then one column per requirement, each
        categorical over :data:`~jiceng_xiaofang.standards.STATUSES`, with the input's index and
        partitions; the same as :meth:`TableReport.to_frame` of
        :func:`check_table` on the whole table.

    Examples
    --------
    >>> import datetime as dt
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from jiceng_xiaofang.standards import check_dask
    >>> frame = pd.DataFrame({"qualified_fire_police": [1.0, 2.0, 0.0, None]})
    >>> lazy = dd.from_pandas(frame, npartitions=2)
    >>> result = check_dask(lazy, kind="police_station", on=dt.date(2024, 7, 1))
    >>> result.npartitions
    2
    >>> result["status"].compute(scheduler="synchronous").tolist()
    ['pass', 'pass', 'fail', 'unknown']
    """
    _numpy()
    if not (hasattr(frame, "__dask_graph__") and hasattr(frame, "map_partitions")):
        raise XiaofangError(
            f"check_dask: expected a dask DataFrame, got {type(frame).__name__}; use check_table for others"
        )
    name = _kind_name(kind)
    policy, on = _resolve(policy, on)
    plan = _plan(policy, name, on)
    if units is not None and not isinstance(units, Mapping):
        raise XiaofangError(f"units: expected a mapping of column to unit, got {units!r}")
    factors = _factors(plan, units)
    meta = _partition(frame._meta, plan, factors, on)
    return frame.map_partitions(_partition, plan, factors, on, meta=meta)
