"""SKM/IKM: the community satisfaction index of PermenPAN-RB 14/2017.

Formula (research/domain.md section 4):

- NRR_i = sum of the answers to element i / number of respondents who answered
  element i ("per unsur yang terisi": a skipped question is neither a 0 nor a
  respondent for that element).
- index = sum over the elements of NRR_i x weight. The weight is "jumlah bobot
  / jumlah unsur": 1/9 ("exact") or the regulation's printed 0.11 ("rounded",
  which caps a perfect survey at 99.00: the rounding trap). Our reading of
  "total unsur yang terisi": an element that NOBODY answered is left out and
  its weight re-spread over the k answered elements (1/k exact, 0.11 x 9/k
  rounded), so an unasked question cannot drag the grade down.
- score = index x 25 (maps 1-4 to 25-100), rounded half-up to 2 decimals; the
  grade is read off the rounded score: A >= 88.31 Sangat baik, B >= 76.61
  Baik, C >= 65.00 Kurang baik, else D Tidak baik.

The sums are exact fractions, so a score on a grade boundary (88.305 by hand)
rounds the way a person with a calculator would, not the way binary floats do.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from queue_server.domain.errors import InvalidRequestError

ELEMENT_COUNT = 9
ANSWERS = range(1, 5)  # a=1 ... d=4


class WeightMode(StrEnum):
    EXACT = "exact"  # 1/9
    ROUNDED = "rounded"  # 0.11, as printed in the regulation's example


@dataclass(frozen=True)
class SkmElementDef:
    """One unsur: its number, names and the four answer labels (answer 1 first)."""

    number: int
    name_id: str
    name_en: str
    answers_id: tuple[str, str, str, str]
    answers_en: tuple[str, str, str, str]


ELEMENTS: tuple[SkmElementDef, ...] = (
    SkmElementDef(
        1,
        "Persyaratan",
        "Requirements",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not suitable", "Less suitable", "Suitable", "Very suitable"),
    ),
    SkmElementDef(
        2,
        "Sistem, mekanisme dan prosedur",
        "Procedure",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        ("Not easy", "Less easy", "Easy", "Very easy"),
    ),
    SkmElementDef(
        3,
        "Waktu penyelesaian",
        "Completion time",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        ("Not fast", "Less fast", "Fast", "Very fast"),
    ),
    SkmElementDef(
        4,
        "Biaya/tarif",
        "Fees",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        ("Very expensive", "Rather expensive", "Cheap", "Free"),
    ),
    SkmElementDef(
        5,
        "Produk spesifikasi jenis pelayanan",
        "Service product",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not suitable", "Less suitable", "Suitable", "Very suitable"),
    ),
    SkmElementDef(
        6,
        "Kompetensi pelaksana",
        "Officer competence",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        ("Not competent", "Less competent", "Competent", "Very competent"),
    ),
    SkmElementDef(
        7,
        "Perilaku pelaksana",
        "Officer conduct",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
        (
            "Not polite and friendly",
            "Less polite and friendly",
            "Polite and friendly",
            "Very polite and friendly",
        ),
    ),
    SkmElementDef(
        8,
        "Sarana dan prasarana",
        "Facilities",
        ("Buruk", "Cukup", "Baik", "Sangat Baik"),
        ("Poor", "Fair", "Good", "Very good"),
    ),
    SkmElementDef(
        9,
        "Penanganan pengaduan, saran dan masukan",
        "Complaint handling",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
        ("None", "Exists but does not work", "Works, not fully", "Well managed"),
    ),
)

GRADES: tuple[tuple[float, str, str, str], ...] = (
    (88.31, "A", "Sangat baik", "Very good"),
    (76.61, "B", "Baik", "Good"),
    (65.00, "C", "Kurang baik", "Poor"),
    (0.0, "D", "Tidak baik", "Bad"),
)
NO_DATA = ("-", "Belum ada data", "No data yet")


@dataclass(frozen=True)
class SkmReport:
    """An SKM result; ``nrr[i]`` is element ``i + 1``'s average (None if nobody answered)."""

    respondents: int
    nrr: tuple[float | None, ...]
    index: float
    score: float
    grade: str
    label_id: str
    label_en: str
    weight_mode: WeightMode


