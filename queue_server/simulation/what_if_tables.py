"""A what-if's outcome as report tables: today's configuration beside the change."""

from collections.abc import Callable

from queue_protocol import Language
from queue_server.domain.office import OfficeConfig
from queue_server.services.report_tables import Cell, Column, Table
from queue_server.simulation.summary import PolicyFigures, WaitFigures
from queue_server.simulation.what_if import WhatIfOutcome

RUNS = ("simulation.configured", "simulation.changed")
_WAITS = (
    Column("col.wait_mean", "min"), Column("col.wait_median", "min"),
    Column("col.wait_p90", "min"), Column("col.within_sla", "pct"),
    Column("col.wait_longest", "min"), Column("col.visits"),
)  # fmt: skip


def _waits(figures: WaitFigures) -> list[Cell]:
    return [figures.mean_min, figures.median_min, figures.p90_min, figures.within_sla_share,
            figures.longest_min, figures.visits]  # fmt: skip


def _runs(outcome: WhatIfOutcome) -> list[tuple[str, PolicyFigures]]:
    return list(zip(RUNS, (outcome.configured, outcome.changed), strict=True))


def queue_name(office: OfficeConfig, key: str, language: Language) -> str:
    """A queue key's service (and stage) name in ``language``."""
    code, _, stage_code = key.partition("/")
    service = office.service(code)
    if service is None:
        return key
    stage = service.stage(stage_code) if stage_code else None
    names = [service.name, *([stage.name] if stage else [])]
    return " · ".join(n.en if language == Language.EN else n.id for n in names)


def what_if_tables(
    office: OfficeConfig, outcome: WhatIfOutcome, language: Language, label: Callable[[str], str]
) -> list[Table]:
    """Overall, per class, per service and stage, and per counter."""
    runs = _runs(outcome)
    overall: list[list[Cell]] = [
        [label(run), *_waits(f.overall), f.tickets, f.no_shows, f.turned_away] for run, f in runs
    ]
    classes: list[list[Cell]] = [
        [label(f"class.{name}"), label(run), *_waits(f.by_class[name])]
        for name in sorted({c for _, f in runs for c in f.by_class})
        for run, f in runs
        if name in f.by_class
    ]
    services: list[list[Cell]] = [
        [queue_name(office, name, language), label(run), *_waits(f.by_service[name])]
        for name in sorted({s for _, f in runs for s in f.by_service})
        for run, f in runs
        if name in f.by_service
    ]
    counters: list[list[Cell]] = [
        [
            number,
            outcome.configured.utilisation.get(number),
            outcome.changed.utilisation.get(number),
        ]
        for number in sorted(outcome.configured.utilisation)
    ]
    return [
        Table("simulation_overall", "table.simulation_overall",
              (Column("col.run", "text"), *_WAITS, Column("col.tickets"), Column("col.no_show"),
               Column("col.turned_away")), overall),
        Table("simulation_classes", "table.simulation_classes",
              (Column("col.class", "text"), Column("col.run", "text"), *_WAITS), classes),
        Table("simulation_services", "table.simulation_services",
              (Column("col.queue", "text"), Column("col.run", "text"), *_WAITS), services),
        Table("simulation_counters", "table.simulation_counters",
              (Column("col.counter"), Column("col.utilisation_configured", "pct"),
               Column("col.utilisation_changed", "pct")), counters),
    ]  # fmt: skip
