"""Counter LED wire formats: golden frames, CRC known vectors, decode round trips."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hardware.led.codecs import (
    AsciiFrameCodec,
    LedCodecError,
    ModbusRtuCodec,
    codec_by_name,
    crc16_modbus,
)


@pytest.mark.parametrize(
    ("data", "crc"),
    [
        (b"123456789", 0x4B37),  # the catalogue check value of CRC-16/MODBUS
        (bytes.fromhex("010300000001"), 0x0A84),  # read 1 holding register: ... 84 0A
        (bytes.fromhex("110300 6B0003".replace(" ", "")), 0x8776),  # Modbus spec example
        (b"", 0xFFFF),
    ],
)
def test_crc16_modbus_known_vectors(data: bytes, crc: int) -> None:
    assert crc16_modbus(data) == crc


def test_ascii_frame_golden() -> None:
    assert AsciiFrameCodec().encode(3, "A012") == b"\x0203A012\x03"
    assert AsciiFrameCodec().encode(12, "") == b"\x0212\x03"


def test_ascii_lrc_frame_golden() -> None:
    # XOR of "03A012": 0x30^0x33=0x03, ^0x41=0x42, ^0x30=0x72, ^0x31=0x43, ^0x32=0x71
    assert AsciiFrameCodec(checksum=True).encode(3, "A012") == b"\x0203A012\x0371"


def test_modbus_frame_golden() -> None:
    frame = ModbusRtuCodec().encode(3, "A012")
    assert frame.hex(" ") == "03 10 00 00 00 04 08 41 30 31 32 20 20 20 20 ee 73"
    assert crc16_modbus(frame[:-2]).to_bytes(2, "little") == frame[-2:]


@pytest.mark.parametrize(
    ("codec", "address", "text", "message"),
    [
        (AsciiFrameCodec(), 100, "A1", "outside 0..99"),
        (AsciiFrameCodec(width=4), 1, "A1000", "longer than"),
        (AsciiFrameCodec(), 1, "Ä1", "not plain ASCII"),
        (AsciiFrameCodec(), 1, "A\x031", "control characters"),
        (ModbusRtuCodec(), 0, "A1", "outside 1..247"),
        (ModbusRtuCodec(registers=2), 1, "A10000", "longer than"),
    ],
)
def test_led_codec_refuses_what_a_display_cannot_show(
    codec: AsciiFrameCodec | ModbusRtuCodec, address: int, text: str, message: str
) -> None:
    with pytest.raises(LedCodecError, match=message):
        codec.encode(address, text)


def test_ascii_decode_skips_noise_bad_checksum_and_waits_for_the_rest() -> None:
    codec = AsciiFrameCodec(checksum=True)
    good = codec.encode(2, "B003")
    bad = bytearray(codec.encode(4, "C001"))
    bad[-1] ^= 1
    buffer = bytearray(b"\xff\x00noise" + bytes(bad) + good + good[:5])
    assert codec.decode(buffer) == [(2, "B003")]
    buffer += good[5:]
    assert codec.decode(buffer) == [(2, "B003")]
    assert buffer == b""


def test_modbus_decode_resynchronises_after_garbage() -> None:
    codec = ModbusRtuCodec()
    buffer = bytearray(b"\x01\x02" + codec.encode(5, "E004") + codec.encode(7, "A1"))
    assert codec.decode(buffer) == [(5, "E004"), (7, "A1")]


printable = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=8)


@given(address=st.integers(0, 99), text=printable, checksum=st.booleans())
def test_ascii_round_trip(address: int, text: str, checksum: bool) -> None:
    codec = AsciiFrameCodec(checksum=checksum)
    assert codec.decode(bytearray(codec.encode(address, text))) == [(address, text)]


@given(address=st.integers(1, 247), text=printable)
def test_modbus_round_trip(address: int, text: str) -> None:
    codec = ModbusRtuCodec()
    assert codec.decode(bytearray(codec.encode(address, text))) == [(address, text.rstrip())]


def test_codec_by_name() -> None:
    assert codec_by_name("ascii-lrc").name == "ascii-lrc"
    assert codec_by_name("modbus").name == "modbus"
    with pytest.raises(LedCodecError, match="unknown LED codec"):
        codec_by_name("morse")
