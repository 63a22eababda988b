"""The office-day simulator: the real services on a simulated clock, the same day for a seed."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from queue_server.config import EXAMPLE_OFFICE, load_office
from queue_server.simulation.comparison import compare_policies, plan_days
from queue_server.simulation.workload import derive_workload

# A simulated office day is a few hundred visitors through the real services: seconds
# on a quiet machine, minutes on a loaded one.
pytestmark = pytest.mark.timeout(900)


def test_plan_days_same_seed_same_visitors() -> None:
    office = load_office(EXAMPLE_OFFICE)
    workload = derive_workload(office)
    first = plan_days(office, workload, 2, seed=7)
    assert first == plan_days(office, workload, 2, seed=7)
    assert first != plan_days(office, workload, 2, seed=8)
    assert len(first[0].visitors) > 100


def test_simulation_same_seed_same_figures() -> None:
    office = load_office(EXAMPLE_OFFICE)
    workload = derive_workload(office)
    runs = [compare_policies(office, workload, days=1, seed=3, policies=["fifo"]) for _ in range(2)]
    assert runs[0] == runs[1]
    fifo = runs[0][0]
    assert fifo.policy == "fifo"
    assert fifo.figures.tickets > 100
    assert fifo.figures.overall.visits > fifo.figures.tickets  # stages visited one by one
    assert fifo.estimate.tickets > 100
    assert fifo.estimate.mae_min is not None


def test_simulate_command_prints_policies_as_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "antrean", "simulate", "--days", "1", "--seed", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(done.stdout)
    assert set(report["policies"]) == {"fifo", "sla_aware", "ordered"}
    for figures in report["policies"].values():
        assert 0 <= figures["within_sla_share"] <= 1
        assert figures["p90_wait_min"] >= figures["median_wait_min"]
    estimate = report["estimate"]
    assert estimate["policy"] == "sla_aware"
    assert estimate["mae_min"] >= 0
    assert estimate["naive_mae_min"] > 0


def test_simulate_command_bad_days_refused() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "antrean", "simulate", "--days", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--days" in done.stderr


def test_simulate_command_broken_workload_names_key(tmp_path: Path) -> None:
    workload = tmp_path / "workload.toml"
    workload.write_text("no_show_share = 3\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "antrean", "simulate", "--workload", str(workload)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert f"{workload}: 1 problem(s)" in done.stderr
    assert "no_show_share" in done.stderr
