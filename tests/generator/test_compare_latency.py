"""The latency proxy `forge compare` puts in front of PostgreSQL, over real loopback sockets.

It must never reorder, lose or duplicate a byte, must pass closes on, and must delay a burst of
chunks once rather than once per chunk. Every proxy here is the real subprocess `delayed_proxy`
starts; the upstream is a small threaded server whose behaviour each test chooses.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from generator.compare.latency import delayed_proxy

Address = tuple[str, int]
Handler = Callable[[socket.socket], None]
StartProxy = Callable[..., Address]

TIMEOUT = 5.0  # any wait longer than this is a hang, whatever the machine's load
REPO = Path(__file__).resolve().parents[2]


class Upstream:
    """A loopback server running `handle` on a thread of its own for each connection."""

    def __init__(self, handle: Handler) -> None:
        self._handle = handle
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        connection.settimeout(TIMEOUT)
        with connection, contextlib.suppress(OSError):
            self._handle(connection)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread on Linux
        self._listener.close()


@pytest.fixture
def proxy_to() -> Iterator[StartProxy]:
    """Start an upstream running a handler, and a proxy to it with the given delay."""
    with contextlib.ExitStack() as stack:

        def start(handle: Handler, delay: float = 0.0) -> Address:
            upstream = Upstream(handle)
            stack.callback(upstream.close)
            return stack.enter_context(delayed_proxy("127.0.0.1", upstream.port, delay))

        yield start


def connect(address: Address) -> socket.socket:
    client = socket.create_connection(address, timeout=TIMEOUT)
    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # each write its own segment
    return client


def receive_exactly(sock: socket.socket, size: int) -> bytes:
    received = bytearray()
    while len(received) < size:
        chunk = sock.recv(size - len(received))
        assert chunk, f"EOF after {len(received)} of {size} bytes"
        received += chunk
    return bytes(received)


def receive_all(sock: socket.socket) -> bytes:
    """Everything until EOF; a proxy that never passes the close on times out here."""
    received = bytearray()
    while chunk := sock.recv(1 << 16):
        received += chunk
    return bytes(received)


def send_in_pieces(sock: socket.socket, data: bytes, seed: int) -> None:
    pieces = random.Random(seed)
    offset = 0
    while offset < len(data):
        size = pieces.randint(1, 64 * 1024)
        sock.sendall(data[offset : offset + size])
        offset += size


def echo(connection: socket.socket) -> None:
    while data := connection.recv(1 << 16):
        connection.sendall(data)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def free_port() -> int:
    """A port nothing listens on: bound, read, released."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def test_exchanges_come_back_whole_and_in_order(proxy_to: StartProxy) -> None:
    with connect(proxy_to(echo)) as client:
        for number in range(50):
            message = f"exchange {number};".encode() * (number + 1)
            client.sendall(message)
            assert receive_exactly(client, len(message)) == message
        # Pipelined: many requests in flight at once still come back in the order sent.
        lines = [f"request {number}\n".encode() for number in range(300)]
        for line in lines:
            client.sendall(line)
        assert receive_exactly(client, sum(map(len, lines))) == b"".join(lines)


def test_five_megabytes_pass_unchanged_each_way(proxy_to: StartProxy) -> None:
    request = random.Random(1).randbytes(5_000_000)
    response = random.Random(2).randbytes(5_000_000)
    received: queue.Queue[str] = queue.Queue()

    def swap(connection: socket.socket) -> None:
        """Hash everything up to the client's EOF, then answer with other bytes."""
        received.put(sha256(receive_all(connection)))
        send_in_pieces(connection, response, seed=3)

    with connect(proxy_to(swap, delay=0.01)) as client:
        send_in_pieces(client, request, seed=4)
        client.shutdown(socket.SHUT_WR)
        assert sha256(receive_all(client)) == sha256(response)
    assert received.get(timeout=TIMEOUT) == sha256(request)


def test_five_megabytes_echo_while_still_sending(proxy_to: StartProxy) -> None:
    """Both directions busy at once, with back-pressure: the client reads while it writes."""
    payload = random.Random(5).randbytes(5_000_000)
    with connect(proxy_to(echo, delay=0.01)) as client:
        sender = threading.Thread(target=send_in_pieces, args=(client, payload, 6))
        sender.start()
        echoed = receive_exactly(client, len(payload))
        sender.join(TIMEOUT)
    assert sha256(echoed) == sha256(payload)


