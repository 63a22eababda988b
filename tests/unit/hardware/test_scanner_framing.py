"""Scanner framing (suffixes, silence, AIM prefix) and the keyboard-wedge burst decoder."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.scanner.framing import ScanFramer, Suffix, encode_scan, strip_aim_prefix
from hardware.scanner.wedge import WedgeBurstDecoder, WedgeEvent, WedgeKeys, WedgeScan


@pytest.mark.parametrize("terminator", [b"\r", b"\n", b"\r\n"])
def test_framer_auto_suffix_each_terminator(terminator: bytes) -> None:
    framer = ScanFramer()
    assert framer.feed(b"A012" + terminator + b"B7" + terminator, 0.0) == ["A012", "B7"]


def test_framer_crlf_split_across_reads_is_one_terminator() -> None:
    framer = ScanFramer()
    assert framer.feed(b"ABC\r", 0.0) == ["ABC"]
    assert framer.feed(b"\nDEF\r", 0.01) == ["DEF"]
    assert framer.feed(b"\n", 0.02) == []


def test_framer_empty_lines_are_not_scans() -> None:
    assert ScanFramer().feed(b"\r\n\r\n\n\rX\r", 0.0) == ["X"]


@pytest.mark.parametrize(
    ("suffix", "data", "scans"),
    [
        (Suffix.CR, b"a\nb\rc\r", ["a\nb", "c"]),
        (Suffix.LF, b"a\rb\nc\n", ["a\rb", "c"]),
        (Suffix.CRLF, b"a\rb\nc\r\n", ["a\rb\nc"]),
    ],
)
def test_framer_strict_suffix_keeps_other_controls(
    suffix: Suffix, data: bytes, scans: list[str]
) -> None:
    assert ScanFramer(suffix).feed(data, 0.0) == scans


def test_framer_no_suffix_ends_after_silence() -> None:
    framer = ScanFramer(Suffix.NONE, silence_gap=0.05)
    assert framer.feed(b"A0", 0.0) == []
    assert framer.feed(b"12", 0.02) == []
    assert framer.next_deadline() == pytest.approx(0.07)
    assert framer.poll(0.06) == []
    assert framer.poll(0.08) == ["A012"]
    assert framer.poll(1.0) == []
    assert framer.feed(b"B", 2.0) == []
    assert framer.feed(b"C", 3.0) == ["B"]


@pytest.mark.parametrize(
    ("text", "stripped"),
    [("]Q1HELLO", "HELLO"), ("]C0123", "123"), ("]d2X", "X"), ("HELLO", "HELLO"), ("]", "]")],
)
def test_strip_aim_prefix(text: str, stripped: str) -> None:
    assert strip_aim_prefix(text) == stripped


def test_framer_aim_prefix_optional() -> None:
    assert ScanFramer().feed(b"]Q1A012\r", 0.0) == ["A012"]
    assert ScanFramer(strip_aim=False).feed(b"]Q1A012\r", 0.0) == ["]Q1A012"]


def test_framer_utf8_and_bad_bytes() -> None:
    assert ScanFramer().feed("Jalan Merdeka – 5\r".encode() + b"\xff\r", 0.0) == [
        "Jalan Merdeka – 5",
        "\ufffd",
    ]


def test_framer_runaway_input_discarded() -> None:
    framer = ScanFramer(max_length=100)
    assert framer.feed(b"x" * 500, 0.0) == []
    assert framer.feed(b"ok\r", 0.1) == ["ok"]


@given(
    texts=st.lists(
        st.text(
            st.characters(blacklist_characters="\r\n", blacklist_categories=["Cs"]), min_size=1
        ),
        max_size=5,
    ),
    suffix=st.sampled_from([Suffix.CR, Suffix.LF, Suffix.CRLF]),
    cut=st.integers(0, 1000),
)
@settings(max_examples=200, deadline=None)
def test_framer_round_trip_any_split(texts: list[str], suffix: Suffix, cut: int) -> None:
    data = b"".join(encode_scan(text, suffix) for text in texts)
    cut %= len(data) + 1
    framer = ScanFramer(Suffix.AUTO, strip_aim=False)
    assert framer.feed(data[:cut], 0.0) + framer.feed(data[cut:], 0.0) == texts


# --- keyboard wedge --------------------------------------------------------------


def feed_all(decoder: WedgeBurstDecoder, keys: list[tuple[str, float]]) -> list[WedgeEvent]:
    events: list[WedgeEvent] = []
    for key, at in keys:
        events += decoder.feed(key, at)
    return events


def burst(text: str, start: float, step: float = 0.005) -> list[tuple[str, float]]:
    keys = [(char, start + i * step) for i, char in enumerate(text)]
    return [*keys, ("Enter", start + len(text) * step)]


def test_wedge_scanner_burst_is_a_scan() -> None:
    decoder = WedgeBurstDecoder()
    assert feed_all(decoder, burst("ANT1.ABC.XYZ", 1.0)) == [WedgeScan("ANT1.ABC.XYZ")]
    assert not decoder.pending()


def test_wedge_person_typing_is_passed_through() -> None:
    decoder = WedgeBurstDecoder(max_gap=0.04)
    keys = [("1", 0.0), ("2", 0.18), ("3", 0.31), ("4", 0.52), ("Enter", 0.7)]
    events = feed_all(decoder, keys)
    typed = [key for event in events if isinstance(event, WedgeKeys) for key in event.keys]
    assert typed == ["1", "2", "3", "4", "Enter"]
    assert not any(isinstance(event, WedgeScan) for event in events)


def test_wedge_short_fast_burst_is_typing() -> None:
    decoder = WedgeBurstDecoder(min_length=4)
    assert feed_all(decoder, burst("ab", 0.0)) == [WedgeKeys(("a", "b")), WedgeKeys(("Enter",))]


def test_wedge_held_keys_released_by_poll() -> None:
    decoder = WedgeBurstDecoder(max_gap=0.04)
    assert decoder.feed("x", 0.0) == []
    assert decoder.pending()
    assert decoder.poll(0.02) == []
    assert decoder.poll(0.05) == [WedgeKeys(("x",))]


def test_wedge_no_suffix_mode_ends_scan_on_gap() -> None:
    decoder = WedgeBurstDecoder(end_on_gap=True)
    feed_all(decoder, burst("A0123456", 0.0)[:-1])
    assert decoder.poll(1.0) == [WedgeScan("A0123456")]


def test_wedge_named_key_interrupts_burst() -> None:
    decoder = WedgeBurstDecoder()
    events = feed_all(decoder, [("a", 0.0), ("b", 0.01), ("Backspace", 0.02)])
    assert events == [WedgeKeys(("a", "b")), WedgeKeys(("Backspace",))]


def test_wedge_scan_right_after_typing() -> None:
    decoder = WedgeBurstDecoder()
    events = feed_all(decoder, [("q", 0.0), *burst("A0123456", 1.0)])
    assert events == [WedgeKeys(("q",)), WedgeScan("A0123456")]


@given(
    keys=st.lists(
        st.tuples(st.sampled_from(["a", "B", "1", "Enter", "Tab", "\n"]), st.floats(0, 0.2)),
        max_size=40,
    )
)
@settings(max_examples=200, deadline=None)
def test_wedge_every_key_comes_out_once(keys: list[tuple[str, float]]) -> None:
    decoder = WedgeBurstDecoder()
    at = 0.0
    events: list[WedgeEvent] = []
    for key, gap in keys:
        at += gap
        events += decoder.feed(key, at)
    events += decoder.poll(at + 10)
    out: list[str] = []
    for event in events:
        if isinstance(event, WedgeScan):
            out += [*event.text, "<end>"]
        else:
            out += list(event.keys)
    expected = [key for key, _ in keys]
    assert [k for k in out if k not in ("Enter", "\n", "<end>")] == [
        k for k in expected if k not in ("Enter", "\n")
    ]
