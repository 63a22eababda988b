"""MRZ framing (plain lines, DESKO, 3M) and the keyboard-wedge collector."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.mrz.framing import ETX, SOH, STX, MrzFramer, MrzFraming, encode_mrz
from hardware.mrz.wedge import MrzWedgeCollector

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"


def feed_bytewise(framer: MrzFramer, data: bytes) -> list[str]:
    return [doc for i in range(len(data)) for doc in framer.feed(data[i : i + 1])]


@pytest.mark.parametrize("framing", list(MrzFraming))
@pytest.mark.parametrize("mrz", [TD3, TD2, TD1])
def test_framer_each_framing_whole_and_bytewise(framing: MrzFraming, mrz: str) -> None:
    data = encode_mrz(mrz, framing)
    assert MrzFramer().feed(data + data) == [mrz, mrz]
    assert feed_bytewise(MrzFramer(), data) == [mrz]


def test_framer_3m_frame_layout() -> None:
    data = encode_mrz(TD3, MrzFraming.THREE_M)
    assert data[0] == SOH
    assert data[-2] == ETX
    body = data[data.index(STX) + 2 : -2].decode()
    assert body.count("\r") == 3
    assert body.split("\r")[0] == "_" * 44


def test_framer_3m_wrong_bcc_dropped_and_counted() -> None:
    data = bytearray(encode_mrz(TD3, MrzFraming.THREE_M))
    data[-1] ^= 0x40
    framer = MrzFramer()
    assert framer.feed(bytes(data)) == []
    assert framer.rejected == 1
    assert framer.last_error is not None
    assert "BCC" in framer.last_error
    assert framer.feed(encode_mrz(TD3, MrzFraming.THREE_M)) == [TD3]


def test_framer_plain_lines_crlf_and_noise_between_documents() -> None:
    data = b"\r\n" + TD1.replace("\n", "\r\n").encode() + b"\r\nhello\n" + TD3.encode() + b"\n"
    assert MrzFramer().feed(data) == [TD1, "hello", TD3]


def test_framer_desko_keeps_unreadable_characters() -> None:
    damaged = TD3.replace("ANNA", "AN?A")
    assert MrzFramer().feed(encode_mrz(damaged, MrzFraming.DESKO)) == [damaged]


def test_framer_overlong_frame_rejected() -> None:
    framer = MrzFramer()
    assert framer.feed(bytes([STX]) + b"A" * 2000 + bytes([ETX])) == []
    assert framer.rejected == 1


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_framer_random_bytes_never_raise(data: bytes) -> None:
    for document in MrzFramer().feed(data):
        assert document.strip()


# --- keyboard wedge --------------------------------------------------------------


def type_keys(collector: MrzWedgeCollector, text: str, start: float, step: float) -> list[str]:
    done = []
    for i, char in enumerate(text):
        key = "Enter" if char == "\n" else char
        result = collector.feed(key, start + i * step)
        if result:
            done.append(result)
    return done


def test_wedge_collector_complete_mrz_ends_on_enter() -> None:
    collector = MrzWedgeCollector()
    assert type_keys(collector, TD3 + "\n", 0.0, 0.01) == [TD3]
    assert collector.poll(100.0) is None


def test_wedge_collector_gap_ends_incomplete_read() -> None:
    collector = MrzWedgeCollector(gap=0.1)
    assert type_keys(collector, TD3[:50], 0.0, 0.01) == []
    assert collector.poll(0.55) is None
    assert collector.poll(0.7) == TD3[:44] + "\n" + TD3[45:50]


def test_wedge_collector_new_key_after_gap_closes_previous() -> None:
    collector = MrzWedgeCollector(gap=0.1)
    type_keys(collector, "ABC", 0.0, 0.01)
    assert collector.feed("X", 5.0) == "ABC"
    assert collector.poll(6.0) == "X"
