"""The demo's simulated visitors at the kiosk: the feed's lines, and each visitor's steps."""

import json

from kiosk_app.core.events import (
    BookingCodeEntered,
    DonePressed,
    ModeChosen,
    PriorityChosen,
    ServiceChosen,
)
from kiosk_app.core.sim_visitors import MAX_LINE, FeedReader, SimVisitor, parse_visitor
from kiosk_app.core.state import Mode
from queue_protocol import PriorityGroup


def test_a_booked_visitor_scans_the_code_then_takes_the_ticket() -> None:
    visitor = parse_visitor(json.dumps({"booking": "1020304050607080"}))

    assert visitor == SimVisitor(booking="1020304050607080")
    assert visitor.steps() == [BookingCodeEntered("1020304050607080"), DonePressed()]


def test_a_walk_in_answers_the_priority_question_and_chooses_the_service() -> None:
    visitor = parse_visitor(json.dumps({"service": "PB", "priority": "lansia"}))

    assert visitor is not None
    assert visitor.steps() == [
        ModeChosen(Mode.WALK_IN),
        PriorityChosen(PriorityGroup.LANSIA),
        ServiceChosen("PB"),
        DonePressed(),
    ]
    plain = parse_visitor(json.dumps({"service": "GP", "priority": None}))
    assert plain is not None
    assert plain.steps()[1] == PriorityChosen(None)


def test_lines_that_are_no_visitor_are_skipped() -> None:
    for line in (
        "",
        "not json",
        "[1, 2]",
        json.dumps({"service": ""}),
        json.dumps({"service": "PB", "priority": "king"}),
        json.dumps({"booking": 7}),
        json.dumps({"booking": "1" * MAX_LINE}),
    ):
        assert parse_visitor(line) is None, line


def test_the_reader_takes_whole_lines_and_keeps_a_partial_one_for_later() -> None:
    reader = FeedReader()
    first = b'{"service": "PB"}\n{"booking": "11223'

    assert reader.take(first) == [SimVisitor(service="PB")]
    assert reader.offset == len(first)
    assert reader.take(b'34455667788"}\n') == [SimVisitor(booking="1122334455667788")]
    assert reader.take(b"") == []
