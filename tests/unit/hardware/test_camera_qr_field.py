"""The independent field frames (bench/qr_frames_field.py) and decode_qr's retries on them."""

import numpy as np
import pytest
import zxingcpp

from bench.qr_frames_field import (
    CATEGORIES,
    SPLITS,
    disk_kernel,
    field_modules,
    field_payload,
    make_field_frame,
    motion_kernel,
)
from hardware.camera.qr import (
    RETRIES,
    FrameViews,
    balanced_grey,
    decode_qr,
    read_zxing,
    resized,
    to_grey,
)
from kiosk_app.core.booking_code import TOKEN_PREFIX, check_booking_code

# Frames of the tuning split that zxing-cpp alone misses and a retry reads, each
# by a different retry: half size (thorough), the channel-balanced grey of a
# phone screen, half size sharpened, 1.5x.
RESCUED = [("phone_moire", 2), ("phone_moire", 3), ("defocus", 9), ("glare", 9)]


def test_field_frame_is_deterministic_and_camera_sized() -> None:
    first, again = make_field_frame("jpeg", 1), make_field_frame("jpeg", 1)
    assert first.payload == again.payload
    assert (first.level, first.version) == (again.level, again.version)
    assert np.array_equal(first.image, again.image)
    assert first.image.shape == (720, 1280, 3)
    assert first.image.dtype == np.uint8


def test_splits_give_other_frames() -> None:
    tuning = [make_field_frame("textured", i, split="tuning").payload for i in range(2)]
    held_out = [make_field_frame("textured", i, split="held_out").payload for i in range(2)]
    assert set(tuning).isdisjoint(held_out)


def test_unknown_split_or_category_is_refused() -> None:
    with pytest.raises(KeyError):
        make_field_frame("textured", 0, split="everything")
    with pytest.raises(ValueError, match="not in tuple"):
        make_field_frame("sunset", 0)


def test_payloads_are_booking_codes_of_both_kinds() -> None:
    payloads = [field_payload(np.random.default_rng([7, i])) for i in range(60)]
    tokens = [p for p in payloads if p.startswith(TOKEN_PREFIX)]
    numbers = [p for p in payloads if not p.startswith(TOKEN_PREFIX)]
    assert tokens
    assert numbers
    assert all(check_booking_code(p).code == p for p in payloads)
    assert min(len(p) for p in numbers) >= 6
    assert max(len(p) for p in numbers) <= 32
    assert min(len(p) for p in tokens) > 140


def test_codes_use_every_level_and_decode_when_clean() -> None:
    levels = set()
    for index in range(24):
        rng = np.random.default_rng([SPLITS["tuning"], 0, index])
        payload = field_payload(rng)
        modules, level, version = field_modules(payload, rng)
        assert modules.shape[0] == 17 + 4 * version + 8  # the version's size plus quiet zones
        image = np.where(np.kron(modules, np.ones((3, 3), bool)), 0, 255).astype(np.uint8)
        assert [b.text for b in zxingcpp.read_barcodes(image)] == [payload]
        levels.add(level)
    assert levels == set("LMQH")


@pytest.mark.parametrize(("length", "angle"), [(9.0, 0.0), (12.5, 37.0), (4.0, 90.0)])
def test_motion_kernel_is_a_normalised_line(length: float, angle: float) -> None:
    kernel = motion_kernel(length, angle)
    assert kernel.shape[0] == kernel.shape[1]
    assert kernel.shape[0] % 2 == 1
    assert kernel.sum() == pytest.approx(1.0, abs=1e-5)
    lit = np.argwhere(kernel > 0.05)
    span = np.ptp(lit, axis=0)
    assert np.hypot(*span) >= length * 0.6  # a line, not a dot


def test_disk_kernel_is_a_normalised_round_disk() -> None:
    kernel = disk_kernel(3.0)
    assert kernel.shape == (7, 7)
    assert kernel.sum() == pytest.approx(1.0, abs=1e-5)
    assert kernel[3, 3] > 0
    assert kernel[0, 0] == 0
    assert np.allclose(kernel, kernel.T)
    assert np.allclose(kernel, kernel[::-1])


def test_balanced_grey_cancels_sub_pixel_stripes() -> None:
    stripes = np.zeros((4, 9, 3), np.uint8)
    for channel in range(3):  # one lit B, G or R sub-pixel per column, as on a screen
        stripes[:, channel::3, channel] = 255
    assert np.ptp(to_grey(stripes)) > 100  # luma weights keep the stripes
    assert np.ptp(balanced_grey(stripes)) <= 1
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4)
    assert balanced_grey(grey) is grey


def test_resized_and_views() -> None:
    grey = np.zeros((720, 1280), np.uint8)
    assert resized(grey, 0.5).shape == (360, 640)
    assert resized(grey, 1.5).shape == (1080, 1920)
    views = FrameViews(np.zeros((720, 1280, 3), np.uint8))
    assert views.half is views.half
    assert views.half.shape == (360, 640)
    assert views.balanced.shape == (720, 1280)


def test_retries_have_distinct_names() -> None:
    names = [retry.name for retry in RETRIES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("category", "index"), RESCUED)
def test_decode_qr_reads_field_frames_plain_zxing_misses(category: str, index: int) -> None:
    assert category in CATEGORIES
    sample = make_field_frame(category, index, split="tuning")
    assert sample.payload not in read_zxing(sample.image)
    # A generous budget keeps this deterministic on a busy machine.
    assert decode_qr(sample.image, budget_s=1.0) == [sample.payload]
