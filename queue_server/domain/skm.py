"""SKM/IKM: the community satisfaction index of PermenPAN-RB 14/2017.

NRR per element = sum of its answers / number of respondents who answered it.
Index = sum over answered elements of NRR x weight, where the weight is 1/9
("exact") or the regulation's rounded 0.11 ("rounded"); an element nobody
answered contributes nothing and the weight is re-spread over the answered
elements ("total nilai persepsi per unsur / total unsur yang terisi x nilai
penimbang"). Score = index x 25 (1-4 mapped to 25-100), graded on the score
rounded to 2 decimals: A >= 88.31, B >= 76.61, C >= 65.00, else D.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

ELEMENT_COUNT = 9


class WeightMode(StrEnum):
    EXACT = "exact"  # 1/9
    ROUNDED = "rounded"  # 0.11, as printed in the regulation's example


@dataclass(frozen=True)
class SkmElementDef:
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


@dataclass(frozen=True)
class SkmReport:
    respondents: int
    nrr: tuple[float | None, ...]
    index: float
    score: float
    grade: str
    label_id: str
    label_en: str
    weight_mode: WeightMode


def weight(mode: WeightMode) -> float:
    return 0.11 if mode == WeightMode.ROUNDED else 1 / ELEMENT_COUNT


def grade_of(score: float) -> tuple[str, str, str]:
    rounded = round(score, 2)
    for floor, grade, label_id, label_en in GRADES:
        if rounded >= floor:
            return grade, label_id, label_en
    return GRADES[-1][1:]


def compute_skm(responses: Sequence[Mapping[int, int]], weight_mode: WeightMode) -> SkmReport:
    """The SKM report of a set of responses (element 1-9 -> answer 1-4; skipped = missing)."""
    sums = [0] * ELEMENT_COUNT
    counts = [0] * ELEMENT_COUNT
    respondents = 0
    for response in responses:
        answered = False
        for element, answer in response.items():
            if 1 <= element <= ELEMENT_COUNT and 1 <= answer <= 4:
                sums[element - 1] += answer
                counts[element - 1] += 1
                answered = True
        respondents += answered
    nrr = tuple(s / c if c else None for s, c in zip(sums, counts, strict=True))
    answered_nrr = [value for value in nrr if value is not None]
    if not answered_nrr:
        index = 0.0
    else:
        # Re-spread the weight when some element has no answers at all.
        scale = ELEMENT_COUNT / len(answered_nrr)
        index = sum(value * weight(weight_mode) * scale for value in answered_nrr)
    score = round(index * 25, 2)
    grade, label_id, label_en = (
        grade_of(score) if answered_nrr else ("-", "Belum ada data", "No data yet")
    )
    return SkmReport(
        respondents, nrr, round(index, 4), score, grade, label_id, label_en, weight_mode
    )
