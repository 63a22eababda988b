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

Routes that may take long (logins with their password hash, reports, imports, pages)
stay plain ``def`` routes, in worker threads.
"""

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from queue_server.services.context import ServerContext
from queue_server.storage import DatabaseBusyError

P = ParamSpec("P")
T = TypeVar("T")


async def use_case(
    ctx: ServerContext, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    if ctx.db.in_process:
        try:
            with ctx.db.without_waiting():
                return call(*args, **kwargs)
        except DatabaseBusyError:
            pass  # nothing was written; a worker thread waits for the database instead
    return await run_in_threadpool(call, *args, **kwargs)
