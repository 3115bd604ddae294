"""The hazard loop in an event store: two workers on one hazard, a retry, export and import, a crash.

Run it with ``python examples/hazard_store.py``.  It uses the bundled,
ILLUSTRATIVE sample district.  Two grid workers read the same hazard from an
SQLite store and act on it at once: the store acknowledges the first and
refuses the second with ConflictError (nothing written), who reads again and
decides again.  The store is exported to JSON Lines and imported into another
database, byte for byte; then a JSON Lines store shows what happens after a
writer is killed in the middle of an append.  Add a PostgreSQL URL as the first
argument (``postgresql://user@host/db``, the ``postgres`` extra) to run the
workers' part on PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import jiceng_xiaofang as jx
from jiceng_xiaofang import hazards as jh
from jiceng_xiaofang.store import copy_store


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2024, 5, day, hour, tzinfo=jh.CHINA_STANDARD_TIME)


def reported(hazard_id: str, description: str) -> jh.History:
    report = jh.HazardReport(
        id=hazard_id,
        category="fire_lane_blocked",
        description=description,
        channel="hotline_12345",
        grid="解放碑街道/示例甲社区/第1网格",
        reported_at=at(6),
    )
    return jx.report_hazard(report, district=jx.sample_district())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run(folder, sys.argv[1] if len(sys.argv) > 1 else str(folder / "hazards.sqlite"))


def run(folder: Path, target: str) -> None:
    with jx.HazardStore(target) as store:
        store.record(reported("YZ-2024-0101", "消防车通道堆放杂物").dispatch(by="网格员 张三", at=at(6, 10)))
        store.record(reported("YZ-2024-0102", "楼道堆放纸箱"))
        print(f"{store.store.scheme} store: {store.hazards()}")

    # Two workers, each with their own connection, read the same history and act at once.
    zhang, li = jx.HazardStore(target), jx.HazardStore(target)
    seen_by_zhang = zhang.history("YZ-2024-0101")
    seen_by_li = li.history("YZ-2024-0101")
    zhang.record(seen_by_zhang.start_rectification(deadline="P3D", by="网格员 张三", at=at(6, 11)))
    try:
        li.record(seen_by_li.reject(reason="重复上报", by="网格员 李四", at=at(6, 11)))
    except jx.ConflictError as exc:
        print(
            f"李四's append lost: {exc.kind} {exc.stream} event {exc.expected} (the store holds {exc.found})"
        )
        now = li.history("YZ-2024-0101")  # read again, decide again
        print(f"李四 reads again: {now.state}; allowed now: {', '.join(now.state.allowed)}")
    zhang.close()
    li.close()

    # Export to JSON Lines and import into another database: the same bytes.
    if not target.startswith("postgres"):
        exported = folder / "hazards.jsonl"
        copy_store(target, exported)
        copy_store(exported, folder / "copy.sqlite", kinds=[jh.HAZARD_STREAMS])
        copy_store(folder / "copy.sqlite", folder / "again.jsonl")
        same = exported.read_bytes() == (folder / "again.jsonl").read_bytes()
        print(
            f"exported {len(exported.read_bytes().splitlines())} events; JSON Lines -> SQLite -> JSON Lines same bytes: {same}"
        )

        # A writer killed in the middle of a line: the store says so, and the next append sets it aside.
        with open(exported, "ab") as f:
            f.write(b'{"format":1,"hazard":"YZ-2024-0102","seq":2,"comm')
        with jx.HazardStore(exported) as store:
            for problem in store.read().problems:
                print(f"  {problem}")
            store.record(store.history("YZ-2024-0102").dispatch(by="网格员 张三", at=at(7)))
            print(f"after the next append: {store.read().ok}, {store.history('YZ-2024-0102').state}")
        aside = folder / "hazards.jsonl.uncommitted"
        print(f"set aside in {aside.name}: {aside.read_bytes()[:40]!r}...")


if __name__ == "__main__":
    main()
