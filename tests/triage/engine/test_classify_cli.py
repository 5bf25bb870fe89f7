"""The batch CLI round trip: JSONL in, one prediction per line out, in order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]
DEV = ROOT / "tests" / "data" / "triage_dev.jsonl"


def test_classify_cli_round_trip() -> None:
    lines = DEV.read_text("utf-8").splitlines()[:20]
    proc = subprocess.run(
        [sys.executable, "-m", "services.triage.classify"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == [json.loads(line)["id"] for line in lines]
    for o in out:
        assert set(o) == {"id", "categories", "force", "priority", "disposition", "evidence"}
        assert o["priority"] in {"urgent", "high", "standard"}
        assert o["disposition"] in {"disseminate", "insufficient", "not_police", "duplicate"}
