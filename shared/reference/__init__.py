"""UK police reference data: forces, place names and postcode routing.

Every service routes and labels by the same tables, so they live here once
and are read through importlib.resources (works from an installed wheel).
The loaders cache: the files are small and never change while running.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "Force",
    "PostcodeArea",
    "PostcodeDistrict",
    "force_by_code",
    "force_by_postcode",
    "force_codes",
    "forces",
    "outward_code",
    "places",
    "postcode_areas",
    "postcode_districts",
]


@dataclass(frozen=True)
class Force:
    """One police force from forces.csv."""

    code: str
    name: str
    short_names: tuple[str, ...]
    nation: str
    kind: str
    postcode_areas: tuple[str, ...]


@dataclass(frozen=True)
class PostcodeArea:
    """A postcode area (letters, e.g. "CH") and its majority force; "" for GY/JE/IM."""

    area: str
    force_code: str
    notes: str


@dataclass(frozen=True)
class PostcodeDistrict:
    """An outward code whose force differs from its area's default."""

    district: str
    force_code: str
    post_town: str
    notes: str


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


@cache
def _forces() -> tuple[Force, ...]:
    return tuple(
        Force(
            code=row["code"],
            name=row["name"],
            short_names=_split(row["short_names"]),
            nation=row["nation"],
            kind=row["kind"],
            postcode_areas=_split(row["postcode_areas"]),
        )
        for row in _rows("forces.csv")
    )


def forces() -> list[Force]:
    """All 48 forces in file order (a fresh list; the Force objects are shared)."""
    return list(_forces())


@cache
def force_codes() -> frozenset[str]:
    """The valid force codes, for validating labels and events."""
    return frozenset(f.code for f in _forces())


@cache
def _forces_by_code() -> dict[str, Force]:
    return {f.code: f for f in _forces()}


def force_by_code(code: str) -> Force | None:
    """The force with this code, or None when the code is unknown."""
    return _forces_by_code().get(code)


@cache
def places() -> dict[str, str]:
    """Lower-case place name -> force code (see data README for ambiguity caveats)."""
    return {row["place"].strip().lower(): row["force_code"] for row in _rows("places.csv")}


@cache
def postcode_areas() -> dict[str, PostcodeArea]:
    """Area letters -> PostcodeArea."""
    return {
        row["area"].strip().upper(): PostcodeArea(
            area=row["area"].strip().upper(),
            force_code=row["force_code"].strip(),
            notes=row["notes"],
        )
        for row in _rows("postcode_areas.csv")
    }


@cache
def postcode_districts() -> dict[str, PostcodeDistrict]:
    """Outward code -> PostcodeDistrict, only where it differs from the area default."""
    return {
        row["district"].strip().upper(): PostcodeDistrict(
            district=row["district"].strip().upper(),
            force_code=row["force_code"].strip(),
            post_town=row["post_town"],
            notes=row["notes"],
        )
        for row in _rows("postcode_districts.csv")
    }


_OUTWARD = re.compile(r"^([A-Z]{1,2})(\d[A-Z\d]?)$")
_FULL = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")


def outward_code(postcode: str) -> str | None:
    """The outward code of a full or partial postcode ("s40 1ab" -> "S40"), or None."""
    compact = re.sub(r"\s+", "", postcode.upper())
    full = _FULL.match(compact)
    if full:
        return full.group(1)
    if _OUTWARD.match(compact):
        return compact
    return None


def force_by_postcode(postcode: str) -> tuple[str | None, str]:
    """Route a full/partial postcode or bare area to a force code.

    Returns (force_code or None, how): how is "district", "area", "crown_dependency"
    or "unknown". District overrides come first, then the area default.
    """
    compact = re.sub(r"\s+", "", postcode.upper())
    outward = outward_code(compact)
    if outward is not None:
        district = postcode_districts().get(outward)
        if district is not None:
            return district.force_code, "district"
        area_letters = re.match(r"[A-Z]+", outward)
        area_key = area_letters.group(0) if area_letters else ""
    elif re.fullmatch(r"[A-Z]{1,2}", compact):
        area_key = compact
    else:
        return None, "unknown"
    area = postcode_areas().get(area_key)
    if area is None:
        return None, "unknown"
    if not area.force_code:
        return None, "crown_dependency"
    return area.force_code, "area"
