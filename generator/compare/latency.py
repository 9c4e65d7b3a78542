"""A TCP proxy that delays every chunk, so a local PostgreSQL behaves like a distant one.

`forge compare`'s I/O-bound scenario puts it between the generated app and its database: each
query then waits a network round trip, and the comparison shows what each concurrency model
does while its requests wait (an event loop keeps serving, a thread pool runs out of threads).

The delay is per direction and per chunk, from the moment the chunk was read, never serialized:
a burst of chunks arrives as a burst, D/2 later, like packets on a long wire, and one
request/response exchange costs D more. It runs as its own process (`delayed_proxy`) so it never
shares a GIL with the load generator or the app it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["delayed_proxy", "main"]

LISTEN_HOST = "127.0.0.1"
# Large reads keep the per-chunk cost (a queue hop, a timestamp, a write) off bulk transfers.
CHUNK_SIZE = 256 * 1024
STREAM_LIMIT = 1024 * 1024
# Bytes read but not yet delivered, per direction. Past it the proxy stops reading, so a slow
# receiver slows the sender through TCP's window instead of growing memory. It caps one
# connection at IN_FLIGHT_LIMIT / (D/2) bytes a second: 80 MB/s at D = 100 ms, far above what
# a database connection in the comparison carries.
IN_FLIGHT_LIMIT = 4 * 1024 * 1024
CONNECT_TIMEOUT = 10.0
STARTUP_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0
EOF = b""  # queued after the last chunk, so the half-close travels with the same delay


class _InFlight:
    """One direction's chunks between read and write, each with the time it becomes due."""

    def __init__(self, limit: int) -> None:
        self.queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        self._limit = limit
        self._bytes = 0
        self._room = asyncio.Event()

    async def put(self, due: float, chunk: bytes) -> None:
        """Queue at once, so the due time is the read time; wait only afterwards, if full."""
        self.queue.put_nowait((due, chunk))
        self._bytes += len(chunk)
        while self._bytes > self._limit:
            self._room.clear()
            await self._room.wait()

    def delivered(self, chunk: bytes) -> None:
        self._bytes -= len(chunk)
        if self._bytes <= self._limit:
            self._room.set()


async def _read_side(reader: asyncio.StreamReader, flight: _InFlight, half: float) -> None:
    loop = asyncio.get_running_loop()
    while chunk := await reader.read(CHUNK_SIZE):
        await flight.put(loop.time() + half, chunk)
    await flight.put(loop.time() + half, EOF)


async def _write_side(flight: _InFlight, writer: asyncio.StreamWriter) -> None:
    """Sleep until each chunk is due, not for D/2 per chunk: waits overlap, order is kept."""
    loop = asyncio.get_running_loop()
    while True:
        due, chunk = await flight.queue.get()
        wait = due - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        if chunk == EOF:
            break
        writer.write(chunk)
        await writer.drain()
        flight.delivered(chunk)
    if writer.can_write_eof():
        writer.write_eof()  # half-close: the other side may still answer


async def _one_way(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, half: float) -> None:
    flight = _InFlight(IN_FLIGHT_LIMIT)
    async with asyncio.TaskGroup() as group:
        group.create_task(_read_side(reader, flight, half))
        group.create_task(_write_side(flight, writer))


def _no_delay(writer: asyncio.StreamWriter) -> None:
    """Nagle's algorithm would hold small chunks back and add delays of its own."""
    sock = writer.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _close(writer: asyncio.StreamWriter, *, abort: bool) -> None:
    """Abort sends a reset, so a peer of a failed connection sees an error, not a clean end."""
    if abort:
        writer.transport.abort()
    else:
        writer.close()


async def _relay(
    client: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    upstream: tuple[str, int],
    half: float,
) -> None:
    client_reader, client_writer = client
    server_reader, server_writer = await asyncio.wait_for(
        asyncio.open_connection(*upstream, limit=STREAM_LIMIT), CONNECT_TIMEOUT
    )
    failed = True
    try:
        _no_delay(server_writer)
        async with asyncio.TaskGroup() as group:
            group.create_task(_one_way(client_reader, server_writer, half))
            group.create_task(_one_way(server_reader, client_writer, half))
        failed = False
    finally:
        _close(server_writer, abort=failed)


