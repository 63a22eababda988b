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

In worker threads, at most ``USE_CASE_THREADS`` use cases run at once; the others
wait their turn on the loop, first come first served. Many threads at once did not
get more done, only took longer each: every statement's reply is a thread waiting
for the interpreter lock, and the lock goes to no thread in particular, so under
load some requests waited far longer than others (``bench/README.md``, "Fewer
threads at once, and the time the host takes").

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

# The concurrent writes the database takes at once, and a read beside them.
USE_CASE_THREADS = MAX_CONCURRENT_WRITES + 1
_threads: RunVar[CapacityLimiter] = RunVar("use_case_threads")


async def use_case(
    ctx: ServerContext, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    if ctx.db.in_process:
        try:
            with ctx.db.without_waiting():
                return call(*args, **kwargs)
        except DatabaseBusyError:
            pass  # nothing was written; a worker thread waits for the database instead
    return await to_thread.run_sync(partial(call, *args, **kwargs), limiter=_limiter())


def _limiter() -> CapacityLimiter:
    """The running loop's limiter (tests run several servers, each on its own loop)."""
    try:
        return _threads.get()
    except LookupError:
        limiter = CapacityLimiter(USE_CASE_THREADS)
        _threads.set(limiter)
        return limiter
