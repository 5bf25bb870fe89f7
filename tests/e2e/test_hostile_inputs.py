"""Hand-written hostile inputs against every body a caller sends, public and staff: deeply
nested JSON, invalid UTF-8, surrogates, control characters, huge bodies, wrong content
types, HTML and script in every text field, path traversal in attachment names, zip and
decompression bombs, polyglots, a PDF with JavaScript and files whose declared type lies.

Each case asserts what a caller would notice: a clear JSON error (status and
{"error": {"code", "message"}}) with nothing stored, or, for what is accepted, that it
reaches the force neutralised and comes back escaped on the pages that show it (the
browser half, where a script must never run, is tests/browser/test_hostile_pages.py).

One stack serves every case (module scope). It runs on PostgreSQL when the suite has it:
PostgreSQL refuses a NUL in a text column where SQLite keeps it, so it is the backend that
can break on hostile text; nothing else here depends on the backend.
"""

from __future__ import annotations

import asyncio
import io
import json
import select
import socket
import struct
import zipfile
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from tests.conftest import BACKENDS
from tests.e2e.helpers import execute_sql, received
from tests.stack import ADMIN_TOKEN, ROOT, Stack, wait_for

pytestmark = pytest.mark.e2e

BACKEND = "postgresql" if "postgresql" in BACKENDS else "sqlite"
ACCOUNT = "PC 4521 of Kent Police takes envelopes of cash from a dealer before every raid."
# Breaks out of text, of a quoted attribute and of an unquoted one; sets a flag if it runs.
XSS = (
    '"\'><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    "<svg onload=window.__pwned=3>&amp;"
)
XSS_ESCAPED = "&lt;script&gt;window.__pwned=1&lt;/script&gt;"
RAW_MARKUP = ("<script>window.__pwned", "<img src=x", "<svg onload")
# Different enough from each other and from ACCOUNT not to be taken for duplicates (a
# duplicate is not passed on, and these must reach the force).
EVIDENCE_ACCOUNTS = [
    "DC 3310 of Kent Police sells cocaine seized in raids to students at the station on "
    "Friday nights.",
    "PCSO 5120 of Kent Police threatened to beat up a neighbour in Gillingham and flashed "
    "his warrant card to scare him.",
]
MAX_FILE = 2 * 1024 * 1024  # a small evidence limit keeps the over-the-limit case cheap
CONTROLS = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), *range(127, 160)])


@dataclass
class Hostile:
    """The shared stack and what the cases need from it."""

    stack: Stack
    receipt: str = ""
    reference: str = ""
    package_id: str = ""
    kent_key: str = ""
    tokens: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
async def hostile(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Hostile]:
    stack = Stack(backend=BACKEND, workdir=tmp_path_factory.mktemp("hostile"))
    stack.configure(
        "dispatch",
        INTAKE_URL=stack["intake"].url,
        DISPATCH_PUBLIC_URL=stack["dispatch"].url,
        DISPATCH_RETRY_FIRST_DELAY_SECONDS="0.2",
        DISPATCH_RETRY_MAX_DELAY_SECONDS="2",
    )
    stack.configure("triage", TRIAGE_REVIEW_THRESHOLD="0")
    # Receipt checks wait a constant floor (0.5 s) against timing attacks: not tested here.
    stack.configure(
        "intake",
        INTAKE_RECEIPT_CHECK_FLOOR_SECONDS="0",
        INTAKE_MAX_ATTACHMENT_BYTES=str(MAX_FILE),
    )
    try:
        await stack.start()
        found = Hostile(stack)
        admin = {"authorization": f"Bearer {ADMIN_TOKEN}"}
        async with httpx.AsyncClient(timeout=30) as client:
            # Staff whose names are themselves hostile: they are shown on staff pages.
            for role in ("call_handler", "ops", "analyst"):
                issued = await client.post(
                    f"{stack['dispatch'].url}/v1/tokens",
                    headers=admin,
                    json={"role": role, "name": f"{role} {XSS}"},
                )
                assert issued.status_code == 201, issued.text
                found.tokens[role] = issued.json()["token"]
            made = await client.post(
                f"{stack['intake'].url}/v1/reports", json={"what_happened": ACCOUNT}
            )
            assert made.status_code == 202, made.text
            found.receipt = made.json()["receipt"]
            found.reference = made.json()["reference"]
            delivery = await _delivery_of(client, stack, found.reference)
            found.package_id = delivery["package_id"]
            creds = (await client.get(f"{stack['forcesim'].url}/credentials/kent")).json()
            found.kent_key = creds["api_key"]

            async def known() -> bool:  # the tokens reach intake and triage as events
                console = await client.post(
                    f"{stack['intake'].url}/console",
                    data={"staff_token": found.tokens["call_handler"]},
                )
                review = await client.get(
                    f"{stack['triage'].url}/v1/review",
                    headers={"authorization": f"Bearer {found.tokens['analyst']}"},
                )
                return console.status_code == 200 and review.status_code == 200

            await wait_for(known, timeout=30, message="the staff tokens to reach every service")
        yield found
    finally:
        await stack.aclose()


async def _delivery_of(client: httpx.AsyncClient, stack: Stack, reference: str) -> dict[str, Any]:
    async def found() -> dict[str, Any] | None:
        for d in (await received(client, stack))["deliveries"]:
            if d["report_reference"] == reference and d["type"] == "intelligence.package":
                return d  # type: ignore[no-any-return]
        return None

    return await wait_for(found, timeout=60, message=f"{reference} delivered")  # type: ignore[no-any-return]


