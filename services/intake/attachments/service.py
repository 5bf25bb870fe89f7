"""Evidence: the type is decided by the bytes (never the name or the declared type), images
are re-encoded so EXIF, GPS and XMP never reach storage, PDFs lose their document
metadata, and everything is sealed with intake's data key before it is stored."""

from __future__ import annotations

import asyncio
import hashlib
import io
import warnings
import weakref
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.attachments.models import Attachment
from services.intake.settings import MAX_IMAGE_PIXELS as MAX_PIXELS
from services.intake.settings import IntakeSettings
from shared.crypto import Sealer
from shared.errors import NotFound, PayloadTooLarge, Unprocessable, UnsupportedMediaType
from shared.events import AttachmentRef

ATTACHMENTS = Attachment.__table__  # type: ignore[attr-defined]
ACCEPTED = "JPEG or PNG photos, PDF documents and plain text files"
# The ceiling no setting can raise (INTAKE_MAX_IMAGE_PIXELS is lower: 50 MP by default).
Image.MAX_IMAGE_PIXELS = 60_000_000


@dataclass(frozen=True)
class CleanFile:
    media_type: str
    data: bytes


@dataclass(frozen=True)
class SealedFile:
    """An uploaded file once checked, cleaned and sealed: all a report keeps of it until it
    is stored, so a request with five 10 MB files does not also hold their plain copies."""

    media_type: str
    size: int
    digest: bytes  # SHA-256 of the cleaned file (a repeated request is the same request)
    sealed_data: str


