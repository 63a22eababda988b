"""Framing of a serial scanner's output: bytes in, one text per scan out.

A scan ends at the scanner's suffix: CR, LF or CRLF (``Suffix.AUTO`` takes any of
them, and a CRLF split across two reads is one terminator), exactly one of those,
or nothing at all (``Suffix.NONE``: the scan ends after ``silence_gap`` seconds
without a byte). An AIM symbology prefix such as ``]Q1`` is removed when asked.

The framer is pure: the caller passes the time a chunk arrived, so tests need no
clock. Text is decoded as UTF-8 (bad bytes become U+FFFD); empty scans are dropped;
a partial scan longer than ``max_length`` bytes is discarded as line noise.
"""

import re
from enum import StrEnum

_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
CR, LF = 0x0D, 0x0A


class Suffix(StrEnum):
    """What a scanner sends after each code."""

    AUTO = "auto"  # CR, LF or CRLF
    CR = "cr"
    LF = "lf"
    CRLF = "crlf"
    NONE = "none"  # silence ends the scan


_SUFFIX_BYTES = {Suffix.AUTO: b"\r", Suffix.CR: b"\r", Suffix.LF: b"\n", Suffix.CRLF: b"\r\n"}


def encode_scan(text: str, suffix: Suffix = Suffix.CR, *, aim_prefix: str = "") -> bytes:
    """The bytes a scanner configured with ``suffix`` sends for ``text``."""
    return (aim_prefix + text).encode() + _SUFFIX_BYTES.get(suffix, b"")


def strip_aim_prefix(text: str) -> str:
    """``text`` without a leading AIM symbology identifier (``]Q1``, ``]C0``, ...)."""
    return _AIM_PREFIX.sub("", text, count=1)


class ScanFramer:
    """Incremental decoder; ``feed`` bytes with their arrival time, get scans back."""

    def __init__(
        self,
        suffix: Suffix = Suffix.AUTO,
        *,
        silence_gap: float = 0.05,
        strip_aim: bool = True,
        max_length: int = 8192,
    ) -> None:
        self.suffix = Suffix(suffix)
        self.silence_gap = silence_gap
        self.strip_aim = strip_aim
        self.max_length = max_length
        self._buffer = bytearray()
        self._last_byte_at: float | None = None
        self._after_cr = False

    def reset(self) -> None:
        """Forget a partial scan (after a reconnect)."""
        self._buffer.clear()
        self._last_byte_at = None
        self._after_cr = False

    def feed(self, data: bytes, now: float) -> list[str]:
        """Consume ``data`` that arrived at ``now`` (seconds, any monotonic origin)."""
        scans = self.poll(now)
        if data:
            self._last_byte_at = now
        for byte in data:
            scan = self._byte(byte)
            if scan is not None:
                scans.append(scan)
        if len(self._buffer) > self.max_length:
            self._buffer.clear()
        return scans

    def poll(self, now: float) -> list[str]:
        """In ``Suffix.NONE`` mode, the scan that silence up to ``now`` has ended."""
        if self.suffix is not Suffix.NONE or self._last_byte_at is None:
            return []
        if now - self._last_byte_at < self.silence_gap:
            return []
        self._last_byte_at = None
        scan = self._finish()
        return [scan] if scan is not None else []

    def next_deadline(self) -> float | None:
        """When ``poll`` may next produce a scan, or None if nothing is pending."""
        if self.suffix is not Suffix.NONE or self._last_byte_at is None:
            return None
        return self._last_byte_at + self.silence_gap

    def _byte(self, byte: int) -> str | None:
        after_cr, self._after_cr = self._after_cr, False
        if self.suffix in (Suffix.AUTO, Suffix.CR) and byte == CR:
            self._after_cr = True
            return self._finish()
        if self.suffix is Suffix.AUTO and byte == LF:
            return None if after_cr else self._finish()
        if self.suffix is Suffix.LF and byte == LF:
            return self._finish()
        if self.suffix is Suffix.CRLF and byte == LF and self._buffer[-1:] == b"\r":
            del self._buffer[-1]
            return self._finish()
        self._buffer.append(byte)
        return None

    def _finish(self) -> str | None:
        text = self._buffer.decode("utf-8", "replace")
        self._buffer.clear()
        if self.strip_aim:
            text = strip_aim_prefix(text)
        return text or None
