"""A ``TicketView`` rendered once into ESC/POS bytes; any transport then moves them.

Invariants:
- The same ticket, paper and QR mode always give the same bytes (golden tests).
- Text is limited to code page 437, selected explicitly with ``ESC t 0``: a character
  outside it is transliterated with ``anyascii``, so MagicEncode never switches code
  pages and never sends GB18030 (which prints garbage on Epson-mode printers).
- No ``buzzer()``: ``ESC B`` is not an Epson command.
"""

import copy
import textwrap
import unicodedata
from datetime import datetime

import qrcode
from anyascii import anyascii
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from hardware.printer.base import TicketView
from hardware.printer.paper import PaperWidth, QrMode
from queue_protocol.training import TRAINING_MARK

PROFILE = "TM-T20II"  # Epson, 576 dots, GS ( k and full cut; 58 mm narrows its media width
CODE_PAGE = "CP437"
_NUMBER_MAX_SIZE = 6
_QR_MODULE_DOTS = {PaperWidth.MM58: 6, PaperWidth.MM80: 8}


def printable(text: str) -> str:
    """``text`` reduced to what code page 437 prints: other characters transliterated.

    Control characters become spaces; ``±`` and ``é`` stay; ``中`` becomes ``Zhong``.
    """
    out: list[str] = []
    for char in text:
        if unicodedata.category(char) == "Cc":
            out.append(" ")
        elif char.isascii() or _in_code_page(char):
            out.append(char)
        else:
            out.append(anyascii(char))
    return "".join(out)


def _in_code_page(char: str) -> bool:
    try:
        char.encode(CODE_PAGE)
    except UnicodeEncodeError:
        return False
    return True


def render_ticket(
    ticket: TicketView, *, paper: PaperWidth = PaperWidth.MM80, qr_mode: QrMode = "image"
) -> bytes:
    """The ESC/POS bytes of ``ticket``: initialise, print, feed and cut.

    Args:
        ticket: what to print.
        paper: the roll width; 58 mm gets 32 columns, 80 mm 48.
        qr_mode: ``image`` (raster, default) or ``native`` (``GS ( k``).

    Returns:
        The bytes to send, starting with ``ESC @`` and ending with ``GS V``.
    """
    printer = _dummy(paper)
    printer.hw("INIT")
    printer.charcode(CODE_PAGE)
    _training_mark(printer, ticket, paper)
    _header(printer, ticket, paper)
    _number(printer, ticket, paper)
    _service(printer, ticket, paper)
    _wait(printer, ticket, paper)
    _status_qr(printer, ticket.status_url, paper, qr_mode)
    _footer(printer, ticket, paper)
    _training_mark(printer, ticket, paper)
    printer.cut()
    return bytes(printer.output)


def _dummy(paper: PaperWidth) -> Dummy:
    printer = Dummy(profile=PROFILE)
    # The profile object is shared and cached by escpos: change a copy, on this instance.
    data = copy.deepcopy(printer.profile.profile_data)
    data["media"]["width"]["pixels"] = paper.dots
    printer.profile.profile_data = data
    return printer


def _lines(printer: Dummy, text: str, columns: int) -> None:
    for line in textwrap.wrap(printable(text), width=columns) or [""]:
        printer.text(line + "\n")


def _rule(printer: Dummy, paper: PaperWidth) -> None:
    printer.set(align="center", normal_textsize=True, bold=False)
    printer.text("-" * paper.columns + "\n")


def _training_mark(printer: Dummy, ticket: TicketView, paper: PaperWidth) -> None:
    """A training office's ticket says so, inverted, so nobody takes it for a real one."""
    if not ticket.training:
        return
    printer.set(align="center", bold=True, invert=True, double_height=True)
    printer.text(f" {TRAINING_MARK} \n")  # 22 columns: fits the narrowest paper
    printer.set(align="center", normal_textsize=True, bold=False, invert=False)


