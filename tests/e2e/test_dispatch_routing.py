"""Where a package goes: held for a deactivated force, pulled by one with no endpoint,
re-routed on wrong_force, diverted on a conflict of interest; signed across a rotation."""

from __future__ import annotations

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from tests.dispatch.feed import (
    ADMIN_HEADERS,
    Feed,
    deliveries_to,
    force_key,
    package_status,
    start_dispatch_and_forces,
    wait_deliveries_to,
)
from tests.stack import Stack, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"], indirect=True)]


async def test_a_deactivated_force_s_packages_are_held_then_delivered_on_return(
    stack: Stack,
) -> None:
    await start_dispatch_and_forces(stack)
    dispatch, sim = stack["dispatch"].url, stack["forcesim"].url
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        endpoint = f"{sim}/forces/kent/webhook"
        off = await client.put(
            f"{dispatch}/v1/forces/kent",
            headers=ADMIN_HEADERS,
            json={"endpoint_url": endpoint, "active": False},
        )
        assert off.status_code == 200 and off.json()["active"] is False
        held = [await feed.triaged(force="kent") for _ in range(2)]
        # Another force's package goes out meanwhile: the worker ran, and held kent's.
        await feed.triaged(force="essex")
        await wait_deliveries_to(client, stack, "essex", 1)
        assert await deliveries_to(client, stack, "kent") == []
        key = await force_key(client, stack, "kent")
        pulled = await client.get(f"{dispatch}/v1/intelligence?status=undelivered", headers=key)
        assert sorted(p["package"]["data"]["report_reference"] for p in pulled.json()) == sorted(
            e.reference for e in held
        )

        on = await client.put(
            f"{dispatch}/v1/forces/kent",
            headers=ADMIN_HEADERS,
            json={"endpoint_url": endpoint, "active": True},
        )
        assert on.status_code == 200
        got = await wait_deliveries_to(client, stack, "kent", 2)
        assert sorted(d["report_reference"] for d in got) == sorted(e.reference for e in held)


async def test_a_force_with_no_endpoint_pulls_most_urgent_first_and_acknowledges(
    stack: Stack,
) -> None:
    await start_dispatch_and_forces(stack)
    dispatch = stack["dispatch"].url
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        answer = await client.put(
            f"{dispatch}/v1/forces/cumbria",
            headers=ADMIN_HEADERS,
            json={"endpoint_url": None, "active": True},
        )
        assert answer.status_code == 200
        standard = await feed.triaged(force="cumbria", priority="standard")
        urgent = await feed.triaged(force="cumbria", priority="urgent")
        key = await force_key(client, stack, "cumbria")

        async def two() -> list | None:  # type: ignore[type-arg]
            found = (
                await client.get(f"{dispatch}/v1/intelligence?status=undelivered", headers=key)
            ).json()
            return found if len(found) == 2 else None

        pulled = await wait_for(two, timeout=30, message="two packages to pull")
        refs = [p["package"]["data"]["report_reference"] for p in pulled]
        assert refs == [urgent.reference, standard.reference]
        assert all(p["webhook_id"] == p["package"]["data"]["package_id"] for p in pulled)
        assert pulled[0]["package"]["type"] == "intelligence.package"

        for p in pulled:
            ack = await client.post(
                f"{dispatch}/v1/intelligence/{p['webhook_id']}/acknowledgements",
                headers=key,
                json={"outcome": "received", "force_reference": "CUM-1"},
            )
            assert ack.status_code == 201, ack.text
        after = await client.get(f"{dispatch}/v1/intelligence?status=undelivered", headers=key)
        assert after.json() == []
        status = await package_status(client, stack, pulled[0]["webhook_id"])
        assert status["status"] == "delivered" and status["outcome"] == "received"


