"""Generate the board's voice clips with espeak-ng and sox, and the chime with numpy.

Run: ``python -m counter_display.voice_clips [--out assets/voice]``. Needs the
Debian packages ``espeak-ng`` and ``sox``. Every clip is 16 kHz mono 16-bit WAV,
silence trimmed, peak-normalised to -3 dBFS, so the whole set stays small.
An office replaces these with recordings of a human voice: see assets/voice/README.md.
"""

import argparse
import logging
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

from counter_display.config import DEFAULT_VOICE_DIR
from counter_display.core.phrases import LANGUAGES, clip_vocabulary

log = logging.getLogger(__name__)

RATE = 16_000
ESPEAK_VOICES = {"id": "id", "en": "en-gb"}
SPEED_WPM = 160  # a little slower than espeak-ng's 175: a waiting room is noisy


class ToolMissingError(Exception):
    """espeak-ng or sox is not installed."""


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise ToolMissingError(f"{tool} not found; install it: apt-get install -y espeak-ng sox")
    return path


def synthesise(text: str, language: str, target: Path) -> None:
    """Speak ``text`` into ``target`` (16 kHz mono, trimmed, -3 dBFS peak)."""
    espeak, sox = _require("espeak-ng"), _require("sox")
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "raw.wav"
        voice = ESPEAK_VOICES[language]
        subprocess.run(
            [espeak, "-v", voice, "-s", str(SPEED_WPM), "-w", str(raw), text], check=True
        )
        trim = ["silence", "1", "0.01", "0.5%"]
        subprocess.run(
            [sox, str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(target),
             *trim, "reverse", *trim, "reverse", "pad", "0", "0.04", "norm", "-3"],
            check=True,
        )  # fmt: skip


def chime_samples(rate: int = RATE) -> np.ndarray:
    """A two-tone bell ("ding-dong", E5 then C5) with bell-like partials, as int16."""
    tones = ((659.25, 0.0), (523.25, 0.55))
    duration = 1.9
    t = np.arange(int(rate * duration)) / rate
    signal = np.zeros_like(t)
    for frequency, start in tones:
        local = np.clip(t - start, 0, None)
        on = t >= start
        envelope = np.exp(-local * 2.6) * np.minimum(local / 0.005, 1.0)
        # Partials of a struck bar (1, 2.76, 5.4) give a bell rather than a beep.
        for ratio, gain in ((1.0, 1.0), (2.76, 0.35), (5.4, 0.12)):
            decay = np.exp(-local * 2.0 * ratio)
            signal += on * gain * envelope * decay * np.sin(2 * np.pi * frequency * ratio * local)
    peak = float(np.max(np.abs(signal))) or 1.0
    scaled = signal / peak * (10 ** (-3 / 20)) * 32767
    return scaled.astype(np.int16)


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    """Write mono int16 ``samples`` as a WAV file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())


def generate(out: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Write ``chime.wav`` and every language's clips under ``out``; return the files."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "chime.wav"]
    write_wav(written[0], chime_samples())
    for language in languages:
        folder = out / language
        folder.mkdir(exist_ok=True)
        for clip, said in clip_vocabulary(language).items():
            target = folder / f"{clip}.wav"
            synthesise(said, language, target)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_VOICE_DIR, help="voice folder")
    parser.add_argument("--language", choices=LANGUAGES, action="append", help="only these")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        files = generate(args.out, tuple(args.language or LANGUAGES))
    except ToolMissingError as error:
        log.error("%s", error)
        return 2
    size = sum(f.stat().st_size for f in files)
    log.info("wrote %d clips to %s (%.0f kB)", len(files), args.out, size / 1024)
    return 0


if __name__ == "__main__":
    sys.exit(main())
