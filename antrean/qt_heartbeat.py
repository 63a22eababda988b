"""A Qt app as a service (the kiosk, the feedback screen, the board): systemd's watchdog
beats, and a clean quit on the signals that stop it.

The beats come from a timer on the UI thread: a UI thread that hangs stops them, and
systemd's watchdog then kills the app (``SIGABRT``, which writes the UI thread's stack to
the journal first) and starts it again. Both apps wrap their ``app.exec()`` in
:func:`supervised` and :func:`quit_on_signals`; this module sits in ``antrean`` because
the two apps share nothing else and neither may import the other.
"""

import faulthandler
import signal
from collections.abc import Callable, Iterator
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
        # The watchdog's SIGABRT then says where the UI thread hung. The kernel hands a
        # process's signal to its main thread, the UI thread, whose stack stands still
        # while it is written; walking the other threads' stacks as they move can crash
        # the dump itself before the UI thread's turn (seen once in a loaded CI run).
        faulthandler.enable(all_threads=False)
        beat.start(max(1, round(seconds * 1000)))
    try:
        yield
    finally:
        beat.stop()
        notifier.stopping()


@contextmanager
def quit_on_signals(quit_app: Callable[[], None]) -> Iterator[None]:
    """Ctrl+C and SIGTERM (how systemd stops a service) call ``quit_app`` on the UI
    thread. By default SIGTERM would end the process at once, a ticket perhaps issued
    and never printed, and Ctrl+C would not end it at all. Python runs a handler only
    between its own bytecodes, so a timer wakes it while Qt's loop waits."""
    handlers = {
        number: signal.signal(number, lambda *_: quit_app())
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(250)
    try:
        yield
    finally:
        wake.stop()
        for number, handler in handlers.items():
            signal.signal(number, handler)
