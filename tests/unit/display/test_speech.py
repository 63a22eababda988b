"""The audio queue with a fake sink: order, no cut-off, recalls, a missing device."""

import logging
from pathlib import Path

import pytest

from counter_display.config import DEFAULT_VOICE_DIR
from counter_display.core.speech import (
    AudioUnavailableError,
    CommandSink,
    NullSink,
    SpeechQueue,
    SpokenCall,
)
from tests.unit.display.factories import FakeSink


@pytest.fixture
def sink() -> FakeSink:
    return FakeSink()


def _queue(sink: FakeSink, **kwargs: object) -> SpeechQueue:
    queue = SpeechQueue(sink, DEFAULT_VOICE_DIR, **kwargs)  # type: ignore[arg-type]
    queue.start()
    return queue


def test_speech_chime_then_each_language(sink: FakeSink) -> None:
    queue = _queue(sink)
    queue.announce(SpokenCall("A012", 3))
    assert queue.wait_idle(5)
    queue.close()
    assert sink.played == [
        "voice/chime",
        "id/nomor_antrean", "id/huruf_a", "id/dua", "id/belas",
        "id/silakan_menuju_loket", "id/tiga",
        "en/ticket_number", "en/letter_a", "en/twelve",
        "en/please_proceed_to_counter", "en/three",
    ]  # fmt: skip


def test_speech_calls_in_order_and_recall_spoken_again(sink: FakeSink) -> None:
    queue = _queue(sink, languages=["id"], mode="digits")
    for call in (SpokenCall("A1", 1), SpokenCall("B2", 2), SpokenCall("A1", 1, recall=True)):
        queue.announce(call)
    assert queue.wait_idle(5)
    queue.close()
    letters = [clip for clip in sink.played if clip.startswith("id/huruf_")]
    assert letters == ["id/huruf_a", "id/huruf_b", "id/huruf_a"]
    assert sink.played.count("voice/chime") == 3


def test_speech_second_call_waits_for_the_first() -> None:
    sink = FakeSink(hold=True)
    queue = _queue(sink, languages=["id"])
    queue.announce(SpokenCall("A1", 1))
    queue.announce(SpokenCall("B2", 2))
    assert sink.started.acquire(timeout=5)  # the chime of the first call is playing
    assert sink.played == ["voice/chime"]  # and nothing else has started over it
    for _ in range(40):
        sink.release.release()
    assert queue.wait_idle(5)
    queue.close()
    assert sink.max_active == 1
    first_b = sink.played.index("id/huruf_b")
    assert sink.played.index("id/silakan_menuju_loket") < first_b


def test_speech_no_device_silent_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    sink = FakeSink(broken=True)
    now = [0.0]
    queue = _queue(sink, retry_seconds=60, monotonic=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="counter_display.core.speech"):
        for number in ("A1", "A2", "A3"):
            queue.announce(SpokenCall(number, 1))
        assert queue.wait_idle(5)
        assert queue.silent
        now[0] = 61.0  # the device is tried again later, still broken: no new line
        queue.announce(SpokenCall("A4", 1))
        assert queue.wait_idle(5)
    queue.close()
    assert [r.getMessage() for r in caplog.records].count(
        "no audio device, the board is silent: audio open error: No such file or directory"
    ) == 1
    assert len(caplog.records) == 1


def test_speech_device_back_after_retry(caplog: pytest.LogCaptureFixture) -> None:
    sink = FakeSink(broken=True)
    now = [0.0]
    queue = _queue(sink, languages=["id"], retry_seconds=60, monotonic=lambda: now[0])
    queue.announce(SpokenCall("A1", 1))
    assert queue.wait_idle(5)
    sink.broken = False
    now[0] = 100.0
    with caplog.at_level(logging.INFO, logger="counter_display.core.speech"):
        queue.announce(SpokenCall("A2", 1))
        assert queue.wait_idle(5)
    queue.close()
    assert not queue.silent
    assert "id/huruf_a" in sink.played
    assert "audio device available again" in caplog.text


def test_speech_missing_clip_skipped_and_logged_once(
    tmp_path: Path, sink: FakeSink, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "id").mkdir()
    (tmp_path / "id" / "nomor_antrean.wav").write_bytes(b"RIFF")
    queue = SpeechQueue(sink, tmp_path, languages=["id"])
    queue.start()
    with caplog.at_level(logging.WARNING):
        queue.announce(SpokenCall("A1", 1))
        queue.announce(SpokenCall("A1", 1))
        assert queue.wait_idle(5)
    queue.close()
    assert sink.played == ["id/nomor_antrean", "id/nomor_antrean"]
    assert caplog.text.count("chime.wav") == 1


def test_command_sink_without_player_is_unavailable(tmp_path: Path) -> None:
    sink = CommandSink(player="no-such-player-xyz")
    with pytest.raises(AudioUnavailableError, match="no audio player"):
        sink.play(tmp_path / "x.wav")


def test_command_sink_player_failure_is_unavailable(tmp_path: Path) -> None:
    script = tmp_path / "fail-player"
    script.write_text("#!/bin/sh\necho 'audio open error: no card' >&2\nexit 1\n")
    script.chmod(0o755)
    with pytest.raises(AudioUnavailableError, match="no card"):
        CommandSink(player=str(script)).play(tmp_path / "x.wav")


def test_null_sink_plays_nothing(tmp_path: Path) -> None:
    queue = SpeechQueue(NullSink(), DEFAULT_VOICE_DIR)
    queue.start()
    queue.announce(SpokenCall("A1", 1))
    assert queue.wait_idle(5)
    queue.close()
    assert not queue.silent
