"""Every endpoint of every service against every kind of caller, with the exact status.

The table below is the authorisation policy. A route that is not in it (or in the short,
explained list of public routes) fails the suite, so a new endpoint cannot ship without
someone deciding who may call it.
"""

from __future__ import annotations

import io
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image

from tests.e2e.helpers import received
from tests.stack import ADMIN_TOKEN, Stack, wait_for

pytestmark = pytest.mark.e2e

CALLERS = (
    "anonymous",
    "wrong_token",
    "revoked",
    "expired",
    "call_handler",
    "analyst",
    "ops",
    "admin",
    "bootstrap_admin",
    "force_a",
    "force_b",
)
ROLES = ("call_handler", "analyst", "ops")

# Routes anyone may call, and why.
PUBLIC = {
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),  # probes and scraping
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/docs/oauth2-redirect"),
    ("GET", "/redoc"),  # the API's own documentation
    # intake's public pages (the form, the receipt check and the console's login form;
    # the console's submit is checked against a call-handler token in the form itself)
    ("GET", "/"),
    ("POST", "/report"),
    ("GET", "/check"),
    ("POST", "/check"),
    ("POST", "/check/reply"),
    ("GET", "/static/pacars.css"),
    ("GET", "/console"),
    ("POST", "/console"),
    ("POST", "/console/report"),
    # dispatch's operations page: the ops token travels in a POSTed form field (never a
    # URL or cookie) and is checked there (see FORM_TOKEN_PAGES below)
    ("GET", "/ops"),
    ("POST", "/ops"),
    ("POST", "/ops/replay"),
}

# Pages whose staff token is a form field: (service, path, field) -> status by caller.
FORM_TOKEN_PAGES = {
    ("dispatch", "/ops", "staff_token"): {
        "anonymous": 401,
        "wrong_token": 401,
        "revoked": 401,
        "expired": 401,
        "call_handler": 401,
        "analyst": 401,
        "ops": 200,
        "admin": 200,
        "bootstrap_admin": 200,
        "force_a": 401,
        "force_b": 401,
    },
}


def staff(roles: tuple[str, ...], ok: int) -> dict[str, int]:
    """Staff tokens of these roles (and admins); everyone else refused."""
    expected = {c: 401 for c in CALLERS}
    for role in ROLES:
        expected[role] = ok if role in roles else 403
    expected["admin"] = expected["bootstrap_admin"] = ok
    return expected


def force(ok: int, other: int = 404) -> dict[str, int]:
    """Force API keys only: the owner gets ok, another force 404, staff tokens 401."""
    expected = {c: 401 for c in CALLERS}
    expected["force_a"], expected["force_b"] = ok, other
    return expected


def force_or_ops(ok: int) -> dict[str, int]:
    expected = force(ok)
    expected.update({r: 403 for r in ("call_handler", "analyst")})
    expected.update(ops=ok, admin=ok, bootstrap_admin=ok)
    return expected


@dataclass
class World:
    urls: dict[str, str]
    headers: dict[str, dict[str, str]]
    package_id: str
    attachment_id: str

    def caller(self, name: str) -> dict[str, str]:
        return self.headers[name]


Request = Callable[[World], tuple[str, str, dict[str, Any]]]


def _report(text: str = "PC 4521 of Kent Police takes cash from dealers before raids.") -> dict:  # type: ignore[type-arg]
    return {"what_happened": text, "follow_up": False}


