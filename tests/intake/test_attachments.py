"""Evidence is judged by its bytes, and what could identify the reporter inside it (EXIF,
GPS, XMP, PDF document metadata) is gone before it is stored."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngImageFile, PngInfo
from pypdf import PdfReader, PdfWriter

from services.intake.attachments.service import clean, sniff
from shared.errors import PayloadTooLarge, UnsupportedMediaType

pytestmark = pytest.mark.unit

LIMIT = 10 * 1024 * 1024
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'photoshop:City="Maidstone" xmp:CreatorTool="ReporterPhone"/></rdf:RDF></x:xmpmeta>'
)


def photo_with_metadata() -> bytes:
    """A JPEG as a phone writes it: camera, owner, GPS position, and XMP."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "ReporterPhone Inc"  # Make
    exif[0x013B] = "Jane Reporter"  # Artist
    exif[0x0112] = 6  # Orientation: rotated
    gps = {1: "N", 2: (51.0, 16.0, 12.0), 3: "E", 4: (0.0, 31.0, 4.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=XMP)
    return out.getvalue()


def test_a_photo_loses_exif_gps_and_xmp_but_keeps_its_picture() -> None:
    raw = photo_with_metadata()
    with Image.open(io.BytesIO(raw)) as before:
        assert before.getexif().get(0x013B) == "Jane Reporter"  # the fixture really has it
        assert before.getexif().get_ifd(0x8825)
    cleaned = clean(raw, max_bytes=LIMIT)
    assert cleaned.media_type == "image/jpeg"
    assert b"Jane Reporter" not in cleaned.data and b"ReporterPhone" not in cleaned.data
    assert b"Maidstone" not in cleaned.data and b"xmpmeta" not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as after:
        assert len(after.getexif()) == 0
        assert "xmp" not in after.info and "exif" not in after.info
        # Orientation 6 was applied to the pixels, so the picture still looks right.
        assert after.size == (48, 64)


def test_a_png_loses_its_text_chunks() -> None:
    info = PngInfo()
    info.add_text("Author", "Jane Reporter")
    info.add_text("Location", "51.27N 0.52E")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info)
    cleaned = clean(out.getvalue(), max_bytes=LIMIT)
    assert cleaned.media_type == "image/png"
    assert b"Jane Reporter" not in cleaned.data and b"51.27N" not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as after:
        assert isinstance(after, PngImageFile)
        assert after.size == (10, 10) and not after.text


def test_a_pdf_loses_its_document_metadata_and_xmp() -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Jane Reporter", "/Producer": "ReporterOffice"})
    out = io.BytesIO()
    writer.write(out)
    raw = out.getvalue()
    assert b"Jane Reporter" in raw
    cleaned = clean(raw, max_bytes=LIMIT)
    assert cleaned.media_type == "application/pdf"
    assert b"Jane Reporter" not in cleaned.data and b"ReporterOffice" not in cleaned.data
    reader = PdfReader(io.BytesIO(cleaned.data))
    assert len(reader.pages) == 1
    assert reader.metadata is None or not reader.metadata.get("/Author")


def test_the_type_comes_from_the_content_not_the_name() -> None:
    assert sniff(b"%PDF-1.7 ...") == "application/pdf"
    assert sniff("plain words, £ and é\n".encode()) == "text/plain"
    assert sniff(b"MZ\x90\x00\x03\x00\x00\x00") is None  # a Windows program
    assert sniff(b"PK\x03\x04 a zip") is None
    with pytest.raises(UnsupportedMediaType):
        clean(b"GIF89a\x01\x00\x01\x00\x80\x00\x00", max_bytes=LIMIT)
    with pytest.raises(UnsupportedMediaType):
        clean(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", max_bytes=LIMIT)
    # A "JPEG" that is not one: the magic bytes alone are not enough.
    with pytest.raises(UnsupportedMediaType):
        clean(b"\xff\xd8\xff\xe0 not really a jpeg", max_bytes=LIMIT)


def test_files_over_the_limit_are_refused() -> None:
    with pytest.raises(PayloadTooLarge):
        clean(b"a" * 101, max_bytes=100)
