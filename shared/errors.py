"""One error shape for every service: {"error": {"code", "message"}} with a matching status."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request, params
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class AppError(Exception):
    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.headers = headers


class NotFound(AppError):
    status, code = 404, "not_found"


class Unauthorized(AppError):
    status, code = 401, "unauthorized"

    def __init__(self, message: str = "A valid token is required.", **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(message, **kw)


class Forbidden(AppError):
    status, code = 403, "forbidden"


class Conflict(AppError):
    status, code = 409, "conflict"


class PayloadTooLarge(AppError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(AppError):
    status, code = 415, "unsupported_media_type"


class Unprocessable(AppError):
    status, code = 422, "invalid_request"


class TooManyRequests(AppError):
    status, code = 429, "rate_limited"


class ServiceUnavailable(AppError):
    status, code = 503, "unavailable"


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(error_body(code, message, **extra), status_code=status, headers=headers)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error answer: {"error": {"code", "message"}}."""

    error: ErrorDetail


def error_responses(*errors: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """For `responses=` on a route, so the OpenAPI document lists what it can answer."""
    return {e.status: {"description": e.code, "model": ErrorBody} for e in errors}


# What any route may answer: a body over the limit, or the database briefly unreachable.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: {"description": "payload_too_large", "model": ErrorBody},
    503: {"description": "unavailable", "model": ErrorBody},
}


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    503: "unavailable",
}


# SQLSTATEs of text the database cannot hold: character_not_in_repertoire (a NUL in a
# text column) and untranslatable_character (\u0000 in JSON).
_UNSTORABLE_TEXT = ("22021", "22P05")


def _describe_validation(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    fields = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            fields.append({"field": "body", "message": "not valid JSON"})
            continue
        loc = [str(p) for p in err.get("loc", ()) if p != "body"]
        fields.append({"field": ".".join(loc) or "body", "message": str(err.get("msg", "invalid"))})
    if any(e.get("type") == "json_invalid" for e in exc.errors()):
        return "The body is not valid JSON.", fields
    summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
    return f"The request is not valid: {summary}", fields


def _json_expected(request: Request) -> bool:
    """The route takes a JSON body and the request declares another type: FastAPI then
    validates the raw bytes and fails, which is a wrong media type, not a wrong body."""
    body_field = getattr(request.scope.get("route"), "body_field", None)
    if body_field is None or isinstance(body_field.field_info, params.Form):
        return False  # no body, or a form (multipart) endpoint
    declared = request.headers.get("content-type")
    if not declared:
        return False  # FastAPI reads a body without a type as JSON
    media = declared.split(";")[0].strip().lower()
    return not (media == "application/json" or re.fullmatch(r"application/[^/]*\+json", media))


def _document_415(app: FastAPI) -> None:
    """Every operation with a JSON body lists the 415 it answers to another content type,
    so the OpenAPI document stays true without each route repeating it."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                content = (operation.get("requestBody") or {}).get("content", {})
                if "application/json" in content:
                    operation.setdefault("responses", {}).setdefault(
                        "415",
                        {
                            "description": "unsupported_media_type",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ErrorBody"}
                                }
                            },
                        },
                    )
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_error_handlers(app: FastAPI) -> None:
    _document_415(app)

    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        if _json_expected(request):
            return error_response(
                415,
                "unsupported_media_type",
                "Send the body as JSON (Content-Type: application/json).",
            )
        message, fields = _describe_validation(exc)
        return error_response(422, "invalid_request", message, fields=fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            # FastAPI's answer to a body that is not UTF-8 or not JSON: the same as bad JSON.
            return error_response(422, "invalid_request", "The body is not valid JSON.")
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    from sqlalchemy.exc import DBAPIError

    @app.exception_handler(DBAPIError)
    async def _database(_: Request, exc: DBAPIError) -> JSONResponse:
        if getattr(exc.orig, "pgcode", None) in _UNSTORABLE_TEXT:
            # PostgreSQL refuses a NUL (or a character it cannot hold) in a text column:
            # the client sent it; the transaction rolled back, so nothing was stored.
            return error_response(
                422,
                "invalid_request",
                "The request holds a character that cannot be stored (such as NUL).",
            )
        raise exc

    # Starlette re-raises what reaches this handler after the answer is sent, and uvicorn
    # then closes the connection; saying so in the answer stops a client's pool reusing it
    # (its next request would fail with a read error instead of reaching us).
    closing = {"Connection": "close"}

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        from shared.db import is_transient

        if is_transient(exc):
            # The database is briefly unreachable: nothing was stored; the client may retry.
            log.warning("database unavailable: %s", type(exc).__name__)
            return error_response(
                503,
                "unavailable",
                "The service is briefly unavailable; please try again shortly.",
                {"Retry-After": "5", **closing},
            )
        # Logged with its trace for operators; the client sees no internals.
        log.exception("unhandled error")
        return error_response(500, "internal_error", "Something went wrong on our side.", closing)
