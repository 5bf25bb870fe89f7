"""Text helpers shared by the classifiers: normalising, clauses, negation, quotes.

Matching runs on a lower-cased copy with the same length as the original, so
match offsets point into the reporter's text (needed for evidence and redaction).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_FANCY = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)

# A clause ends at sentence punctuation, a semicolon or a contrastive conjunction:
# "he never took a bribe, but he does coke" -> two clauses, negation stays in the first.
_CLAUSE_BREAK = re.compile(
    r"[.!?;:\n]+|\(|\)|,\s*(?=but\b|and\b|though\b|although\b|however\b|yet\b|whereas\b)"
    r"|\s-\s|\b(?:but|although|though|however|whereas|except|yet)\b"
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")

# Words that flip the meaning of what follows within the same clause.
# Predicate negation reaches a few words ahead ("he never actually took a bribe");
# quantifier "no" only the next word or two ("no drugs", but not "no insurance stop
# in exchange for...").
_NEGATION = re.compile(
    r"\b(?:never|not|nor|cannot|cant|dont|didnt|doesnt|isnt|wasnt|wont|hasnt|havent|hadnt|"
    r"denies|denied|deny|cleared of|rather than|instead of|false(?:ly)? accus\w*|no evidence of|"
    r"no sign of|no longer|stopped|quit|gave up)\b|n't\b"
)
_NEGATION_NEAR = re.compile(r"\b(?:no|without|nothing|none|zero)\b")
# "not only", "not just", "no one else" do not negate the following allegation.
# Hedges that deny the whole clause they open: "I wouldn't say he is racist".
_NEGATION_CLAUSE = re.compile(
    r"\b(?:(?:i'm|i am|we're|im) not (?:saying|suggesting|claiming|accusing)|"
    r"(?:i )?(?:wouldn't|would not|won't|can't|cannot) (?:say|claim|suggest)|"
    r"i don'?t think|i do not think|not accusing)\b"
)
_NOT_NEGATION = re.compile(
    r"\b(?:not only|not just|not even|no one else|nobody else|no-one else)\b"
)


_SINGLE_QUOTE = re.compile(
    r"(?<![\w'])'(?=[A-Za-z])[^'\n]{0,120}?(?:[^'\n]'[a-z]+[^'\n]{0,60}?)?(?<=[\w.!?])'(?![\w])"
)


@dataclass
class Doc:
    """A report prepared once for all the matchers."""

    raw: str
    lower: str
    clause_starts: list[int] = field(default_factory=list)
    sentence_spans: list[tuple[int, int]] = field(default_factory=list)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)
    cache: dict[str, object] = field(default_factory=dict)

    def clause_start(self, pos: int) -> int:
        """Start offset of the clause containing pos."""
        i = bisect.bisect_right(self.clause_starts, pos) - 1
        return self.clause_starts[i] if i >= 0 else 0

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence containing pos."""
        if len(self.sentence_starts) != len(self.sentence_spans):
            self.sentence_starts = [s for s, _ in self.sentence_spans]
        return max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)

    def sentence_of(self, pos: int) -> str:
        """Lower-cased sentence containing pos."""
        if not self.sentence_spans:
            return self.lower
        s, e = self.sentence_spans[self.sentence_index(pos)]
        return self.lower[s:e]

    def in_quote(self, pos: int) -> tuple[int, int] | None:
        """The quoted span containing pos, if any."""
        for s, e in self.quote_spans:
            if s <= pos < e:
                return (s, e)
        return None

    def negated(self, start: int) -> bool:
        """True when a negation word precedes start closely within its clause."""
        before = self.lower[self.clause_start(start) : start]
        if not before.strip():
            return False
        if _NEGATION_CLAUSE.search(before):
            return True
        before = _NOT_NEGATION.sub(" ", before)
        words = before.split()
        if _NEGATION.search(" ".join(words[-5:])) is not None:
            return True
        return _NEGATION_NEAR.search(" ".join(words[-2:])) is not None


def prepare(text: str) -> Doc:
    """Normalise quotes and dashes (same length) and find clause, sentence and quote spans."""
    raw = text.translate(_FANCY)
    lower = raw.lower()
    starts = [0]
    starts.extend(
        m.end() if m.group(0)[:1] in ".!?;:\n()," else m.start()
        for m in _CLAUSE_BREAK.finditer(lower)
    )
    starts = sorted(set(starts))
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_BREAK.finditer(raw):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(raw):
        spans.append((pos, len(raw)))
    quotes: list[tuple[int, int]] = []
    for m in re.finditer(r'"[^"\n]{1,400}"', raw):
        quotes.append((m.start(), m.end()))
    # Single quotes too, told apart from apostrophes: opens before a letter after a
    # space, closes after a word or punctuation before a non-letter.
    for m in _SINGLE_QUOTE.finditer(raw):
        if not any(s <= m.start() < e for s, e in quotes):
            quotes.append((m.start(), m.end()))
    quotes.sort()
    return Doc(raw=raw, lower=lower, clause_starts=starts, sentence_spans=spans, quote_spans=quotes)


def snippet(doc: Doc, start: int, end: int) -> str:
    """The matched words, tidied for evidence lists."""
    return " ".join(doc.lower[start:end].split())
