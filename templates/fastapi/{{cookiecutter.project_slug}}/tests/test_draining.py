"""A stopping worker answers what is already on its way (app/core/draining.py), on a real
uvicorn server with the protocol gunicorn.conf.py gives its workers."""

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
import uvicorn
from starlette.types import Receive, Scope, Send

from app.core import draining
from app.core.draining import DrainingHttpToolsProtocol

GRACE_SECONDS = 0.2


def request(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode()


async def eventually(condition: Callable[[], bool]) -> None:
    """Waits for a state of the server, which has no event to wait on."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    pytest.fail("the server never got there")


class Served:
    """A uvicorn server whose `/slow` answers only once `release` is set."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.writers: list[asyncio.StreamWriter] = []
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=0,
            interface="asgi3",
            http=DrainingHttpToolsProtocol,
            lifespan="off",
            log_config=None,
        )
        self.server = uvicorn.Server(config)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] == "/slow":
            await self.release.wait()
        headers = [(b"content-type", b"text/plain"), (b"content-length", b"2")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})

    async def connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        port = self.server.servers[0].sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        self.writers.append(writer)
        return reader, writer

    def connections(self) -> int:
        return len(self.server.server_state.connections)

    def draining(self) -> int:
        return sum(
            getattr(connection, "draining", False)
            for connection in self.server.server_state.connections
        )


@pytest.fixture
async def served(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Served]:
    monkeypatch.setattr(draining, "DRAIN_GRACE_SECONDS", GRACE_SECONDS)
    served = Served()
    serving = asyncio.create_task(served.server.serve())
    await eventually(lambda: served.server.started)
    try:
        yield served
    finally:
        served.release.set()
        served.server.should_exit = True
        await asyncio.wait_for(serving, timeout=5)
        for writer in served.writers:
            writer.close()
            await writer.wait_closed()


async def read_answer(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    return head + await reader.readexactly(2)


async def test_a_stopping_server_answers_what_is_on_its_way(served: Served) -> None:
    idle_reader, idle = await served.connect()
    idle.write(request("/"))
    assert (await read_answer(idle_reader)).endswith(b"ok")
    busy_reader, busy = await served.connect()
    busy.write(request("/slow"))
    silent_reader, _ = await served.connect()
    await eventually(lambda: served.connections() == 3)

    served.server.should_exit = True
    # The idle and the silent connection wait; the busy one is answering.
    await eventually(lambda: served.draining() == 2)
    idle.write(request("/"))  # sent as the worker stops
    late = await read_answer(idle_reader)
    served.release.set()
    slow = await read_answer(busy_reader)

    # Answered, and the connection then closed.
    assert late.startswith(b"HTTP/1.1 200 ")
    assert b"connection: close" in late.lower()
    assert await idle_reader.read() == b""
    assert slow.startswith(b"HTTP/1.1 200 ")
    # A connection that stays silent is closed once the grace period is over.
    assert await asyncio.wait_for(silent_reader.read(), timeout=GRACE_SECONDS * 10) == b""