def _describe(error: Exception) -> str:
    """TaskGroup wraps what failed in an ExceptionGroup; the log wants what failed."""
    if isinstance(error, ExceptionGroup):
        return "; ".join(_describe(inner) for inner in error.exceptions)
    return repr(error)


def _connection_handler(
    upstream: tuple[str, int], half: float, tasks: set[asyncio.Task[None]]
) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Whatever one connection does, it ends here: the server keeps accepting others."""
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        failed = True
        try:
            _no_delay(writer)
            await _relay((reader, writer), upstream, half)
            failed = False
        except Exception as error:
            print(f"latency proxy: connection ended: {_describe(error)}", file=sys.stderr)
        finally:
            _close(writer, abort=failed)
            tasks.discard(task)

    return handle


async def _serve(upstream: tuple[str, int], delay: float, listen_port: int) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    tasks: set[asyncio.Task[None]] = set()
    handler = _connection_handler(upstream, delay / 2, tasks)
    server = await asyncio.start_server(handler, LISTEN_HOST, listen_port, limit=STREAM_LIMIT)
    port = server.sockets[0].getsockname()[1]
    print(f"listening {LISTEN_HOST}:{port}", flush=True)
    await stop.wait()
    server.close()
    for task in list(tasks):  # open connections would otherwise keep the process alive
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host.strip("[]"), int(port)


def _delay_ms(text: str) -> float:
    value = float(text)
    if not 0 <= value < math.inf:
        raise argparse.ArgumentTypeError(f"the delay must be 0 or more milliseconds, got {text}")
    return value


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m generator.compare.latency",
        description="Relay TCP to an upstream, adding a round-trip delay to every exchange.",
    )
    parser.add_argument("--upstream", type=_host_port, required=True, metavar="HOST:PORT")
    parser.add_argument("--delay-ms", type=_delay_ms, required=True, metavar="N")
    parser.add_argument("--listen-port", type=int, default=0, metavar="PORT")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the proxy until SIGTERM or SIGINT, both being the normal way to stop it."""
    args = _parse(argv)
    asyncio.run(_serve(args.upstream, args.delay_ms / 1000, args.listen_port))
    return 0


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """The first line of stdout, without blocking past `timeout` if the child never writes it."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    deadline = time.monotonic() + timeout
    received = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while b"\n" not in received:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            received += chunk
    return received.partition(b"\n")[0]


def _start(command: list[str], stderr: IO[bytes]) -> subprocess.Popen[bytes]:
    """`-m` must find this package even when the caller runs from another directory."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env=env,
        start_new_session=True,  # a Ctrl-C at the terminal is the caller's to handle
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


def _address(line: bytes, process: subprocess.Popen[bytes], stderr: IO[bytes]) -> tuple[str, int]:
    text = line.decode(errors="replace")
    if not text.startswith("listening "):
        raise _startup_error(text, process, stderr)
    host, _, port = text.removeprefix("listening ").rpartition(":")
    return host, int(port)


def _startup_error(text: str, process: subprocess.Popen[bytes], stderr: IO[bytes]) -> RuntimeError:
    """Its stderr says why (a bad argument, a port in use), so it goes into the message."""
    try:
        code: int | None = process.wait(1)  # its stdout ended: it is exiting
    except subprocess.TimeoutExpired:
        code = None
    _stop(process)
    stderr.seek(0)
    output = stderr.read().decode(errors="replace").strip() or text or "no output"
    if code is None:
        return RuntimeError(f"the latency proxy did not start in {STARTUP_TIMEOUT:g} s: {output}")
    return RuntimeError(f"the latency proxy exited with status {code}: {output}")


@contextmanager
def delayed_proxy(
    upstream_host: str, upstream_port: int, delay: float
) -> Iterator[tuple[str, int]]:
    """Yield the (host, port) of a proxy to the upstream that adds `delay` seconds per round trip.

    Its stderr goes to a file rather than a pipe: nobody reads it while the proxy runs, and a
    full pipe would block the proxy in the middle of a measurement.
    """
    command = [
        sys.executable,
        "-m",
        "generator.compare.latency",
        "--upstream",
        f"{upstream_host}:{upstream_port}",
        "--delay-ms",
        repr(delay * 1000),
    ]
    with tempfile.TemporaryFile() as stderr:
        process = _start(command, stderr)
        try:
            yield _address(_read_line(process, STARTUP_TIMEOUT), process, stderr)
        finally:
            _stop(process)


if __name__ == "__main__":
    sys.exit(main())
