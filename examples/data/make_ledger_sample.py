"""Make the ILLUSTRATIVE sample ledger and facility records of examples/data (deterministic: seeded).

    python examples/data/make_ledger_sample.py [--out DIR]

writes ``ledger-sample.jsonl`` (the committee's ledger of the Yuzhong 2023 policy, 2023Q2 to 2025Q4: progress
reports of the 11 streets and the lead departments, the committee's inspections and supervision visits, letters,
an interview and their answers, acceptances), ``ledger-facilities.toml`` (a fire work station, a micro fire station
and a community fire work group for each street) and ``evidence/jiefangbei-1.1-station.txt``.

Every report, date, name and number is INVENTED to show what the ledger, the assessment and the bulletin do.
They say nothing of the real progress of any street or department.  Two things are planted on purpose:
七星岗街道 reports task 1.1 done (已完成) while its fire work station fails its checks, and 大坪街道's micro fire
station has no room area on record (its checks cannot be told).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import jiceng_xiaofang as jx
from jiceng_xiaofang.ledger import Entry, Evidence, Ledger, ledger_to_jsonl
from jiceng_xiaofang.schedule import Period

HERE = Path(__file__).resolve().parent
SEED = 2025
OFFICE = "区消安办 李四"
EVIDENCE = "evidence/jiefangbei-1.1-station.txt"
EVIDENCE_TEXT = "解放碑街道消防工作站挂牌及人员到岗情况说明（示例材料，内容为虚构）。\n"

QUARTERS = [Period.quarter(y, q) for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)][1:]  # 2023Q2..2025Q4
DONE_PHRASES = [
    "已制定工作方案，明确责任人和时间节点",
    "已完成摸底排查，建立工作台账",
    "已落实场地和人员，正在配置器材",
    "已召开专题推进会，分解任务到社区",
    "已完成人员培训，正在开展试运行",
]
PROBLEMS = ["", "", "人员编制尚未全部到位", "经费保障不足", "场地协调难度较大", "部分社区进度滞后"]
NEXT = [
    "加快推进，确保按期完成",
    "继续协调落实经费和场地",
    "开展自查，准备申请验收",
    "加强督促指导，补齐短板",
]


def _day_in(rng: random.Random, period: Period, last_days: int = 20) -> dt.date:
    return period.end - dt.timedelta(days=rng.randrange(last_days))


def _progress(rng: random.Random, ledger: Ledger, out: Path) -> list[Entry]:
    """Quarterly reports of every lead unit on every annex task: not started, in progress, completed."""
    entries: list[Entry] = []
    for task in ledger.policy.tasks:
        for resp in ledger.responsible(task.id, role="lead"):
            start = rng.randrange(0, 4)  # the quarter work begins
            finish = rng.randrange(start + 3, len(QUARTERS) + 1)  # past the last quarter: not done by 2025
            if (task.id, resp.street) == ("1.1", "七星岗街道"):
                finish = 9  # 2025Q3: reported done, while its station fails the checks
            if (task.id, resp.street) == ("1.2", "两路口街道"):
                finish = 8  # 2025Q2, after a letter of supervision in 2024
            if (task.id, resp.street) == ("1.2", "菜园坝街道"):
                finish = len(QUARTERS)  # not done: a letter of 2025 is left unanswered
            if (task.id, resp.street) == ("1.1", "解放碑街道"):
                start, finish = 0, 6  # 2024Q4, with a file as evidence; accepted in 2025Q1
            reporter = f"{resp.unit} 联络员"
            for i, quarter in enumerate(QUARTERS):
                if i > finish:
                    break
                if i not in (start, finish) and rng.random() < 0.12:
                    continue  # a quarter without a report
                status = "not_started" if i < start else "completed" if i == finish else "in_progress"
                done = "" if status == "not_started" else rng.choice(DONE_PHRASES)
                if status == "completed":
                    done = f"{task.name}各项工作已完成"
                evidence: tuple[Evidence, ...] = ()
                if status == "completed" and (task.id, resp.street) == ("1.1", "解放碑街道"):
                    evidence = (Evidence.of_file(out / EVIDENCE, folder=out),)
                elif status == "completed":
                    evidence = (Evidence(text="工作总结及照片已报区消安办"),)
                entries.append(
                    Entry(
                        "progress",
                        _day_in(rng, quarter),
                        by=reporter,
                        task=task.id,
                        unit=resp.unit,
                        status=status,
                        done=done,
                        problems="" if status == "completed" else rng.choice(PROBLEMS),
                        next_steps="申请验收" if status == "completed" else rng.choice(NEXT),
                        evidence=evidence,
                    )
                )
            if finish < len(QUARTERS) - 1 and (rng.random() < 0.45 or finish == 6) and finish != 9:
                accepted = QUARTERS[finish + 1].start + dt.timedelta(days=rng.randrange(20, 60))
                entries.append(
                    Entry(
                        "acceptance", accepted, by=OFFICE, task=task.id, unit=resp.unit, done="现场验收合格"
                    )
                )
    return entries


def _rounds(rng: random.Random) -> list[Entry]:
    """The committee's rounds: an inspection each quarter (two missed), supervision each half-year (one missed)."""
    entries = []
    for quarter in QUARTERS:
        if quarter.label_zh in ("2023年第三季度", "2024年第四季度"):
            continue
        day = quarter.start + dt.timedelta(days=30 + rng.randrange(30))
        entries.append(Entry("inspection", day, by=OFFICE, done="抽查街道消防工作站和社区微型消防站建设情况"))
    entries.append(
        Entry(
            "inspection",
            dt.date(2025, 11, 12),
            by=OFFICE,
            task="1.1",
            unit="七星岗街道",
            done="现场检查：消防工作站专职人员仅3人，未达到5人要求",
        )
    )
    for year, half in ((2023, 1), (2023, 2), (2024, 2), (2025, 1), (2025, 2)):  # 2024上半年 missed
        period = Period.half(year, half)
        day = period.start + dt.timedelta(days=90 + rng.randrange(60))
        entries.append(Entry("supervision", day, by=OFFICE, done="督导各街道重点任务推进情况"))
    return entries


