from __future__ import annotations

import pytest

from shared.crypto import Sealer, SealError, new_key_spec

pytestmark = pytest.mark.unit


def test_sealed_content_does_not_contain_the_plaintext_and_opens_back() -> None:
    sealer = Sealer(new_key_spec())
    sealed = sealer.seal("PC Dave Smith took a bribe")
    assert "Smith" not in sealed
    assert sealer.open_text(sealed) == "PC Dave Smith took a bribe"


def test_after_rotation_old_values_still_open_and_new_ones_use_the_new_key() -> None:
    old = new_key_spec("k1")
    before = Sealer(old).seal("old report")
    rotated = Sealer(f"{new_key_spec('k2')},{old}")
    assert rotated.open_text(before) == "old report"
    assert rotated.seal("new").startswith("v1.k2.")


def test_tampering_and_unknown_keys_are_refused() -> None:
    sealer = Sealer(new_key_spec())
    sealed = sealer.seal("x" * 40)
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(SealError):
        sealer.open(tampered)
    with pytest.raises(SealError):
        Sealer(new_key_spec("other")).open(sealed)
