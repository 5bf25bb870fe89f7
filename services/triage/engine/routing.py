"""Which force a report belongs to, with the taxonomy's precedence.

Named force in the text > full or partial postcode > named place > the force the
reporter chose on the form > unknown. Each level keeps its evidence so an
analyst can see why, and a confidence that drops with conflicts or ambiguity.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from importlib import resources

from shared.reference import (
    force_by_postcode,
    force_codes,
    forces,
    places,
    postcode_areas,
    postcode_districts,
)

from .text import Doc

POLICE_NOUN = (
    r"(police|constabulary|officers?|cops?|coppers?|pcs?|pcsos?|sergeants?|sgt|detectives?|"
    r"constables?|specials?|special constables?|inspectors?|dc|ds|staff|force|response|cid|"
    r"custody|traffic|firearms|officer's)"
)
# Bare names that are ambiguous between several places (data README), and regions
# covering more than one force: on their own they do not place a report.
AMBIGUOUS_TOWNS = (
    "newport",
    "richmond",
    "kingston",
    "stratford",
    "ashford",
    "bangor",
    "gillingham",
    "st ives",
    "wellington",
    "whitchurch",
    "hythe",
    "hatfield",
    "farnborough",
    "alton",
    "stamford",
    "stoke",
    "burton",
    "sutton",
    "bridgend?",
    "newtown",
    "milton",
    "washington",
    "middleton",
)
REGIONS = (
    r"wales|cymru|yorkshire|the midlands|midlands|east midlands|the north(?: east| west)?|"
    r"north east|north west|south east|south west|the south|east anglia|home counties|"
    r"west country|lake district|the lakes|peak district|the borders|the valleys|"
    r"the m\d{1,2}|m\d{1,2} motorway|the a\d{1,4}|motorway|england|britain|the uk|uk"
)
# Place names that are also everyday words or people's names: need a capital letter
# and not to start a sentence, unless they come from the location field.
COMMON_WORD_PLACES = frozenset(
    [
        "bath",
        "reading",
        "bury",
        "hull",
        "derby",
        "harrow",
        "brent",
        "mold",
        "halifax",
        "boston",
        "perth",
        "york",
        "sutton",
        "ely",
        "deal",
        "march",
        "sale",
        "street",
        "wells",
        "ware",
        "barking",
        "hove",
        "poole",
        "lewes",
        "neath",
        "chester",
        "leigh",
        "stone",
        "eye",
        "grays",
        "dover",
        "sandwich",
        "newcastle",
        "durham",
        "lincoln",
        "warwick",
        "preston",
        "bedford",
        "crewe",
        "luton",
        "stafford",
        "salisbury",
        "banbury",
        "corby",
        "rochester",
        "gravesend",
        "kendal",
        "selby",
        "goole",
        "ripon",
        "buxton",
        "tamworth",
    ]
)


def _read_extra_places() -> dict[str, str]:
    text = (
        resources.files(__package__)
        .joinpath("data")
        .joinpath("extra_places.csv")
        .read_text("utf-8")
    )
    return {row["place"]: row["force_code"] for row in csv.DictReader(io.StringIO(text))}


@dataclass
class ForceDecision:
    """The chosen force and why."""

    force: str
    source: str
    matched: str
    detail: str
    confidence: float
    region_only: bool = False
    ambiguous_place: str = ""
    notes: list[str] = field(default_factory=list)

    def evidence(self) -> dict[str, str]:
        return {"source": self.source, "matched": self.matched, "detail": self.detail}


def _phrase_regex(phrase: str) -> str:
    parts = re.split(r"[\s-]+", phrase.strip())
    return r"[\s-]+".join(re.escape(p) for p in parts)


_WORD = re.compile(r"\w+")


class _PhraseAlternation:
    r"""A long alternation of phrases, tried only where a word starts with a phrase's letters.

    Equivalent to finditer over `(?<!\w)(?=\w)(phrase|...)\b` with the phrases longest
    first, but one regex per two-letter word start, and each matched only at the word
    starts of the text that begin with those letters: about 1,000 place names would
    otherwise be tried at every word of every report.
    """

    def __init__(self, phrases: list[str]) -> None:
        groups: dict[str, list[str]] = {}
        for phrase in sorted(phrases, key=len, reverse=True):
            groups.setdefault(phrase.lower()[:2], []).append(phrase)
        self._by_key = {
            key: re.compile("(" + "|".join(_phrase_regex(p) for p in group) + r")\b")
            for key, group in groups.items()
        }

    def finditer(self, lower: str) -> list[re.Match[str]]:
        out: list[re.Match[str]] = []
        end = -1
        by_key = self._by_key
        for w in _WORD.finditer(lower):
            pos = w.start()
            if pos < end:
                continue
            rx = by_key.get(lower[pos : pos + 2])
            if rx is None:
                continue
            m = rx.match(lower, pos)
            if m is not None:
                out.append(m)
                end = m.end()
        return out


class ForceResolver:
    """Precompiled matchers over the reference data; build once, use for every report."""

    def __init__(self) -> None:
        self._codes = force_codes()
        names: dict[str, str] = {}
        abbrevs: dict[str, str] = {}
        for f in forces():
            candidates = {f.name.lower(), *f.short_names}
            for name in candidates:
                if name in {"city police", "the met"}:
                    continue
                if re.fullmatch(r"[a-z]{2,5}", name):
                    abbrevs[name.upper()] = f.code
                else:
                    names[name] = f.code
        # Common forms people use that the reference list leaves out.
        for extra, code in {
            "met police": "metropolitan",
            "metropolitan police": "metropolitan",
            "transport police": "btp",
            "railway police": "btp",
            "ruc": "northern-ireland",
            "scotland yard": "metropolitan",
            "hampshire and iow constabulary": "hampshire",
            "avon & somerset": "avon-and-somerset",
            "devon & cornwall": "devon-and-cornwall",
            "northumbria police": "northumbria",
            "west mids police": "west-midlands",
            "mod police": "ministry-of-defence-police",
        }.items():
            names.setdefault(extra, code)
        self._names = names
        ordered = sorted(names, key=len, reverse=True)
        self._name_rx = _PhraseAlternation(ordered)
        self._abbrev_rx = re.compile(
            r"\b(" + "|".join(sorted(abbrevs, key=len, reverse=True)) + r")\b"
        )
        self._abbrevs = abbrevs
        # "the Met", "Met officer", "in the Met": capital M, never the verb "met".
        self._met_rx = re.compile(
            r"\b(?:[Tt]he Met\b(?! [Oo]ffice)|Met (?:police|Police|officers?|Officers?|cops?|"
            r"coppers?|PC|DC|DS|detective|sergeant|constable|firearms|[A-Z]{2,4}\b)"
            r"|(?i:\b(?:in|for|with|from|joined|of) the met\b)(?! [Oo]ffice))"
        )
        extra_places = _read_extra_places()
        all_places = dict(places())
        for name, code in extra_places.items():
            all_places.setdefault(name, code)
        self._places = all_places
        ordered_places = sorted(all_places, key=len, reverse=True)
        self._place_rx = _PhraseAlternation(ordered_places)
        self._police_noun_after = re.compile(r"[\s-]+" + POLICE_NOUN + r"\b")
        self._ambiguous_rx = re.compile(r"\b(" + "|".join(AMBIGUOUS_TOWNS) + r")\b", re.IGNORECASE)
        self._region_rx = re.compile(r"\b(" + REGIONS + r")\b", re.IGNORECASE)
        self._districts = postcode_districts()
        self._areas = postcode_areas()
        self._postcode_full = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b")
        self._postcode_out = re.compile(
            r"(?<![A-Za-z0-9-])([A-Z]{1,2}\d{1,2}[A-Z]?)(?![A-Za-z0-9-])"
        )

    # ---- named force -------------------------------------------------------
    def named_forces(self, doc: Doc, location: str = "") -> list[tuple[str, int, str, float]]:
        """(code, position, matched text, strength) for forces named in text or location."""
        found: list[tuple[str, int, str, float]] = []
        for m in self._name_rx.finditer(doc.lower):
            name = re.sub(r"[\s-]+", " ", m.group(1))
            code = self._names.get(name) or self._names.get(m.group(1))
            if code is None:
                continue
            found.append((code, m.start(), doc.raw[m.start() : m.end()], 1.0))
        for m in self._abbrev_rx.finditer(doc.raw):
            code = self._abbrevs[m.group(1)]
            found.append((code, m.start(), m.group(1), 1.0))
        for m in self._met_rx.finditer(doc.raw):
            found.append(("metropolitan", m.start(), m.group(0), 1.0))
        # "a Kent officer", "Staffs police": a force area followed by a police noun.
        for m in self._place_rx.finditer(doc.lower):
            if not self._police_noun_after.match(doc.lower, m.end()):
                continue
            code = self._places.get(re.sub(r"[\s-]+", " ", m.group(1)))
            if code is None or any(p == m.start() for _, p, _, _ in found):
                continue
            if _is_force_area_name(m.group(1)):
                end = self._police_noun_after.match(doc.lower, m.end())
                stop = end.end() if end else m.end()
                found.append((code, m.start(), doc.raw[m.start() : stop], 0.9))
        loc = location.lower()
        for m in self._name_rx.finditer(loc):
            code = self._names.get(re.sub(r"[\s-]+", " ", m.group(1)))
            if code:
                found.append((code, 10**6 + m.start(), location[m.start() : m.end()], 0.9))
        return found

    # ---- postcode ----------------------------------------------------------
    def postcodes(self, doc: Doc, location: str) -> list[tuple[str, str, str, float]]:
        """(code, postcode, how, confidence) for postcodes in the location field, then text."""
        out: list[tuple[str, str, str, float]] = []
        sources = [(location.upper(), True), (doc.raw, False)]
        for text, is_location in sources:
            seen: set[str] = set()
            for m in self._postcode_full.finditer(text):
                pc = f"{m.group(1)} {m.group(2)}"
                seen.add(m.group(1))
                self._route(pc, m.group(1), out)
            for m in self._postcode_out.finditer(text):
                outward = m.group(1)
                if outward in seen or not self._plausible_outward(
                    outward, text, m.start(), is_location
                ):
                    continue
                seen.add(outward)
                self._route(outward, outward, out)
        return out

    def _plausible_outward(self, outward: str, text: str, pos: int, is_location: bool) -> bool:
        area = re.match(r"[A-Z]+", outward)
        if area is None or area.group(0) not in self._areas:
            return False
        letters = area.group(0)
        if (
            outward[-1].isalpha()
            and outward not in self._districts
            and letters not in {"EC", "WC"}
            and not (letters in {"W", "SW", "E", "N", "NW", "SE"} and outward[len(letters)] == "1")
        ):
            return False
        if not is_location:
            before = text[max(0, pos - 12) : pos].lower()
            after = text[pos + len(outward) : pos + len(outward) + 14].lower()
            if letters == "M" and not re.search(r"manchester|salford", before):
                return False  # motorways: "the M6 near Stoke"
            if re.search(r"(number|no\.?|badge|#|pc|collar|shoulder)\s*$", before):
                return False
            if re.match(r"\s*(motorway|junction|j\d|northbound|southbound|bus|road|route)", after):
                return False
        return True

    def _route(self, postcode: str, outward: str, out: list[tuple[str, str, str, float]]) -> None:
        code, how = force_by_postcode(postcode)
        if how == "crown_dependency":
            out.append(("", outward, "crown dependency (own police, no UK force)", 0.0))
            return
        if code is None:
            return
        if how == "district":
            d = self._districts.get(outward)
            detail = f"district {outward}" + (f" ({d.post_town})" if d else "")
            conf = 0.85 if d and "split" in d.notes.lower() else 0.92
        else:
            area = re.match(r"[A-Z]+", outward)
            row = self._areas.get(area.group(0)) if area else None
            straddles = bool(row and row.notes)
            detail = f"area {area.group(0) if area else outward}" + (
                " (straddles forces)" if straddles else ""
            )
            conf = 0.72 if straddles else 0.88
        out.append((code, postcode, detail, conf))

    # ---- places ------------------------------------------------------------
    def place_scores(self, doc: Doc, location: str) -> tuple[dict[str, float], dict[str, str]]:
        """Score per force from place mentions; the location field counts more."""
        scores: dict[str, float] = {}
        matched: dict[str, str] = {}
        for text, lower, is_loc in (
            (location, location.lower(), True),
            (doc.raw, doc.lower, False),
        ):
            for m in self._place_rx.finditer(lower):
                name = re.sub(r"[\s-]+", " ", m.group(1))
                code = self._places.get(name) or self._places.get(m.group(1))
                if code is None:
                    continue
                s, e = m.span()
                if not is_loc and not self._place_ok(text, lower, name, s, e):
                    continue
                weight = 2.5 if is_loc else 1.0
                if not is_loc:
                    weight += _context_weight(lower, s, e)
                if weight <= 0:
                    continue
                scores[code] = scores.get(code, 0.0) + weight
                if code not in matched or is_loc:
                    matched.setdefault(code, text[s:e])
        return scores, matched

    @staticmethod
    def _place_ok(raw: str, lower: str, name: str, s: int, e: int) -> bool:
        before = lower[max(0, s - 12) : s]
        after = lower[e : e + 20]
        # Self-corrections: "Mansfield? no, Nottingham".
        if re.match(r"\s*\?\s*(no|sorry|not|actually|i mean)", after):
            return False
        if name == "york" and before.endswith("new "):
            return False
        if re.match(
            r"\s*(road|street|lane|avenue|way|drive|close|crescent|terrace)\b", after
        ) and name not in {"liverpool street"}:
            return False  # "Warwick Road" in Carlisle is not Warwick
        if name in COMMON_WORD_PLACES or (" " not in name and len(name) <= 4):
            if not raw[s : s + 1].isupper():
                return False
            sentence_start = re.search(r"(^|[.!?\n]\s*|\"\s*)$", raw[max(0, s - 3) : s]) is not None
            if sentence_start and not re.match(
                r"\s*(police|station|nick|custody|city|town|"
                r"centre|,)",
                after,
            ):
                return False
        return True

    # ---- decision ----------------------------------------------------------
    def resolve(self, doc: Doc, *, location: str = "", force_hint: str = "") -> ForceDecision:
        """Apply the precedence; report ambiguity and regions for the insufficient rule."""
        named = self.named_forces(doc, location)
        if named:
            return self._decide_named(doc, named)
        pcs = self.postcodes(doc, location)
        uk = [p for p in pcs if p[0]]
        if uk:
            code, pc, detail, conf = uk[0]
            others = {p[0] for p in uk} - {code}
            if others:
                conf -= 0.15
            return ForceDecision(
                code,
                "postcode",
                pc,
                detail,
                round(conf, 3),
                notes=[f"other postcodes point to {sorted(others)}"] if others else [],
            )
        scores, matched = self.place_scores(doc, location)
        if scores:
            ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
            code, top = ranked[0]
            conf = 0.82
            detail = f"place score {top:.1f}"
            if len(ranked) > 1:
                second = ranked[1][1]
                conf = 0.82 * (0.55 + 0.45 * (top - second) / top)
                detail += f"; also {ranked[1][0]} ({second:.1f})"
            if top < 1.0:
                conf *= 0.8
            return ForceDecision(code, "place", matched[code], detail, round(conf, 3))
        ambiguous = self._ambiguous_rx.search(location + " \n " + doc.raw)
        regions = self._region_rx.search(location + " \n " + doc.raw)
        crown = [p for p in pcs if not p[0]]
        hint = force_hint.strip().lower()
        if hint in self._codes:
            conf = 0.6
            if ambiguous or regions:
                conf = 0.5
            return ForceDecision(hint, "force_hint", hint, "force chosen on the form", conf)
        if crown:
            return ForceDecision("unknown", "none", crown[0][1], crown[0][2], 0.7)
        return ForceDecision(
            "unknown",
            "none",
            "",
            "nothing in the report places it",
            0.75,
            region_only=bool(regions) or bool(ambiguous),
            ambiguous_place=(
                ambiguous.group(1) if ambiguous else regions.group(1) if regions else ""
            ),
        )

    def _decide_named(self, doc: Doc, named: list[tuple[str, int, str, float]]) -> ForceDecision:
        scores: dict[str, float] = {}
        first: dict[str, tuple[int, str]] = {}
        for code, pos, text, strength in named:
            weight = strength
            before = doc.lower[max(0, pos - 60) : pos] if pos < 10**6 else ""
            if re.search(
                r"\b(used to (be|work)|formerly|previously|was with|transferred from|"
                r"moved from|ex-|retired from|left|reported (it|him|her) to|"
                r"complained to|rang|called|contacted)\b[^.]*$",
                before,
            ):
                weight *= 0.4
            if re.search(r"\b(now|currently|transferred to|moved to|joined)\b[^.]*$", before):
                weight *= 1.5
            scores[code] = scores.get(code, 0.0) + weight
            if code not in first or pos < first[code][0]:
                first[code] = (pos, text)
        ranked = sorted(scores.items(), key=lambda kv: (kv[1], -first[kv[0]][0]), reverse=True)
        code, top = ranked[0]
        conf = 0.95
        detail = "force named in the report"
        if len(ranked) > 1:
            conf = 0.95 * (0.5 + 0.5 * (top - ranked[1][1]) / top)
            detail += f"; also named: {', '.join(c for c, _ in ranked[1:])}"
        return ForceDecision(code, "named_force", first[code][1], detail, round(max(conf, 0.5), 3))


_FORCE_AREA_WORDS: frozenset[str] | None = None


def _is_force_area_name(name: str) -> bool:
    """Place names that are also a force's area ("Kent", "Lancs"), usable as 'X officer'."""
    global _FORCE_AREA_WORDS
    if _FORCE_AREA_WORDS is None:
        words: set[str] = set()
        for f in forces():
            base = re.sub(r"\b(police|constabulary|service|of|the)\b", " ", f.name.lower())
            words.add(" ".join(base.replace("-", " ").split()))
            for s in f.short_names:
                base = re.sub(r"\b(police|constabulary)\b", " ", s)
                words.add(" ".join(base.replace("-", " ").split()))
        words |= {
            "lancs",
            "staffs",
            "northants",
            "notts",
            "herts",
            "leics",
            "lincs",
            "glos",
            "cambs",
            "wilts",
            "beds",
            "north yorks",
            "west yorks",
            "south yorks",
            "devon",
            "cornwall",
            "somerset",
            "london",
            "manchester",
            "scotland",
            "northern ireland",
            "west mids",
        }
        _FORCE_AREA_WORDS = frozenset(w for w in words if w)
    return " ".join(name.replace("-", " ").split()) in _FORCE_AREA_WORDS


_POLICE_NEAR = re.compile(
    r"\b(police|station|nick|custody|pc|officer|officers|sergeant|sgt|copper|cop|pcso|special|"
    r"based|works|working|patrols|covers|cid|response|team|detective|dc|ds|inspector)\b"
)
_OTHER_ORIGIN = re.compile(
    r"\b(gang|lads|dealers|family|men|group|crew|boys|people|relatives?|cousin|he's moved|"
    r"she's moved|moved|moved up|lives now|now lives|holiday|visiting|originally)\b[^.]{0,25}$"
)


def _context_weight(lower: str, s: int, e: int) -> float:
    """Adjust a place mention by what surrounds it: police nearby up, others' origin down."""
    weight = 0.0
    window = lower[max(0, s - 45) : min(len(lower), e + 35)]
    if _POLICE_NEAR.search(window):
        weight += 0.5
    before = lower[max(0, s - 40) : s]
    if _OTHER_ORIGIN.search(before) and not re.search(
        r"\b(pc|officer|police|sergeant)\b[^.]*$", before[-25:]
    ):
        weight -= 0.9
    return weight