def _query(stack: Stack, service: str, sql: str) -> tuple[Any, ...]:
    return tuple(execute_sql(stack, service, sql)[0])


def stored(hostile: Hostile) -> dict[str, int]:
    """What a refused request must not change: every row a request itself would add (a
    report, a file, a message, an idempotency key, a staff token, the fixture package's
    acknowledgements). Rows the pipeline adds later (packages, notices, other packages'
    acknowledgements from the simulated force) are left out: they move on their own."""
    intake = _query(
        hostile.stack,
        "intake",
        "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM attachments), "
        "(SELECT count(*) FROM followup_messages), (SELECT count(*) FROM idempotency_keys), "
        "(SELECT count(*) FROM outbox)",
    )
    dispatch = _query(
        hostile.stack,
        "dispatch",
        "SELECT (SELECT count(*) FROM staff_tokens), (SELECT count(*) FROM acknowledgements "
        f"WHERE CAST(package_id AS VARCHAR) LIKE '{hostile.package_id.replace('-', '%')}')",
    )
    names = [
        "reports",
        "attachments",
        "followup_messages",
        "idempotency_keys",
        "intake outbox",
        "staff_tokens",
        "acknowledgements of the fixture's package",
    ]
    counts = dict(zip(names, (*intake, *dispatch), strict=True))
    return counts


def without_outbox(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if k != "intake outbox"}


async def quiet(hostile: Hostile) -> dict[str, int]:
    """Counts once intake has published every earlier event and the force has acknowledged
    the fixture's package, steady for a moment, so a change can only come from the case."""

    async def settled() -> dict[str, int] | None:
        first = stored(hostile)
        if first["intake outbox"] or not first["acknowledgements of the fixture's package"]:
            return None
        await asyncio.sleep(0.3)
        return without_outbox(first) if stored(hostile) == first else None

    return await wait_for(settled, timeout=60, message="the stack to settle")  # type: ignore[no-any-return]


def assert_json_error(answer: httpx.Response, expected: set[int], case: str) -> None:
    assert answer.status_code in expected, f"{case}: {answer.status_code} {answer.text[:300]}"
    assert answer.headers["content-type"].startswith("application/json"), (
        f"{case}: {answer.headers['content-type']}"
    )
    error = answer.json()["error"]
    assert error["code"] and error["message"], f"{case}: {error}"
    assert "Traceback" not in answer.text and "sqlalchemy" not in answer.text.lower(), case


# --- hostile JSON ----------------------------------------------------------------------

DEPTH = 100_000
HOSTILE_JSON: list[tuple[str, bytes, str]] = [
    ("100,000 nested arrays", b"[" * DEPTH + b"]" * DEPTH, "application/json"),
    (
        "100,000 nested objects in a field",
        b'{"text": ' + b'{"a":' * DEPTH + b"1" + b"}" * DEPTH + b"}",
        "application/json",
    ),
    ("invalid UTF-8", b'{"text": "cash \xff\xfe\xfd from dealers"}', "application/json"),
    ("overlong UTF-8 for '/'", b'{"text": "..\xc0\xaf..\xc0\xafetc"}', "application/json"),
    ("a lone surrogate", b'{"text": "cash \\ud800 from dealers"}', "application/json"),
    ("UTF-16", '{"text": "cash from dealers"}'.encode("utf-16"), "application/json"),
    ("a raw control character", b'{"text": "cash \x01\x02 from"}', "application/json"),
    ("a 100,000-digit number", b'{"text": ' + b"9" * 100_000 + b"}", "application/json"),
    ("an empty body", b"", "application/json"),
    ("null", b"null", "application/json"),
    ("a string", b'"cash from dealers"', "application/json"),
    ("XML", b"<report><text>cash</text></report>", "application/xml"),
    ("text/plain", b'{"text": "cash from dealers"}', "text/plain"),
]


