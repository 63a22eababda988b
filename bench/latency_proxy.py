"""A TCP proxy that delays every message each way: a database on another machine.

    .venv/bin/python -m bench.latency_proxy --listen 6543 --to 127.0.0.1:5432 --delay-ms 0.25

Point a benchmark at it (``ANTREAN_TEST_POSTGRES_URL=...@127.0.0.1:6543/...``) to see
how a server behaves when each round trip to PostgreSQL costs what it costs across
an office network, not on loopback. Each connection gets two threads, one each way;
a chunk read is held for the delay, then sent on. The database protocol has one
request in flight per connection, so holding each chunk in turn adds the delay
once per message, not once per byte.
"""

import argparse
import contextlib
import socket
import threading
import time

CHUNK = 65536


def _pump(source: socket.socket, target: socket.socket, delay_s: float) -> None:
    with contextlib.suppress(OSError):  # either end hung up
        while data := source.recv(CHUNK):
            time.sleep(delay_s)
            target.sendall(data)
    for end in (source, target):
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)


def _serve(client: socket.socket, upstream: tuple[str, int], delay_s: float) -> None:
    server = socket.create_connection(upstream)
    for end in (client, server):
        end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for source, target in ((client, server), (server, client)):
        threading.Thread(target=_pump, args=(source, target, delay_s), daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", type=int, default=6543)
    parser.add_argument("--to", default="127.0.0.1:5432")
    parser.add_argument("--delay-ms", type=float, default=0.25, help="each way")
    args = parser.parse_args()
    host, port = args.to.rsplit(":", 1)
    listener = socket.create_server(("127.0.0.1", args.listen))
    print(f"127.0.0.1:{args.listen} -> {args.to}, {args.delay_ms} ms each way", flush=True)
    while True:
        client, _ = listener.accept()
        _serve(client, (host, int(port)), args.delay_ms / 1000)


if __name__ == "__main__":
    main()
