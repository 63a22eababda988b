"""Wait estimates on simulated office days: ours against the naive estimates, per office.

Usage: .venv/bin/python bench/wait_estimate.py [--days 10] [--seed 2026] [OFFICE.toml ...]

Plays the days with ``antrean simulate``'s engine (the server's own services,
call policy, forecast and storage on a simulated clock), each office with its
configured policy and, when a ``NAME.workload.toml`` lies beside ``NAME.toml``,
that workload. For every ticket the estimate printed at issue time is compared
with the wait that followed (minutes from issue to the first call):

- naive: people in the queue x the mean of recent visits over all queues /
  counters open for the queue;
- naive per queue: the same with the queue's own learned mean;
- ours: the ticket's ``estimated_wait_min``.

Targets: ours at most 0.70x naive and 0.85x naive per queue on every office;
the printed range holds about 80 % of the waits. Without arguments: the example
office and every office in ``bench/offices/`` (none of which the estimate was
tuned on).
"""

import argparse
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from queue_server.config import EXAMPLE_OFFICE, load_office
from queue_server.simulation.comparison import compare_policies
from queue_server.simulation.workload import derive_workload

OFFICES = Path(__file__).resolve().parent / "offices"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("offices", nargs="*", type=Path)
    args = parser.parse_args()
    paths = args.offices or [
        EXAMPLE_OFFICE,
        *sorted(p for p in OFFICES.glob("*.toml") if not p.name.endswith(".workload.toml")),
    ]
    print(f"{args.days} simulated days per office, seed {args.seed}\n")
    print(
        "| office | policy | tickets | mean wait | ours MAE | naive MAE | naive per queue MAE "
        "| ours / naive | ours / per queue | bias | range holds | ranged |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for path in paths:
        office = load_office(path)
        workload_file = path.with_name(path.stem + ".workload.toml")
        given = tomllib.loads(workload_file.read_text()) if workload_file.is_file() else None
        started = time.perf_counter()
        (run,) = compare_policies(
            office,
            derive_workload(office, given),
            days=args.days,
            seed=args.seed,
            policies=[office.policy.strategy],
        )
        e = run.estimate
        coverage = f"{e.range_coverage:.0%}" if e.range_coverage is not None else "-"
        ranged = f"{e.ranged_share:.0%}" if e.ranged_share is not None else "-"
        print(
            f"| {office.office.id} | {run.policy} | {e.tickets} | {run.figures.overall.mean_min} "
            f"| {e.mae_min} | {e.naive_mae_min} | {e.naive_per_queue_mae_min} "
            f"| {e.ratio_naive} | {e.ratio_naive_per_queue} | {e.bias_min:+} | {coverage} "
            f"| {ranged} |",
            flush=True,
        )
        print(f"  ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
