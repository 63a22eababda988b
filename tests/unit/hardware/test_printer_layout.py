"""The ticket layout: golden bytes per paper and QR mode, and what the text may hold.

Regenerate the golden files after an intended layout change with
``ANTREAN_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest \
    tests/unit/hardware/test_printer_layout.py``
and look at the PNGs the simulator makes before committing them.
"""

import os
from pathlib import Path

import pytest

from hardware.printer.decoder import DecodedTicket, EscposDecoder
from hardware.printer.layout import issued_text, printable, qr_module_dots, render_ticket
from hardware.printer.paper import PaperWidth, QrMode
from tests.unit.hardware.printer_samples import sample_ticket

GOLDEN = Path(__file__).parent / "golden"
CASES = [(paper, qr) for paper in PaperWidth for qr in ("image", "native")]


def _decode(data: bytes) -> DecodedTicket:
    decoder = EscposDecoder()
    events = decoder.feed(data)
    assert decoder.unknown == []
    [ticket] = [event for event in events if isinstance(event, DecodedTicket)]
    return ticket


@pytest.mark.parametrize(("paper", "qr"), CASES, ids=[f"{p.value}mm-{q}" for p, q in CASES])
def test_render_ticket_matches_golden_bytes(paper: PaperWidth, qr: QrMode) -> None:
    data = render_ticket(sample_ticket(), paper=paper, qr_mode=qr)
    path = GOLDEN / f"ticket-{paper.value}mm-{qr}.bin"
    if os.environ.get("ANTREAN_REGENERATE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes()


def test_render_ticket_twice_gives_identical_bytes() -> None:
    assert render_ticket(sample_ticket()) == render_ticket(sample_ticket())


def test_render_ticket_frames_job_with_init_code_page_and_cut() -> None:
    data = render_ticket(sample_ticket())

    assert data.startswith(b"\x1b@\x1bt\x00")
    assert data.endswith(b"\x1dV\x00")
    assert b"\x1bB" not in data  # no buzzer: not an Epson command


@pytest.mark.parametrize("paper", list(PaperWidth))
def test_render_ticket_lines_fit_the_paper(paper: PaperWidth) -> None:
    decoded = _decode(render_ticket(sample_ticket(), paper=paper))

    assert all(len(line) <= paper.columns for line in decoded.lines)
    assert "A012" in decoded.lines
    assert " PRIORITAS / PRIORITY " in decoded.lines


def test_render_ticket_prints_both_languages_and_local_time() -> None:
    lines = _decode(render_ticket(sample_ticket())).lines

    for expected in (
        "NOMOR ANTREAN / QUEUE NUMBER",
        "Paspor Baru",
        "New Passport",
        "Tahap: Berkas",
        "Stage: Documents",
        "Di depan Anda: 5 orang",
        "People ahead: 5",
        "Perkiraan tunggu: ±15 menit",
        "Estimated wait: about 15 min",
        "15-01-2026 09:30 WIB",
        "Silakan menunggu nomor Anda dipanggil.",
        "Please wait until your number is called.",
    ):
        assert expected in lines


def test_render_ticket_regular_without_stage_has_no_marker_or_stage() -> None:
    text = _decode(render_ticket(sample_ticket(priority=False, stage_id=None, stage_en=None))).text

    assert "PRIORITAS" not in text
    assert "Tahap" not in text


def test_render_ticket_zero_wait_says_soon() -> None:
    lines = _decode(render_ticket(sample_ticket(estimated_wait_min=0))).lines

    assert "Perkiraan tunggu: segera" in lines
    assert "Estimated wait: soon" in lines


def test_render_ticket_wide_estimate_prints_its_range() -> None:
    lines = _decode(render_ticket(sample_ticket(wait_range_min=(10, 25)))).lines
    assert "Perkiraan tunggu: 10-25 menit" in lines
    assert "Estimated wait: 10-25 min" in lines
    assert not any("±" in line for line in lines)


def test_render_ticket_without_status_url_prints_no_qr() -> None:
    decoded = _decode(render_ticket(sample_ticket(status_url=""), qr_mode="native"))

    assert decoded.native_qr_codes == []
    assert "Scan to follow your ticket" not in decoded.lines


def test_render_ticket_native_qr_carries_status_url() -> None:
    decoded = _decode(render_ticket(sample_ticket(), qr_mode="native"))

    assert decoded.native_qr_codes == ["http://127.0.0.1:8000/t/Qx7fK2mPz9LrT4vWb8Yc"]


def test_render_ticket_cjk_office_name_is_transliterated_not_gb18030() -> None:
    data = render_ticket(sample_ticket(office_name="Kantor 中文 Müller – Café"))

    assert "中".encode("gb18030") not in data
    assert "Kantor ZhongWen Müller - Café" in _decode(data).lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paspor Baru", "Paspor Baru"),
        ("±15 menit", "±15 menit"),
        ("José Müller", "José Müller"),
        ("北京", "BeiJing"),
        ("Łódź – €5", "Lódz - EUR5"),
        ("a\tb\x07c", "a b c"),
    ],
)
def test_printable_keeps_code_page_437_and_transliterates_the_rest(
    text: str, expected: str
) -> None:
    assert printable(text) == expected
    printable(text).encode("cp437")


def test_qr_module_dots_shrinks_for_long_urls() -> None:
    long_url = "https://antrean.example.go.id/t/" + "x" * 400

    assert qr_module_dots("http://a/t/1", PaperWidth.MM80) == 8
    assert qr_module_dots(long_url, PaperWidth.MM58) < 6
    render_ticket(sample_ticket(status_url=long_url), paper=PaperWidth.MM58)


def test_issued_text_naive_time_has_no_zone() -> None:
    assert issued_text(sample_ticket().issued_at.replace(tzinfo=None)) == "15-01-2026 09:30"


def test_render_ticket_of_a_training_office_is_marked_at_top_and_bottom() -> None:
    from dataclasses import replace

    data = render_ticket(replace(sample_ticket(), training=True))
    path = GOLDEN / "ticket-80mm-image-training.bin"
    if os.environ.get("ANTREAN_REGENERATE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes()
    lines = [line for line in _decode(data).lines if line.strip()]
    assert lines[0] == lines[-1] == " PELATIHAN / TRAINING "
    assert lines[1:-1] == [
        line for line in _decode(render_ticket(sample_ticket())).lines if line.strip()
    ]
