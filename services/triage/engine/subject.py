"""Who the report is about: name, role, number, station, and keys for linking reports.

Keys are normalised so the same officer written differently links up:
"PC David Smith", "D. Smith" and "Sgt D Smith" all give "{force}:name:d smith".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RANKS = (
    r"(?i:PC|WPC|DC|DS|DI|DCI|DSU|DCS|PS|Sgt\.?|Sergeant|Insp\.?|Inspector|Chief Inspector|"
    r"Ch\.? Insp\.?|Superintendent|Supt\.?|Chief Superintendent|Ch\.? Supt\.?|Constable|"
    r"Detective(?: Constable| Sergeant| Inspector| Chief Inspector)?|Det\.? (?:Con|Sgt|Insp)\.?|"
    r"PCSO|Special Constable|Special|Officer|Commander|Chief Constable)"
    # Ranks are matched in any case ("special constable Ryan Moss"); names need capitals.
)
_TITLE_WORDS = frozenset(
    [
        "pc",
        "wpc",
        "dc",
        "ds",
        "di",
        "dci",
        "dsu",
        "dcs",
        "ps",
        "sgt",
        "sergeant",
        "insp",
        "inspector",
        "chief",
        "ch",
        "superintendent",
        "supt",
        "constable",
        "detective",
        "det",
        "con",
        "special",
        "pcso",
        "officer",
        "commander",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "mx",
        "sir",
        "madam",
        "dame",
        "lord",
        "lady",
        "the",
    ]
)
_NAME = r"((?:Mc|Mac|O')?[A-Z][a-zA-Z'\u2019-]+(?:\s+(?:Mc|Mac|O')?[A-Z][a-zA-Z'\u2019-]+){0,2})"
_NOT_NAMES = frozenset(
    [
        "I",
        "The",
        "A",
        "An",
        "He",
        "She",
        "They",
        "His",
        "Her",
        "Police",
        "Station",
        "Officer",
        "Met",
        "Street",
        "Road",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Caller",
        "Sorry",
        "Yes",
        "No",
        "Please",
        "Also",
        "And",
        "But",
        "Territorial",
        "Support",
        "Group",
        "Response",
        "CID",
        "Roads",
        "Traffic",
        "Custody",
        "Team",
        "Unit",
        "Dog",
        "Firearms",
        "Kent",
        "Essex",
        "Sussex",
        "Surrey",
        "Dorset",
        "Norfolk",
        "Suffolk",
        "Cumbria",
        "Durham",
        "Cleveland",
        "Gwent",
        "Wales",
        "West",
        "East",
        "North",
        "South",
        "Greater",
        "Thames",
        "Avon",
        "Devon",
        "City",
        "London",
        "Leeds",
        "Who",
        "Which",
        "What",
        "When",
        "Where",
        "There",
        "Here",
        "This",
        "That",
        "Everyone",
        "Nobody",
        "Someone",
    ]
)
_RANKED_NAME = re.compile(r"\b" + RANKS + r"\.?\s+(?:\d{3,6}\s+)?" + _NAME)
_CALLED_NAME = re.compile(
    r"\b(?:called|named(?: as)?|known as|goes by|his name(?:'s| is| was)|her name(?:'s| is| was)|"
    r"name on (?:the|his|her) account is|surname(?: is)?|in the name(?: of)?|I think his name was)"
    r"\s+\"?" + _NAME
)
# "a special constable in Ipswich, Ryan Moss," / "staff member Jo Kay": a role, then a full name.
_APPOSITIVE_NAME = re.compile(
    r"(?i:\b(?:officer|constable|pcso|volunteer|member|sergeant|copper|cop|detective|handler|"
    r"staff|inspector|special|civilian))(?: (?:in|at|from) [A-Z][\w-]+(?: [A-Z][\w-]+)?)?,?\s+"
    r"((?:Mc|Mac|O')?[A-Z][a-z'-]+ (?:Mc|Mac|O')?[A-Z][a-zA-Z'-]+)\b"
)
_PAREN_NAME = re.compile(r"\(" + _NAME + r"(?:\s*\)|,)")
_LEAD_NAME = re.compile(
    r"(?:^|[.!?]\s+)([A-Z][a-z]+ (?:Mc|Mac|O')?[A-Z][a-zA-Z'-]+)(?=,? (?:a |an |the |who |in the |"
    r"at |from |works |my |civvy|PC\b|\())"
)
_NUMBER = re.compile(
    r"(?:\b(?:number|no\.?|badge|collar|shoulder|warrant|epaulette)(?: number| no\.?)?"
    r"(?: is| was| of| on his shoulder)?\s*:?\s*#?|\b(?:PC|PCSO|officer|Officer)\s+#?)(\d{3,6})\b"
    r"|\b(\d{3,6})\s+on (?:his|her) (?:shoulder|epaulettes?|uniform)"
)
_STATION = re.compile(
    r"\b((?:[A-Z][a-zA-Z']+\s){1,3})(?:police station|station|nick|custody|police office)\b"
    r"|\b(?:at|from|out of|based at|works at)\s+((?:[A-Z][a-zA-Z']+\s?){1,3})(?=\s*(?:\(|,|\.|"
    r" police| in\b))"
)
ROLE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("pcso", r"\bpcsos?\b|police community support"),
    ("special_constable", r"\bspecial constables?\b|\ba special\b|\bspecials\b"),
    ("volunteer", r"\bvolunteers?\b|\bcadet leader\b|\bcadet unit\b"),
    (
        "police_staff",
        r"\bpolice staff\b|\bstaff member\b|\bcivilian\b|\bcivvy\b|\bcall handler\b"
        r"|\bdetention officer\b|\bcontrol room\b|\bfront (desk|counter|office)\b"
        r"|\benquiry office\b"
        r"|\bcctv operator\b|\bfinance team\b|\bwitness care\b|\binvestigator at\b",
    ),
    (
        "police_officer",
        r"\b(pc|dc|ds|sgt|sergeant|inspector|constable|officers?|copper|cop|"
        r"detective|superintendent|police officer)\b",
    ),
)
_ROLE_RX = tuple((role, re.compile(rx, re.IGNORECASE)) for role, rx in ROLE_PATTERNS)


@dataclass
class Subject:
    """What we know about the person reported."""

    name: str = ""
    role: str = "unknown"
    number: str = ""
    station: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "role": self.role,
            "number": self.number,
            "station": self.station,
        }


def _clean_name(name: str) -> str:
    name = re.sub(r"['\u2019]s$", "", name.strip())
    words = [w for w in name.split() if w not in _NOT_NAMES]
    # Stop at the first word that is clearly not part of a name.
    out: list[str] = []
    for w in name.split():
        if w in _NOT_NAMES:
            break
        out.append(w)
    return " ".join(out or words[:0])


def extract_subject(
    text: str, *, name: str = "", role: str = "", number: str = "", station: str = ""
) -> Subject:
    """Subject from the form fields, filled in from the text where the fields are empty."""
    subject = Subject(
        name=name.strip(),
        role=role.strip() or "unknown",
        number=re.sub(r"\D", "", number),
        station=station.strip(),
    )
    if not subject.name:
        for rx in (_RANKED_NAME, _CALLED_NAME, _APPOSITIVE_NAME, _LEAD_NAME, _PAREN_NAME):
            for m in rx.finditer(text):
                candidate = _clean_name(m.group(1))
                if candidate and not candidate.isupper():
                    subject.name = candidate
                    break
            if subject.name:
                break
    if not subject.number:
        number_match = _NUMBER.search(text)
        if number_match:
            subject.number = number_match.group(1) or number_match.group(2) or ""
    if not subject.station:
        station_match = _STATION.search(text)
        if station_match:
            subject.station = (station_match.group(1) or station_match.group(2) or "").strip()
    if subject.role in ("", "unknown"):
        for r, rx in _ROLE_RX:
            if rx.search(text):
                subject.role = r
                break
    return subject


def normalise_name(name: str) -> str:
    """Lower case, titles and ranks dropped, first names reduced to an initial."""
    tokens = [t for t in re.split(r"[\s.,]+", name.lower().replace("\u2019", "'")) if t]
    tokens = [re.sub(r"'s$", "", t) for t in tokens if t not in _TITLE_WORDS]
    tokens = [t for t in tokens if re.fullmatch(r"[a-z][a-z'-]*", t)]
    if not tokens:
        return ""
    if len(tokens) == 1:
        return tokens[0]
    return f"{tokens[0][0]} {tokens[-1]}"


def subject_keys(subject: Subject, force: str) -> list[str]:
    """Linking keys, e.g. "kent:number:4521" and "kent:name:d smith"."""
    keys: list[str] = []
    if subject.number:
        keys.append(f"{force}:number:{subject.number}")
    norm = normalise_name(subject.name)
    if norm:
        keys.append(f"{force}:name:{norm}")
    return keys
