"""A daemon thread beside the server, started and stopped with it."""

import threading

STOP_TIMEOUT_SECONDS = 10


class BackgroundThread:
    """``start`` runs ``_run`` in a daemon thread named ``thread_name``; ``stop`` sets
    ``_stop``, interrupts any other wait, and waits for the thread to end. ``_run``
    watches ``_stop``."""

    thread_name = "background"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._interrupt()
        if self._thread is not None:
            self._thread.join(timeout=STOP_TIMEOUT_SECONDS)
            self._thread = None

    def _interrupt(self) -> None:
        """Wake ``_run`` from a wait other than on ``_stop`` (none by default)."""

    def _run(self) -> None:
        raise NotImplementedError
