"""How the offices page orders its table, and the region grid above it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hq_server.services.overview import OfficeNow

# sort key -> (the value, worst first?)
SORTS: dict[str, tuple[Callable[[OfficeNow], Any], bool]] = {
    "waiting": (lambda o: o.waiting, True),
    "longest": (lambda o: o.longest_wait_min, True),
    "sla": (lambda o: o.within_sla_share_today, False),
    "skm": (lambda o: o.skm_score_30d, False),
    "report": (lambda o: o.silent_min, True),
    "code": (lambda o: o.code, False),
}


def sort_offices(offices: list[OfficeNow], sort: str) -> list[OfficeNow]:
    """Worst first (most waiting, longest wait, lowest SLA share or SKM); offices without
    the figure last, then by code."""
    value, descending = SORTS.get(sort, SORTS["waiting"])
    known = [o for o in offices if value(o) is not None]
    unknown = [o for o in offices if value(o) is None]
    known.sort(key=lambda o: o.code)
    known.sort(key=value, reverse=descending)
    return known + sorted(unknown, key=lambda o: o.code)


@dataclass(frozen=True)
class RegionCard:
    region: str
    offices: int
    waiting: int
    longest_wait_min: int | None
    silent: int
    lowest_sla_share: float | None


def region_cards(offices: list[OfficeNow]) -> list[RegionCard]:
    cards = []
    for region in sorted({o.region for o in offices}):
        mine = [o for o in offices if o.region == region]
        longest = [o.longest_wait_min for o in mine if o.longest_wait_min is not None]
        shares = [o.within_sla_share_today for o in mine if o.within_sla_share_today is not None]
        cards.append(RegionCard(
            region=region, offices=len(mine), waiting=sum(o.waiting or 0 for o in mine),
            longest_wait_min=max(longest, default=None),
            silent=sum(1 for o in mine if o.silent_min is not None or o.last_report_at is None),
            lowest_sla_share=min(shares, default=None),
        ))  # fmt: skip
    return cards
