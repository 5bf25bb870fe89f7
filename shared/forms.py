"""Forms read strictly: a text field that is not valid UTF-8 is refused, never re-read as
Latin-1 (Starlette's fallback for multipart) or with U+FFFD put in (its urlencoded
parser), which would accept a report with garbled text."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from shared.errors import Unprocessable


class InvalidFormText(Unprocessable):
    """Text fields that are not valid UTF-8; `form` holds every other field, so a page
    can show the form again with an error beside each of these."""

    code = "invalid_encoding"

    def __init__(self, fields: list[str], form: FormData) -> None:
        names = ", ".join(sorted(set(fields))) or "a field"
        super().__init__(f"The form's text is not valid UTF-8 ({names}): nothing was kept.")
        self.fields = fields
        self.form = form


class _StrictMultiPartParser(MultiPartParser):
    """Starlette's parser, but a text part that does not decode is noted, not re-read."""

    def __init__(self, request: Request, **limits: int) -> None:
        super().__init__(request.headers, request.stream(), **limits)
        self.undecodable: list[str] = []

    def on_part_end(self) -> None:
        part = self._current_part
        if part.file is not None:
            super().on_part_end()
            return
        try:
            value = part.data.decode("utf-8")  # our pages are UTF-8, and so is JSON
        except UnicodeDecodeError:
            self.undecodable.append(part.field_name)
            return
        self.items.append((part.field_name, value))


def _urlencoded(body: bytes, max_fields: int) -> tuple[FormData, list[str]]:
    items: list[tuple[str, str | UploadFile]] = []
    undecodable: list[str] = []
    pairs = [p for p in body.split(b"&") if p]
    if len(pairs) > max_fields:
        raise Unprocessable(
            f"The form could not be read: more than {max_fields} fields.", code="invalid_multipart"
        )
    for pair in pairs:
        raw_name, _, raw_value = pair.partition(b"=")
        try:
            name = unquote_to_bytes(raw_name.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            continue  # a name no field has
        try:
            value = unquote_to_bytes(raw_value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            undecodable.append(name)
            continue
        items.append((name, value))
    return FormData(items), undecodable


async def parse_form(
    request: Request, *, max_files: int = 1000, max_fields: int = 100
) -> tuple[FormData, list[str]]:
    """The form without its undecodable text fields, and their names. A body that is not
    a form at all is a JSON 422 (invalid_multipart), not Starlette's bare 400."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        try:
            parser = _StrictMultiPartParser(request, max_files=max_files, max_fields=max_fields)
            form = await parser.parse()
        except MultiPartException as exc:
            raise Unprocessable(
                f"The form could not be read: {exc.message}", code="invalid_multipart"
            ) from exc
        request._form = form  # Starlette closes the form's files when the request ends
        return form, parser.undecodable
    if media == "application/x-www-form-urlencoded":
        return _urlencoded(await request.body(), max_fields)
    return FormData(), []  # not a form (JSON, say): no fields, as Starlette reads it


async def read_form(request: Request, *, max_files: int = 1000, max_fields: int = 100) -> FormData:
    """The form, or a 422 naming the text fields that are not valid UTF-8."""
    form, undecodable = await parse_form(request, max_files=max_files, max_fields=max_fields)
    if undecodable:
        raise InvalidFormText(undecodable, form)
    return form
