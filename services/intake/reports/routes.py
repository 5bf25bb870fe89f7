from __future__ import annotations

from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from services.intake.attachments import service as attachments
from services.intake.attachments.service import SealedFile
from services.intake.deps import IntakeContext, submission_context
from services.intake.reports import service
from services.intake.reports.schemas import ReportAccepted, ReportCreate
from services.intake.settings import IntakeSettings
from shared.crypto import Sealer
from shared.errors import (
    Conflict,
    Forbidden,
    PayloadTooLarge,
    TooManyRequests,
    Unauthorized,
    Unprocessable,
    UnsupportedMediaType,
    error_responses,
)
from shared.forms import read_form as strict_form

router = APIRouter(prefix="/v1", tags=["reports"])


def _inline_definitions(schema: dict[str, Any]) -> dict[str, Any]:
    """The model's JSON schema with its $defs written in place: a schema given through
    openapi_extra is not registered in the document's components, so "#/$defs/..."
    references would not resolve for clients and schema-driven tools."""
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)  # type: ignore[no-any-return]


_REPORT_SCHEMA = _inline_definitions(ReportCreate.model_json_schema())
_OPENAPI_EXTRA: dict[str, Any] = {
    # Read by hand in the route (see there); documented as FastAPI would document
    # `Annotated[str | None, Header()]`.
    "parameters": [
        {
            "name": "idempotency-key",
            "in": "header",
            "required": False,
            "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Idempotency-Key"},
        }
    ],
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _REPORT_SCHEMA},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["report"],
                    "properties": {
                        "report": {
                            "type": "string",
                            "description": "The report as JSON (the same shape as the JSON body)",
                        },
                        "attachments": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Up to 5 files of up to 10 MB: JPEG, PNG, PDF or "
                            "plain text, checked by content",
                        },
                    },
                }
            },
        },
    },
}


def parse_report(raw: bytes | str) -> ReportCreate:
    """The report from JSON, with the same 422 shape as any other invalid body."""
    try:
        return ReportCreate.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc


def chosen_files(uploads: list[UploadFile]) -> list[UploadFile]:
    """The uploads a person chose (a form's empty file input sends one with no name)."""
    return [u for u in uploads if u.filename or (u.size or 0) > 0]


_NO_TURN = nullcontext()


def evidence_turn(
    context: IntakeContext, uploads: list[UploadFile]
) -> AbstractAsyncContextManager[Any]:
    """Held from reading a report's files until it is stored, when it has any: reports with
    evidence take turns (IntakeSettings.evidence_reports_at_once), the others waiting with
    their files spooled to disk. Reports without files (nearly all) get a shared no-op
    rather than a generator-based context manager made and run for each."""
    return context.evidence_slots if chosen_files(uploads) else _NO_TURN


async def read_files(
    uploads: list[UploadFile], settings: IntakeSettings, sealer: Sealer
) -> list[SealedFile]:
    """Check, clean and seal each uploaded file in turn (off the event loop: re-encoding
    takes a while), keeping only the sealed copy of each. Empty file inputs (a form sent
    with no file chosen) are skipped."""
    limit = settings.max_attachment_bytes
    chosen = chosen_files(uploads)
    attachments.check_count(len(chosen), max_files=settings.max_attachments)
    sealed = []
    for upload in chosen:
        data = await upload.read(limit + 1)
        if not data and not upload.filename:
            continue
        sealed.append(await attachments.seal_upload(data, settings, sealer))
        await upload.close()  # its spooled copy (memory or a temporary file) goes now
    return sealed


async def read_form(request: Request) -> Any:
    """The form, with a JSON 4xx (not a bare 400) when it is malformed, and a 422 for text
    that is not valid UTF-8 (never re-read as Latin-1)."""
    return await strict_form(request, max_files=1000, max_fields=100)


def media_type_of(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


@router.post(
    "/reports",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ReportAccepted,
    response_model_exclude_none=True,
    responses=error_responses(
        Unauthorized,
        Forbidden,
        Conflict,
        PayloadTooLarge,
        UnsupportedMediaType,
        Unprocessable,
        TooManyRequests,
    ),
    openapi_extra=_OPENAPI_EXTRA,
    summary="Report a police officer, member of staff or volunteer, anonymously",
)
async def submit_report(request: Request) -> ReportAccepted:
    # Called, not declared as a dependency, and the header read here rather than declared
    # as a parameter: each costs a pass of FastAPI's resolver (query, header and cookie
    # parsing), 8% of intake's CPU per report for this one optional header.
    idempotency_key = request.headers.get("idempotency-key")
    context, staff = await submission_context(request)
    media = media_type_of(request)
    uploads: list[UploadFile] = []
    if media == "application/json":
        report_in = parse_report(await request.body())
    elif media == "multipart/form-data":
        form = await read_form(request)
        raw = form.get("report")
        if not isinstance(raw, str):
            raise Unprocessable("Send the report as JSON in a form field named 'report'.")
        report_in = parse_report(raw)
        uploads = [u for u in form.getlist("attachments") if isinstance(u, UploadFile)]
    else:
        raise UnsupportedMediaType(
            "Send the report as JSON (Content-Type: application/json), or as "
            "multipart/form-data with evidence files."
        )
    if report_in.channel == "phone" and staff is None:
        raise Unauthorized("Phone reports are taken by call handlers: send a call_handler token.")
    # A call handler's phone report is audited in the report's own transaction.
    taken_by = (
        service.TakenBy(name=staff.name[:200], role=staff.role)
        if staff is not None and report_in.channel == "phone"
        else None
    )
    async with evidence_turn(context, uploads):
        return await service.accept_report(
            context=context,
            report_in=report_in,
            files=await read_files(uploads, context.settings, context.data_sealer),
            idempotency_key=idempotency_key,
            taken_by=taken_by,
        )
