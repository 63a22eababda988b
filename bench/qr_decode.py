"""QR decoding on degraded camera frames: decode rate and ms per frame, per decoder.

Usage: .venv/bin/python bench/qr_decode.py [--per-category 50] [--seed 2024]

Frames come from ``hardware.camera.qr_frames`` (1280 x 720, ten categories of
degradation). OpenCV runs on one thread, so every figure is for one core. A frame
counts as decoded when the expected payload is among the results; any other text
returned is a misread.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hardware.camera.base import Frame
from hardware.camera.qr import decode_qr, read_zxing
from hardware.camera.qr_frames import CATEGORIES, SampleFrame, generate_frames

Decoder = Callable[[Frame], list[str]]


@dataclass
class Tally:
    """Results of one decoder over the set."""

    hits: dict[str, int] = field(default_factory=dict)
    misreads: int = 0
    ms: list[float] = field(default_factory=list)


def opencv_decoder(detector: cv2.QRCodeDetector | cv2.QRCodeDetectorAruco) -> Decoder:
    """An OpenCV detector as a decoder (multi-code, errors count as a miss)."""

    def decode(image: Frame) -> list[str]:
        try:
            ok, texts, _, _ = detector.detectAndDecodeMulti(image)
        except cv2.error:
            return []
        return [text for text in texts if text] if ok else []

    return decode


def run(decoder: Decoder, frames: list[SampleFrame]) -> Tally:
    tally = Tally()
    for sample in frames:
        started = time.perf_counter()
        texts = decoder(sample.image)
        tally.ms.append((time.perf_counter() - started) * 1000)
        hit = sample.payload in texts
        tally.hits[sample.category] = tally.hits.get(sample.category, 0) + hit
        tally.misreads += sum(text != sample.payload for text in texts)
    return tally


def table(results: dict[str, Tally], per_category: int) -> str:
    names = list(results)
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    total = per_category * len(CATEGORIES)
    overall = [100 * sum(t.hits.values()) / total for t in results.values()]
    lines.append("| **decoded, all** | " + " | ".join(f"{v:.1f} %" for v in overall) + " |")
    for category in CATEGORIES:
        cells = [f"{100 * t.hits.get(category, 0) / per_category:.0f}" for t in results.values()]
        lines.append(f"| {category} | " + " | ".join(cells) + " |")
    timing = [f"{statistics.median(t.ms):.1f} / {_p95(t.ms):.1f}" for t in results.values()]
    lines.append("| median / p95 ms | " + " | ".join(timing) + " |")
    lines.append("| max ms | " + " | ".join(f"{max(t.ms):.1f}" for t in results.values()) + " |")
    lines.append("| misreads | " + " | ".join(str(t.misreads) for t in results.values()) + " |")
    return "\n".join(lines)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description="QR decode rate and time per decoder")
    parser.add_argument("--per-category", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    frames = list(generate_frames(args.per_category, seed=args.seed))
    decoders: dict[str, Decoder] = {
        "QRCodeDetector": opencv_decoder(cv2.QRCodeDetector()),
        "Aruco": opencv_decoder(cv2.QRCodeDetectorAruco()),
        "zxing-cpp": read_zxing,
        "**decode_qr**": decode_qr,
    }
    results = {}
    for name, decoder in decoders.items():
        results[name] = run(decoder, frames)
        print(f"{name}: done", file=sys.stderr)
    print(f"{len(frames)} frames, 1280x720, seed {args.seed}, cv2 {cv2.__version__}, 1 thread\n")
    print(table(results, args.per_category))
    return 0


if __name__ == "__main__":
    sys.exit(main())
