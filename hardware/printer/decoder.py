"""A small incremental ESC/POS decoder: what a printer would put on paper.

It understands what our layout sends (and what python-escpos commonly sends): text in
code pages 437/850/1252, ``ESC @``, ``ESC t``, ``ESC !``, ``ESC E``, ``ESC -``,
``ESC a``, ``ESC d``, ``GS !``, ``GS B``, raster images ``GS v 0``, native QR codes
``GS ( k`` and cuts ``GS V``. Real-time ``DLE EOT n`` requests are reported in stream
order so the device can answer them. Other commands are skipped by their known length
and listed in ``unknown`` (a test can assert that list stays empty).

Bytes may arrive in any split (TCP chunks): an incomplete command waits for more.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PIL import Image

ESC, GS, DLE, FS = 0x1B, 0x1D, 0x10, 0x1C
_INVERT = bytes(255 - value for value in range(256))
_CODE_PAGES = {0: "cp437", 2: "cp850", 16: "cp1252"}
# Parameter bytes of commands we accept but do not model.
_ESC_SKIP = {
    ord(c): n
    for c, n in {"M": 1, "G": 1, "{": 1, "V": 1, "2": 0, "3": 1, " ": 1, "R": 1, "r": 1,
                 "=": 1, "$": 2, "\\": 2, "U": 1, "T": 1, "L": 0, "S": 0, "J": 1, "p": 3,
                 "B": 2, "c": 2, "%": 1}.items()
}  # fmt: skip
_GS_SKIP = {ord(c): n for c, n in {"L": 2, "W": 2, "h": 1, "w": 1, "H": 1, "f": 1, "b": 1,
                                    "P": 2, "a": 1, "I": 1, "r": 1}.items()}  # fmt: skip


@dataclass(frozen=True)
class Style:
    """Character style in effect: size multipliers 1-8, emphasis, reverse, alignment."""

    width: int = 1
    height: int = 1
    bold: bool = False
    underline: bool = False
    invert: bool = False
    align: str = "left"


@dataclass(frozen=True)
class TextRun:
    """Characters printed in one style."""

    text: str
    style: Style


@dataclass(frozen=True)
class TextLine:
    """One printed line of text (possibly empty: a blank line)."""

    runs: tuple[TextRun, ...]
    align: str

    @property
    def text(self) -> str:
        """The characters of the line."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class RasterBlock:
    """A ``GS v 0`` raster image (mode 1: black pixels are 0)."""

    image: Image.Image
    align: str


@dataclass(frozen=True)
class QrBlock:
    """A native ``GS ( k`` QR code as the printer would draw it."""

    data: str
    module_dots: int
    align: str


Block = TextLine | RasterBlock | QrBlock


@dataclass
class DecodedTicket:
    """What one job printed between the last cut (or start) and a cut."""

    blocks: list[Block] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """The text lines, in order (images left out)."""
        return [block.text for block in self.blocks if isinstance(block, TextLine)]

    @property
    def text(self) -> str:
        """The text lines joined with newlines, blank lines at either end removed."""
        return "\n".join(self.lines).strip("\n")

    @property
    def native_qr_codes(self) -> list[str]:
        """Data of the native QR codes printed."""
        return [block.data for block in self.blocks if isinstance(block, QrBlock)]


@dataclass(frozen=True)
class StatusRequest:
    """A ``DLE EOT n`` real-time status request."""

    n: int


Event = StatusRequest | DecodedTicket


