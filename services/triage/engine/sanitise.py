"""Remove what identifies the reporter, keep what identifies the subject.

The reporter's name, phone, email and home address are replaced with markers;
the officer's name, number and station stay because they are the intelligence.
Offsets refer to the original text so the redactions can be audited without
storing the removed words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKERS = {
    "reporter_name": "[reporter name removed]",
    "phone": "[phone removed]",
    "email": "[email removed]",
    "address": "[address removed]",
    "personal": "[personal detail removed]",
}

_NAME_WORD = r"[A-Z][a-z'\u2019-]+"
_NOT_A_NAME = frozenset(
    [
        "not",
        "so",
        "really",
        "very",
        "just",
        "scared",
        "afraid",
        "worried",
        "terrified",
        "frightened",
        "sure",
        "sorry",
        "fine",
        "ok",
        "okay",
        "here",
        "there",
        "writing",
        "reporting",
        "calling",
        "phoning",
        "concerned",
        "pregnant",
        "disabled",
        "deaf",
        "blind",
        "black",
        "white",
        "asian",
        "mixed",
        "gay",
        "lesbian",
        "bi",
        "trans",
        "muslim",
        "jewish",
        "catholic",
        "christian",
        "sikh",
        "hindu",
        "polish",
        "british",
        "english",
        "irish",
        "scottish",
        "welsh",
        "romanian",
        "somali",
        "nigerian",
        "indian",
        "pakistani",
        "a",
        "an",
        "the",
        "his",
        "her",
        "their",
        "police",
        "staff",
        "still",
        "also",
        "only",
        "in",
        "at",
        "on",
        "from",
        "with",
        "no",
        "yes",
        "unsure",
        "aware",
        "autistic",
        "married",
        "divorced",
        "single",
        "fifteen",
        "sixteen",
        "seventeen",
    ]
)
_REPORTER_NAME = [
    re.compile(
        r"\b(?:[Mm]y name is|[Mm]y name's|[Mm]y names|[Ii] am called|[Ii]'m called|"
        r"[Cc]aller(?:'s name is| named| called| gave (?:her|his) name as))\s+"
        r"((?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,2})"
    ),
    re.compile(
        r"\b(?:[Tt]his is|[Ii]t's)\s+("
        + _NAME_WORD
        + r"(?:\s+"
        + _NAME_WORD
        + r")?)(?=\s+(?:from|here|speaking|calling|again)\b)"
    ),
    re.compile(
        r"\b(?:I'm|I\u2019m|I am|Im)\s+("
        + _NAME_WORD
        + r"(?:\s+"
        + _NAME_WORD
        + r")?)(?=\s*(?:,|\(|-|\.|;|$|and\b|from\b|his\b|her\b|the\b|who\b))"
    ),
    re.compile(
        r"(?:^|\n|[.!]\s+)(?:[Tt]hanks|[Tt]hank you|[Rr]egards|[Kk]ind regards|[Cc]heers|"
        r"[Ff]rom)[,.!]?\s+(" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")?)\.?\s*$"
    ),
]
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?|0)(?:\d[\s-]?){9,10}(?!\w)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Crescent|Way|Place|Gardens|"
    r"Grove|Terrace|Court|Walk|Hill|Park|Square|Mews|Row|View|Rise|Green|Parade|Estate)"
)
_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}"
_ADDRESS = re.compile(
    r"\b(?:(?:[Ff]lat|[Aa]pt|[Aa]partment)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+"
    r"(?:[A-Z][a-z']+\s+){1,3}" + _STREET + r"\b"
    r"(?:,?\s+(?:[A-Z][a-z']+)(?:\s+[A-Z][a-z']+)?)?(?:,?\s+" + _POSTCODE + r")?"
)
_FIRST_PERSON_HOME = re.compile(
    r"\b(?:I|we|We|my (?:mum|dad|partner|family) and I) (?:live|lived|stay|am living|are living|"
    r"'ve moved|have moved|moved)(?: at| on| in| to)?\s*$|\b(?:[Mm]y|[Oo]ur) (?:home )?"
    r"(?:address|house|flat|home)(?: is|'s)?(?: at| on)?\s*$|\b(?:[Cc]aller|[Ss]he|[Hh]e) "
    r"(?:lives|resides) (?:at|on)\s*$|\b(?:to|at) (?:my|our) (?:house|home|flat) (?:at|on|in)\s*$"
)
_STREET_ONLY = re.compile(
    r"\b(?:I|we|We) (?:live|stay|am living|are living) on\s+((?:[A-Z][a-z']+\s+){1,3}"
    + _STREET
    + r")\b"
)
_FULL_POSTCODE = re.compile(r"\b" + _POSTCODE + r"\b")


@dataclass
class Redaction:
    kind: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "marker": MARKERS[self.kind],
        }


def _find_personal(text: str, sentence: str) -> tuple[int, int] | None:
    sentence = sentence.strip()
    if not sentence:
        return None
    idx = text.find(sentence)
    if idx >= 0:
        return idx, idx + len(sentence)
    # Tolerate whitespace differences.
    parts = [re.escape(p) for p in sentence.split()]
    m = re.search(r"\s+".join(parts), text)
    return (m.start(), m.end()) if m else None


def find_redactions(text: str, personal_sentences: list[str] | None = None) -> list[Redaction]:
    """Spans of reporter-identifying text, merged and sorted."""
    found: list[Redaction] = []
    for rx in _REPORTER_NAME:
        for m in rx.finditer(text):
            name = m.group(1)
            first = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", name).split()[0].lower()
            if first in _NOT_A_NAME:
                continue
            found.append(Redaction("reporter_name", m.start(1), m.end(1)))
    for m in _EMAIL.finditer(text):
        found.append(Redaction("email", m.start(), m.end()))
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 10 <= len(digits) <= 13:
            found.append(Redaction("phone", m.start(), m.end()))
    for m in _ADDRESS.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        has_postcode = _FULL_POSTCODE.search(m.group(0)) is not None
        if has_postcode or _FIRST_PERSON_HOME.search(before):
            found.append(Redaction("address", m.start(), m.end()))
    for m in _STREET_ONLY.finditer(text):
        found.append(Redaction("address", m.start(1), m.end(1)))
    for sentence in personal_sentences or []:
        span = _find_personal(text, sentence)
        if span:
            found.append(Redaction("personal", span[0], span[1]))
    found.sort(key=lambda r: (r.start, -r.end))
    merged: list[Redaction] = []
    for r in found:
        if merged and r.start < merged[-1].end:
            last = merged[-1]
            if r.end > last.end:
                # Overlap: keep one marker, prefer the wider 'personal' span kind.
                kind = "personal" if "personal" in (last.kind, r.kind) else last.kind
                merged[-1] = Redaction(kind, last.start, r.end)
            continue
        merged.append(r)
    return merged


def apply_redactions(text: str, redactions: list[Redaction]) -> str:
    """The text with each span replaced by its marker."""
    out: list[str] = []
    pos = 0
    for r in redactions:
        out.append(text[pos : r.start])
        out.append(MARKERS[r.kind])
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def summarise(sanitised: str, limit: int = 200) -> str:
    """First sentence of the sanitised text, on one line, at most `limit` characters."""
    flat = " ".join(sanitised.split())
    m = re.search(r"(?<=[.!?])\s", flat)
    first = flat[: m.start()] if m else flat
    if len(first) > limit:
        cut = first[: limit - 1].rsplit(" ", 1)[0]
        first = cut + "\u2026"
    return first
