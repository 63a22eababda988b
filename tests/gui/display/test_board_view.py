"""The board's widgets render the board state: events in, text on screen; screenshots."""

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from counter_display.core.board import Board, OfficeHeader
from counter_display.ui.board_view import BoardView
from counter_display.ui.marquee import MarqueeWidget
from tests.unit.display import factories as f

OFFICE = OfficeHeader(name="Kantor Imigrasi Kelas I Khusus TPI Jakarta Selatan")


def _view(qtbot: QtBot, board: Board, clock: f.FakeClock, **kwargs: object) -> BoardView:
    view = BoardView(board, clock=clock, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.set_office(OFFICE)
    view.show()
    return view


def test_board_view_shows_call_counters_recent_and_waiting(qtbot: QtBot) -> None:
    clock = f.FakeClock()
    board = Board(clock)
    board.apply_snapshot(f.snapshot(1, waiting={"PB": 12, "GP": 4}))
    view = _view(qtbot, board, clock)
    assert view.now_calling.number_text() == "—"
    board.apply(f.called(2, "A012", 3))
    board.apply(f.called(3, "B004", 2, service="GP"))
    qtbot.waitUntil(lambda: view.now_calling.number_text() == "B004")
    assert view.now_calling.counter_text() == "2"
    assert view.recent.cell_texts() == ["A012", "LOKET 3"]
    counters = view.counters.cell_texts()
    assert counters[counters.index("LOKET 3") + 1] == "A012"
    assert counters[counters.index("LOKET 2") + 1] == "B004"
    assert view.waiting.cell_texts() == ["Paspor Baru", "12", "Penggantian Paspor", "4"]
    assert view.header.time_text() == "08:00 WIB"
    assert view.header.date_text() == "Senin, 1 Desember 2025"


def test_board_view_new_call_blinks_then_stops(qtbot: QtBot) -> None:
    clock = f.FakeClock()
    board = Board(clock, highlight_seconds=10)
    view = _view(qtbot, board, clock, blink_ms=20)
    board.apply(f.called(1, "A012", 3))
    qtbot.waitUntil(view.now_calling.is_flashing)
    qtbot.waitUntil(lambda: not view.now_calling.is_flashing())
    qtbot.waitUntil(view.now_calling.is_flashing)  # it blinks, on and off
    clock.advance(11)
    qtbot.wait(100)  # several blink periods on the real timer: it must stay steady now
    assert not view.now_calling.is_flashing()


def test_board_view_captions_alternate_languages(qtbot: QtBot) -> None:
    clock = f.FakeClock()
    board = f.busy_board(clock)
    view = _view(qtbot, board, clock, language_ms=30)
    qtbot.waitUntil(lambda: view.now_calling.caption_text() == "TICKET NUMBER")
    assert view.recent.title_text() == "PREVIOUS CALLS"
    assert "COUNTER 3" in view.recent.cell_texts()
    qtbot.waitUntil(lambda: view.now_calling.caption_text() == "NOMOR ANTREAN")


def test_board_view_single_language_never_alternates(qtbot: QtBot) -> None:
    clock = f.FakeClock()
    view = _view(qtbot, f.busy_board(clock), clock, languages=["id"], language_ms=10)
    qtbot.wait(60)
    assert view.now_calling.caption_text() == "NOMOR ANTREAN"


def test_board_view_reconnecting_mark_keeps_last_state(qtbot: QtBot) -> None:
    clock = f.FakeClock()
    board = f.busy_board(clock)
    view = _view(qtbot, board, clock, languages=["id"])
    assert view.header.status_text() is None
    board.set_connected(False)
    qtbot.waitUntil(lambda: view.header.status_text() == "menghubungkan ulang…")
    assert view.now_calling.number_text() == "A012"
    board.set_connected(True)
    qtbot.waitUntil(lambda: view.header.status_text() is None)


def test_board_view_running_text_scrolls(qtbot: QtBot) -> None:
    clock = f.FakeClock()
    view = _view(qtbot, f.busy_board(clock), clock)
    assert view.marquee.text().startswith("Loket prioritas untuk lansia")
    assert "The priority counter" in view.marquee.text()
    start = view.marquee.offset()
    qtbot.waitUntil(lambda: view.marquee.offset() < start - 10)


def test_board_view_without_announcements_welcomes(qtbot: QtBot) -> None:
    clock = f.FakeClock()
    view = _view(qtbot, Board(clock), clock, languages=["id", "en"])
    assert view.marquee.text() == (
        f"Selamat datang di {OFFICE.name}     •     Welcome to {OFFICE.name}"
    )


def test_board_view_long_number_fits(qtbot: QtBot) -> None:
    clock = f.FakeClock()
    board = Board(clock)
    view = _view(qtbot, board, clock)
    board.apply(f.called(1, "G10000", 8))
    qtbot.waitUntil(lambda: view.now_calling.number_text() == "G10000")
    assert view.now_calling.number_fits()


@pytest.mark.parametrize("layout", ["landscape", "portrait"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_board_view_screenshot(
    qtbot: QtBot, screenshot_dir: Path, layout: str, language: str
) -> None:
    clock = f.FakeClock()
    board = f.busy_board(clock)
    view = _view(qtbot, board, clock, layout=layout, languages=[language])
    if language == "en":
        board.set_connected(False)  # one shot shows the reconnecting mark
    qtbot.waitUntil(view.now_calling.is_flashing)
    width, height = (1920, 1080) if layout == "landscape" else (1080, 1920)
    assert (view.width(), view.height()) == (width, height)
    path = screenshot_dir / f"display_board_{layout}_{language}.png"
    assert view.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_board_view_shows_office_logo(qtbot: QtBot, tmp_path: Path) -> None:
    clock = f.FakeClock()
    view = _view(qtbot, Board(clock), clock)
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffd21f"))
    logo = tmp_path / "logo.png"
    assert image.save(str(logo))
    assert not view.header.has_logo()
    view.set_office(OfficeHeader(name="Kanim Depok", logo=logo.read_bytes()))
    assert view.header.has_logo()
    view.set_office(OfficeHeader(name="Kanim Depok", logo=b"not an image"))
    assert not view.header.has_logo()


MARKUP = '<b>Gangguan kiosk-1</b>: <font color="red">kertas habis</font> &amp; <img src="x.png">'
WITHOUT_MARKUP = "Gangguan kiosk-1: kertas habis & "


def test_marquee_draws_markup_as_its_characters(qtbot: QtBot) -> None:
    """Plain text: every ``<``, tag and entity of a kiosk's fault text is drawn, so the
    text is far wider than what rich text would leave of it."""
    marquee = MarqueeWidget()
    qtbot.addWidget(marquee)
    marquee.resize(1920, 80)
    marquee.set_text(WITHOUT_MARKUP)
    stripped = marquee.text_width()
    marquee.set_text(MARKUP)
    assert marquee.text() == MARKUP
    assert marquee.text_width() > 2 * stripped


def test_board_view_fault_text_with_markup_screenshot(qtbot: QtBot, screenshot_dir: Path) -> None:
    clock = f.FakeClock()
    board = Board(clock)
    board.apply_snapshot(f.snapshot(1, waiting={"PB": 3}))
    view = _view(qtbot, board, clock, languages=["id"], marquee_speed=3000.0)
    board.apply(f.called(2, "A012", 3))
    board.apply(f.announcement(3, MARKUP, MARKUP))
    qtbot.waitUntil(lambda: view.marquee.text() == MARKUP)
    qtbot.waitUntil(lambda: view.marquee.offset() < 60, timeout=5000)
    path = screenshot_dir / "display_board_fault_markup_plain.png"
    assert view.grab().save(str(path))
    assert path.stat().st_size > 10_000
