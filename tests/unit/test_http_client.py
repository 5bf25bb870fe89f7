"""shared.http_client: httpx over aiohttp behaves as httpx's own transport does.

Dispatch labels a failed delivery by the httpx exception ("timeout" or "connection error:
ConnectError"), so each failure must raise what plain httpx raises, and a served request
must come back with the same status, headers and body. Real sockets on loopback.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import httpx
import pytest

from shared.http_client import async_client

pytestmark = pytest.mark.integration

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Coroutine[Any, Any, None]]


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    body = await reader.readexactly(length)
    reply = b'{"echo": "' + body + b'"}'
    writer.write(
        b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 7\r\ncontent-type: application/json\r\n"
        b"content-length: " + str(len(reply)).encode() + b"\r\n\r\n" + reply
    )
    await writer.drain()
    writer.close()


async def _hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.close()


async def _hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    await asyncio.sleep(5)
    writer.close()


async def _serve(handler: Handler) -> tuple[asyncio.Server, str]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/hook"


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/hook"


@pytest.fixture
async def clients() -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    timeout = httpx.Timeout(0.5, connect=0.5)
    plain = httpx.AsyncClient(timeout=timeout)
    ours = async_client(timeout=timeout)
    yield {"httpx": plain, "ours": ours}
    await plain.aclose()
    await ours.aclose()


async def _outcome(client: httpx.AsyncClient, url: str) -> str:
    try:
        answer = await client.post(url, content=b"abc", headers={"content-type": "text/plain"})
    except httpx.HTTPError as exc:
        return type(exc).__name__
    return f"{answer.status_code} {answer.headers['retry-after']} {answer.json()}"


async def test_an_answer_reads_as_through_httpx(clients: dict[str, httpx.AsyncClient]) -> None:
    server, url = await _serve(_answer)
    async with server:
        seen = {name: await _outcome(client, url) for name, client in clients.items()}
    assert seen["ours"] == seen["httpx"] == "429 7 {'echo': 'abc'}"


@pytest.mark.parametrize(
    ("handler", "expected"),
    [(None, "ConnectError"), (_hang_up, "RemoteProtocolError"), (_hold, "ReadTimeout")],
    ids=["refused", "hung up", "no answer"],
)
async def test_each_failure_raises_what_httpx_raises(
    clients: dict[str, httpx.AsyncClient], handler: Handler | None, expected: str
) -> None:
    if handler is None:
        url = _closed_port_url()
        seen = {name: await _outcome(client, url) for name, client in clients.items()}
    else:
        server, url = await _serve(handler)
        async with server:
            seen = {name: await _outcome(client, url) for name, client in clients.items()}
    assert seen == {"httpx": expected, "ours": expected}
