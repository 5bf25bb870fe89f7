from __future__ import annotations

import math

import pytest

from services.intake.reports.receipts import (
    ALPHABET,
    ReceiptHasher,
    new_receipt,
    new_reference,
    normalise_receipt,
)

pytestmark = pytest.mark.unit


def test_a_receipt_carries_at_least_80_random_bits_and_reads_easily() -> None:
    receipt = new_receipt()
    groups = receipt.split("-")
    assert all(len(g) == 4 for g in groups)
    bits = len("".join(groups)) * math.log2(len(ALPHABET))
    assert bits >= 80
    assert new_receipt() != receipt


def test_typing_mistakes_that_are_not_mistakes_are_forgiven() -> None:
    receipt = new_receipt()
    sloppy = receipt.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise_receipt(sloppy) == receipt.replace("-", "")
    assert normalise_receipt("too short") is None


def test_only_the_right_receipt_verifies_and_nothing_of_it_is_stored_plainly() -> None:
    hasher = ReceiptHasher(pepper="p", memory_kib=8192, time_cost=1)
    receipt = normalise_receipt(new_receipt())
    assert receipt is not None
    stored = hasher.hash(receipt)
    assert receipt not in stored and receipt[:8] not in hasher.lookup_key(receipt)
    assert hasher.verify(stored, receipt)
    other = normalise_receipt(new_receipt())
    assert other is not None and not hasher.verify(stored, other)
    assert not hasher.verify(None, receipt)


def test_references_have_the_contract_shape() -> None:
    ref = new_reference()
    assert ref.startswith("PACR-") and len(ref) == 14 and ref[9] == "-"
