"""An office's figures from its anonymous records: per day, per queue, merged over months.

A day's waits and service times are kept as histograms of whole minutes (a duration goes
to its nearest whole minute, as the office's own reports count it), so days merge into
months, regions and the nation without the visits themselves, and the median and the
90th percentile of any merge are exact to the minute. A wait within the SLA is one no
longer than the target the office had then (``sla_min`` of the record).

SKM: each element's average answer (NRR) over the respondents who answered it; the
score is the mean of the answered elements' NRR times 25 (PermenPAN-RB 14/2017, equal
weights), rounded to two decimals.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

SKM_ELEMENTS = 9
OUTCOMES = ("done", "no_show", "cancelled", "transferred")


def whole_minutes(seconds: float) -> int:
    return int(seconds / 60 + 0.5)


def queue_key(service: str, stage: str | None) -> str:
    """``"PB"`` or ``"PB/berkas"``, as the office names its queues."""
    return service if not stage else f"{service}/{stage}"


@dataclass(frozen=True)
class Visit:
    """What a day's figures need of one visit record."""

    queue: str
    outcome: str
    wait_s: int | None
    service_s: int | None
    sla_min: int | None


@dataclass
class Tally:
    """Counts and minute histograms of a set of visits, mergeable."""

    outcomes: Counter[str] = field(default_factory=Counter)
    waited: int = 0
    within: int = 0
    wait_hist: Counter[int] = field(default_factory=Counter)
    service_hist: Counter[int] = field(default_factory=Counter)

    def add_visit(self, visit: Visit) -> None:
        self.outcomes[visit.outcome] += 1
        if visit.wait_s is not None:
            self.waited += 1
            self.wait_hist[whole_minutes(visit.wait_s)] += 1
            if visit.sla_min is not None and visit.wait_s <= visit.sla_min * 60:
                self.within += 1
        if visit.service_s is not None and visit.outcome == "done":
            self.service_hist[whole_minutes(visit.service_s)] += 1

    def merge(self, other: "Tally") -> None:
        self.outcomes.update(other.outcomes)
        self.waited += other.waited
        self.within += other.within
        self.wait_hist.update(other.wait_hist)
        self.service_hist.update(other.service_hist)

    @property
    def visits(self) -> int:
        return sum(self.outcomes.values())

    @property
    def served(self) -> int:
        return self.outcomes["done"]

    @property
    def within_share(self) -> float | None:
        return self.within / self.waited if self.waited else None

    @property
    def wait_median(self) -> float | None:
        return bucket_percentile(self.wait_hist, 50)

    @property
    def wait_p90(self) -> float | None:
        return bucket_percentile(self.wait_hist, 90)

    @property
    def service_median(self) -> float | None:
        return bucket_percentile(self.service_hist, 50)

    def to_json(self) -> dict[str, object]:
        return {
            "outcomes": dict(self.outcomes),
            "waited": self.waited,
            "within": self.within,
            "wait_hist": {str(k): v for k, v in sorted(self.wait_hist.items())},
            "service_hist": {str(k): v for k, v in sorted(self.service_hist.items())},
        }

    @classmethod
    def from_json(
        cls, data: Mapping[str, object], *, waits: bool = True, services: bool = True
    ) -> "Tally":
        """The tally ``to_json`` wrote; without the histograms not asked for (the counts
        are cheap to read, a year of histograms is not)."""

        def counter(key: str, wanted: bool) -> Counter[int]:
            raw = data.get(key) if wanted else None
            if not raw:
                return Counter()
            assert isinstance(raw, dict)
            return Counter({int(k): v for k, v in raw.items()})

        outcomes = data.get("outcomes") or {}
        assert isinstance(outcomes, dict)
        return cls(
            outcomes=Counter(outcomes),
            waited=int(str(data.get("waited", 0))),
            within=int(str(data.get("within", 0))),
            wait_hist=counter("wait_hist", waits),
            service_hist=counter("service_hist", services),
        )


def tally_by_queue(visits: Iterable[Visit]) -> dict[str, Tally]:
    """One tally per queue (service, or stage of a staged service)."""
    tallies: dict[str, Tally] = {}
    for visit in visits:
        tallies.setdefault(visit.queue, Tally()).add_visit(visit)
    return tallies


def merged(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


def bucket_percentile(buckets: Mapping[int, int], p: float) -> float | None:
    """The ``p``-th percentile of the values a histogram {value: count} stands for, with
    type-7 interpolation at rank ``(n - 1) x p / 100`` (the office reports' definition)."""
    used = sorted((value, count) for value, count in buckets.items() if count > 0)
    total = sum(count for _, count in used)
    if not total:
        return None
    rank = (total - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    values: dict[int, float] = {}
    seen = 0
    for value, count in used:
        for position in (low, high):
            if seen <= position < seen + count:
                values[position] = float(value)
        seen += count
        if high in values:
            break
    return values[low] + (values[high] - values[low]) * (rank - low)


@dataclass
class SkmTally:
    """Sums and counts of answers per element (1-9), and how many answered."""

    respondents: int = 0
    sums: list[int] = field(default_factory=lambda: [0] * SKM_ELEMENTS)
    counts: list[int] = field(default_factory=lambda: [0] * SKM_ELEMENTS)

    def add(self, answers: Mapping[int, int]) -> None:
        if not answers:
            return
        self.respondents += 1
        for element, answer in answers.items():
            self.sums[element - 1] += answer
            self.counts[element - 1] += 1

    def merge(self, other: "SkmTally") -> None:
        self.respondents += other.respondents
        self.sums = [a + b for a, b in zip(self.sums, other.sums, strict=True)]
        self.counts = [a + b for a, b in zip(self.counts, other.counts, strict=True)]

    @property
    def score(self) -> float | None:
        """The SKM score (25-100), or None when nobody answered."""
        averages = [Fraction(s, c) for s, c in zip(self.sums, self.counts, strict=True) if c]
        if not averages:
            return None
        exact = sum(averages, Fraction(0)) / len(averages) * 25
        value = Decimal(exact.numerator) / Decimal(exact.denominator)
        return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    def to_json(self) -> dict[str, object]:
        return {"respondents": self.respondents, "sums": self.sums, "counts": self.counts}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> "SkmTally":
        sums, counts = data.get("sums"), data.get("counts")
        assert isinstance(sums, list)
        assert isinstance(counts, list)
        return cls(int(str(data.get("respondents", 0))), [int(x) for x in sums],
                   [int(x) for x in counts])  # fmt: skip