async def test_hostile_json_gets_a_clear_error_everywhere_and_stores_nothing(
    hostile: Hostile,
) -> None:
    stack = hostile.stack
    intake, dispatch, triage = (stack[s].url for s in ("intake", "dispatch", "triage"))
    receipt = {"authorization": f"Receipt {hostile.receipt}"}
    kent = {"authorization": f"Bearer {hostile.kent_key}"}
    admin = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    analyst = {"authorization": f"Bearer {hostile.tokens['analyst']}"}
    package = hostile.package_id
    # Every route a caller sends a JSON body to, as the caller allowed to.
    targets = [
        ("intake: report", f"{intake}/v1/reports", {}),
        ("intake: follow-up message", f"{intake}/v1/followup/messages", receipt),
        (
            "dispatch: acknowledgement",
            f"{dispatch}/v1/intelligence/{package}/acknowledgements",
            kent,
        ),
        (
            "dispatch: message to the reporter",
            f"{dispatch}/v1/intelligence/{package}/messages",
            kent,
        ),
        ("dispatch: token", f"{dispatch}/v1/tokens", admin),
        ("dispatch: force registry", f"{dispatch}/v1/forces/kent", admin),
        ("triage: analyst decision", f"{triage}/v1/review/{package}", analyst),
    ]
    before = await quiet(hostile)
    failures = []
    async with httpx.AsyncClient(timeout=30) as client:
        for target, url, auth in targets:
            for case, body, content_type in HOSTILE_JSON:
                if case == "UTF-16" and target != "intake: report":
                    # Python's json (under FastAPI's parsing) detects UTF-16 and reads it
                    # correctly: harmless. Intake's report parser holds to UTF-8.
                    continue
                method = "PUT" if target.endswith("registry") else "POST"
                answer = await client.request(
                    method, url, content=body, headers={**auth, "content-type": content_type}
                )
                # A type that is not JSON is a 415 on every JSON route (before, FastAPI's
                # own body parsing answered 422 on dispatch's and triage's); a JSON body
                # that is wrong is a 422. A 400 or a 5xx is never right.
                expected = {415} if content_type != "application/json" else {422}
                try:
                    assert_json_error(answer, expected, f"{target} with {case}")
                except AssertionError as exc:
                    failures.append(str(exc))
    assert not failures, "\n".join(failures)
    assert without_outbox(stored(hostile)) == before
    # And each service's OpenAPI document says so for every operation with a JSON body.
    async with httpx.AsyncClient(timeout=30) as client:
        for service in ("intake", "dispatch", "triage"):
            document = (await client.get(f"{stack[service].url}/openapi.json")).json()
            for path, operations in document["paths"].items():
                for method, operation in operations.items():
                    content = operation.get("requestBody", {}).get("content", {})
                    if "application/json" in content:
                        assert "415" in operation["responses"], f"{service} {method} {path}"


async def test_control_characters_in_staff_and_force_text_are_refused_on_every_backend(
    hostile: Hostile,
) -> None:
    """A NUL (or another C0 control character) in dispatch's and triage's text inputs is a
    422 naming the field on every backend. Before, PostgreSQL refused a NUL only when it
    came to store it (a generic 422) and SQLite kept it (201)."""
    stack = hostile.stack
    dispatch, triage = stack["dispatch"].url, stack["triage"].url
    kent = {"authorization": f"Bearer {hostile.kent_key}"}
    admin = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    analyst = {"authorization": f"Bearer {hostile.tokens['analyst']}"}
    package = hostile.package_id
    acknowledge = f"{dispatch}/v1/intelligence/{package}/acknowledgements"
    cases = [
        ("POST", f"{dispatch}/v1/tokens", admin, {"role": "ops", "name": "A\x00B"}, "name"),
        (
            "POST",
            acknowledge,
            kent,
            {"outcome": "received", "force_reference": "KENT\x00/1"},
            "force_reference",
        ),
        (
            "POST",
            acknowledge,
            kent,
            {"outcome": "wrong_force", "redirect_to": "essex\x1b[2J"},
            "redirect_to",
        ),
        (
            "POST",
            f"{dispatch}/v1/intelligence/{package}/messages",
            kent,
            {"text": "When did it \x07happen?"},
            "text",
        ),
        (
            "PUT",
            f"{dispatch}/v1/forces/kent",
            admin,
            {"endpoint_url": "https://kent.example/\x00", "active": True},
            "endpoint_url",
        ),
        ("POST", f"{triage}/v1/review/{package}", analyst, {"note": "checked\x00"}, "note"),
        ("POST", f"{triage}/v1/review/{package}", analyst, {"force": "kent\x00"}, "force"),
    ]
    before = await quiet(hostile)
    async with httpx.AsyncClient(timeout=30) as client:
        for method, url, auth, body, name in cases:
            case = f"{name} with a control character"
            answer = await client.request(method, url, json=body, headers=auth)
            assert_json_error(answer, {422}, case)
            message = answer.json()["error"]["message"]
            assert f"{name}: " in message and "control characters" in message, (case, message)
        assert without_outbox(stored(hostile)) == before
        # Tab, carriage return and line feed are text.
        issued = await client.post(
            f"{dispatch}/v1/tokens",
            json={"role": "ops", "name": "Desk\t4\r\nNights"},
            headers=admin,
        )
        assert issued.status_code == 201, issued.text


# --- huge bodies -----------------------------------------------------------------------


