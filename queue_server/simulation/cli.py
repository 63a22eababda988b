"""``antrean simulate``: office days played through the server's code, per call policy."""

import argparse
import json
import os
import sys
import tomllib
from pathlib import Path
from typing import Any

STRATEGIES = ("fifo", "sla_aware", "ordered")


def register(groups: dict[str, Any]) -> None:
    parser = groups[""].add_parser(
        "simulate",
        help="simulate office days and compare call policies / simulasi hari kantor",
        description="Play simulated office days through the server's own code (services, call "
        "policy, wait estimate, storage) on a database of their own, and print per policy the "
        "waits per class and service, the share within the SLA, no-shows, counter utilisation "
        "and the wait estimate's error.",
    )
    parser.add_argument("--config", type=Path, help="office.toml (default: the example office)")
    parser.add_argument(
        "--workload",
        type=Path,
        help="workload.toml: visitors per service, hourly profile, shifts (default: derived "
        "from the office)",
    )
    parser.add_argument("--days", type=int, default=5, help="working days to simulate")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same days")
    parser.add_argument(
        "--policy",
        action="append",
        choices=STRATEGIES,
        help="a call policy to run (repeat for several; default: all three)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run_simulate)


def run_simulate(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from queue_server.config import (
        EXAMPLE_OFFICE,
        ConfigError,
        describe_validation_error,
        load_office,
    )
    from queue_server.simulation.comparison import compare_policies
    from queue_server.simulation.report import as_json, as_text
    from queue_server.simulation.workload import derive_workload

    if not 1 <= args.days <= 366:
        return _fail("--days must be between 1 and 366")
    given: dict[str, object] | None = None
    try:
        office = load_office(args.config or EXAMPLE_OFFICE)
        given = _read_workload(args.workload) if args.workload else None
        workload = derive_workload(office, given)
    except ConfigError as error:
        return _fail(str(error))
    except ValidationError as error:
        return _fail(describe_validation_error(args.workload, error, given))
    policies = list(dict.fromkeys(args.policy or STRATEGIES))
    runs = compare_policies(
        office,
        workload,
        days=args.days,
        seed=args.seed,
        policies=policies,
        workers=os.cpu_count() or 1,
    )
    if args.json:
        print(json.dumps(as_json(office, runs), indent=2, ensure_ascii=False))
    else:
        print(as_text(office, runs, days=args.days, seed=args.seed))
    return 0


def _read_workload(path: Path) -> dict[str, object]:
    from queue_server.config import ConfigError

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def _fail(message: str) -> int:
    print(f"antrean simulate: {message}", file=sys.stderr)
    return 2
