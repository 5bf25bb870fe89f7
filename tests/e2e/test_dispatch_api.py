"""The force registry and the force-facing API: roles, one-time secrets, isolation."""

from __future__ import annotations

import httpx
import pytest

from shared import reference
from tests.stack import ADMIN_TOKEN, Stack

pytestmark = pytest.mark.e2e

ADMIN = {"authorization": f"Bearer {ADMIN_TOKEN}"}


async def test_every_force_is_known_and_none_is_active_until_onboarded(stack: Stack) -> None:
    await stack.start("dispatch")
    async with httpx.AsyncClient(base_url=stack["dispatch"].url, timeout=30) as client:
        forces = (await client.get("/v1/forces", headers=ADMIN)).json()
        # Every force, and the independent body for conflicts of interest, registered alike.
        assert {f["code"] for f in forces} == set(reference.force_codes()) | {"iopc"}
        assert len(forces) >= 48
        assert not any(f["active"] or f["onboarded"] for f in forces)


async def test_onboarding_shows_the_secret_and_key_once(stack: Stack) -> None:
    await stack.start("dispatch")
    async with httpx.AsyncClient(base_url=stack["dispatch"].url, timeout=30) as client:
        body = {"endpoint_url": "https://kent.example/pacars", "active": True}
        first = await client.put("/v1/forces/kent", json=body, headers=ADMIN)
        assert first.status_code == 200
        assert first.json()["signing_secret"].startswith("whsec_")
        assert first.json()["api_key"]
        again = await client.put("/v1/forces/kent", json=body, headers=ADMIN)
        assert again.status_code == 200
        assert "signing_secret" not in again.json() and "api_key" not in again.json()


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("http://kent.example/pacars", 422),
        ("ftp://kent.example", 422),
        ("not a url", 422),
        ("http://127.0.0.1:9/hook", 200),
        ("http://localhost:9/hook", 200),
        ("https://kent.example/x", 200),
    ],
)
async def test_endpoints_must_be_https_except_loopback(stack: Stack, url: str, status: int) -> None:
    if not stack["dispatch"].proc:
        await stack.start("dispatch")
    async with httpx.AsyncClient(base_url=stack["dispatch"].url, timeout=30) as client:
        answer = await client.put("/v1/forces/kent", json={"endpoint_url": url}, headers=ADMIN)
        assert answer.status_code == status, answer.text


async def test_registry_changes_need_an_admin(stack: Stack) -> None:
    await stack.start("dispatch")
    async with httpx.AsyncClient(base_url=stack["dispatch"].url, timeout=30) as client:
        ops = (
            await client.post(
                "/v1/tokens", headers=ADMIN, json={"role": "ops", "name": "Night ops"}
            )
        ).json()["token"]
        body = {"endpoint_url": "https://kent.example/pacars"}
        assert (await client.put("/v1/forces/kent", json=body)).status_code == 401
        assert (
            await client.put(
                "/v1/forces/kent", json=body, headers={"authorization": "Bearer wrong"}
            )
        ).status_code == 401
        forbidden = await client.put(
            "/v1/forces/kent", json=body, headers={"authorization": f"Bearer {ops}"}
        )
        assert forbidden.status_code == 403
        assert forbidden.json()["error"]["code"] == "forbidden"
        # ops may read the registry, not change it
        assert (
            await client.get("/v1/forces", headers={"authorization": f"Bearer {ops}"})
        ).status_code == 200
        assert (
            await client.put("/v1/forces/atlantis", json=body, headers=ADMIN)
        ).status_code == 404


async def test_a_force_key_reaches_only_its_own_packages(stack: Stack) -> None:
    """Force B's key gets 404 (not 403) on force A's package, on every endpoint."""
    import uuid

    await stack.start("dispatch")
    async with httpx.AsyncClient(base_url=stack["dispatch"].url, timeout=30) as client:
        keys = {}
        for code in ("kent", "essex"):
            answer = await client.put(
                f"/v1/forces/{code}", headers=ADMIN, json={"endpoint_url": None, "active": False}
            )
            keys[code] = {"authorization": f"Bearer {answer.json()['api_key']}"}
        unknown = uuid.uuid4()
        assert (
            await client.get(f"/v1/intelligence/{unknown}", headers=keys["kent"])
        ).status_code == 404
        ack = {"outcome": "received"}
        assert (
            await client.post(
                f"/v1/intelligence/{unknown}/acknowledgements", json=ack, headers=keys["essex"]
            )
        ).status_code == 404
        assert (
            await client.post(f"/v1/intelligence/{unknown}/acknowledgements", json=ack)
        ).status_code == 401
        pulled = await client.get("/v1/intelligence?status=undelivered", headers=keys["kent"])
        assert pulled.status_code == 200 and pulled.json() == []
        bad = await client.post(
            f"/v1/intelligence/{unknown}/acknowledgements",
            json={"outcome": "wrong_force"},
            headers=keys["kent"],
        )
        assert bad.status_code == 422


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_the_openapi_document_describes_every_delivery_a_force_receives(
    stack: Stack,
) -> None:
    await stack.start("dispatch")
    async with httpx.AsyncClient(base_url=stack["dispatch"].url, timeout=30) as client:
        document = (await client.get("/openapi.json")).json()
    webhooks = document["webhooks"]
    assert set(webhooks) == {"intelligence.package", "intelligence.reminder", "reporter.message"}
    schemas = document["components"]["schemas"]
    for name, envelope in [
        ("intelligence.package", "WebhookEnvelope"),
        ("intelligence.reminder", "ReminderEnvelope"),
        ("reporter.message", "ReporterMessageEnvelope"),
    ]:
        post = webhooks[name]["post"]
        body = post["requestBody"]["content"]["application/json"]["schema"]
        assert body == {"$ref": f"#/components/schemas/{envelope}"}
        assert {p["name"] for p in post["parameters"]} == {
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature",
        }
        assert "standardwebhooks" in post["description"]
    package = schemas["PackageData"]["properties"]
    for field in ("package_id", "report_reference", "force", "categories", "priority", "details"):
        assert field in package
    assert "/v1/intelligence/{package_id}/messages" in document["paths"]
    assert "/v1/ops/overdue" in document["paths"]
