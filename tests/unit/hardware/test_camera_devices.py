"""FakeCamera, OpenCvCamera (over a recorded clip), the URL factory and the camera check."""

import io
from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware.camera.base import CameraError
from hardware.camera.check import run_check
from hardware.camera.factory import camera_for_url
from hardware.camera.fake import FakeCamera
from hardware.camera.opencv_camera import OpenCvCamera
from hardware.camera.qr_frames import make_frame


@pytest.fixture
def image_folder(tmp_path: Path) -> Path:
    for index, category in enumerate(("clean", "rotated", "noise")):
        cv2.imwrite(str(tmp_path / f"{index}.png"), make_frame(category, index).image)
    (tmp_path / "notes.txt").write_text("not an image")
    return tmp_path


def test_fake_camera_folder_loops_in_name_order(image_folder: Path) -> None:
    with FakeCamera(f"sim://{image_folder}") as camera:
        frames = [camera.read_frame() for _ in range(4)]
    shapes = [frame.shape for frame in frames if frame is not None]
    assert shapes == [(720, 1280, 3)] * 4
    assert frames[0] is not None
    assert frames[3] is not None
    assert np.array_equal(frames[0], frames[3])


def test_fake_camera_single_file(image_folder: Path) -> None:
    with FakeCamera(f"file://{image_folder / '1.png'}") as camera:
        assert camera.read_frame() is not None


def test_fake_camera_paced_by_clock(image_folder: Path) -> None:
    now = [100.0]
    camera = FakeCamera(f"sim://{image_folder}?fps=10", clock=lambda: now[0])
    with camera:
        assert camera.read_frame() is not None
        assert camera.read_frame() is None
        now[0] += 0.1
        assert camera.read_frame() is not None


def test_fake_camera_generated_frames() -> None:
    with FakeCamera("sim://") as camera:
        assert camera.read_frame() is not None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sim:///no/such/folder", "no such file or folder"),
        ("http://camera", "not a file:// or sim:// URL"),
        ("sim://?fps=0", "fps must be a positive number"),
    ],
)
def test_fake_camera_bad_url_raises_camera_error(url: str, message: str) -> None:
    with pytest.raises(CameraError, match=message):
        FakeCamera(url).open()


def test_fake_camera_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(CameraError, match="no images"):
        FakeCamera(f"sim://{tmp_path}").open()


def test_fake_camera_read_before_open_raises() -> None:
    with pytest.raises(CameraError, match="not open"):
        FakeCamera("sim://").read_frame()


def test_opencv_camera_reads_recorded_clip(tmp_path: Path) -> None:
    clip = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter.fourcc(*"MJPG"), 10, (1280, 720))
    for index in range(3):
        writer.write(make_frame("clean", index).image)
    writer.release()
    camera = OpenCvCamera(f"cv:{clip}", max_failures=2)
    with camera:
        frames = [camera.read_frame() for _ in range(3)]
        assert all(frame is not None and frame.shape == (720, 1280, 3) for frame in frames)
        assert camera.read_frame() is None
        with pytest.raises(CameraError, match="stopped delivering frames"):
            camera.read_frame()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("v4l2:///dev/video99", "cannot open"),
        ("v4l2:///dev/video0?zoom=2", "unknown setting"),
        ("v4l2://", "no device"),
        ("rtsp://x", "not a v4l2:// or cv: URL"),
    ],
)
def test_opencv_camera_bad_device(url: str, message: str) -> None:
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    with pytest.raises(CameraError, match=message):
        OpenCvCamera(url).open()


def test_camera_for_url_picks_implementation() -> None:
    assert isinstance(camera_for_url("sim://"), FakeCamera)
    assert isinstance(camera_for_url("file:///x.png"), FakeCamera)
    assert isinstance(camera_for_url("v4l2:///dev/video0"), OpenCvCamera)
    assert isinstance(camera_for_url("cv:0"), OpenCvCamera)
    with pytest.raises(CameraError, match="unknown kind"):
        camera_for_url("/dev/video0")


def test_camera_check_reports_rates(image_folder: Path) -> None:
    out = io.StringIO()
    assert run_check(f"sim://{image_folder}", timeout=0.3, out=out) == 0
    last = out.getvalue().splitlines()[-1]
    assert "frames/s" in last
    assert "QR decoded in" in last
    assert "ms median" in last


def test_camera_check_missing_device_one_line() -> None:
    out = io.StringIO()
    assert run_check("sim:///no/such/dir", timeout=0.3, out=out) == 2
    assert out.getvalue() == "camera at sim:///no/such/dir: no such file or folder\n"