def _letters() -> list[Entry]:
    """Two letters of supervision and a warning interview, with answers (one letter left unanswered)."""
    d = dt.date
    return [
        Entry(
            "letter",
            d(2024, 9, 10),
            by=OFFICE,
            id="DB-2024-01",
            unit="两路口街道",
            task="1.2",
            deadline=d(2024, 10, 10),
            done="社区微型消防站建设进度滞后，请说明原因并提出整改措施",
        ),
        Entry(
            "answer",
            d(2024, 10, 8),
            by="两路口街道 联络员",
            ref="DB-2024-01",
            unit="两路口街道",
            done="已制定整改方案",
        ),
        Entry(
            "letter",
            d(2025, 10, 15),
            by=OFFICE,
            id="DB-2025-03",
            unit="菜园坝街道",
            task="1.2",
            deadline=d(2025, 11, 15),
            done="社区消防工作小组尚未全覆盖，请限期整改并书面回复",
        ),
        Entry(
            "interview",
            d(2025, 11, 20),
            by=OFFICE,
            id="YT-2025-01",
            unit="区城管局",
            task="2.3",
            deadline=d(2025, 12, 20),
            done="公园绿地防火基础设施建设进度滞后",
        ),
        Entry(
            "answer",
            d(2025, 12, 15),
            by="区城管局 联络员",
            ref="YT-2025-01",
            unit="区城管局",
            done="已提交整改报告",
        ),
    ]


FACILITIES_HEAD = """\
# ILLUSTRATIVE facility records for the sample ledger (examples/data/ledger-sample.jsonl), made by
# make_ledger_sample.py: the streets are Yuzhong's, every station, group and number is INVENTED.
# 七星岗街道's fire work station has 3 staff (the policy asks for at least 5): it reports task 1.1 done all
# the same, and the ledger flags the contradiction.  大坪街道's micro fire station has no room area on record:
# its checks cannot be told, so a report of task 1.2 done there is flagged too.
format = 1

[sample]
title = "Illustrative facilities of the 11 Yuzhong streets for the sample ledger (invented data)"
confidence = "illustrative"
"""

STATION = """
[[facility]]
kind = "fire_work_station"
name = "{street}消防工作站"
street = "{street}"
staff = {staff}
established_fire_officers = 2
office_capacity = 6
chief_post = "street_deputy_in_charge"
deputy_chief_post = "street_emergency_office_head"
qualified_enforcement_officers = 2
"""

MICRO = """
[[facility]]
kind = "micro_fire_station"
name = "{community}微型消防站"
street = "{street}"
community = "{community}"
chief_post = "社区支部书记"
deputy_chief_post = "居“两委”成员"
members = "{members}人"
duty_shift_size = 3
{room}night_duty_beds = 2
fire_motorcycles = 1
extinguishers = 8
branch_nozzles = 2
hoses = 4
helmets = {members}
fire_gloves = {members}
cutter_spreaders = 1
external_landline = true
vehicle_movers = 1
small_fire_engines = 0
patrol_team = true
first_response_team = true
publicity_team = true
arrival_minutes = 3
"""

GROUP = """
[[facility]]
kind = "community_fire_work_group"
name = "{community}消防工作小组"
street = "{street}"
community = "{community}"
leader_post = "community_main_head"
staff = 2
compounds = {compounds}
compounds_with_warden = {compounds}
wardens_shown_publicly = true
"""


def facilities(rng: random.Random) -> str:
    """The facility file: for each street a fire work station, a micro fire station and a community group."""
    parts = [FACILITIES_HEAD]
    for street in jx.yuzhong().streets:
        name = street.name
        community = f"{name.removesuffix('街道')}示例社区"
        parts.append(STATION.format(street=name, staff=3 if name == "七星岗街道" else 5 + rng.randrange(3)))
        room = "" if name == "大坪街道" else f'room_area = "{30 + rng.randrange(12)} 平方米"\n'
        parts.append(MICRO.format(street=name, community=community, members=6 + rng.randrange(3), room=room))
        parts.append(GROUP.format(street=name, community=community, compounds=8 + rng.randrange(10)))
    return "".join(parts)


def build(out: Path) -> Ledger:
    """Write the three files into ``out`` and return the ledger (every entry checked as it is recorded)."""
    rng = random.Random(SEED)
    (out / "evidence").mkdir(parents=True, exist_ok=True)
    (out / EVIDENCE).write_text(EVIDENCE_TEXT, encoding="utf-8", newline="\n")
    ledger = Ledger(jx.load_policy(), jx.yuzhong())
    entries = _progress(rng, ledger, out) + _rounds(rng) + _letters()
    entries.sort(key=lambda e: e.on)  # stable: a day's entries keep the order made
    ledger = ledger.record(*entries)
    (out / "ledger-sample.jsonl").write_text(ledger_to_jsonl(ledger), encoding="utf-8", newline="\n")
    (out / "ledger-facilities.toml").write_text(facilities(rng), encoding="utf-8", newline="\n")
    return ledger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE, help="the folder to write to (default: beside this script)"
    )
    args = parser.parse_args()
    ledger = build(args.out)
    print(f"wrote {len(ledger)} entries to {args.out / 'ledger-sample.jsonl'} and ledger-facilities.toml")


if __name__ == "__main__":
    main()
