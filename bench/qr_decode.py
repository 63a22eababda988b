"""QR decoding on degraded camera frames: decode rate and ms per frame, per decoder.

Usage: .venv/bin/python bench/qr_decode.py [--set generated|tuning|held_out]
       [--per-category 50] [--seed 2024] [--no-opencv] [--clock wall|cpu]

``generated`` frames come from ``hardware.camera.qr_frames`` (the set the first
retries were tuned on); ``tuning`` and ``held_out`` from the independent
``bench.qr_frames_field`` (decoder changes are tuned on ``tuning`` only;
``held_out`` is never tuned on). All are 1280 x 720, ten categories each. OpenCV
runs on one thread, so every figure is for one core. A frame counts as decoded
when the expected payload is among the results; any other text returned is a
misread. ``--clock cpu`` times each frame (and ``decode_qr``'s budget) by the
thread's CPU time: on a machine shared with other work, wall time counts the
time the other work held the core.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.qr_frames_field import CATEGORIES as FIELD_CATEGORIES
from bench.qr_frames_field import generate_field_frames
from hardware.camera.base import Frame
from hardware.camera.qr import decode_qr, read_zxing
from hardware.camera.qr_frames import CATEGORIES, generate_frames

Decoder = Callable[[Frame], list[str]]


@dataclass(frozen=True)
class Labelled:
    """A frame, its category and the text its code holds."""

    category: str
    payload: str
    image: Frame


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


def run(decoder: Decoder, frames: list[Labelled], clock: Callable[[], float]) -> Tally:
    tally = Tally()
    for sample in frames:
        started = clock()
        texts = decoder(sample.image)
        tally.ms.append((clock() - started) * 1000)
        hit = sample.payload in texts
        tally.hits[sample.category] = tally.hits.get(sample.category, 0) + hit
        tally.misreads += sum(text != sample.payload for text in texts)
    return tally


def table(results: dict[str, Tally], per_category: int, categories: tuple[str, ...]) -> str:
    names = list(results)
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    total = per_category * len(categories)
    overall = [100 * sum(t.hits.values()) / total for t in results.values()]
    lines.append("| **decoded, all** | " + " | ".join(f"{v:.1f} %" for v in overall) + " |")
    for category in categories:
        cells = [f"{100 * t.hits.get(category, 0) / per_category:.0f}" for t in results.values()]
        lines.append(f"| {category} | " + " | ".join(cells) + " |")
    timing = [f"{statistics.median(t.ms):.1f} / {_p95(t.ms):.1f}" for t in results.values()]
    lines.append("| median / p95 ms | " + " | ".join(timing) + " |")
    lines.append("| max ms | " + " | ".join(f"{max(t.ms):.1f}" for t in results.values()) + " |")
    lines.append("| misreads | " + " | ".join(str(t.misreads) for t in results.values()) + " |")
    return "\n".join(lines)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def load(name: str, per_category: int, seed: int) -> tuple[list[Labelled], tuple[str, ...]]:
    """The frames of set ``name`` and its categories."""
    if name == "generated":
        frames = generate_frames(per_category, seed=seed)
        return [Labelled(f.category, f.payload, f.image) for f in frames], CATEGORIES
    field = generate_field_frames(per_category, split=name)
    return [Labelled(f.category, f.payload, f.image) for f in field], FIELD_CATEGORIES


def main() -> int:
    parser = argparse.ArgumentParser(description="QR decode rate and time per decoder")
    parser.add_argument("--set", choices=["generated", "tuning", "held_out"], default="generated")
    parser.add_argument("--per-category", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2024, help="of the generated set")
    parser.add_argument("--no-opencv", action="store_true", help="zxing-cpp and decode_qr only")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    args = parser.parse_args()
    cv2.setNumThreads(1)
    clock = time.thread_time if args.clock == "cpu" else time.perf_counter
    frames, categories = load(args.set, args.per_category, args.seed)
    decoders: dict[str, Decoder] = {}
    if not args.no_opencv:
        decoders["QRCodeDetector"] = opencv_decoder(cv2.QRCodeDetector())
        decoders["Aruco"] = opencv_decoder(cv2.QRCodeDetectorAruco())
    decoders["zxing-cpp"] = read_zxing
    decoders["**decode_qr**"] = lambda image: decode_qr(image, clock=clock)
    results = {}
    for name, decoder in decoders.items():
        results[name] = run(decoder, frames, clock)
        print(f"{name}: done", file=sys.stderr)
    where = f"seed {args.seed}" if args.set == "generated" else f"split {args.set}"
    print(
        f"{len(frames)} frames of set {args.set}, 1280x720, {where}, cv2 {cv2.__version__},"
        f" 1 thread, {args.clock} clock, load {os.getloadavg()[0]:.1f}\n"
    )
    print(table(results, args.per_category, categories))
    return 0


if __name__ == "__main__":
    sys.exit(main())