# (service, method, path template) -> (how to call it, expected status by caller)
MATRIX: dict[tuple[str, str, str], tuple[Request, dict[str, int]]] = {
    ("intake", "POST", "/v1/reports"): (
        lambda w: ("POST", "/v1/reports", {"json": _report()}),
        {**staff(("call_handler",), 202), "anonymous": 202},
    ),
    ("intake", "GET", "/v1/followup"): (
        lambda w: ("GET", "/v1/followup", {}),
        {c: 401 for c in CALLERS},  # a receipt only
    ),
    ("intake", "POST", "/v1/followup/messages"): (
        lambda w: ("POST", "/v1/followup/messages", {"json": {"text": "hello there"}}),
        {c: 401 for c in CALLERS},
    ),
    ("intake", "GET", "/internal/attachments/{attachment_id}"): (
        lambda w: ("GET", f"/internal/attachments/{w.attachment_id}", {}),
        {c: 401 for c in CALLERS},  # INTERNAL_TOKEN only: no staff or force credential
    ),
    ("triage", "GET", "/v1/review"): (
        lambda w: ("GET", "/v1/review", {}),
        staff(("analyst",), 200),
    ),
    ("triage", "POST", "/v1/review/{report_id}"): (
        lambda w: ("POST", f"/v1/review/{uuid.uuid4()}", {"json": {}}),
        staff(("analyst",), 404),
    ),
    ("dispatch", "GET", "/v1/forces"): (lambda w: ("GET", "/v1/forces", {}), staff(("ops",), 200)),
    ("dispatch", "PUT", "/v1/forces/{code}"): (
        lambda w: ("PUT", "/v1/forces/cumbria", {"json": {"endpoint_url": None, "active": False}}),
        staff((), 200),
    ),
    ("dispatch", "POST", "/v1/forces/{code}/rotate-secret"): (
        lambda w: ("POST", "/v1/forces/cumbria/rotate-secret", {}),
        staff((), 200),
    ),
    ("dispatch", "POST", "/v1/forces/{code}/rotate-key"): (
        lambda w: ("POST", "/v1/forces/cumbria/rotate-key", {}),
        staff((), 200),
    ),
    ("dispatch", "GET", "/v1/intelligence"): (
        lambda w: ("GET", "/v1/intelligence?status=undelivered", {}),
        force(200, 200),
    ),
    ("dispatch", "GET", "/v1/intelligence/{package_id}"): (
        lambda w: ("GET", f"/v1/intelligence/{w.package_id}", {}),
        force_or_ops(200),
    ),
    ("dispatch", "POST", "/v1/intelligence/{package_id}/acknowledgements"): (
        lambda w: (
            "POST",
            f"/v1/intelligence/{w.package_id}/acknowledgements",
            {"json": {"outcome": "received"}},
        ),
        force(201),
    ),
    ("dispatch", "GET", "/v1/intelligence/{package_id}/attachments/{attachment_id}"): (
        lambda w: ("GET", f"/v1/intelligence/{w.package_id}/attachments/{w.attachment_id}", {}),
        force(200),
    ),
    ("dispatch", "POST", "/v1/intelligence/{package_id}/messages"): (
        lambda w: (
            "POST",
            f"/v1/intelligence/{w.package_id}/messages",
            {"json": {"text": "Can you tell us the date?"}},
        ),
        force(202),
    ),
    ("dispatch", "GET", "/v1/intelligence/{package_id}/messages"): (
        lambda w: ("GET", f"/v1/intelligence/{w.package_id}/messages", {}),
        force_or_ops(200),
    ),
    ("dispatch", "POST", "/v1/tokens"): (
        lambda w: ("POST", "/v1/tokens", {"json": {"role": "analyst", "name": "matrix"}}),
        staff((), 201),
    ),
    ("dispatch", "DELETE", "/v1/tokens/{token_id}"): (
        lambda w: ("DELETE", f"/v1/tokens/{uuid.uuid4()}", {}),
        staff((), 404),
    ),
    ("dispatch", "GET", "/v1/ops/queues"): (
        lambda w: ("GET", "/v1/ops/queues", {}),
        staff(("ops",), 200),
    ),
    ("dispatch", "GET", "/v1/ops/parked"): (
        lambda w: ("GET", "/v1/ops/parked", {}),
        staff(("ops",), 200),
    ),
    ("dispatch", "GET", "/v1/ops/parked-messages"): (
        lambda w: ("GET", "/v1/ops/parked-messages", {}),
        staff(("ops",), 200),
    ),
    ("dispatch", "POST", "/v1/ops/parked-messages/{queue}/replay"): (
        # An event id that is not parked: refused or 404, and nothing is moved.
        lambda w: (
            "POST",
            f"/v1/ops/parked-messages/triage.report-submitted/replay?event_id={uuid.uuid4()}",
            {},
        ),
        staff(("ops",), 404),
    ),
    ("dispatch", "GET", "/v1/ops/overdue"): (
        lambda w: ("GET", "/v1/ops/overdue", {}),
        staff(("ops",), 200),
    ),
    ("dispatch", "GET", "/v1/stats"): (lambda w: ("GET", "/v1/stats", {}), staff(("ops",), 200)),
    ("dispatch", "GET", "/v1/audit"): (lambda w: ("GET", "/v1/audit", {}), staff((), 200)),
    ("dispatch", "GET", "/v1/audit/verify"): (
        lambda w: ("GET", "/v1/audit/verify", {}),
        staff((), 200),
    ),
    ("dispatch", "POST", "/v1/ops/retention/run"): (
        lambda w: ("POST", "/v1/ops/retention/run?dry_run=true", {}),
        staff(("ops",), 200),
    ),
    ("dispatch", "POST", "/v1/ops/parked/{package_id}/replay"): (
        lambda w: ("POST", f"/v1/ops/parked/{uuid.uuid4()}/replay", {}),
        staff(("ops",), 404),
    ),
}


