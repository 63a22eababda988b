"""systemd supervision of a Qt app (the kiosk, the feedback screen, the board).

The beats come from a timer on the UI thread: a UI thread that hangs stops them, and
systemd's watchdog then kills the app (``SIGABRT``, which dumps every thread's stack to
the journal first) and starts it again. Both apps wrap their ``app.exec()`` in
:func:`supervised`; this module sits in ``antrean`` because the two apps share nothing
else and neither may import the other.
"""

import faulthandler
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QTimer

from antrean.systemd_notify import ServiceNotifier


@contextmanager
def supervised(notifier: ServiceNotifier | None = None) -> Iterator[None]:
    """Around the Qt event loop: ``READY=1`` as soon as the loop runs (the window is
    shown by then), ``WATCHDOG=1`` from the loop while it runs, ``STOPPING=1`` after."""
    notifier = notifier or ServiceNotifier.from_environ()
    if not notifier.enabled:
        yield
        return
    QTimer.singleShot(0, notifier.ready)
    beat = QTimer()
    beat.timeout.connect(notifier.watchdog)
    seconds = notifier.heartbeat_seconds
    if seconds is not None:
        faulthandler.enable()  # the watchdog's SIGABRT then says where the UI thread hung
        beat.start(max(1, round(seconds * 1000)))
    try:
        yield
    finally:
        beat.stop()
        notifier.stopping()