def weight(mode: WeightMode, answered_elements: int = ELEMENT_COUNT) -> Fraction:
    """The weight of one answered element when ``answered_elements`` have answers."""
    if not 1 <= answered_elements <= ELEMENT_COUNT:
        raise ValueError("answered_elements must be 1-9")
    total = Fraction(99, 100) if mode == WeightMode.ROUNDED else Fraction(1)
    return total / answered_elements


def grade_of(score: float) -> tuple[str, str, str]:
    """``(grade, label_id, label_en)`` for a converted score (rounded to 2 decimals first)."""
    rounded = round(score, 2)
    return next(g[1:] for g in GRADES if rounded >= g[0] - 1e-9)


@dataclass(frozen=True)
class SkmTally:
    """All an SKM result needs of a set of responses: how many answered anything, and each
    element's sum and number of answers. Tallies add, so a database can sum them."""

    respondents: int = 0
    sums: tuple[int, ...] = (0,) * ELEMENT_COUNT
    counts: tuple[int, ...] = (0,) * ELEMENT_COUNT

    def __add__(self, other: "SkmTally") -> "SkmTally":
        return SkmTally(
            self.respondents + other.respondents,
            tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
            tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),
        )

    @classmethod
    def of(cls, responses: Sequence[Mapping[int, int]]) -> "SkmTally":
        """The tally of responses (element 1-9 -> answer 1-4; skipped = missing).

        Raises:
            InvalidRequestError: an element outside 1-9 or an answer outside 1-4.
        """
        sums = [0] * ELEMENT_COUNT
        counts = [0] * ELEMENT_COUNT
        respondents = 0
        for response in responses:
            for element, answer in response.items():
                _check(element, answer)
                sums[element - 1] += answer
                counts[element - 1] += 1
            respondents += bool(response)
        return cls(respondents, tuple(sums), tuple(counts))


def compute_skm(responses: Sequence[Mapping[int, int]], weight_mode: WeightMode) -> SkmReport:
    """The SKM report of a set of responses (element 1-9 -> answer 1-4; skipped = missing).

    Raises:
        InvalidRequestError: an element outside 1-9 or an answer outside 1-4.
    """
    return skm_of(SkmTally.of(responses), weight_mode)


def skm_of(tally: SkmTally, weight_mode: WeightMode) -> SkmReport:
    """The SKM report of a tally. A respondent counts if they answered at least one
    element. With no answers at all the index and score are 0 and the grade is ``"-"``
    ("no data yet")."""
    pairs = list(zip(tally.sums, tally.counts, strict=True))
    averages = [Fraction(s, c) for s, c in pairs if c]
    nrr = tuple(s / c if c else None for s, c in pairs)
    if not averages:
        return SkmReport(tally.respondents, nrr, 0.0, 0.0, *NO_DATA, weight_mode)
    index = sum(averages, Fraction(0)) * weight(weight_mode, len(averages))
    score = float(_round_half_up(index * 25))
    return SkmReport(
        tally.respondents, nrr, float(index), score, *grade_of(score), weight_mode=weight_mode
    )


def _check(element: int, answer: int) -> None:
    if not 1 <= element <= ELEMENT_COUNT or answer not in ANSWERS:
        raise InvalidRequestError(
            message_en=f"SKM answers are elements 1-9 rated 1-4; got element {element} = {answer}.",
            message_id=f"Jawaban SKM adalah unsur 1-9 dengan nilai 1-4; diterima unsur {element} "
            f"= {answer}.",
        )


def _round_half_up(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
