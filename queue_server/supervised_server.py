"""uvicorn's server under systemd (``Type=notify``, ``WatchdogSec=``).

``READY=1`` once the port is open (so ``systemctl start`` returns when kiosks can connect,
and units ordered after the server start then), ``WATCHDOG=1`` from the event loop while it
turns (from uvicorn's own tick, ten a second; a loop stuck on a blocking call stops the beats
and systemd restarts the server), ``STOPPING=1`` when it begins to shut down.
Outside systemd it is uvicorn's server, unchanged.
"""

import socket

import uvicorn

from antrean.systemd_notify import ServiceNotifier

TICKS_PER_SECOND = 10  # uvicorn's main loop calls on_tick every 0.1 s


class SupervisedServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, notifier: ServiceNotifier) -> None:
        super().__init__(config)
        self._notifier = notifier
        seconds = notifier.heartbeat_seconds
        self._beat_ticks = max(1, round(seconds * TICKS_PER_SECOND)) if seconds else None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and not self.should_exit:
            self._notifier.ready()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._notifier.stopping()
        await super().shutdown(sockets=sockets)

    async def on_tick(self, counter: int) -> bool:
        if self._beat_ticks is not None and counter % self._beat_ticks == 0:
            self._notifier.watchdog()
        return await super().on_tick(counter)


def supervised_server(config: uvicorn.Config, *, first: bool) -> uvicorn.Server:
    """The server to run; only the office's first process speaks to systemd (the others
    are its children, and systemd watches the first)."""
    notifier = ServiceNotifier.from_environ() if first else ServiceNotifier()
    return SupervisedServer(config, notifier) if notifier.enabled else uvicorn.Server(config)
