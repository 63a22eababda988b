"""Framing of MRZ readers' serial output: bytes in, one text per document out.

Three framings are told apart by their first control byte, so one framer serves
every reader:

- plain lines ended by CR, LF or CRLF; a document is complete when its lines form
  an MRZ shape (3 x 30, 2 x 36 or 2 x 44 characters);
- DESKO style ``STX line CR line CR [line CR] ETX``;
- 3M/Thales style ``SOH header STX flag line CR line CR line CR ETX BCC``, where the
  header holds the length and ``OU``, lines are ``_``-padded to 30 or 44 and BCC is
  the XOR of every byte after SOH up to and including ETX.

The framer is pure (no I/O, no clock). A document is emitted as its non-empty
lines, ``_`` padding removed, joined by ``\\n``; it is not validated here.
"""

from enum import StrEnum

SOH, STX, ETX, CR, LF = 0x01, 0x02, 0x03, 0x0D, 0x0A
_LINES_PER_WIDTH = {30: 3, 36: 2, 44: 2}
_SINGLE_LINE_WIDTHS = (72, 88, 90)
_MAX_FRAME = 1024


class MrzFraming(StrEnum):
    """How a reader frames a document on the wire."""

    LINES = "lines"
    DESKO = "desko"
    THREE_M = "3m"


def clean_lines(body: str) -> list[str]:
    """Non-empty lines of ``body`` with whitespace and ``_`` padding removed."""
    lines = (line.strip().strip("_").strip() for line in body.replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


def is_complete_mrz(lines: list[str]) -> bool:
    """True when ``lines`` have the count and width of a whole MRZ."""
    if len(lines) == 1:
        return len(lines[0]) in _SINGLE_LINE_WIDTHS
    if not lines or len({len(line) for line in lines}) != 1:
        return False
    return _LINES_PER_WIDTH.get(len(lines[0])) == len(lines)


def encode_mrz(text: str, framing: MrzFraming) -> bytes:
    """The bytes a reader using ``framing`` sends for the MRZ ``text``."""
    lines = clean_lines(text)
    if framing is MrzFraming.LINES:
        return "".join(f"{line}\r\n" for line in lines).encode("ascii", "replace")
    if framing is MrzFraming.DESKO:
        body = "".join(f"{line}\r" for line in lines)
        return bytes([STX]) + body.encode("ascii", "replace") + bytes([ETX])
    width = 30 if lines and len(lines[0]) <= 30 else 44
    padded = [""] * (3 - len(lines)) + lines
    body = "".join(line.ljust(width, "_") + "\r" for line in padded)
    payload = f"{len(body) + 1:03d}OU".encode() + bytes([STX]) + b"0"
    payload += body.encode("ascii", "replace") + bytes([ETX])
    return bytes([SOH]) + payload + bytes([_xor(payload)])


def _xor(data: bytes) -> int:
    result = 0
    for byte in data:
        result ^= byte
    return result


class MrzFramer:
    """Incremental decoder: ``feed`` bytes as they arrive, get whole documents back.

    Attributes:
        rejected: frames dropped because their BCC was wrong or they were too long.
        last_error: why the last frame was dropped, for a log line.
    """

    def __init__(self) -> None:
        self.rejected = 0
        self.last_error: str | None = None
        self.reset()

    def reset(self) -> None:
        """Forget any partial document (after a read timeout or a reconnect)."""
        self._mode = "lines"
        self._frame = bytearray()
        self._bcc = 0
        self._line = bytearray()
        self._pending: list[str] = []

    def feed(self, data: bytes) -> list[str]:
        """Consume ``data``; return the documents it completed, oldest first."""
        done: list[str] = []
        for byte in data:
            document = self._byte(byte)
            if document:
                done.append(document)
        return done

    def _byte(self, byte: int) -> str | None:
        if self._mode == "3m_bcc":  # any value, SOH included, may be a BCC
            return self._check_bcc(byte)
        if byte == SOH:
            self.reset()
            self._mode = "3m_header"
            return None
        if self._mode == "lines":
            return self._plain(byte)
        if self._mode.startswith("3m"):
            self._bcc ^= byte
        if byte == STX:
            self._mode = "3m_flag" if self._mode.startswith("3m") else "desko"
            self._frame.clear()
        elif self._mode == "3m_flag":
            self._mode = "3m_body"
        elif byte == ETX and self._mode in ("desko", "3m_body"):
            return self._end_frame()
        elif self._mode != "3m_header":
            self._frame.append(byte)
            if len(self._frame) > _MAX_FRAME:
                self._reject("frame longer than 1024 bytes")
        return None

    def _end_frame(self) -> str | None:
        if self._mode == "3m_body":
            self._mode = "3m_bcc"
            return None
        body = bytes(self._frame)
        self.reset()
        return _document(body)

    def _check_bcc(self, byte: int) -> str | None:
        body, expected = bytes(self._frame), self._bcc
        self.reset()
        if byte != expected:
            self._reject(f"BCC is 0x{byte:02X}, expected 0x{expected:02X}")
            return None
        return _document(body)

    def _reject(self, reason: str) -> None:
        self.reset()
        self.rejected += 1
        self.last_error = reason

    def _plain(self, byte: int) -> str | None:
        if byte == STX:
            self.reset()
            self._mode = "desko"
            return None
        if byte not in (CR, LF):
            if byte >= 0x20 and len(self._line) < _MAX_FRAME:
                self._line.append(byte)
            return None
        line = clean_lines(self._line.decode("ascii", "replace"))
        self._line.clear()
        if not line:
            return None
        return self._add_line(line[0])

    def _add_line(self, line: str) -> str | None:
        if self._pending and len(self._pending[0]) != len(line):
            self._pending.clear()
        self._pending.append(line)
        width = len(line)
        if width not in _LINES_PER_WIDTH or is_complete_mrz(self._pending):
            document = "\n".join(self._pending)
            self._pending = []
            return document
        return None


def _document(body: bytes) -> str | None:
    lines = clean_lines(body.decode("ascii", "replace"))
    return "\n".join(lines) if lines else None
