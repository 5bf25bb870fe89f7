"""Conflict of interest: a subject posted in the force's own standards or anti-corruption
unit, read from the sanitised package; merely mentioning the unit is not one."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from services.dispatch.packages.conflict import conflict_of_interest
from services.dispatch.packages.schemas import PackageData
from services.dispatch.packages.service import divert_if_conflicted
from shared.events import Subject

pytestmark = pytest.mark.unit


def _package(details: str, station: str = "") -> PackageData:
    return PackageData(
        package_id=uuid4(),
        report_reference="PACR-AAAA-BBBB",
        force="kent",
        channel="online",
        categories=[],
        priority="standard",
        summary=details[:50],
        details=details,
        subject=Subject(role="police_officer", station=station),
        location="",
        received_at=datetime.now(UTC),
    )


@pytest.mark.parametrize(
    ("details", "station"),
    [
        ("He takes bribes.", "Professional Standards Department"),
        ("He takes bribes.", "Kent PSD, Maidstone"),
        ("He takes bribes.", "Anti-Corruption Unit"),
        ("He works in PSD and tips off the officers under investigation.", ""),
        ("DS Jones is a detective in the anti-corruption unit and sells information.", ""),
        ("She is a member of the professional standards department.", ""),
        ("The ACU officer leaked the file to the suspect.", ""),
        ("He was moved to the counter-corruption unit last year and now protects his mates.", ""),
        ("He is based at professional standards and bins complaints about his friends.", ""),
    ],
)
def test_a_subject_in_the_unit_is_a_conflict(details: str, station: str) -> None:
    reason = conflict_of_interest(_package(details, station))
    assert reason is not None and reason.startswith("conflict of interest")


@pytest.mark.parametrize(
    "details",
    [
        "I reported him to professional standards and nothing happened.",
        "Professional standards were told last spring and did nothing.",
        "He complained to the PSD about his sergeant.",
        "He boasts about the accuracy of his psd readings.",
        "PC 1234 takes cash from dealers and warns them before raids.",
    ],
)
def test_mentioning_the_unit_is_not_a_conflict(details: str) -> None:
    assert conflict_of_interest(_package(details)) is None


def test_a_conflicted_package_is_addressed_to_the_independent_body_with_the_reason() -> None:
    data = _package("He works in PSD.")
    diverted = divert_if_conflicted(data, "iopc")
    assert diverted.force == "iopc" and diverted.diverted_from == "kent"
    assert diverted.routing_reason and "PSD" in diverted.routing_reason
    assert divert_if_conflicted(_package("He steals."), "iopc").force == "kent"