class EscposDecoder:
    """Feed it bytes; it returns status requests and finished (cut) tickets in order."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._style = Style()
        self._encoding = "cp437"
        self._runs: list[TextRun] = []
        self._ticket = DecodedTicket()
        self._qr_size = 3
        self._qr_data = ""
        self._events: list[Event] = []
        self.unknown: list[bytes] = []

    def feed(self, data: bytes) -> list[Event]:
        """Decode ``data``; return the events it completed (incomplete bytes wait)."""
        self._buffer += data
        position = 0
        while position < len(self._buffer):
            used = self._step(position)
            if used is None:
                break
            position += used
        del self._buffer[:position]
        events, self._events = self._events, []
        return events

    def _step(self, i: int) -> int | None:
        byte = self._buffer[i]
        if byte == ESC:
            return self._esc(i)
        if byte == GS:
            return self._gs(i)
        if byte == DLE:
            return self._dle(i)
        if byte == FS:
            return 2 if self._need(i, 2) else None
        if byte == 0x0A:
            self._end_line()
        elif byte == 0x09:
            self._add_text(" ")
        elif byte >= 0x20:
            end = i
            while end < len(self._buffer) and self._buffer[end] >= 0x20:
                end += 1
            self._add_text(bytes(self._buffer[i:end]).decode(self._encoding, "replace"))
            return end - i
        return 1  # CR and other controls: nothing printed

    def _need(self, i: int, count: int) -> bool:
        return len(self._buffer) - i >= count

    def _esc(self, i: int) -> int | None:
        if not self._need(i, 2):
            return None
        command = self._buffer[i + 1]
        if command == ord("@"):
            self._style, self._encoding = Style(), "cp437"
            return 2
        handlers: dict[int, Callable[[int], None]] = {
            ord("t"): lambda n: setattr(self, "_encoding", _CODE_PAGES.get(n, "cp437")),
            ord("!"): self._print_mode,
            ord("E"): lambda n: self._restyle(bold=bool(n & 1)),
            ord("-"): lambda n: self._restyle(underline=bool(n & 3)),
            ord("a"): lambda n: self._restyle(align=("left", "center", "right")[n % 48 % 3]),
            ord("d"): self._feed_lines,
        }
        if command in handlers:
            if not self._need(i, 3):
                return None
            handlers[command](self._buffer[i + 2])
            return 3
        return self._skip(i, _ESC_SKIP.get(command))

    def _gs(self, i: int) -> int | None:
        if not self._need(i, 2):
            return None
        command = self._buffer[i + 1]
        if command == ord("v"):
            return self._raster(i)
        if command == ord("("):
            return self._function(i)
        if command == ord("V"):
            return self._cut(i)
        if command in (ord("!"), ord("B")):
            if not self._need(i, 3):
                return None
            n = self._buffer[i + 2]
            if command == ord("!"):
                self._restyle(width=(n >> 4 & 7) + 1, height=(n & 7) + 1)
            else:
                self._restyle(invert=bool(n & 1))
            return 3
        return self._skip(i, _GS_SKIP.get(command))

    def _dle(self, i: int) -> int | None:
        if not self._need(i, 3):
            return None
        if self._buffer[i + 1] == 0x04:
            self._events.append(StatusRequest(self._buffer[i + 2]))
        return 3

    def _skip(self, i: int, params: int | None) -> int | None:
        if params is None:
            self.unknown.append(bytes(self._buffer[i : i + 2]))
            return 2
        return 2 + params if self._need(i, 2 + params) else None

    def _restyle(self, **changes: object) -> None:
        self._style = replace(self._style, **changes)  # type: ignore[arg-type]

    def _print_mode(self, n: int) -> None:
        # ESC ! also sets the size: the last of ESC ! and GS ! wins.
        self._restyle(
            bold=bool(n & 8),
            height=2 if n & 16 else 1,
            width=2 if n & 32 else 1,
            underline=bool(n & 128),
        )

    def _add_text(self, text: str) -> None:
        self._runs.append(TextRun(text, self._style))

    def _end_line(self) -> None:
        align = self._runs[0].style.align if self._runs else self._style.align
        self._ticket.blocks.append(TextLine(tuple(self._runs), align))
        self._runs = []

    def _flush_line(self) -> None:
        if self._runs:
            self._end_line()

    def _feed_lines(self, n: int) -> None:
        self._flush_line()
        for _ in range(n):
            self._end_line()

    def _raster(self, i: int) -> int | None:
        if not self._need(i, 8):
            return None
        width_bytes = self._buffer[i + 4] | self._buffer[i + 5] << 8
        height = self._buffer[i + 6] | self._buffer[i + 7] << 8
        size = 8 + width_bytes * height
        if not self._need(i, size):
            return None
        bits = bytes(self._buffer[i + 8 : i + size])
        # ESC/POS: a set bit is a black dot; Pillow's mode "1" raw: a set bit is white.
        image = Image.frombytes("1", (width_bytes * 8, height), bits.translate(_INVERT))
        self._flush_line()
        self._ticket.blocks.append(RasterBlock(image, self._style.align))
        return size

    def _function(self, i: int) -> int | None:
        if not self._need(i, 5):
            return None
        length = self._buffer[i + 3] | self._buffer[i + 4] << 8
        if not self._need(i, 5 + length):
            return None
        body = bytes(self._buffer[i + 5 : i + 5 + length])
        if self._buffer[i + 2] == ord("k") and len(body) >= 2 and body[0] == 0x31:
            self._qr_function(body[1], body[2:])
        return 5 + length

    def _qr_function(self, function: int, args: bytes) -> None:
        if function == 67 and args:
            self._qr_size = args[0]
        elif function == 80:
            self._qr_data = args[1:].decode("utf-8", "replace")
        elif function == 81:
            self._flush_line()
            self._ticket.blocks.append(QrBlock(self._qr_data, self._qr_size, self._style.align))

    def _cut(self, i: int) -> int | None:
        if not self._need(i, 3):
            return None
        mode = self._buffer[i + 2]
        size = 4 if mode >= 65 else 3
        if not self._need(i, size):
            return None
        self._flush_line()
        if any(not _blank(block) for block in self._ticket.blocks):
            self._events.append(self._ticket)
        self._ticket = DecodedTicket()
        return size


def _blank(block: Block) -> bool:
    return isinstance(block, TextLine) and not block.text.strip()
