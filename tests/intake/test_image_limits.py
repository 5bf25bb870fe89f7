"""Cleaning an image is bounded: at most 50 megapixels (above any phone photo, 48 MP),
one copy of the pixels held while it is re-encoded, and one image decoded at a time per
process by default, so several uploads at once cannot exhaust memory."""

from __future__ import annotations

import asyncio
import struct
import subprocess
import sys
import textwrap
import zlib

import pytest

from services.intake.attachments.service import clean, image_slots, seal_upload
from services.intake.settings import IntakeSettings
from shared.crypto import Sealer, new_key_spec
from shared.errors import UnsupportedMediaType
from tests.stack import ROOT, wait_for

pytestmark = pytest.mark.unit


def png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_an_image_over_50_megapixels_is_refused_before_it_is_decoded() -> None:
    with pytest.raises(UnsupportedMediaType, match="too large in pixels"):
        clean(png_header_only(7_500, 7_000), max_bytes=10 * 1024 * 1024)  # 52.5 MP


MEASURE = textwrap.dedent(
    """
    import io, sys
    from PIL import Image
    from services.intake.attachments.service import clean

    def status(key):
        for line in open("/proc/self/status"):
            if line.startswith(key):
                return int(line.split()[1]) * 1024

    out = io.BytesIO()
    Image.new("RGB", (7_071, 7_071), (120, 30, 200)).save(out, "JPEG", quality=50)
    photo = out.getvalue()
    del out
    open("/proc/self/clear_refs", "w").write("5")  # reset the peak (VmHWM) to now
    base = status("VmRSS:")
    clean(photo, max_bytes=10 * 1024 * 1024)
    print(status("VmHWM:") - base)
    """
)


def test_cleaning_the_largest_accepted_photo_holds_one_copy_of_its_pixels() -> None:
    """50 MP at Pillow's 4 bytes a pixel is 200 MB. Before, decoding, turning upright and
    copying to a fresh image held three copies: 575 MB for this photo."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    peak = int(done.stdout.strip())
    assert peak < 300 * 1024 * 1024, f"cleaning took {peak // 2**20} MB above its start"


async def test_images_are_cleaned_one_at_a_time_by_default() -> None:
    settings = IntakeSettings()
    sealer = Sealer(new_key_spec())
    assert settings.image_cleaning_concurrency == 1
    slots = image_slots(settings.image_cleaning_concurrency)
    photo = png_header_only(4, 4)
    async with slots:  # another image is being decoded
        waiting = asyncio.create_task(seal_upload(photo, settings, sealer))

        async def queued() -> bool:
            return bool(slots._waiters)

        await wait_for(queued, timeout=5, message="the second image to wait for its turn")
        assert not waiting.done()
    assert (await waiting).media_type == "image/png"
    # Text is not held up behind images.
    async with slots:
        text = await seal_upload(b"12 March, near the station", settings, sealer)
    assert text.media_type == "text/plain"
