"""The simulator's ESC/POS decoder and its paper rendering."""

import itertools
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from hardware.printer.decoder import (
    DecodedTicket,
    EscposDecoder,
    RasterBlock,
    StatusRequest,
    Style,
    TextLine,
)
from hardware.printer.layout import render_ticket
from hardware.printer.paper import PaperWidth
from hardware.printer.receipt_image import decode_qr_codes, render_receipt, save_receipt
from tests.unit.hardware.printer_samples import sample_ticket

TICKET_BYTES = render_ticket(sample_ticket(), paper=PaperWidth.MM58)


def _events(*chunks: bytes) -> list[object]:
    decoder = EscposDecoder()
    events: list[object] = []
    for chunk in chunks:
        events += decoder.feed(chunk)
    return events


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=len(TICKET_BYTES) - 1), max_size=12))
def test_decoder_any_split_of_the_stream_gives_the_same_ticket(cuts: list[int]) -> None:
    bounds = [0, *sorted(set(cuts)), len(TICKET_BYTES)]
    chunks = [TICKET_BYTES[a:b] for a, b in itertools.pairwise(bounds)]

    [split] = _events(*chunks)
    [whole] = _events(TICKET_BYTES)

    assert isinstance(split, DecodedTicket)
    assert isinstance(whole, DecodedTicket)
    assert split.text == whole.text
    assert len(split.blocks) == len(whole.blocks)


def test_decoder_status_requests_come_in_stream_order() -> None:
    events = _events(b"\x10\x04\x01Hi\n\x1dV\x00\x10\x04\x04")

    assert events[0] == StatusRequest(1)
    assert isinstance(events[1], DecodedTicket)
    assert events[1].text == "Hi"
    assert events[2] == StatusRequest(4)


def test_decoder_tracks_size_bold_invert_and_alignment() -> None:
    [ticket] = _events(b"\x1ba\x01\x1d!\x55\x1bE\x01A012\n\x1b!\x00\x1dB\x01P\n\x1dV\x41\x03")

    assert isinstance(ticket, DecodedTicket)
    big, marker = ticket.blocks
    assert isinstance(big, TextLine)
    assert big.align == "center"
    assert big.runs[0].style == Style(width=6, height=6, bold=True, align="center")
    assert isinstance(marker, TextLine)
    assert marker.runs[0].style == Style(invert=True, align="center")


def test_decoder_reads_code_page_437_and_1252() -> None:
    [ticket] = _events(b"\x1bt\x00\xf1\x82\n\x1bt\x10\x80\n\x1dV\x00")

    assert isinstance(ticket, DecodedTicket)
    assert ticket.lines == ["±é", "€"]


def test_decoder_raster_image_keeps_its_pixels() -> None:
    # 16 x 2 dots: first row black on the left byte, second row black on the right byte
    [ticket] = _events(b"\x1dv0\x00\x02\x00\x02\x00\xff\x00\x00\xff\x1dV\x00")

    assert isinstance(ticket, DecodedTicket)
    [block] = ticket.blocks
    assert isinstance(block, RasterBlock)
    assert block.image.size == (16, 2)
    assert block.image.getpixel((0, 0)) == 0
    assert block.image.getpixel((15, 0)) == 255
    assert block.image.getpixel((15, 1)) == 0


def test_decoder_blank_job_and_feed_only_make_no_ticket() -> None:
    assert _events(b"\x1b@\n\n\x1bd\x06\x1dV\x00") == []


def test_decoder_unknown_command_is_listed_and_skipped() -> None:
    decoder = EscposDecoder()
    [ticket] = decoder.feed(b"\x1b\x7fOK\n\x1dV\x00")

    assert decoder.unknown == [b"\x1b\x7f"]
    assert isinstance(ticket, DecodedTicket)
    assert ticket.text == "OK"


def test_decoder_incomplete_raster_waits_for_the_rest() -> None:
    decoder = EscposDecoder()

    assert decoder.feed(b"\x1dv0\x00\x01\x00\x02\x00\xff") == []
    [ticket] = decoder.feed(b"\x00\x1dV\x00")
    assert isinstance(ticket, DecodedTicket)


@pytest.mark.parametrize("qr", ["image", "native"])
@pytest.mark.parametrize("paper", list(PaperWidth))
def test_receipt_png_qr_scans_back_to_status_url(
    tmp_path: Path, paper: PaperWidth, qr: str
) -> None:
    ticket = sample_ticket()
    [decoded] = _events(
        render_ticket(ticket, paper=paper, qr_mode="native" if qr == "native" else "image")
    )
    assert isinstance(decoded, DecodedTicket)

    path = save_receipt(decoded, tmp_path / "ticket.png", dots=paper.dots)

    with Image.open(path) as image:
        assert image.width == paper.dots + 32
        results = zxingcpp.read_barcodes(image)
    assert [result.text for result in results] == [ticket.status_url]
    assert decode_qr_codes(decoded, dots=paper.dots) == [ticket.status_url]


def test_receipt_big_number_is_drawn_six_times_font_size() -> None:
    [decoded] = _events(b"\x1d!\x55A\n\x1dV\x00")
    assert isinstance(decoded, DecodedTicket)

    image = render_receipt(decoded, dots=576)
    ink = image.point(lambda value: 255 if value < 128 else 0).getbbox()

    assert ink is not None
    left, top, right, bottom = ink
    assert 80 < bottom - top <= 144  # a 6x-high glyph in a 144-dot cell
    assert 30 < right - left <= 72
