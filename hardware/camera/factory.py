"""Pick the camera implementation a configured URL names."""

from hardware.camera.base import Camera, CameraError
from hardware.camera.fake import FakeCamera
from hardware.camera.opencv_camera import OpenCvCamera


def camera_for_url(url: str) -> Camera:
    """A closed camera for ``url`` (``v4l2://``, ``cv:``, ``file://`` or ``sim://``).

    Raises:
        CameraError: the scheme is not one of those.
    """
    scheme = url.split(":", 1)[0] if ":" in url else ""
    if scheme in ("file", "sim"):
        return FakeCamera(url)
    if scheme in ("v4l2", "cv"):
        return OpenCvCamera(url)
    raise CameraError(
        f"camera at {url}: unknown kind; use v4l2:///dev/video0, cv:0, file:///img.png or sim://"
    )
