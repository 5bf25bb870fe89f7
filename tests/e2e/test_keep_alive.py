"""A client may keep an idle connection open for a while and send its next request down it;
the server must not have closed it first (the request would fail without reaching us)."""

from __future__ import annotations

import asyncio

import pytest

from tests.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"], indirect=True)]

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: intake\r\n\r\n"


async def _answer(reader: asyncio.StreamReader) -> bytes:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return head + await asyncio.wait_for(reader.readexactly(length), 10)


async def test_a_connection_idle_longer_than_clients_keep_theirs_still_answers(
    stack: Stack,
) -> None:
    # httpx keeps an idle connection 5 s and reuses it until then: one idle 6 s must
    # still be open on our side (uvicorn's default closed it at 5 s, a race every client
    # pool could lose).
    await stack.start("intake")
    port = int(stack["intake"].url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(REQUEST)
        assert (await _answer(reader)).startswith(b"HTTP/1.1 200")
        await asyncio.sleep(6)
        writer.write(REQUEST)
        assert (await _answer(reader)).startswith(b"HTTP/1.1 200")
    finally:
        writer.close()
