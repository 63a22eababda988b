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
from queue_server.simulation.runner import OfficeSimulation, simulation_database
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


def run_policy(
    office: OfficeConfig, workload: Workload, plans: Sequence[DayPlan], strategy: str
) -> PolicyRun:
    """Play the days with ``strategy`` as the office's call policy."""
    configured = with_policy(office, strategy)
    with simulation_database() as database:
        simulation = OfficeSimulation(configured, workload, database)
        outcomes = [simulation.play(plan) for plan in plans]
    return PolicyRun(
        policy=strategy,
        figures=policy_figures(configured, outcomes),
        estimate=estimate_figures(outcomes),
    )


def compare_policies(
    office: OfficeConfig,
    workload: Workload,
    *,
    days: int,
    seed: int,
    policies: Sequence[str],
    workers: int = 1,
) -> list[PolicyRun]:
    """One run per policy over the same ``days`` days, in ``workers`` processes."""
    plans = plan_days(office, workload, days, seed)
    if workers <= 1 or len(policies) <= 1:
        return [run_policy(office, workload, plans, policy) for policy in policies]
    with ProcessPoolExecutor(max_workers=min(workers, len(policies))) as pool:
        futures = [pool.submit(run_policy, office, workload, plans, p) for p in policies]
        return [future.result() for future in futures]