def _walk(routes: list[Any]) -> Iterator[tuple[str, str]]:
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:  # FastAPI's included router
            yield from _walk(inner.routes)
            continue
        for method in sorted(getattr(route, "methods", None) or ()):
            if method != "HEAD":
                yield method, route.path


def _routes(app: FastAPI) -> set[tuple[str, str]]:
    return set(_walk(app.routes))


def test_every_route_has_a_rule() -> None:
    from services.dispatch.app import create_app as dispatch_app
    from services.intake.app import create_app as intake_app
    from services.triage.app import create_app as triage_app

    missing = []
    for name, factory in (
        ("intake", intake_app),
        ("triage", triage_app),
        ("dispatch", dispatch_app),
    ):
        for method, path in _routes(factory()):
            if (method, path) not in PUBLIC and (name, method, path) not in MATRIX:
                missing.append(f"{name} {method} {path}")
    assert not missing, f"routes with no authorisation rule in the matrix: {missing}"


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 10, 10)).save(out, "JPEG")
    return out.getvalue()


async def _world(stack: Stack, client: httpx.AsyncClient) -> World:
    urls = {n: stack[n].url for n in ("intake", "triage", "dispatch")}
    admin = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    # A Kent package with evidence, delivered to the simulated Kent.
    answer = await client.post(
        f"{urls['intake']}/v1/reports",
        data={
            "report": json.dumps(
                _report(
                    "PC 4521 of Kent Police sells cocaine at the rugby "
                    "club on Saturdays; a photo is attached."
                )
            )
        },
        files={"attachments": ("photo.jpg", _photo(), "image/jpeg")},
    )
    assert answer.status_code == 202, answer.text
    reference = answer.json()["reference"]

    async def delivered() -> dict[str, Any] | None:
        for d in (await received(client, stack))["deliveries"]:
            if d["report_reference"] == reference:
                return d  # type: ignore[no-any-return]
        return None

    delivery = await wait_for(delivered, timeout=60, message="the Kent package")
    data = json.loads(delivery["body"])["data"]
    keys = {}
    for name, code in (("force_a", "kent"), ("force_b", "essex")):
        creds = (await client.get(f"{stack['forcesim'].url}/credentials/{code}")).json()
        keys[name] = {"authorization": f"Bearer {creds['api_key']}"}
    tokens = {}
    for role in (*ROLES, "admin"):
        issued = (
            await client.post(
                f"{urls['dispatch']}/v1/tokens",
                headers=admin,
                json={"role": role, "name": f"matrix {role}"},
            )
        ).json()
        tokens[role] = issued
    revoked = (
        await client.post(
            f"{urls['dispatch']}/v1/tokens",
            headers=admin,
            json={"role": "ops", "name": "revoked ops"},
        )
    ).json()
    expired = (
        await client.post(
            f"{urls['dispatch']}/v1/tokens",
            headers=admin,
            json={"role": "analyst", "name": "expired analyst"},
        )
    ).json()
    assert (
        await client.delete(f"{urls['dispatch']}/v1/tokens/{revoked['token_id']}", headers=admin)
    ).status_code == 204

    def bearer(token: str) -> dict[str, str]:
        return {"authorization": f"Bearer {token}"}

    # Tokens reach intake and triage as events, in no guaranteed order across them: wait
    # until both services answer for every token as they will in the matrix.
    async def known() -> bool:
        at_triage = {"analyst": 200, "admin": 200, "ops": 403, "call_handler": 403}
        for role, status in at_triage.items():
            answer = await client.get(
                f"{urls['triage']}/v1/review", headers=bearer(tokens[role]["token"])
            )
            if answer.status_code != status:
                return False
        for token, status in ((expired["token"], 200), (revoked["token"], 401)):
            answer = await client.get(f"{urls['triage']}/v1/review", headers=bearer(token))
            if answer.status_code != status:
                return False
        at_intake = {
            tokens["call_handler"]["token"]: 202,
            tokens["admin"]["token"]: 202,
            tokens["ops"]["token"]: 403,
            tokens["analyst"]["token"]: 403,
            expired["token"]: 403,
            revoked["token"]: 401,
        }
        for token, status in at_intake.items():
            answer = await client.post(
                f"{urls['intake']}/v1/reports",
                json={**_report(), "channel": "phone"},
                headers=bearer(token),
            )
            if answer.status_code != status:
                return False
        return True

    await wait_for(known, timeout=30, message="tokens to reach intake and triage")
    # An expired token: the same row in every service, its expiry moved into the past.
    for service in ("intake", "triage", "dispatch"):
        path = stack.database_urls[service].split(":///", 1)[1]
        with sqlite3.connect(path) as db:
            changed = db.execute(
                "UPDATE staff_tokens SET expires_at = '2020-01-01 00:00:00' WHERE token_id = ?",
                (expired["token_id"],),
            ).rowcount
            assert changed == 1, service
    headers = {
        "anonymous": {},
        "wrong_token": bearer("pst_not-a-real-token"),
        "revoked": bearer(revoked["token"]),
        "expired": bearer(expired["token"]),
        **{role: bearer(tokens[role]["token"]) for role in ROLES},
        "admin": bearer(tokens["admin"]["token"]),
        "bootstrap_admin": bearer(ADMIN_TOKEN),
        **keys,
    }
    return World(
        urls=urls,
        headers=headers,
        package_id=data["package_id"],
        attachment_id=data["attachments"][0]["attachment_id"],
    )


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_every_endpoint_answers_every_caller_exactly_as_the_policy_says(
    stack: Stack,
) -> None:
    stack.configure("dispatch", INTAKE_URL="", DISPATCH_PUBLIC_URL="")
    await stack.start()
    stack["dispatch"].env.update(
        INTAKE_URL=stack["intake"].url, DISPATCH_PUBLIC_URL=stack["dispatch"].url
    )
    await stack.restart("dispatch")
    async with httpx.AsyncClient(timeout=30) as client:
        world = await _world(stack, client)
        wrong = []
        for (service, _, template), (build, expected) in MATRIX.items():
            for caller in CALLERS:
                method, path, kwargs = build(world)
                answer = await client.request(
                    method, world.urls[service] + path, headers=world.caller(caller), **kwargs
                )
                if answer.status_code != expected[caller]:
                    wrong.append(
                        f"{service} {method} {template} as {caller}: "
                        f"{answer.status_code}, expected {expected[caller]}"
                    )
                if answer.status_code >= 400:
                    assert answer.json()["error"]["code"], (service, template, caller)
        for (service, path, field), expected in FORM_TOKEN_PAGES.items():
            for caller in CALLERS:
                token = world.caller(caller).get("authorization", "").removeprefix("Bearer ")
                answer = await client.post(world.urls[service] + path, data={field: token})
                if answer.status_code != expected[caller]:
                    wrong.append(
                        f"{service} POST {path} (form token) as {caller}: "
                        f"{answer.status_code}, expected {expected[caller]}"
                    )
    assert not wrong, "\n".join(wrong)
