"""Where the busiest routes run their use case: on the event loop, or in a worker thread.

On SQLite, issuing a ticket or calling the next one is about a millisecond of this
interpreter's own work. Handing it to a worker thread costs more than that: the hop
there and back, and the interpreter lock passing between the worker and the event
loop at every statement while the write lock is held and every other write waits
(``bench/README.md`` has the figures). So such a use case runs on the loop.

The loop must never wait long, or every board and console would wait with it. So
on the loop a use case's write gives up at once if another process holds the
database (an import from the command line, say), and after 50 ms if a long write of
this process holds the write lock (the nightly roll-up, the retention job); nothing
has been written then, and the use case runs again in a worker thread, which waits.
On PostgreSQL every statement waits on the network, and a worker thread runs it.

In worker threads, at most ``WRITE_THREADS`` use cases that write run at once, and
beside them at most ``READ_THREADS`` that only read; the others wait their turn on
the loop, first come first served. Many threads at once did not get more done, only
took longer each: every statement's reply is a thread waiting for the interpreter
lock, and the lock goes to no thread in particular, so under load some requests
waited far longer than others (``bench/README.md``, "Fewer threads at once, and the
time the host takes"). Reads have threads of their own because a write may wait
long for the disk (a commit waits out any stall of its sync), and a reader need
not wait with it (``bench/README.md``, "When the disk stalls").

Routes that may take long (logins with their password hash, reports, imports, pages)
stay plain ``def`` routes, in the default pool of worker threads.
"""

from collections.abc import Callable
from functools import partial
from typing import ParamSpec, TypeVar

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar

from queue_server.services.context import ServerContext
from queue_server.storage import MAX_CONCURRENT_WRITES, DatabaseBusyError

P = ParamSpec("P")
T = TypeVar("T")

WRITE_THREADS = MAX_CONCURRENT_WRITES  # the concurrent writes the database takes at once
READ_THREADS = 2
_write_threads: RunVar[CapacityLimiter] = RunVar("write_use_case_threads")
_read_threads: RunVar[CapacityLimiter] = RunVar("read_use_case_threads")


async def use_case(
    ctx: ServerContext, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """Run a use case that may write."""
    return await _run(ctx, _limiter(_write_threads, WRITE_THREADS), partial(call, *args, **kwargs))


async def read_use_case(
    ctx: ServerContext, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """Run a use case that only reads: it never waits for a thread a write holds."""
    return await _run(ctx, _limiter(_read_threads, READ_THREADS), partial(call, *args, **kwargs))


async def _run(ctx: ServerContext, threads: CapacityLimiter, call: Callable[[], T]) -> T:
    if ctx.db.in_process:
        try:
            with ctx.db.without_waiting():
                return call()
        except DatabaseBusyError:
            pass  # nothing was written; a worker thread waits for the database instead
    return await to_thread.run_sync(call, limiter=threads)


def _limiter(threads: RunVar[CapacityLimiter], size: int) -> CapacityLimiter:
    """The running loop's limiter (tests run several servers, each on its own loop)."""
    try:
        return threads.get()
    except LookupError:
        limiter = CapacityLimiter(size)
        threads.set(limiter)
        return limiter
