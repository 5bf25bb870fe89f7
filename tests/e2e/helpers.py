"""Reports with a known destination, and ways to watch them arrive."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook

from shared import reference
from tests.stack import Stack, report, wait_for

# Named forces and postcodes: the routes issue 2 promises.
_NAMED = [
    "kent",
    "metropolitan",
    "greater-manchester",
    "west-yorkshire",
    "south-wales",
    "police-scotland",
    "northern-ireland",
    "devon-and-cornwall",
    "essex",
    "merseyside",
]
_POSTCODES = [
    ("LS1 4AP", "west-yorkshire"),
    ("M1 1AE", "greater-manchester"),
    ("CF10 1EP", "south-wales"),
    ("NE1 7RU", "northumbria"),
    ("BS1 4ST", "avon-and-somerset"),
    ("S40 1LA", "derbyshire"),
]

# Real reports differ: three sentences from pools of coprime sizes, so no two reports of
# one force share more than one sentence (they would rightly look like one account).
_ALLEGATIONS = [
    "takes envelopes of cash from a local dealer and warns him before every raid",
    "snorts cocaine in the toilets at weekend parties and sells bags to his mates",
    "keeps messaging a young woman he met as a victim and pushing her to meet him for sex",
    "hits his wife and controls her money, she is scared to leave the house",
    "calls Asian colleagues racist names in the canteen and laughs about it",
    "has been off sick for months while running a building firm on the side",
    "runs checks on the police computer for his cousin to find out where people live",
    "posts vile memes about disabled people in a WhatsApp group with other officers",
    "punched a handcuffed man in the face in the custody suite and kicked him on the floor",
    "drinks with members of an organised crime gang and protects them from arrests",
    "fiddles his overtime claims every month and boasts about the extra money",
    "shares photographs of dead bodies from crime scenes with friends in the pub",
    "demands sex from women he stops in exchange for dropping their driving offences",
    "steals cash and phones from prisoners' property bags at the station",
    "threatened to beat up a neighbour and flashed his warrant card to scare him",
    "leaked the address of a witness to the family of the man on trial",
]
_CONTEXTS = [
    "Everyone on the team knows about it but nobody will say anything.",
    "I saw it myself more than once over the summer.",
    "A friend who works there told me and showed me the messages.",
    "It has been going on for at least two years now.",
    "He brags about it openly and thinks he is untouchable.",
    "His sergeant was told last spring and did nothing at all.",
    "There are other people who could confirm this if asked.",
    "It started after he moved to the response team.",
    "I am worried somebody will get seriously hurt.",
    "He does it mostly on night shifts when the station is quiet.",
    "My neighbour is involved and I cannot stay silent any longer.",
]
_DETAILS = [
    "He drives a black BMW and parks it behind the custody block.",
    "The last time was on a Friday evening near the retail park.",
    "He usually wears a grey hoodie when he is off duty.",
    "Most of it happens around the big roundabout by the stadium.",
    "He has a tattoo of a swallow on his left hand.",
    "He is tall, bald and has a loud Scottish accent.",
    "It tends to happen straight after payday at the end of the month.",
    "You can check the duty rosters for the dates I mention.",
    "The messages are still on my old phone if anyone needs them.",
    "He was moved from traffic to neighbourhood policing last year.",
    "He plays five-a-side football with the people involved.",
    "His partner also works in the control room.",
    "He keeps a second phone in his locker for all of this.",
]


def _text(i: int, where: str) -> str:
    return (
        f"PC {1000 + i} {where} {_ALLEGATIONS[i % len(_ALLEGATIONS)]}. "
        f"{_CONTEXTS[(i * 7) % len(_CONTEXTS)]} {_DETAILS[(i * 5) % len(_DETAILS)]}"
    )


def routed_reports(n: int) -> list[tuple[dict[str, Any], str]]:
    """n different reports, each naming a force or giving a postcode, with the force each
    must reach."""
    out = []
    for i in range(n):
        if i % 3 == 2:
            postcode, force = _POSTCODES[i % len(_POSTCODES)]
            out.append(
                (report(_text(i, f"at the station by {postcode}"), location=postcode), force)
            )
        else:
            force = _NAMED[i % len(_NAMED)]
            name = reference.force_by_code(force).name  # type: ignore[union-attr]
            out.append((report(_text(i, f"of {name}")), force))
    return out


async def submit_all(
    client: httpx.AsyncClient,
    intake_url: str,
    reports: list[tuple[dict[str, Any], str]],
    concurrency: int = 16,
) -> dict[str, str]:
    """Submit reports; returns reference -> expected force. Every one must be accepted."""
    expected: dict[str, str] = {}
    slots = asyncio.Semaphore(concurrency)

    async def one(body: dict[str, Any], force: str) -> None:
        async with slots:
            answer = await client.post(f"{intake_url}/v1/reports", json=body)
            assert answer.status_code == 202, answer.text
            expected[answer.json()["reference"]] = force

    await asyncio.gather(*(one(b, f) for b, f in reports))
    return expected


async def received(client: httpx.AsyncClient, stack: Stack) -> dict[str, Any]:
    return (await client.get(f"{stack['forcesim'].url}/received")).json()  # type: ignore[no-any-return]


async def wait_for_deliveries(
    client: httpx.AsyncClient, stack: Stack, count: int, timeout: float = 120.0
) -> dict[str, Any]:
    async def enough() -> dict[str, Any] | None:
        seen = await received(client, stack)
        return seen if seen["unique"] >= count else None

    return await wait_for(enough, timeout=timeout, message=f"{count} deliveries")  # type: ignore[no-any-return]


async def verify_signatures(
    client: httpx.AsyncClient, stack: Stack, deliveries: list[dict[str, Any]]
) -> None:
    """Each delivery verifies with the standardwebhooks reference library."""
    secrets: dict[str, list[str]] = {}
    for delivery in deliveries:
        force = delivery["force"]
        if force not in secrets:
            creds = (await client.get(f"{stack['forcesim'].url}/credentials/{force}")).json()
            secrets[force] = creds["secrets"]
        verified = False
        for secret in secrets[force]:
            try:
                Webhook(secret).verify(delivery["body"], delivery["headers"])
                verified = True
            except Exception:
                continue
        assert verified, f"signature of {delivery['webhook_id']} did not verify"


def execute_sql(stack: Stack, service: str, sql: str) -> list[tuple[Any, ...]]:
    """One statement on a service's database, as an operator's tool would run it (committed
    at once); the rows it returns, if any."""
    url = stack.database_urls[service]
    if stack.backend == "postgresql":
        import psycopg2

        conn = psycopg2.connect(url.replace("postgresql+asyncpg", "postgresql"))
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
                return list(cur.fetchall()) if cur.description else []
        finally:
            conn.close()
    with sqlite3.connect(url.split(":///", 1)[1]) as conn:
        return list(conn.execute(sql).fetchall())
