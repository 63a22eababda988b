"""Board state from event sequences, on a fake clock."""

from dataclasses import fields
from datetime import UTC, datetime, timedelta

from counter_display.core.board import Board, BoardFilter, BoardState, Call, ServiceLabel
from counter_display.core.clock_text import date_text, local_time, time_text
from queue_protocol import LocalizedText
from tests.unit.display import factories as f


def _board(clock: f.FakeClock, **kwargs: object) -> Board:
    board = Board(clock, highlight_seconds=10, recent_limit=3, **kwargs)  # type: ignore[arg-type]
    board.apply_snapshot(f.snapshot(1))
    return board


def test_board_call_shows_now_calling_highlighted_then_not() -> None:
    clock = f.FakeClock()
    board = _board(clock)
    calls = board.apply(f.called(2, "A012", 3))
    assert [(c.number, c.counter) for c in calls] == [("A012", 3)]
    state = board.state()
    assert state.now_calling is not None
    assert (state.now_calling.number, state.now_calling.counter) == ("A012", 3)
    assert state.highlighted
    clock.advance(9.9)
    assert board.state().highlighted
    clock.advance(0.2)
    assert not board.state().highlighted
    assert board.state().now_calling == state.now_calling


def test_board_call_sets_counter_current_number() -> None:
    board = _board(f.FakeClock())
    board.apply(f.called(2, "B004", 2, service="GP"))
    rows = {row.number: row.current for row in board.state().counters}
    assert rows[2] == "B004"
    assert rows[1] is None


def test_board_recent_newest_first_bounded_and_unique() -> None:
    board = _board(f.FakeClock())
    for seq, number in enumerate(["A001", "A002", "A003", "A004", "A005"], start=2):
        board.apply(f.called(seq, number, 1))
    state = board.state()
    assert state.now_calling is not None
    assert state.now_calling.number == "A005"
    assert [c.number for c in state.recent] == ["A004", "A003", "A002"]
    board.apply(f.called(9, "A003", 1, recall=True))
    state = board.state()
    assert state.now_calling is not None
    assert state.now_calling.number == "A003"
    assert [c.number for c in state.recent] == ["A005", "A004", "A002"]


def test_board_recall_announced_again_and_highlighted_again() -> None:
    clock = f.FakeClock()
    board = _board(clock)
    board.apply(f.called(2, "A012", 3))
    clock.advance(30)
    assert not board.state().highlighted
    calls = board.apply(f.called(3, "A012", 3, recall=True, at=clock.now))
    assert [(c.number, c.recall) for c in calls] == [("A012", True)]
    assert board.state().highlighted


def test_board_snapshot_replaces_counters_and_waiting() -> None:
    board = _board(f.FakeClock())
    board.apply(f.called(2, "A012", 3))
    board.apply(
        f.queue_changed(
            3,
            waiting={"PB": 7},
            counters=[f.counter_info(3, "A012"), f.counter_info(4, state="closed")],
        )
    )
    state = board.state()
    assert [(r.service, r.waiting) for r in state.waiting] == [("PB", 7)]
    assert [(r.number, r.open, r.current) for r in state.counters] == [
        (3, True, "A012"),
        (4, False, None),
    ]
    assert state.seq == 3
    assert state.now_calling is not None  # the call stays on screen


def test_board_filters_services_and_counters() -> None:
    board = _board(f.FakeClock(), board_filter=BoardFilter(frozenset({"PB"}), frozenset({1, 2})))
    assert board.apply(f.called(2, "B001", 1, service="GP")) == []
    assert board.apply(f.called(3, "A001", 5)) == []
    assert [c.number for c in board.apply(f.called(4, "A002", 2))] == ["A002"]
    state = board.state()
    assert [r.number for r in state.counters] == [1, 2]
    assert [r.service for r in state.waiting] == ["PB"]


