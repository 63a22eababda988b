"""Wire formats of counter LED displays: pure encode and decode, no I/O.

There is no standard; two common ones are built in (hardware research, section 6):

- ``ascii``: ``STX + 2-digit address + text + ETX``, as numeric LED panels such as
  EDI's take it; ``ascii-lrc`` adds two hex digits of the XOR of the address and
  text bytes after ETX (hex digits never collide with STX or ETX).
- ``modbus``: Modbus RTU function 16 "write multiple registers" to slave
  ``address``, text in ASCII two characters per register (high byte first),
  space-padded to ``registers`` registers, starting at ``start_register``; then
  CRC-16/MODBUS, low byte first. Hand-written: ten lines of CRC cost less than
  pymodbus (asyncio stack, large) or minimalmodbus (which owns the serial port
  and would bypass our URL handling and pty simulator).

Each codec can also ``decode`` a byte stream back into (address, text) pairs:
the simulator in ``fake.py`` uses it, as a real panel's firmware would.
"""

from dataclasses import dataclass
from typing import Protocol

STX = 0x02
ETX = 0x03
MODBUS_WRITE_MULTIPLE = 0x10


class LedCodecError(ValueError):
    """Text or address a display cannot show (misconfiguration or bad input)."""


class LedCodec(Protocol):
    @property
    def name(self) -> str:
        """The codec's config value."""
        ...

    def encode(self, address: int, text: str) -> bytes:
        """One frame telling display ``address`` to show ``text``."""
        ...

    def decode(self, buffer: bytearray) -> list[tuple[int, str]]:
        """Frames complete in ``buffer``, removed from it; garbage is skipped."""
        ...


def crc16_modbus(data: bytes) -> int:
    """CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF); b"123456789" -> 0x4B37."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def _ascii_text(text: str, width: int) -> bytes:
    if len(text) > width:
        raise LedCodecError(f"{text!r} is longer than the display's {width} characters")
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError as error:
        raise LedCodecError(f"{text!r} is not plain ASCII") from error
    if any(b < 0x20 or b > 0x7E for b in raw):
        raise LedCodecError(f"{text!r} has control characters")
    return raw


def _lrc(data: bytes) -> bytes:
    value = 0
    for byte in data:
        value ^= byte
    return f"{value:02X}".encode("ascii")


@dataclass(frozen=True)
class AsciiFrameCodec:
    """``STX AA text ETX [LRC]``; addresses 0..99."""

    checksum: bool = False
    width: int = 8

    @property
    def name(self) -> str:
        return "ascii-lrc" if self.checksum else "ascii"

    def encode(self, address: int, text: str) -> bytes:
        if not 0 <= address <= 99:
            raise LedCodecError(f"address {address} is outside 0..99")
        body = f"{address:02d}".encode("ascii") + _ascii_text(text, self.width)
        return bytes([STX]) + body + bytes([ETX]) + (_lrc(body) if self.checksum else b"")

    def decode(self, buffer: bytearray) -> list[tuple[int, str]]:
        frames: list[tuple[int, str]] = []
        while True:
            start = buffer.find(STX)
            if start < 0:
                buffer.clear()
                return frames
            del buffer[:start]
            end = buffer.find(ETX)
            tail = 2 if self.checksum else 0
            if end < 0 or len(buffer) < end + 1 + tail:
                return frames  # incomplete: wait for more bytes
            body = bytes(buffer[1:end])
            lrc = bytes(buffer[end + 1 : end + 1 + tail])
            del buffer[: end + 1 + tail]
            if len(body) >= 2 and body[:2].isdigit() and (not tail or lrc == _lrc(body)):
                frames.append((int(body[:2]), body[2:].decode("ascii", errors="replace")))


@dataclass(frozen=True)
class ModbusRtuCodec:
    """Modbus RTU "write multiple registers" (function 16); slave addresses 1..247."""

    start_register: int = 0
    registers: int = 4  # 8 characters

    name = "modbus"

    def encode(self, address: int, text: str) -> bytes:
        if not 1 <= address <= 247:
            raise LedCodecError(f"Modbus slave address {address} is outside 1..247")
        data = _ascii_text(text, self.registers * 2).ljust(self.registers * 2, b" ")
        frame = bytes([address, MODBUS_WRITE_MULTIPLE])
        frame += self.start_register.to_bytes(2, "big") + self.registers.to_bytes(2, "big")
        frame += bytes([len(data)]) + data
        return frame + crc16_modbus(frame).to_bytes(2, "little")

    def decode(self, buffer: bytearray) -> list[tuple[int, str]]:
        frames: list[tuple[int, str]] = []
        size = 9 + self.registers * 2  # address, fc, start(2), count(2), bytes(1), data, crc(2)
        while len(buffer) >= size:
            frame = bytes(buffer[:size])
            valid = (
                frame[1] == MODBUS_WRITE_MULTIPLE
                and frame[6] == self.registers * 2
                and crc16_modbus(frame[:-2]) == int.from_bytes(frame[-2:], "little")
            )
            if not valid:
                del buffer[0]  # out of step: slide one byte and look again
                continue
            del buffer[:size]
            frames.append((frame[0], frame[7:-2].decode("ascii", errors="replace").rstrip()))
        return frames


def codec_by_name(name: str) -> LedCodec:
    """The codec for a config value: "ascii", "ascii-lrc" or "modbus"."""
    codecs: dict[str, LedCodec] = {
        "ascii": AsciiFrameCodec(),
        "ascii-lrc": AsciiFrameCodec(checksum=True),
        "modbus": ModbusRtuCodec(),
    }
    try:
        return codecs[name]
    except KeyError:
        raise LedCodecError(f"unknown LED codec {name!r}; use one of {', '.join(codecs)}") from None
