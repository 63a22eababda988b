"""Policies compared on the same simulated days: one office run per policy.

Every policy meets the same visitors (the days are drawn once from the seed),
so the differences are the policy's. Each run has its own database; runs go
side by side in worker processes when there are several.
"""

import random
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta

from queue_server.domain.office import OfficeConfig
from queue_server.simulation.plan import DayPlan, plan_day
from queue_server.simulation.runner import DayOutcome, OfficeSimulation, simulation_database
from queue_server.simulation.summary import (
    EstimateFigures,
    PolicyFigures,
    estimate_figures,
    policy_figures,
)
from queue_server.simulation.workload import Workload

FIRST_DAY = date(2026, 3, 2)  # a Monday; the simulated days are the office's next working days


@dataclass(frozen=True)
class PolicyRun:
    policy: str
    figures: PolicyFigures
    estimate: EstimateFigures


def working_days(office: OfficeConfig, count: int, first: date = FIRST_DAY) -> list[date]:
    days: list[date] = []
    day = first
    while len(days) < count:
        if day.isoweekday() in office.hours.days and day not in office.hours.holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def plan_days(office: OfficeConfig, workload: Workload, count: int, seed: int) -> list[DayPlan]:
    """The days every policy plays: day ``i`` drawn from its own seed ``seed x 1000 + i``."""
    return [
        plan_day(office, workload, day, random.Random(seed * 1000 + index))
        for index, day in enumerate(working_days(office, count))
    ]


def with_policy(office: OfficeConfig, strategy: str) -> OfficeConfig:
    policy = office.policy.model_copy(update={"strategy": strategy})
    return office.model_copy(update={"policy": policy})


def play_days(
    office: OfficeConfig, workload: Workload, plans: Sequence[DayPlan], strategy: str
) -> list[DayOutcome]:
    """Play the days one after another on a database of their own, ``strategy`` as the
    office's call policy."""
    with simulation_database() as database:
        simulation = OfficeSimulation(with_policy(office, strategy), workload, database)
        return [simulation.play(plan) for plan in plans]


def compare_policies(
    office: OfficeConfig,
    workload: Workload,
    *,
    days: int,
    seed: int,
    policies: Sequence[str],
    workers: int = 1,
) -> list[PolicyRun]:
    """One run per policy over the same ``days`` days, in ``workers`` processes.

    When the policies do not share the workers evenly, each policy's days are split
    into as many runs as there are workers, so that every worker has as much to do;
    a run's first day then starts with nothing learned, as an office's first day does.
    """
    plans = plan_days(office, workload, days, seed)
    parts = workers if workers > 1 and len(policies) % workers else 1
    parts = max(1, min(parts, len(plans)))
    chunks = [plans[i * len(plans) // parts : (i + 1) * len(plans) // parts] for i in range(parts)]
    tasks = [(policy, chunk) for policy in policies for chunk in chunks]
    if workers <= 1 or len(tasks) <= 1:
        played = [play_days(office, workload, chunk, policy) for policy, chunk in tasks]
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(tasks))) as pool:
            futures = [pool.submit(play_days, office, workload, c, p) for p, c in tasks]
            played = [future.result() for future in futures]
    runs: list[PolicyRun] = []
    for index, policy in enumerate(policies):
        outcomes = [day for part in played[index * parts : (index + 1) * parts] for day in part]
        runs.append(
            PolicyRun(
                policy=policy,
                figures=policy_figures(with_policy(office, policy), outcomes),
                estimate=estimate_figures(outcomes),
            )
        )
    return runs