def test_board_stale_replayed_call_listed_but_not_announced() -> None:
    clock = f.FakeClock(f.T0 + timedelta(minutes=30))
    board = _board(clock)
    assert board.apply(f.called(2, "A007", 4, at=f.T0)) == []
    state = board.state()
    assert state.now_calling is not None
    assert state.now_calling.number == "A007"
    assert not state.highlighted


def test_board_finished_ticket_leaves_its_counter() -> None:
    board = _board(f.FakeClock())
    board.apply(f.called(2, "A012", 3))
    board.apply(f.updated(3, "A012", "serving", counter=3))
    assert {r.number: r.current for r in board.state().counters}[3] == "A012"
    board.apply(f.updated(4, "A012", "done", counter=3))
    assert {r.number: r.current for r in board.state().counters}[3] is None


def test_board_announcements_appended_bounded_and_replaced_by_snapshot() -> None:
    board = Board(f.FakeClock(), announcement_limit=2)
    for seq, word in enumerate(["satu", "dua", "tiga", "tiga"], start=1):
        board.apply(f.announcement(seq, word, word))
    assert [a.id for a in board.state().announcements] == ["dua", "tiga"]
    board.apply(f.queue_changed(9))
    assert board.state().announcements == ()


def test_board_connection_state_keeps_last_state_and_notifies() -> None:
    board = _board(f.FakeClock())
    changes: list[bool] = []
    board.subscribe(lambda: changes.append(board.state().connected))
    board.apply(f.called(2, "A012", 3))
    board.set_connected(True)
    board.set_connected(True)  # no change, no notification
    board.set_connected(False)
    assert changes == [False, True, False]
    assert board.state().now_calling is not None


def test_board_state_holds_no_personal_fields() -> None:
    names = {field.name for cls in (BoardState, Call) for field in fields(cls)}
    assert not names & {"name", "passport", "booking_ref", "mrz", "status_url"}


def test_clock_text_indonesian_and_english_in_office_zone() -> None:
    now = datetime(2025, 12, 1, 17, 5, tzinfo=UTC)  # 00:05 Tuesday in Jakarta
    local = local_time(now, "Asia/Jakarta")
    assert time_text(local, "WIB") == "00:05 WIB"
    assert date_text(local) == "Selasa, 2 Desember 2025"
    assert date_text(local, "en") == "Tuesday, 2 December 2025"
    assert time_text(local_time(now, "Asia/Jayapura"), "WIT") == "02:05 WIT"
    assert date_text(local_time(datetime(2025, 8, 17, 3, tzinfo=UTC), "Asia/Makassar")) == (
        "Minggu, 17 Agustus 2025"
    )


def test_clock_text_indonesian_zone_names_and_unknown_zone() -> None:
    now = datetime(2025, 12, 1, 1, 0, tzinfo=UTC)
    assert time_text(local_time(now, "WITA"), "WITA") == "09:00 WITA"
    assert time_text(local_time(now, "wit"), "WIT") == "10:00 WIT"
    assert time_text(local_time(now, "Mars/Olympus"), "WIB") == "08:00 WIB"


def test_board_stages_summed_under_the_service_name_and_letter() -> None:
    board = Board(f.FakeClock())
    staged = f.snapshot(1, waiting={"PB": 2, "GP": 1}).model_copy(
        update={
            "services": [
                f.snapshot(1, waiting={"PB": 2})
                .services[0]
                .model_copy(update={"stage": stage, "name": LocalizedText(id=name, en=name)})
                for stage, name in (("berkas", "Pemeriksaan Berkas"), ("wawancara", "Foto"))
            ]
        }
    )
    board.apply_snapshot(staged)
    assert [(r.service, r.name.id, r.waiting) for r in board.state().waiting] == [
        ("PB", "Pemeriksaan Berkas", 4)
    ]
    board.set_service_labels({"PB": ServiceLabel("A", LocalizedText(id="Paspor Baru", en="New"))})
    row = board.state().waiting[0]
    assert (row.prefix, row.name.id, row.waiting) == ("A", "Paspor Baru", 4)
