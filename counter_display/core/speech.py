"""The audio queue: chime, then the call in each language, one call after another.

Invariants:
- calls are played in the order they were queued and never cut each other off: a
  single worker thread plays one clip at a time on a ``Sink`` that blocks until
  the clip has finished;
- a recall is a new call and is spoken again in full;
- no audio device means a silent board: the first failure is logged once, the
  board keeps working, and the device is tried again after ``retry_seconds``
  (a TV switched on later gets its sound back); recovery is logged once too;
- a missing clip file is logged once per file and skipped, never fatal.
"""

import logging
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from counter_display.core.phrases import call_phrase

log = logging.getLogger(__name__)

CHIME = "chime"


class AudioUnavailableError(Exception):
    """No sound device (or no player program); the board goes silent."""


class Sink(Protocol):
    """Plays one WAV clip, blocking until it has finished."""

    def play(self, path: Path) -> None:
        """Play ``path``; raise ``AudioUnavailableError`` when there is no device."""
        ...

    def stop(self) -> None:
        """Cut the clip playing now short (only at shutdown)."""
        ...


class NullSink:
    """Audio off: plays nothing, instantly."""

    def play(self, path: Path) -> None:
        """Nothing to play: audio is off in the config."""

    def stop(self) -> None:
        """Nothing is ever playing."""


class CommandSink:
    """Plays clips with a player program (``aplay`` from alsa-utils, or ``paplay``).

    A subprocess per clip keeps the display free of an audio stack in Python:
    the player blocks until the clip ends, which is exactly the queue's need.
    """

    PLAYERS = ("aplay", "paplay", "pw-play")

    def __init__(self, player: str = "auto") -> None:
        self._player = player
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def _command(self, path: Path) -> list[str]:
        names = self.PLAYERS if self._player == "auto" else (self._player,)
        for name in names:
            program = shutil.which(name)
            if program:
                return [program, "-q", str(path)] if name == "aplay" else [program, str(path)]
        raise AudioUnavailableError(f"no audio player found (tried {', '.join(names)})")

    def play(self, path: Path) -> None:
        """Run the player and wait; a failing player means no usable device."""
        with self._lock:
            self._process = subprocess.Popen(
                self._command(path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
        _, error = self._process.communicate()
        code = self._process.returncode
        with self._lock:
            self._process = None
        if code not in (0, -15):  # -15: stopped by ``stop`` at shutdown
            last = error.decode(errors="replace").strip().splitlines()[-1:] or [f"exit {code}"]
            raise AudioUnavailableError(last[0])

    def stop(self) -> None:
        """Terminate the player of the clip playing now, if any."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()


@dataclass(frozen=True)
class SpokenCall:
    """One call to speak: ticket ``number`` to ``counter`` (``recall`` when repeated)."""

    number: str
    counter: int
    recall: bool = False


class SpeechQueue:
    """Speaks calls one after another on a worker thread, until ``close``.

    Args:
        sink: where clips are played.
        voice_dir: folder with ``chime.wav`` and ``<language>/<clip>.wav``.
        languages: the languages each call is spoken in, in order.
        mode: "words" or "digits", how ticket numbers are read.
        retry_seconds: how long a silent board waits before trying the device again.
        monotonic: the clock for ``retry_seconds`` (injected in tests).
    """

    def __init__(
        self,
        sink: Sink,
        voice_dir: Path,
        *,
        languages: Sequence[str] = ("id", "en"),
        mode: str = "words",
        retry_seconds: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.mode = mode
        self._sink = sink
        self._voice_dir = voice_dir
        self._languages = tuple(languages)
        self._retry_seconds = retry_seconds
        self._monotonic = monotonic
        self._calls: queue.Queue[SpokenCall | None] = queue.Queue()
        self._silent_since: float | None = None
        self._missing: set[Path] = set()
        self._thread: threading.Thread | None = None
        self._closing = threading.Event()

    @property
    def silent(self) -> bool:
        """True while the board has no working audio device."""
        return self._silent_since is not None

    def start(self) -> None:
        """Start the worker thread."""
        self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
        self._thread.start()

    def announce(self, call: SpokenCall) -> None:
        """Queue a call; it is spoken after every call queued before it."""
        self._calls.put(call)

    def wait_idle(self, timeout: float) -> bool:
        """Block until every queued call has been spoken (for tests and ``--say``)."""
        deadline = time.monotonic() + timeout
        while self._calls.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def close(self) -> None:
        """Stop after the clip playing now; calls still queued are dropped."""
        self._closing.set()
        self._sink.stop()
        self._calls.put(None)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def clips_for(self, call: SpokenCall) -> list[Path]:
        """The files played for ``call``: the chime, then the phrase in each language."""
        paths = [self._voice_dir / f"{CHIME}.wav"]
        for language in self._languages:
            clips = call_phrase(call.number, call.counter, language, self.mode)
            paths += [self._voice_dir / language / f"{clip}.wav" for clip in clips]
        return paths

    def _run(self) -> None:
        while True:
            call = self._calls.get()
            try:
                if call is None:
                    return
                if not self._closing.is_set():
                    self._speak(call)
            finally:
                self._calls.task_done()

    def _speak(self, call: SpokenCall) -> None:
        retrying = self._silent_since is not None
        if self._silent_since is not None:
            if self._monotonic() - self._silent_since < self._retry_seconds:
                return
            self._silent_since = None  # time to try the device again
        try:
            for path in self.clips_for(call):
                if self._closing.is_set():
                    return
                self._play(path)
        except AudioUnavailableError as error:
            self._silent_since = self._monotonic()
            if not retrying:  # one line when the board goes silent, not one per call
                log.warning("no audio device, the board is silent: %s", error)
            return
        except Exception:  # a broken clip or player must never stop the calls
            log.exception("could not speak %s", call.number)
            return
        if retrying:
            log.info("audio device available again")

    def _play(self, path: Path) -> None:
        if not path.is_file():
            if path not in self._missing:
                self._missing.add(path)
                log.warning("voice clip missing, skipped: %s", path)
            return
        self._sink.play(path)