async def test_wrong_force_redirects_to_a_linked_new_package_and_refuses_nonsense(
    stack: Stack,
) -> None:
    await start_dispatch_and_forces(stack)
    dispatch, sim = stack["dispatch"].url, stack["forcesim"].url
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        # Nonsense first, on a real package: itself, or a force that does not exist.
        await client.put(f"{sim}/control/lancashire", json={"mode": "ok", "acknowledge": False})
        await feed.triaged(force="lancashire")
        [first] = await wait_deliveries_to(client, stack, "lancashire", 1)
        key = await force_key(client, stack, "lancashire")
        url = f"{dispatch}/v1/intelligence/{first['package_id']}/acknowledgements"
        for target in ("lancashire", "atlantis"):
            bad = await client.post(
                url, headers=key, json={"outcome": "wrong_force", "redirect_to": target}
            )
            assert bad.status_code == 422, bad.text
            assert bad.json()["error"]["code"]
        assert (await package_status(client, stack, first["package_id"]))["outcome"] is None

        # The simulated Kent says it is Essex's.
        await client.put(
            f"{sim}/control/kent", json={"mode": "wrong_force", "redirect_to": "essex"}
        )
        sent = await feed.triaged(force="kent")
        [to_kent] = await wait_deliveries_to(client, stack, "kent", 1)
        [to_essex] = await wait_deliveries_to(client, stack, "essex", 1)
        assert to_essex["report_reference"] == sent.reference
        assert to_essex["package_id"] != to_kent["package_id"]
        assert to_kent["package_id"] in to_essex["linked_packages"]
        assert to_essex["data"]["redirected_from"] == to_kent["package_id"]
        original = await package_status(client, stack, to_kent["package_id"])
        assert original["outcome"] == "wrong_force"
        moved = await package_status(client, stack, to_essex["package_id"])
        assert moved["redirected_from"] == to_kent["package_id"]


@pytest.mark.parametrize(
    ("station", "details"),
    [
        ("Professional Standards Department, Kent Police HQ", "PC 1234 takes cash from dealers."),
        ("", "DS 1234 works in the anti-corruption unit and tips off the officers he watches."),
    ],
)
async def test_a_subject_in_the_force_s_own_standards_unit_goes_to_the_iopc(
    stack: Stack, station: str, details: str
) -> None:
    await start_dispatch_and_forces(stack)
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        sent = await feed.triaged(force="kent", station=station, details=details)
        # A report that only mentions the unit is no conflict: it goes to Kent.
        plain = await feed.triaged(
            force="kent", details="PC 9 steals from prisoners; I told professional standards."
        )
        [diverted] = await wait_deliveries_to(client, stack, "iopc", 1)
        [kept] = await wait_deliveries_to(client, stack, "kent", 1)
        assert diverted["report_reference"] == sent.reference
        assert kept["report_reference"] == plain.reference
        assert diverted["data"]["diverted_from"] == "kent"
        assert "conflict of interest" in diverted["data"]["routing_reason"]
        status = await package_status(client, stack, diverted["package_id"])
        assert status["force"] == "iopc" and status["diverted_from"] == "kent"
        assert "conflict of interest" in status["routing_reason"]
        # Kent's key cannot see the diverted package.
        kent = await force_key(client, stack, "kent")
        hidden = await client.get(
            f"{stack['dispatch'].url}/v1/intelligence/{diverted['package_id']}", headers=kent
        )
        assert hidden.status_code == 404


async def test_after_a_rotation_both_secrets_verify_until_the_overlap_ends(stack: Stack) -> None:
    await start_dispatch_and_forces(stack)
    dispatch = stack["dispatch"].url
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        old = (await client.get(f"{stack['forcesim'].url}/credentials/kent")).json()["secrets"][0]
        rotated = await client.post(
            f"{dispatch}/v1/forces/kent/rotate-secret", headers=ADMIN_HEADERS
        )
        assert rotated.status_code == 200
        new = rotated.json()["signing_secret"]
        assert new.startswith("whsec_") and new != old
        await feed.triaged(force="kent")
        [delivery] = await wait_deliveries_to(client, stack, "kent", 1)
        assert len(delivery["headers"]["webhook-signature"].split(" ")) == 2
        for secret in (old, new):  # the reference library accepts either secret alone
            Webhook(secret).verify(delivery["body"], delivery["headers"])
