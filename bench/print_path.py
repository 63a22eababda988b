"""Ticket print path: render alone, and render + send to the TCP printer simulator.

Run: ``.venv/bin/python -m bench.print_path [--runs 500] [--paper 80] [--qr image]``

"send" is the real ``EscposTicketPrinter`` over ``tcp://`` on loopback: the status
check before (DLE EOT 1, 2, 4), the bytes, and the DLE EOT 1 after, which returns once
the simulator has taken in the whole ticket. The simulator saves no PNGs here.
"""

import argparse
import statistics
import time
from collections.abc import Callable

from hardware.printer import open_printer
from hardware.printer.fake import FakeNetworkPrinter
from hardware.printer.layout import render_ticket
from hardware.printer.paper import PaperWidth, parse_paper, parse_qr_mode
from tests.unit.hardware.printer_samples import sample_ticket


def _timings(runs: int, action: Callable[[int], object]) -> list[float]:
    samples = []
    for index in range(runs):
        started = time.perf_counter()
        action(index)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)]
    print(
        f"{name:<16} n={len(samples)}  p50 {statistics.median(samples):6.2f} ms"
        f"  p99 {p99:6.2f} ms  max {ordered[-1]:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--paper", type=parse_paper, default=PaperWidth.MM80)
    parser.add_argument("--qr", type=parse_qr_mode, default="image")
    args = parser.parse_args()
    # Different numbers each run so nothing can be cached between runs.
    tickets = [sample_ticket(number=f"A{index % 1000:03d}") for index in range(args.runs)]
    render_ticket(tickets[0], paper=args.paper, qr_mode=args.qr)  # warm imports
    print(f"paper {args.paper.value} mm, QR {args.qr}, {args.runs} runs")
    _report(
        "render",
        _timings(args.runs, lambda i: render_ticket(tickets[i], paper=args.paper, qr_mode=args.qr)),
    )
    with FakeNetworkPrinter(paper=args.paper) as fake:
        with open_printer(fake.url, paper=args.paper, qr_mode=args.qr) as printer:
            printer.print_ticket(tickets[0])  # warm the connection
            _report("render+send", _timings(args.runs, lambda i: printer.print_ticket(tickets[i])))
        assert fake.wait_for_tickets(args.runs + 1, 30), "the simulator lost tickets"


if __name__ == "__main__":
    main()