def _raw_request(port: int, head: bytes, body_parts: list[bytes]) -> bytes:
    """Send a request by hand, part by part, and stop sending as soon as the server has
    answered: the answer must come before the client has sent all it declared."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head)
        for part in body_parts:
            if select.select([sock], [], [], 0)[0]:
                break  # answered already
            try:
                sock.sendall(part)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server has answered and closed: what we want to see
        answer = b""
        while True:
            headers, _, body = answer.partition(b"\r\n\r\n")
            if _:
                length = next(
                    (
                        int(line.split(b":", 1)[1])
                        for line in headers.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    0,
                )
                if len(body) >= length:
                    return answer
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                return answer
            if not chunk:
                return answer
            answer += chunk


async def test_huge_bodies_are_refused_before_they_are_read(hostile: Hostile) -> None:
    stack = hostile.stack
    intake, dispatch, triage = (stack[s].port for s in ("intake", "dispatch", "triage"))
    package = hostile.package_id
    routes = [
        (intake, "/v1/reports", "application/json"),
        (intake, "/v1/reports", "multipart/form-data; boundary=x"),
        (intake, "/report", "multipart/form-data; boundary=x"),
        (intake, "/check", "application/x-www-form-urlencoded"),
        (intake, "/check/reply", "application/x-www-form-urlencoded"),
        (intake, "/console", "application/x-www-form-urlencoded"),
        (intake, "/console/report", "multipart/form-data; boundary=x"),
        (intake, "/v1/followup/messages", "application/json"),
        (dispatch, f"/v1/intelligence/{package}/acknowledgements", "application/json"),
        (dispatch, "/ops", "application/x-www-form-urlencoded"),
        (triage, f"/v1/review/{package}", "application/json"),
    ]
    before = await quiet(hostile)
    failures = []
    for port, path, content_type in routes:
        # 1. A declared length of 2 GB, of which 64 KB is sent: answered at once.
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: 2000000000\r\n\r\n"
        ).encode()
        answer = await asyncio.to_thread(_raw_request, port, head, [b"x" * 65536])
        if not answer.startswith(b"HTTP/1.1 413") or b'"payload_too_large"' not in answer:
            failures.append(f"{path} declared 2 GB: {answer[:200]!r}")
        # 2. Chunked, no length: refused once past the limit, before the body ends (the
        # terminating chunk is never sent, so a server reading it all would wait forever).
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Transfer-Encoding: chunked\r\n\r\n"
        ).encode()
        chunk = b"x" * 1_048_576
        parts = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 60  # 60 MB, over every limit
        answer = await asyncio.to_thread(_raw_request, port, head, parts)
        if not answer.startswith(b"HTTP/1.1 413"):
            failures.append(f"{path} chunked: {answer[:200]!r}")
    assert not failures, "\n".join(failures)
    assert without_outbox(stored(hostile)) == before


# --- control characters ----------------------------------------------------------------


async def test_control_characters_are_removed_from_what_intake_accepts(
    hostile: Hostile,
) -> None:
    """Invisible control characters (a NUL, terminal escapes, DEL, C1) are dropped from
    every text a reporter sends; tabs and line breaks stay. Before, a NUL went to the force
    inside the package."""
    stack = hostile.stack
    intake = stack["intake"].url
    dirty = "".join(CONTROLS)
    text = f"PC 6120 of Kent Police{dirty} steals\tcash\nfrom prisoners' property bags."
    body = {
        "what_happened": text,
        "location": f"Maidstone{dirty}",
        "when": "May\x00\x1b[2J",
        "subject": {"name": "Kel\x00ly", "role": "police_officer", "number": "61\x0020"},
        "follow_up": True,
    }
    async with httpx.AsyncClient(timeout=30) as client:
        made = await client.post(f"{intake}/v1/reports", json=body)
        assert made.status_code == 202, made.text
        # Nothing but control characters is nothing at all: the usual 422.
        blank = await client.post(
            f"{intake}/v1/reports", json={"what_happened": "\x00" * 40 + "too short"}
        )
        assert_json_error(blank, {422}, "a report of control characters")
        receipt = {"authorization": f"Receipt {made.json()['receipt']}"}
        sent = await client.post(
            f"{intake}/v1/followup/messages",
            json={"text": f"More{dirty} dates\tto come."},
            headers=receipt,
        )
        assert sent.status_code == 201, sent.text
        only_controls = await client.post(
            f"{intake}/v1/followup/messages", json={"text": "\x00\x07\x1b"}, headers=receipt
        )
        assert_json_error(only_controls, {422}, "a message of control characters")
        # The same through the web form (a NUL percent-encoded) and its reply form.
        page = await client.post(
            f"{intake}/report",
            data={
                "what_happened": "PS 88 of Kent Police\x00\x1b[31m punched a man in custody.",
                "location": "Chatham\x00",
                "follow_up": "yes",
            },
        )
        assert page.status_code == 200 and 'id="receipt"' in page.text, page.text[:500]
        assert "\x00" not in page.text and "\x1b" not in page.text
        web_receipt = page.text.split('id="receipt">', 1)[1].split("<", 1)[0].strip()
        reply = await client.post(
            f"{intake}/check/reply", data={"receipt": web_receipt, "text": "\x00\x01\x1b"}
        )
        assert reply.status_code == 422 and "up to 5,000 characters" in reply.text

        delivery = await _delivery_of(client, stack, made.json()["reference"])
        data = delivery["data"]
        kept = [data["details"], data["summary"], data["location"], data.get("when", "")]
        kept += [str(v) for v in data["subject"].values()]
        for value in kept:
            assert not set(value) & set(CONTROLS), f"control characters reached Kent: {value!r}"
        assert "steals\tcash\nfrom" in data["details"]
        assert data["location"] == "Maidstone" and data["subject"]["name"] == "Kelly"
        view = (await client.get(f"{intake}/v1/followup", headers=receipt)).json()
        assert [m["text"] for m in view["messages"] if m["from"] == "you"] == [
            "More dates\tto come."
        ]


# --- evidence --------------------------------------------------------------------------


def _png(width: int, height: int, idat: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def png_bomb(width: int, height: int) -> bytes:
    """A small file whose pixels fill width x height bytes once decoded."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    idat = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    return _png(width, height, idat)


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(10):
            archive.writestr(f"{i}.bin", b"\x00" * 10_000_000)  # 100 MB from a few KB
    return out.getvalue()


def image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def html_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<script>window.__pwned=1</script>")
    return out.getvalue()


