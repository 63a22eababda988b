"""SKM/IKM per PermenPAN-RB 14/2017."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queue_server.domain.errors import InvalidRequestError
from queue_server.domain.skm import ELEMENTS, SkmTally, WeightMode, compute_skm, grade_of, skm_of


def test_elements_nine_with_bilingual_names_and_four_answers() -> None:
    assert [e.number for e in ELEMENTS] == list(range(1, 10))
    assert ELEMENTS[0].name_id == "Persyaratan"
    assert ELEMENTS[3].answers_id == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    for element in ELEMENTS:
        assert element.name_en
        assert len(element.answers_id) == len(element.answers_en) == 4
        assert all(element.answers_en)


def test_compute_skm_hand_computed_example() -> None:
    # Three respondents; the third skipped element 9.
    responses = [
        {1: 4, 2: 3, 3: 3, 4: 4, 5: 3, 6: 4, 7: 4, 8: 3, 9: 3},
        {1: 3, 2: 3, 3: 2, 4: 4, 5: 3, 6: 3, 7: 4, 8: 3, 9: 4},
        {1: 4, 2: 4, 3: 3, 4: 4, 5: 4, 6: 4, 7: 4, 8: 3},
    ]
    # NRR (sum / respondents who answered that element):
    #   U1 11/3  U2 10/3  U3 8/3  U4 12/3=4  U5 10/3  U6 11/3  U7 4  U8 3  U9 7/2 (2 answered)
    # sum = (11 + 10 + 8 + 12 + 10 + 11 + 12 + 9) / 3 + 3.5 = 83/3 + 3.5 = 31.1667
    # exact:   index = 31.1667 / 9 = 3.46296;  score = 86.574 -> 86.57 -> B Baik
    # rounded: index = 31.1667 x 0.11 = 3.42833; score = 85.708 -> 85.71 -> B Baik
    exact = compute_skm(responses, WeightMode.EXACT)
    assert exact.respondents == 3
    assert exact.nrr[0] == pytest.approx(11 / 3)
    assert exact.nrr[8] == pytest.approx(3.5)
    assert exact.index == pytest.approx(3.46296, abs=1e-5)
    assert (exact.score, exact.grade, exact.label_id, exact.label_en) == (
        86.57, "B", "Baik", "Good"
    )  # fmt: skip
    rounded = compute_skm(responses, WeightMode.ROUNDED)
    assert (rounded.score, rounded.grade, rounded.weight_mode) == (85.71, "B", WeightMode.ROUNDED)


def test_compute_skm_all_fours_rounding_trap() -> None:
    perfect = [dict.fromkeys(range(1, 10), 4)] * 5
    assert compute_skm(perfect, WeightMode.EXACT).score == 100.00
    assert compute_skm(perfect, WeightMode.ROUNDED).score == 99.00


def test_compute_skm_element_nobody_answered_weight_respread() -> None:
    # Element 9 never asked: the eight answered elements share the whole weight.
    responses = [dict.fromkeys(range(1, 9), 4)] * 3
    report = compute_skm(responses, WeightMode.EXACT)
    assert report.nrr[8] is None
    assert (report.score, report.grade) == (100.0, "A")
    assert compute_skm(responses, WeightMode.ROUNDED).score == 99.0


def test_compute_skm_boundary_score_rounds_half_up_exactly() -> None:
    # 2661 respondents answer 4 everywhere and 2339 answer 3: every NRR is 17661/5000 =
    # 3.5322, the index 3.5322 and the score 88.305 exactly -> 88.31 -> A. Summing floats
    # and multiplying by 1/9 gives 88.30499999999999 -> 88.30 -> B instead.
    responses = [dict.fromkeys(range(1, 10), 4)] * 2661 + [dict.fromkeys(range(1, 10), 3)] * 2339
    report = compute_skm(responses, WeightMode.EXACT)
    assert report.nrr == (3.5322,) * 9
    assert (report.score, report.grade) == (88.31, "A")


@pytest.mark.parametrize(
    ("score", "grade", "label"),
    [
        (100.0, "A", "Sangat baik"),
        (88.31, "A", "Sangat baik"),
        (88.30, "B", "Baik"),
        (76.61, "B", "Baik"),
        (76.60, "C", "Kurang baik"),
        (65.00, "C", "Kurang baik"),
        (64.99, "D", "Tidak baik"),
        (25.00, "D", "Tidak baik"),
    ],
)
def test_grade_of_boundaries(score: float, grade: str, label: str) -> None:
    assert grade_of(score)[:2] == (grade, label)


def test_compute_skm_no_responses_no_grade() -> None:
    report = compute_skm([], WeightMode.EXACT)
    assert (report.respondents, report.score, report.grade) == (0, 0.0, "-")
    assert report.nrr == (None,) * 9


def test_compute_skm_empty_response_not_a_respondent() -> None:
    assert compute_skm([{}, {1: 3}], WeightMode.EXACT).respondents == 1


@pytest.mark.parametrize("response", [{0: 3}, {10: 3}, {1: 0}, {1: 5}])
def test_compute_skm_out_of_range_answer_raises(response: dict[int, int]) -> None:
    with pytest.raises(InvalidRequestError):
        compute_skm([response], WeightMode.EXACT)


responses_strategy = st.lists(
    st.dictionaries(st.integers(1, 9), st.integers(1, 4), min_size=1), min_size=1, max_size=12
)


@settings(max_examples=60)
@given(responses_strategy, st.sampled_from(list(WeightMode)))
def test_compute_skm_score_within_25_and_100(
    responses: list[dict[int, int]], mode: WeightMode
) -> None:
    report = compute_skm(responses, mode)
    assert 24.75 <= report.score <= 100.0
    assert report.grade == grade_of(report.score)[0]
    assert report.score == round(report.score, 2)


@settings(max_examples=60)
@given(responses_strategy, responses_strategy, st.sampled_from(list(WeightMode)))
def test_tallies_of_two_sets_add_up_to_the_tally_of_both(
    first: list[dict[int, int]], second: list[dict[int, int]], mode: WeightMode
) -> None:
    """What lets the database sum answers per day, counter or officer, and a report add
    the sums: the report of added tallies is the report of all the responses."""
    added = SkmTally.of(first) + SkmTally.of(second)
    assert added == SkmTally.of(first + second)
    assert skm_of(added, mode) == compute_skm(first + second, mode)
