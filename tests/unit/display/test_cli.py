"""``antrean display``: config errors, ``--say`` without a device, voice clip generation."""

import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from antrean.cli import build_parser, main
from counter_display.cli import config_for
from counter_display.core.phrases import clip_vocabulary
from counter_display.voice_clips import RATE, chime_samples, generate


def test_cli_display_broken_config_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "display.toml"
    config.write_text('layout = "round"\n', encoding="utf-8")
    assert main(["display", "--config", str(config)]) == 2
    error = capsys.readouterr().err
    assert str(config) in error
    assert "layout: Input should be 'landscape' or 'portrait'" in error


def test_cli_display_bad_server_option_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["display", "--server", "10.0.0.2", "--say", "A1", "1"]) == 2
    assert 'must be "auto" or a URL' in capsys.readouterr().err


def test_cli_display_say_reports_missing_clips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "display.toml"
    config.write_text('languages = ["id"]\n[audio]\nvoice_dir = "empty"\n', encoding="utf-8")
    (tmp_path / "empty").mkdir()
    assert main(["display", "--config", str(config), "--say", "A012", "3"]) == 1
    out, err = capsys.readouterr()
    assert out.strip() == "Nomor antrean A dua belas, silakan menuju loket tiga"
    assert f"missing clip: {tmp_path / 'empty' / 'chime.wav'}" in err


def test_voice_chime_is_a_short_loud_enough_bell() -> None:
    samples = chime_samples()
    assert samples.dtype == np.int16
    assert 1.0 < len(samples) / RATE < 2.5
    peak = int(np.max(np.abs(samples.astype(np.int32))))
    assert 0.6 * 32767 < peak <= 32767
    assert abs(int(samples[-1])) < 0.05 * peak  # it dies away, no click at the end


@pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("sox")), reason="needs espeak-ng and sox"
)
def test_voice_clips_generated_for_every_word(tmp_path: Path) -> None:
    files = generate(tmp_path, ("id",))
    assert {f.stem for f in files if f.parent.name == "id"} == set(clip_vocabulary("id"))
    with wave.open(str(tmp_path / "id" / "sebelas.wav")) as clip:
        assert (clip.getframerate(), clip.getnchannels(), clip.getsampwidth()) == (RATE, 1, 2)
        assert 0.2 < clip.getnframes() / RATE < 1.5


def test_cli_display_geometry_makes_a_window_at_that_place() -> None:
    args = build_parser().parse_args(["display", "--geometry", "1092x614+828+0"])
    config = config_for(args)
    assert not config.fullscreen
    assert str(config.geometry) == "1092x614+828+0"


def test_cli_display_malformed_geometry_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["display", "--geometry", "1092x614+828", "--say", "A1", "1"]) == 2
    assert "must be WIDTHxHEIGHT+X+Y" in capsys.readouterr().err