def test_each_exchange_costs_the_round_trip_delay(proxy_to: StartProxy) -> None:
    with connect(proxy_to(echo, delay=0.2)) as client:
        for _ in range(3):
            started = time.monotonic()
            client.sendall(b"ping")
            assert receive_exactly(client, 4) == b"ping"
            elapsed = time.monotonic() - started
            assert 0.2 <= elapsed < TIMEOUT


def test_a_burst_is_delayed_once_not_once_per_chunk(proxy_to: StartProxy) -> None:
    messages = [f"chunk{number:02}".encode() for number in range(20)]
    with connect(proxy_to(echo, delay=0.2)) as client:
        started = time.monotonic()
        for message in messages:
            client.sendall(message)
            time.sleep(0.01)  # so the proxy reads them as separate chunks
        assert receive_exactly(client, sum(map(len, messages))) == b"".join(messages)
        elapsed = time.monotonic() - started
    # Serialized per chunk, 20 chunks would take 20 * 0.1 s on the way up alone.
    assert 0.2 <= elapsed < 2.0


def test_the_upstream_closing_reaches_the_client(proxy_to: StartProxy) -> None:
    def say_bye(connection: socket.socket) -> None:
        connection.sendall(b"bye")

    with connect(proxy_to(say_bye, delay=0.05)) as client:
        assert receive_all(client) == b"bye"


def test_the_client_closing_reaches_the_upstream(proxy_to: StartProxy) -> None:
    received: queue.Queue[bytes] = queue.Queue()

    def record(connection: socket.socket) -> None:
        received.put(receive_all(connection))

    with connect(proxy_to(record, delay=0.05)) as client:
        client.sendall(b"hello")
    assert received.get(timeout=TIMEOUT) == b"hello"


def test_a_half_close_still_lets_the_upstream_answer(proxy_to: StartProxy) -> None:
    def count(connection: socket.socket) -> None:
        connection.sendall(f"{len(receive_all(connection))} bytes".encode())

    with connect(proxy_to(count, delay=0.05)) as client:
        client.sendall(b"x" * 1000)
        client.shutdown(socket.SHUT_WR)
        assert receive_all(client) == b"1000 bytes"


def test_concurrent_connections_each_get_their_own_data(proxy_to: StartProxy) -> None:
    address = proxy_to(echo, delay=0.05)
    clients = 20
    everyone_connected = threading.Barrier(clients, timeout=TIMEOUT)

    def converse(number: int) -> list[bytes]:
        with connect(address) as client:
            everyone_connected.wait()
            answers = []
            for exchange in range(5):
                message = f"client {number} exchange {exchange};".encode() * 50
                client.sendall(message)
                answers.append(receive_exactly(client, len(message)))
            return answers

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(converse, range(clients)))
    for number, answers in enumerate(results):
        assert answers == [
            f"client {number} exchange {exchange};".encode() * 50 for exchange in range(5)
        ]


def test_an_unreachable_upstream_closes_the_client_and_the_proxy_lives_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[subprocess.Popen[bytes]] = []

    class RecordingPopen(subprocess.Popen[bytes]):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(subprocess, "Popen", RecordingPopen)
    with delayed_proxy("127.0.0.1", free_port(), delay=0.01) as address:
        (process,) = started
        for _ in range(2):  # the second connection proves the first did not stop the proxy
            with connect(address) as client, contextlib.suppress(ConnectionResetError):
                assert client.recv(1) == b""  # closed, cleanly or with a reset: not hanging
            assert process.poll() is None
    assert process.returncode == 0
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)


def test_a_proxy_that_cannot_start_raises_with_its_error() -> None:
    with (
        pytest.raises(RuntimeError, match=r"(?s)exited with status 2.*0 or more milliseconds"),
        delayed_proxy("127.0.0.1", 5432, delay=-1.0),
    ):
        pytest.fail("a negative delay must not start a proxy")


def test_the_cli_prints_one_line_and_stops_cleanly_on_sigint() -> None:
    upstream = Upstream(echo)
    command = [sys.executable, "-m", "generator.compare.latency"]
    arguments = ["--upstream", f"127.0.0.1:{upstream.port}", "--delay-ms", "20"]
    with (
        contextlib.closing(upstream),
        subprocess.Popen(command + arguments, cwd=REPO, stdout=subprocess.PIPE) as process,
    ):
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        match = re.fullmatch(r"listening 127\.0\.0\.1:(\d+)\n", line)
        assert match, line
        with connect(("127.0.0.1", int(match[1]))) as client:
            client.sendall(b"open")
            assert receive_exactly(client, 4) == b"open"
            process.send_signal(signal.SIGINT)  # an open connection must not keep it running
            assert process.wait(TIMEOUT) == 0
        assert process.stdout.read() == b""
