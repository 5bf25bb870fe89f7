"""Near-duplicate detection with MinHash signatures and LSH band keys.

A report sent twice (reworded, or once online and once by phone) should be
linked, not sent to the force twice. Band keys let a database find candidates
by index instead of scanning every stored report; the subject's linking keys
are added as band keys too, because a rewording about the same officer often
shares few exact words. A new allegation about the same officer is NOT a
duplicate, so candidates are verified on content similarity and categories.
"""

from __future__ import annotations

import hashlib
import operator
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

from .models import ReportStore, StoredReport

NUM_PERM = 64
ROWS_PER_BAND = 2
_MASK = (1 << 32) - 1
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "him",
        "her",
        "his",
        "hers",
        "their",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "who",
        "which",
        "what",
        "when",
        "where",
        "how",
        "there",
        "here",
        "then",
        "than",
        "so",
        "as",
        "just",
        "about",
        "into",
        "out",
        "up",
        "down",
        "over",
        "also",
        "very",
        "really",
        "all",
        "any",
        "some",
        "one",
        "two",
        "would",
        "could",
        "should",
        "will",
        "can",
        "may",
        "might",
        "said",
        "says",
        "told",
        "tell",
        "think",
        "know",
        "caller",
        "states",
        "reports",
        "report",
        "reported",
        "police",
        "officer",
        "officers",
        "pc",
        "again",
        "already",
        "before",
        "sent",
        "sorry",
        "yes",
    ]
)
_RESUBMIT = re.compile(
    r"\b(already (reported|told|sent|filled|submitted|rang|called)|reported (this|him|her|it) "
    r"(before|already|last|earlier|online)|sent (one of these|this|it) (before|already|yesterday)|"
    r"filled (this|it|one) in (before|already)|not sure (it|this) (went through|sent)|"
    r"(check|checking) (her|his|my|the) report|may have already|thinks? (she|he|i) (reported|"
    r"filled)|wanted to say again|(said|told you) (this )?before|resubmit\w*|second time|"
    r"same (thing|report) again|repeats?)\b"
)
_NEW_MATTER = re.compile(
    r"\b(separate (to|from|matter|incident|issue)|another (thing|incident|matter|issue)|"
    r"something else|different (thing|incident|matter)|new (incident|allegation|thing)|"
    r"also want(ed)? to report|on top of (that|the))\b"
)


@lru_cache(maxsize=65536)  # words recur across reports; the cache is bounded
def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def features(text: str) -> set[str]:
    """Content words, crudely stemmed: robust to rewording and word order."""
    words = re.findall(r"[a-z][a-z']+", text.lower())
    return {_stem(w) for w in words if len(w) > 2 and w not in _STOP}


@lru_cache(maxsize=65536)  # a feature's hash never changes; most recur
def _feature_hash(feat: str) -> int:
    return int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "big")


def minhash(feats: set[str]) -> list[int]:
    """64 32-bit values by one-permutation MinHash (one hash per feature, 64 bins).

    One hash per word instead of 64 keeps this O(words); empty bins borrow the
    next filled bin (densification) so every position stays comparable.
    Serialisable as a plain list of ints and stable across processes.
    """
    sig = [-1] * NUM_PERM
    for feat in feats:
        h = _feature_hash(feat)
        b = h & (NUM_PERM - 1)
        v = (h >> 6) & _MASK
        if sig[b] < 0 or v < sig[b]:
            sig[b] = v
    if all(v < 0 for v in sig):
        return [_MASK] * NUM_PERM
    out = list(sig)
    for i in range(NUM_PERM):
        if out[i] < 0:
            k = 1
            while sig[(i + k) % NUM_PERM] < 0:
                k += 1
            out[i] = (sig[(i + k) % NUM_PERM] + k * 0x9E3779B1) & _MASK
    return out


def band_keys(signature: list[int]) -> list[str]:
    """One key per band of ROWS_PER_BAND values: equal keys mean a likely near match."""
    keys = []
    for band in range(NUM_PERM // ROWS_PER_BAND):
        rows = signature[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        digest = zlib.crc32(",".join(map(str, rows)).encode())
        keys.append(f"mh{band}:{digest:08x}")
    return keys


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the two feature sets."""
    if not a or len(a) != len(b):
        return 0.0
    # map(eq) counts in C: this runs once per candidate for every report.
    return sum(map(operator.eq, a, b)) / len(a)


def lookup_keys(keys: list[str], subject_keys: list[str]) -> list[str]:
    """A report's keys in the store: its text's band keys and the subject's keys (so
    reports naming the same officer meet however differently they are worded)."""
    return keys + [f"subj:{k}" for k in subject_keys]


@dataclass
class DuplicateMatch:
    report_id: str
    similarity: float
    reason: str
    confidence: float
    original: StoredReport


def find_duplicate(
    *,
    store: ReportStore,
    signature: list[int],
    keys: list[str],
    subject_keys: list[str],
    force: str,
    categories: list[str],
    text: str,
) -> DuplicateMatch | None:
    """The earlier report this one repeats, if any."""
    candidates = store.candidates(lookup_keys(keys, subject_keys))
    if not candidates:
        return None
    lower = text.lower()
    resubmit = _RESUBMIT.search(lower) is not None
    new_matter = _NEW_MATTER.search(lower) is not None
    best: DuplicateMatch | None = None
    cats = set(categories)
    numbers = {k for k in subject_keys if ":number:" in k}
    for cand in candidates:
        if force != "unknown" and cand.force != "unknown" and cand.force != force:
            continue
        cand_numbers = {k for k in cand.subject_keys if ":number:" in k}
        if numbers and cand_numbers and not numbers & cand_numbers:
            # Both name an officer by number and the numbers differ: two people, so two
            # accounts, however alike the words (the same misconduct recurs across a team).
            continue
        sim = similarity(signature, cand.fingerprint)
        shared_subject = bool(set(subject_keys) & set(cand.subject_keys))
        strong_subject = any(
            ":number:" in k or " " in k.split(":name:")[-1]
            for k in set(subject_keys) & set(cand.subject_keys)
        )
        other = set(cand.categories)
        overlap = len(cats & other) / len(cats | other) if cats | other else 1.0
        reason = ""
        conf = 0.0
        if sim >= 0.6:
            reason, conf = f"near-identical text (similarity {sim:.2f})", 0.9
        elif new_matter:
            continue
        elif (
            shared_subject
            and overlap >= 0.5
            and (sim >= 0.22 or (resubmit and sim >= 0.08) or (strong_subject and sim >= 0.15))
        ):
            reason = (
                f"same subject, same kind of allegation (similarity {sim:.2f}"
                f"{', reporter says it was sent before' if resubmit else ''})"
            )
            conf = min(0.9, 0.55 + sim + (0.15 if resubmit else 0.0))
        elif shared_subject and resubmit and overlap > 0 and sim >= 0.08:
            reason, conf = (
                f"reporter says it was sent before; same subject (similarity {sim:.2f})",
                0.6,
            )
        elif sim >= 0.45 and overlap >= 0.5:
            reason, conf = f"very similar account (similarity {sim:.2f})", 0.7
        if reason and (best is None or sim > best.similarity):
            best = DuplicateMatch(cand.report_id, sim, reason, round(conf, 3), cand)
    return best
