"""Headquarters' figures: a merge of days is the figures of all their visits, percentiles
of a histogram are those of the values it stands for, and the SKM score is PermenPAN-RB's."""

import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hq_server.domain.admission import check_fresh
from hq_server.domain.errors import ClockSkewError
from hq_server.domain.figures import (
    SkmTally,
    Tally,
    Visit,
    bucket_percentile,
    merged,
    tally_by_queue,
    whole_minutes,
)
from queue_server.domain.skm import WeightMode, compute_skm

visits = st.lists(
    st.builds(
        Visit,
        queue=st.sampled_from(["AP", "PC/berkas", "PC/wawancara"]),
        outcome=st.sampled_from(["done", "no_show", "cancelled"]),
        wait_s=st.none() | st.integers(0, 6 * 3600),
        service_s=st.none() | st.integers(0, 3600),
        sla_min=st.none() | st.integers(1, 60),
    ),
    max_size=200,
)


@given(st.lists(st.integers(0, 400), min_size=1, max_size=300), st.sampled_from([10, 50, 90]))
def test_bucket_percentile_is_the_percentile_of_the_values(values: list[int], p: int) -> None:
    expected = (
        statistics.quantiles(values, n=100, method="inclusive")[p - 1]
        if len(values) > 1
        else values[0]
    )
    assert bucket_percentile(Counter(values), p) == pytest.approx(expected)


@given(visits, visits)
def test_merged_days_have_the_figures_of_all_their_visits(
    first: list[Visit], second: list[Visit]
) -> None:
    days = merged([merged(tally_by_queue(first).values()), merged(tally_by_queue(second).values())])
    together = merged(tally_by_queue(first + second).values())
    assert days == together
    assert Tally.from_json(days.to_json()) == days
    waits = [whole_minutes(v.wait_s) for v in first + second if v.wait_s is not None]
    assert days.wait_median == (statistics.median(waits) if waits else None)


answers = st.lists(
    st.dictionaries(st.integers(1, 9), st.integers(1, 4), min_size=1, max_size=9), max_size=40
)


@given(answers)
def test_skm_score_is_the_offices_own(responses: list[dict[int, int]]) -> None:
    skm = SkmTally()
    for response in responses:
        skm.add(response)
    office = compute_skm(responses, WeightMode.EXACT)
    assert skm.respondents == office.respondents
    assert skm.score == (office.score if responses else None)


def test_skm_score_is_the_mean_of_element_averages_times_25() -> None:
    skm = SkmTally()
    skm.add({1: 4, 2: 3})
    skm.add({1: 3})
    assert skm.score == 81.25  # elements 1 and 2 average 3.5 and 3.0


def test_a_message_ten_minutes_and_more_off_is_refused() -> None:
    now = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    check_fresh(now + timedelta(minutes=9), now)
    with pytest.raises(ClockSkewError, match="60 minutes off"):
        check_fresh(now + timedelta(hours=1), now)
