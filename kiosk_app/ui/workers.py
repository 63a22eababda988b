"""Work off the UI thread: a ``QRunnable`` whose result comes back by a queued signal."""

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class JobSignals(QObject):
    """Lives on the UI thread; ``finished`` is emitted from the pool thread (queued).

    Signals:
        finished(object): the job's result, or the exception it raised.
    """

    finished = Signal(object)


class Job(QRunnable):
    """Calls ``work`` on a pool thread; its result (or exception) goes to ``signals``."""

    def __init__(self, work: Callable[[], object], signals: JobSignals) -> None:
        super().__init__()
        self._work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # a bug must not kill the kiosk; it is logged
            log.exception("kiosk job failed")
            result = error
        self.signals.finished.emit(result)


class JobRunner:
    """Starts jobs on its own pool and keeps their signal objects alive until they finish."""

    def __init__(self, max_threads: int = 4) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(max_threads)
        self._jobs: set[JobSignals] = set()

    def submit(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        """Run ``work`` off the UI thread, then ``done(result)`` on the UI thread."""
        signals = JobSignals()
        self._jobs.add(signals)

        def finish(result: object) -> None:
            self._jobs.discard(signals)
            done(result)

        signals.finished.connect(finish)
        self.pool.start(Job(work, signals))

    @property
    def busy(self) -> bool:
        """Some job has not finished yet (its ``done`` has not run on the UI thread)."""
        return bool(self._jobs)

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Wait for every job; True if all finished in time."""
        return self.pool.waitForDone(timeout_ms)