def _header(printer: Dummy, ticket: TicketView, paper: PaperWidth) -> None:
    printer.set(align="center", bold=True, double_height=True)
    _lines(printer, ticket.office_name, paper.columns)
    printer.set(align="center", normal_textsize=True, bold=False)
    _lines(printer, issued_text(ticket.issued_at), paper.columns)
    _rule(printer, paper)
    printer.set(align="center", bold=True)
    _lines(printer, "NOMOR ANTREAN / QUEUE NUMBER", paper.columns)


def _number(printer: Dummy, ticket: TicketView, paper: PaperWidth) -> None:
    number = printable(ticket.number).strip() or "?"
    size = max(1, min(_NUMBER_MAX_SIZE, paper.columns // len(number)))
    printer.set(align="center", bold=True, custom_size=True, width=size, height=size)
    printer.text(number + "\n")
    printer.set(align="center", normal_textsize=True, bold=False)
    if ticket.priority:
        printer.set(align="center", bold=True, invert=True, double_height=True)
        printer.text(" PRIORITAS / PRIORITY \n")
        printer.set(align="center", normal_textsize=True, bold=False, invert=False)


def _service(printer: Dummy, ticket: TicketView, paper: PaperWidth) -> None:
    printer.set(align="center", bold=True, double_height=True)
    _lines(printer, ticket.service_id, paper.columns)
    printer.set(align="center", normal_textsize=True, bold=False)
    _lines(printer, ticket.service_en, paper.columns)
    if ticket.stage_id or ticket.stage_en:
        stage_id = ticket.stage_id or ticket.stage_en or ""
        stage_en = ticket.stage_en or stage_id
        _lines(printer, f"Tahap: {stage_id}", paper.columns)
        _lines(printer, f"Stage: {stage_en}", paper.columns)
    _rule(printer, paper)


def _wait(printer: Dummy, ticket: TicketView, paper: PaperWidth) -> None:
    ahead = ticket.people_ahead
    minutes = ticket.estimated_wait_min
    _lines(printer, f"Di depan Anda: {ahead} orang", paper.columns)
    _lines(printer, f"People ahead: {ahead}", paper.columns)
    if minutes <= 0:
        _lines(printer, "Perkiraan tunggu: segera", paper.columns)
        _lines(printer, "Estimated wait: soon", paper.columns)
    elif ticket.wait_range_min is not None:
        low, high = ticket.wait_range_min
        _lines(printer, f"Perkiraan tunggu: {low}-{high} menit", paper.columns)
        _lines(printer, f"Estimated wait: {low}-{high} min", paper.columns)
    else:
        _lines(printer, f"Perkiraan tunggu: ±{minutes} menit", paper.columns)
        _lines(printer, f"Estimated wait: about {minutes} min", paper.columns)


def issued_text(issued_at: datetime) -> str:
    """``"15-01-2026 09:30 WIB"``: the date and time as the office's clock shows them."""
    zone = issued_at.tzname() or ""
    return f"{issued_at:%d-%m-%Y %H:%M} {zone}".strip()


def qr_module_dots(url: str, paper: PaperWidth) -> int:
    """Dots per QR module: the paper's preferred size, smaller if the code would not fit."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
    code.add_data(url)
    modules = 4 * code.best_fit() + 17  # the version alone: no need to draw the code twice
    fitting: int = paper.dots // (modules + 2)
    return max(1, min(_QR_MODULE_DOTS[paper], fitting))


def _status_qr(printer: Dummy, url: str, paper: PaperWidth, qr_mode: QrMode) -> None:
    if not url:
        return
    printer.set(align="center", normal_textsize=True, bold=False)
    printer.text("\n")
    _lines(printer, "Pindai untuk memantau antrean", paper.columns)
    _lines(printer, "Scan to follow your ticket", paper.columns)
    size = qr_module_dots(url, paper)
    if qr_mode == "native":
        printer.text("\n")
        printer.qr(url, ec=QR_ECLEVEL_M, size=size, native=True)
        printer.text("\n")
    else:
        printer.qr(url, ec=QR_ECLEVEL_M, size=size, native=False, center=True)


def _footer(printer: Dummy, ticket: TicketView, paper: PaperWidth) -> None:
    printer.set(align="center", normal_textsize=True, bold=False)
    _lines(printer, ticket.footer_id, paper.columns)
    _lines(printer, ticket.footer_en, paper.columns)
