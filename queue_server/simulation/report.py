"""``antrean simulate``'s output: a table per policy, or one JSON object."""

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from queue_server.domain.office import OfficeConfig
from queue_server.simulation.comparison import PolicyRun
from queue_server.simulation.summary import EstimateFigures, WaitFigures


def configured_run(office: OfficeConfig, runs: Sequence[PolicyRun]) -> PolicyRun:
    """The run of the office's own policy, else the first."""
    return next((run for run in runs if run.policy == office.policy.strategy), runs[0])


def as_json(office: OfficeConfig, runs: Sequence[PolicyRun]) -> dict[str, Any]:
    own = configured_run(office, runs)
    return {
        "office": office.office.id,
        "configured_policy": office.policy.strategy,
        "policies": {run.policy: _policy_json(run) for run in runs},
        "estimate": {"policy": own.policy, **_estimate_json(own.estimate)},
    }


def _policy_json(run: PolicyRun) -> dict[str, Any]:
    figures = run.figures
    overall = figures.overall
    return {
        "visits": overall.visits,
        "mean_wait_min": overall.mean_min,
        "median_wait_min": overall.median_min,
        "p90_wait_min": overall.p90_min,
        "within_sla_share": overall.within_sla_share,
        "longest_wait_min": overall.longest_min,
        "tickets": figures.tickets,
        "no_shows": figures.no_shows,
        "turned_away": figures.turned_away,
        "unserved": figures.unserved,
        "by_class": {name: asdict(f) for name, f in figures.by_class.items()},
        "by_service": {name: asdict(f) for name, f in figures.by_service.items()},
        "counter_utilisation": {str(n): share for n, share in figures.utilisation.items()},
        "estimate": _estimate_json(run.estimate),
    }


def _estimate_json(estimate: EstimateFigures) -> dict[str, Any]:
    return {
        **asdict(estimate),
        "ratio_to_naive": estimate.ratio_naive,
        "ratio_to_naive_per_queue": estimate.ratio_naive_per_queue,
    }


def as_text(office: OfficeConfig, runs: Sequence[PolicyRun], *, days: int, seed: int) -> str:
    lines = [
        f"{office.office.name}: {days} simulated working day(s), seed {seed}",
        f"configured policy: {office.policy.strategy}",
        "",
        "Waits in minutes / waktu tunggu dalam menit",
    ]
    for run in runs:
        figures = run.figures
        lines += ["", f"== {run.policy} ==", _header()]
        lines.append(_row("all / semua", figures.overall))
        lines += [_row(f"class {name}", f) for name, f in figures.by_class.items()]
        lines += [_row(name, f) for name, f in figures.by_service.items()]
        utilisation = ", ".join(
            f"{n}: {share:.0%}" for n, share in figures.utilisation.items() if share is not None
        )
        lines += [
            f"tickets {figures.tickets}, no-shows {figures.no_shows}, "
            f"turned away {figures.turned_away}, unserved at closing {figures.unserved}",
            f"counter utilisation / utilisasi loket: {utilisation}",
            _estimate_line(run.estimate),
        ]
    return "\n".join(lines)


def _header() -> str:
    return f"{'':28} {'visits':>6} {'mean':>6} {'median':>6} {'p90':>6} {'in SLA':>7} {'max':>6}"


def _row(label: str, f: WaitFigures) -> str:
    share = f"{f.within_sla_share:.0%}" if f.within_sla_share is not None else "-"
    return (
        f"{label:28} {f.visits:>6} {_num(f.mean_min)} {_num(f.median_min)} {_num(f.p90_min)} "
        f"{share:>7} {_num(f.longest_min)}"
    )


def _num(value: float | None) -> str:
    return f"{value:>6.1f}" if value is not None else f"{'-':>6}"


def _estimate_line(e: EstimateFigures) -> str:
    if e.mae_min is None:
        return "wait estimate: no ticket was called"
    coverage = (
        f", range holds {e.range_coverage:.0%} of waits" if e.range_coverage is not None else ""
    )
    return (
        f"wait estimate / perkiraan tunggu: mean abs error {e.mae_min:.1f} min, naive "
        f"{e.naive_mae_min} ({e.ratio_naive}x), naive per queue {e.naive_per_queue_mae_min} "
        f"({e.ratio_naive_per_queue}x), bias {e.bias_min:+.1f}{coverage}"
    )