def sniff(data: bytes) -> str | None:
    """The media type the content itself shows, or None when it is not one we accept."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if _is_plain_text(data):
        return "text/plain"
    return None


def _is_plain_text(data: bytes) -> bool:
    if not data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return all(ch in "\t\n\r\f" or ch.isprintable() for ch in text)


def _clean_image(data: bytes, media_type: str, *, max_pixels: int) -> bytes:
    """Decode, turn upright and re-encode with no metadata, holding one copy of the pixels
    (two for a moment when EXIF says to rotate): a 4-byte pixel (Pillow keeps RGB as 4
    bytes too) makes a 50-megapixel photo 200 MB, and each copy more was another 200 MB."""
    fmt = "JPEG" if media_type == "image/jpeg" else "PNG"
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            if image.format != fmt:
                raise UnsupportedMediaType(f"The file is not a valid {fmt} image.")
            # Checked here as well as by Pillow's warning: the warnings filter above is
            # process-wide state, and files are cleaned in threads side by side.
            if image.width * image.height > min(max_pixels, Image.MAX_IMAGE_PIXELS or 0):
                raise Image.DecompressionBombError("too many pixels")
            image.load()
            # Turn the photo the way its EXIF said (in place: no copy when it is upright).
            ImageOps.exif_transpose(image, in_place=True)
            pixels: Image.Image = image
            if fmt == "JPEG" and pixels.mode not in ("RGB", "L", "CMYK"):
                pixels = pixels.convert("RGB")  # never for what JPEG decoders give
            # Then drop every piece of metadata: save() reads some from `info` (an ICC
            # profile, a comment, transparency) and is passed nothing else.
            pixels.info.clear()
            out = io.BytesIO()
            if fmt == "JPEG":
                pixels.save(out, "JPEG", quality=92)
            else:
                pixels.save(out, "PNG", optimize=True)
    return out.getvalue()


# What can run or carry another file inside a PDF (scripts, actions on open or on an
# event, embedded files, XFA forms), and metadata (XMP) on any object, not only the catalog.
_PDF_ACTIVE_KEYS = frozenset(
    {
        "/AA",
        "/OpenAction",
        "/JS",
        "/JavaScript",
        "/Next",
        "/EmbeddedFiles",
        "/EF",
        "/XFA",
        "/RichMediaContent",
        "/Metadata",
        "/PieceInfo",
    }
)


def _safe_action(action: PdfObject) -> bool:
    """Only a jump within the document or to a web address survives; any other action
    (JavaScript, Launch, SubmitForm, ImportData, GoToR, ...) is dropped."""
    target = action.get_object()
    if not isinstance(target, DictionaryObject):
        return False
    kind = target.get("/S")
    if kind == "/GoTo":
        return True
    if kind == "/URI":
        uri = str(target.get("/URI", "")).strip().lower()
        return uri.startswith(("https://", "http://", "mailto:"))
    return False


def _neutralise(value: PdfObject) -> None:
    """Remove active content from one object and the direct objects inside it."""
    if isinstance(value, DictionaryObject):
        for key in [k for k in value if k in _PDF_ACTIVE_KEYS]:
            del value[key]
        if "/A" in value and not _safe_action(value["/A"]):
            del value[NameObject("/A")]
        for child in value.values():
            _neutralise(child)
    elif isinstance(value, ArrayObject):
        for child in value:
            _neutralise(child)


def _drop_unreachable(writer: PdfWriter) -> None:
    """Objects only the removed entries pointed to (a script's stream, an embedded file)
    would still be written: keep only what the document still reaches."""
    objects = writer._objects
    reachable: set[int] = set()
    pending: list[PdfObject | None] = [writer._root_object]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in reachable or item.idnum > len(objects):
                continue
            reachable.add(item.idnum)
            item = objects[item.idnum - 1]
        if isinstance(item, DictionaryObject):
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    for kept in (writer._root_object, writer._info):
        ref = getattr(kept, "indirect_reference", None)
        if ref is not None:
            reachable.add(ref.idnum)
    for index in range(len(objects)):
        if index + 1 not in reachable:
            objects[index] = None


def _clean_pdf(data: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise UnsupportedMediaType("Encrypted PDF files cannot be checked: send it unlocked.")
    if len(reader.pages) == 0:
        raise UnsupportedMediaType("The PDF file has no pages.")
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None  # the document information dictionary (author, producer, ...)
    for obj in writer._objects:
        if obj is not None:
            _neutralise(obj)
    _drop_unreachable(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def clean(data: bytes, *, max_bytes: int, max_pixels: int = MAX_PIXELS) -> CleanFile:
    """Check one file and strip its metadata; 413 if too large, 415 if not accepted."""
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"Each file may be at most {max_bytes // (1024 * 1024)} MB.")
    media_type = sniff(data)
    if media_type is None:
        raise UnsupportedMediaType(f"That kind of file is not accepted: send {ACCEPTED}.")
    try:
        if media_type.startswith("image/"):
            cleaned = _clean_image(data, media_type, max_pixels=max_pixels)
        elif media_type == "application/pdf":
            cleaned = _clean_pdf(data)
        else:
            cleaned = data
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, PdfReadError) as exc:
        raise UnsupportedMediaType(
            f"The file could not be read as {media_type}; it may be damaged."
        ) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnsupportedMediaType("The image is too large in pixels.") from exc
    return CleanFile(media_type=media_type, data=cleaned)


def _is_image(data: bytes) -> bool:
    return data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))


# One semaphore per event loop (a process has one; tests may run several in turn).
_image_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def image_slots(size: int) -> asyncio.Semaphore:
    """Images decoded at once in this process: each may hold 200 MB of pixels."""
    loop = asyncio.get_running_loop()
    slots = _image_slots.get(loop)
    if slots is None:
        slots = _image_slots[loop] = asyncio.Semaphore(size)
    return slots


def clean_and_seal(
    data: bytes, *, sealer: Sealer, max_bytes: int, max_pixels: int = MAX_PIXELS
) -> SealedFile:
    cleaned = clean(data, max_bytes=max_bytes, max_pixels=max_pixels)
    return SealedFile(
        media_type=cleaned.media_type,
        size=len(cleaned.data),
        digest=hashlib.sha256(cleaned.data).digest(),
        sealed_data=sealer.seal(cleaned.data),
    )


async def seal_upload(data: bytes, settings: IntakeSettings, sealer: Sealer) -> SealedFile:
    """clean_and_seal() off the event loop, with at most `image_cleaning_concurrency`
    images being decoded at once per process (waiting here holds no thread: receipt checks
    use them)."""
    limits = {"max_bytes": settings.max_attachment_bytes, "max_pixels": settings.max_image_pixels}
    if not _is_image(data):
        return await asyncio.to_thread(clean_and_seal, data, sealer=sealer, **limits)
    async with image_slots(settings.image_cleaning_concurrency):
        return await asyncio.to_thread(clean_and_seal, data, sealer=sealer, **limits)


def check_count(count: int, *, max_files: int) -> None:
    if count > max_files:
        raise Unprocessable(f"At most {max_files} files may be attached to one report.")


def attachment_rows(
    files: list[SealedFile], *, report_id: UUID, now: datetime
) -> tuple[list[AttachmentRef], list[dict[str, object]]]:
    """References for the report's content, and the rows to insert with the report."""
    refs: list[AttachmentRef] = []
    rows: list[dict[str, object]] = []
    for f in files:
        attachment_id = uuid4()
        refs.append(
            AttachmentRef(attachment_id=attachment_id, media_type=f.media_type, size=f.size)
        )
        rows.append(
            {
                "id": attachment_id,
                "report_id": report_id,
                "media_type": f.media_type,
                "size": f.size,
                "sealed_data": f.sealed_data,
                "created_at": now,
            }
        )
    return refs, rows


async def read_attachment(
    *, session: AsyncSession, attachment_id: UUID, sealer: Sealer
) -> CleanFile:
    row = (
        await session.execute(select(Attachment).where(Attachment.id == attachment_id))  # type: ignore[arg-type]
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("No such attachment.")
    return CleanFile(media_type=row.media_type, data=sealer.open(row.sealed_data))