def active_pdf() -> bytes:
    """A one-page PDF that runs JavaScript on opening (a script stream and the names
    tree), on showing its page, from a link, launches a program, and carries a file."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)

    def action(kind: str, **entries: Any) -> DictionaryObject:
        return DictionaryObject(
            {NameObject("/S"): NameObject(kind)}
            | {NameObject(f"/{k}"): v for k, v in entries.items()}
        )

    script = DecodedStreamObject()
    script.set_data(b"app.alert('OPENACTIONSCRIPT');")
    root = writer._root_object
    root[NameObject("/OpenAction")] = writer._add_object(
        action("/JavaScript", JS=writer._add_object(script))
    )
    writer.add_attachment("carried.exe", b"MZ EMBEDDEDPROGRAM")  # makes the names tree
    named = action("/JavaScript", JS=TextStringObject("app.alert('NAMESSCRIPT');"))
    names = root["/Names"]
    assert isinstance(names, DictionaryObject)
    names[NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), named])}
    )
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("/JavaScript", JS=TextStringObject("app.alert('PAGESCRIPT');"))}
    )
    links = [
        action("/Launch", F=TextStringObject("LAUNCHEDPROGRAM.exe")),
        action("/URI", URI=TextStringObject("javascript:alert('URISCRIPT')")),
    ]
    page[NameObject("/Annots")] = ArrayObject(
        writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/Rect"): ArrayObject([]),
                    NameObject("/A"): link,
                }
            )
        )
        for link in links
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ACTIVE_PDF_MARKERS = [
    b"OPENACTIONSCRIPT",
    b"NAMESSCRIPT",
    b"PAGESCRIPT",
    b"LAUNCHEDPROGRAM",
    b"URISCRIPT",
    b"EMBEDDEDPROGRAM",
    b"/JavaScript",
    b"/OpenAction",
    b"/Launch",
    b"/EmbeddedFile",
]


def empty_pdf() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def multipart(
    report: dict[str, Any] | None, files: list[tuple[bytes, bytes, str]], field: str = "report"
) -> tuple[bytes, dict[str, str]]:
    """A multipart body written by hand, so a file name can hold any byte (a NUL, a
    backslash, a quote) as a hostile client would send it."""
    boundary = b"hostile-boundary-7MA4YWxkTrZu0gW"
    parts = []
    if report is not None:
        parts.append(
            b'Content-Disposition: form-data; name="%s"\r\n\r\n%s'
            % (field.encode(), json.dumps(report).encode())
        )
    for name, data, content_type in files:
        parts.append(
            b'Content-Disposition: form-data; name="attachments"; filename="%s"\r\n'
            b"Content-Type: %s\r\n\r\n%s" % (name, content_type.encode(), data)
        )
    body = b"".join(b"--" + boundary + b"\r\n" + p + b"\r\n" for p in parts)
    body += b"--" + boundary + b"--\r\n"
    return body, {"content-type": f"multipart/form-data; boundary={boundary.decode()}"}


# File names that must never be used as a path or come back to anyone. Each carries the
# marker so the file system and every answer can be searched for it.
MARKER = "pacars-traversal"
HOSTILE_NAMES = [
    f"../../../../../../tmp/{MARKER}-1.jpg".encode(),
    f"..\\..\\..\\{MARKER}-2.png".encode(),
    f"/tmp/{MARKER}-3.pdf".encode(),
    f"C:\\Windows\\System32\\{MARKER}-4.txt".encode(),
    f"{MARKER}-5\u202egnp.exe".encode(),  # right-to-left override: shows as "exe.png"
    f"\uff0e\uff0e\uff0f\uff0e\uff0e\uff0f{MARKER}-6.txt".encode(),  # full-width "../"
    f"{MARKER}-7<script>window.__pwned=1</script>.txt".encode(),
    f"{MARKER}-8-{'A' * 5000}.txt".encode(),
    f"../{MARKER}-9\x00.png".encode(),  # a NUL: a C library would stop reading there
]


def traversal_targets(stack: Stack) -> list[Path]:
    """Wherever a name above could have landed if it were joined to a folder."""
    bases = [Path("/"), Path("/tmp"), ROOT, ROOT / "var", stack.workdir, stack.workdir / "data"]
    found = []
    for base in bases:
        found += [p for p in base.glob(f"*{MARKER}*")]
    found += [p for p in stack.workdir.rglob(f"*{MARKER}*")]
    return found


async def test_hostile_files_are_refused_with_a_clear_error_and_leave_nothing(
    hostile: Hostile,
) -> None:
    stack = hostile.stack
    intake = stack["intake"].url
    refused = [
        ("a zip bomb", b"bomb.zip", zip_bomb(), "application/zip", 415),
        ("a zip bomb named and declared a photo", b"IMG_1.jpg", zip_bomb(), "image/jpeg", 415),
        (
            "a PNG declaring 100,000 x 100,000 pixels",
            b"big.png",
            _png(100_000, 100_000, zlib.compress(b"\x00" * 64)),
            "image/png",
            415,
        ),
        # Between Pillow's warning and its error: refused by our own check (a warnings
        # filter is process-wide, and files are cleaned in threads side by side).
        (
            "a PNG declaring 9,000 x 8,000 pixels",
            b"wide.png",
            _png(9_000, 8_000, zlib.compress(b"\x00" * 64)),
            "image/png",
            415,
        ),
        (
            "a PNG decompression bomb (64 MB of pixels)",
            b"bomb.png",
            png_bomb(8_000, 8_000),
            "image/png",
            415,
        ),
        (
            "JPEG magic bytes, then HTML",
            b"x.jpg",
            b"\xff\xd8\xff\xe0<html><script>window.__pwned=1</script>",
            "image/jpeg",
            415,
        ),
        (
            "a PDF header, then HTML",
            b"x.pdf",
            b"%PDF-1.7\n<html><script>window.__pwned=1</script></html>",
            "application/pdf",
            415,
        ),
        ("a PDF with no pages", b"empty.pdf", empty_pdf(), "application/pdf", 415),
        ("an encrypted PDF", b"locked.pdf", encrypted_pdf(), "application/pdf", 415),
        ("a GIF", b"x.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 20, "image/gif", 415),
        (
            "a program declared as text",
            b"notes.txt",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
            "text/plain",
            415,
        ),
        ("text with a NUL byte", b"notes.txt", b"dates\x00and times", "text/plain", 415),
        ("an empty file", b"empty.png", b"", "image/png", 415),
        ("a file over the limit", b"big.txt", b"a" * (MAX_FILE + 1), "text/plain", 413),
    ]
    before = await quiet(hostile)
    failures = []
    async with httpx.AsyncClient(timeout=60) as client:
        for case, name, data, content_type, status in refused:
            body, headers = multipart({"what_happened": ACCOUNT}, [(name, data, content_type)])
            answer = await client.post(f"{intake}/v1/reports", content=body, headers=headers)
            try:
                assert_json_error(answer, {status}, case)
            except AssertionError as exc:
                failures.append(str(exc))
        # The web form and the console say so on the page, and keep nothing either.
        for path, extra in (
            ("/report", {}),
            ("/console/report", {"staff_token": hostile.tokens["call_handler"]}),
        ):
            # Under a hostile name, which the page must not repeat.
            bomb = [(HOSTILE_NAMES[6], png_bomb(8_000, 8_000), "image/png")]
            body, headers = multipart(None, bomb)
            fields = {"what_happened": ACCOUNT, **extra}
            form = b"".join(
                b'--hostile-boundary-7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name="%s"'
                b"\r\n\r\n%s\r\n" % (k.encode(), v.encode())
                for k, v in fields.items()
            )
            page = await client.post(f"{intake}{path}", content=form + body, headers=headers)
            if page.status_code != 415 or "too large in pixels" not in page.text:
                failures.append(f"{path} with a bomb: {page.status_code} {page.text[:300]}")
            if MARKER in page.text:
                failures.append(f"{path} repeated the file's name on the page")
    assert not failures, "\n".join(failures)
    assert without_outbox(stored(hostile)) == before


async def test_polyglots_lying_types_and_hostile_names_reach_the_force_neutralised(
    hostile: Hostile,
) -> None:
    stack = hostile.stack
    intake = stack["intake"].url
    jpeg_zip = image("JPEG") + html_zip()  # a valid JPEG that is also a ZIP
    png_html = image("PNG") + b"<html><script>window.__pwned=1</script></html>"
    pdf = active_pdf()
    for marker in ACTIVE_PDF_MARKERS[:6]:
        assert marker in pdf, f"the fixture lacks {marker!r}"
    html_text = b"<!doctype html><script>window.__pwned=1</script><svg onload=alert(1)>"
    first = [
        (HOSTILE_NAMES[0], jpeg_zip, "image/jpeg"),
        (HOSTILE_NAMES[1], png_html, "image/png"),
        (HOSTILE_NAMES[2], pdf, "application/pdf"),
        # Declared a PNG, really text (HTML): stored and served as text/plain.
        (HOSTILE_NAMES[6], html_text, "image/png"),
        (HOSTILE_NAMES[3], b"12 March, 19 April", "application/x-msdownload"),
    ]
    second = [(name, b"2 May, near the estate", "text/plain") for name in HOSTILE_NAMES[4:6]]
    answers = []
    async with httpx.AsyncClient(timeout=60) as client:
        for text, files in zip(EVIDENCE_ACCOUNTS, (first, second), strict=True):
            body, headers = multipart({"what_happened": text, "follow_up": False}, files)
            answer = await client.post(f"{intake}/v1/reports", content=body, headers=headers)
            assert answer.status_code == 202, answer.text
            answers.append(answer)
        # A name of 5,000 characters (the form parser refuses the part) and a NUL in a
        # name: a clear 422 for a malformed form, or taken, never a 5xx.
        for name in HOSTILE_NAMES[7:]:
            body, headers = multipart(
                {"what_happened": ACCOUNT, "follow_up": False}, [(name, b"x y", "text/plain")]
            )
            odd = await client.post(f"{intake}/v1/reports", content=body, headers=headers)
            assert odd.status_code in (202, 422), odd.text
            if odd.status_code == 422:
                assert_json_error(odd, {422}, f"file name {name[:40]!r}")
            answers.append(odd)

        delivery = await _delivery_of(client, stack, answers[0].json()["reference"])
        await _delivery_of(client, stack, answers[1].json()["reference"])
        links = delivery["data"]["attachments"]
        assert [a["media_type"] for a in links] == [
            "image/jpeg",
            "image/png",
            "application/pdf",
            "text/plain",
            "text/plain",
        ]
        kent = {"authorization": f"Bearer {hostile.kent_key}"}
        fetched = []
        for link in links:
            got = await client.get(link["url"], headers=kent)
            assert got.status_code == 200, got.text
            assert got.headers["content-type"].split(";")[0] == link["media_type"]
            assert got.headers["x-content-type-options"] == "nosniff"
            assert got.headers["content-disposition"].startswith("attachment;")
            assert MARKER not in got.headers["content-disposition"]
            fetched.append(got.content)
        photo, picture, document, served_text, _ = fetched
        # Re-encoded: the pictures survive, whatever rode along after them does not.
        assert b"PK\x03\x04" not in photo and b"payload.html" not in photo
        assert b"<script" not in picture and b"<html" not in picture
        with Image.open(io.BytesIO(photo)) as a, Image.open(io.BytesIO(picture)) as b:
            assert a.size == b.size == (24, 16)
        # The PDF keeps its page and loses every script, action, launch and carried file.
        for marker in ACTIVE_PDF_MARKERS:
            assert marker not in document, f"{marker!r} survived in the PDF"
        reader = PdfReader(io.BytesIO(document))
        assert len(reader.pages) == 1
        root = reader.trailer["/Root"]
        assert isinstance(root, DictionaryObject)
        assert "/OpenAction" not in root and "/AA" not in reader.pages[0]
        # The text that lied about being a PNG is plain text, served as such (nosniff).
        assert served_text == html_text

        # No name was used as a path, and none comes back in any answer or delivery.
        assert traversal_targets(stack) == []
        everything = [a.text for a in answers] + [
            json.dumps(await received(client, stack)),
            stack["intake"].logs(),
            stack["dispatch"].logs(),
        ]
        for blob in everything:
            assert MARKER not in blob and "\u202e" not in blob


# --- HTML and script in every text field -----------------------------------------------


def assert_escaped(page: str, case: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in page, f"{case}: {raw!r} is in the page unescaped"
    assert XSS_ESCAPED in page, f"{case}: the text is not on the page, escaped"


async def test_html_and_script_in_every_text_field_come_back_escaped(hostile: Hostile) -> None:
    """Every page that shows text someone typed shows it as text. (Chromium checks that
    nothing runs: tests/browser/test_hostile_pages.py.)"""
    stack = hostile.stack
    intake, dispatch = stack["intake"].url, stack["dispatch"].url
    every_field = {
        "what_happened": (
            f"PC 9012 of Kent Police takes bribes from a scrap dealer at the station every "
            f"Friday. {XSS}"
        ),
        "subject_name": XSS,
        "subject_number": XSS[:50],
        "subject_station": XSS,
        "location": XSS,
        "when": XSS[:100],
        "identity": "confidential",
        "contact_details": XSS,
        "follow_up": "yes",
    }
    async with httpx.AsyncClient(timeout=30) as client:
        # A form sent back with an error keeps what was typed: escaped, in every field.
        refused = await client.post(f"{intake}/report", data={**every_field, "force_hint": XSS})
        assert refused.status_code == 422
        assert_escaped(refused.text, "the form with an error")
        assert refused.text.count(XSS_ESCAPED) >= 5, "some field is not shown back escaped"
        # Accepted: the confirmation, then the status page with a message from each side.
        page = await client.post(f"{intake}/report", data=every_field)
        assert page.status_code == 200 and 'id="receipt"' in page.text
        for raw in RAW_MARKUP:
            assert raw not in page.text
        receipt = page.text.split('id="receipt">', 1)[1].split("<", 1)[0].strip()
        reply = await client.post(
            f"{intake}/check/reply", data={"receipt": receipt, "text": f"From me: {XSS}"}
        )
        assert reply.status_code == 200
        assert_escaped(reply.text, "the status page after a reply")
        reference = reply.text.split('class="code">', 1)[1].split("<", 1)[0]
        delivery = await _delivery_of(client, stack, reference)
        kent = {"authorization": f"Bearer {hostile.kent_key}"}
        asked = await client.post(
            f"{dispatch}/v1/intelligence/{delivery['package_id']}/messages",
            json={"text": f"From Kent: {XSS}"},
            headers=kent,
        )
        assert asked.status_code == 202, asked.text

        async def status_page() -> str | None:
            shown = await client.post(f"{intake}/check", data={"receipt": receipt})
            return shown.text if "From Kent" in shown.text else None

        shown = await wait_for(status_page, timeout=60, message="the force's message")
        assert_escaped(shown, "the status page with the force's message")
        assert shown.count(XSS_ESCAPED) == 2  # both messages

        # The call-handler console: a hostile staff name, a form with an error, a report.
        token = hostile.tokens["call_handler"]
        console = await client.post(f"{intake}/console", data={"staff_token": token})
        assert_escaped(console.text, "the console (staff name)")
        bad = await client.post(
            f"{intake}/console/report",
            data={**every_field, "staff_token": token, "what_happened": XSS[:15]},
        )
        assert bad.status_code == 422
        assert_escaped(bad.text, "the console with an error")
        done = await client.post(
            f"{intake}/console/report", data={**every_field, "staff_token": token}
        )
        assert done.status_code == 200 and 'id="receipt"' in done.text
        assert_escaped(done.text, "the console's read-back")

        # Dispatch's operations page: the ops staff name.
        ops = await client.post(f"{dispatch}/ops", data={"staff_token": hostile.tokens["ops"]})
        assert ops.status_code == 200
        assert_escaped(ops.text, "the operations page")

        # The analyst's review is JSON: a browser shown it renders no markup.
        review = await client.get(
            f"{stack['triage'].url}/v1/review",
            headers={"authorization": f"Bearer {hostile.tokens['analyst']}"},
        )
        assert review.headers["content-type"].startswith("application/json")


# --- hostile forms ---------------------------------------------------------------------


async def test_hostile_forms_get_a_clear_answer_and_store_nothing(hostile: Hostile) -> None:
    """The pages' forms (intake's report, check, reply and console; dispatch's operations
    page and replay) with broken or odd bodies: a 4xx, either a JSON error (a body that
    cannot be read as a form) or the page with its error; never a 5xx, nothing stored."""
    stack = hostile.stack
    intake, dispatch = stack["intake"].url, stack["dispatch"].url
    boundary = "multipart/form-data; boundary=hostile"
    urlencoded = "application/x-www-form-urlencoded"
    bodies = [
        ("broken multipart", b"--hostile\r\nContent-Disposition: form-data\r\n", boundary),
        ("multipart that is not", b"--hostile\r\ngarbage", boundary),
        ("multipart without a boundary", b"a=b", "multipart/form-data"),
        ("2,000 fields", "&".join(f"f{i}=x" for i in range(2000)).encode(), urlencoded),
        ("JSON to a form", b'{"receipt": "x"}', "application/json"),
        ("invalid UTF-8", b"receipt=%FF%FE&text=%C0%AF&staff_token=%FF", urlencoded),
        (
            "fields sent as files",
            b'--hostile\r\nContent-Disposition: form-data; name="receipt"; filename="r.txt"'
            b'\r\n\r\nABCD\r\n--hostile\r\nContent-Disposition: form-data; name="staff_token";'
            b' filename="t.txt"\r\n\r\nABCD\r\n--hostile--\r\n',
            boundary,
        ),
    ]
    routes = [
        f"{intake}/report",
        f"{intake}/check",
        f"{intake}/check/reply",
        f"{intake}/console",
        f"{intake}/console/report",
        f"{dispatch}/ops",
        f"{dispatch}/ops/replay",
    ]
    before = await quiet(hostile)
    failures = []
    async with httpx.AsyncClient(timeout=30) as client:
        for url in routes:
            for case, body, content_type in bodies:
                answer = await client.post(
                    url, content=body, headers={"content-type": content_type}
                )
                where = f"{url.rsplit(':', 1)[1]} with {case}"
                kind = answer.headers.get("content-type", "")
                if kind.startswith("application/json"):
                    try:
                        assert_json_error(answer, {400, 401, 413, 415, 422}, where)
                    except AssertionError as exc:
                        failures.append(str(exc))
                elif not (kind.startswith("text/html") and answer.status_code in (401, 422)):
                    failures.append(f"{where}: {answer.status_code} {kind} {answer.text[:200]}")
                elif "Traceback" in answer.text:
                    failures.append(f"{where}: a traceback on the page")
    assert not failures, "\n".join(failures)
    assert without_outbox(stored(hostile)) == before


def _form(fields: list[tuple[str, bytes]], boundary: bytes = b"utf8-boundary-Qx7") -> bytes:
    parts = [
        b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (boundary, name.encode(), value)
        for name, value in fields
    ]
    return b"".join(parts) + b"--%s--\r\n" % boundary


async def test_form_text_that_is_not_utf8_is_refused_not_read_as_latin1(
    hostile: Hostile,
) -> None:
    """Starlette re-reads a multipart text part that is not UTF-8 as Latin-1 (and puts
    U+FFFD in urlencoded ones): before the fix each of these was accepted, garbled."""
    stack = hostile.stack
    intake = stack["intake"].url
    garbled = ACCOUNT.encode().replace(b"cash", b"\xff\xfe\xc0\xaf")  # not UTF-8
    multipart_type = {"content-type": "multipart/form-data; boundary=utf8-boundary-Qx7"}
    token = hostile.tokens["call_handler"]
    before = await quiet(hostile)
    async with httpx.AsyncClient(timeout=30) as client:
        report = b'{"what_happened": "%s"}' % garbled
        api = await client.post(
            f"{intake}/v1/reports", content=_form([("report", report)]), headers=multipart_type
        )
        assert_json_error(api, {422}, "the API's multipart report field")
        assert api.json()["error"]["code"] == "invalid_encoding"
        assert "UTF-8" in api.json()["error"]["message"]
        # The pages say so beside the field, keep the rest of what was typed, store nothing.
        pages = [("/report", []), ("/console/report", [("staff_token", token.encode())])]
        for path, extra in pages:
            fields = [*extra, ("what_happened", garbled), ("location", b"Maidstone")]
            page = await client.post(
                f"{intake}{path}", content=_form(fields), headers=multipart_type
            )
            assert page.status_code == 422, f"{path}: {page.status_code} {page.text[:300]}"
            assert "could not be read as text" in page.text, path
            assert 'value="Maidstone"' in page.text and "\u00ff\u00fe" not in page.text, path
        for body in (b"text=%FF%FE%C0%AFcash", b"text=caf\xe9 cash"):  # escaped and raw
            reply = await client.post(
                f"{intake}/check/reply",
                content=b"receipt=%s&%s" % (hostile.receipt.encode(), body),
                headers={"content-type": "application/x-www-form-urlencoded"},
            )
            assert reply.status_code == 422, f"reply {body!r}: {reply.text[:300]}"
            assert "could not be read as text" in reply.text
    assert without_outbox(stored(hostile)) == before
