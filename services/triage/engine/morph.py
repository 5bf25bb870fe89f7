"""Word families with inflections, for lexicons that generalise beyond seen phrasings.

A lexicon written as fixed strings misses "throttled" when it lists "throttle",
and "nutted" when it lists "headbutted". Here a verb is written once as its lemma
and expanded to -s/-ed/-ing (with e-dropping, consonant doubling, -y -> -ied and
the irregular past tenses people use in reports); a noun to its plural. Each
family also knows its trigger tokens (first word of every form), so a matcher can
skip a term whose words are absent from the report without running its regex.
"""

from __future__ import annotations

import re

# Irregular verbs: lemma -> (3rd person, past, past participle, -ing).
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "beat": ("beats", "beat", "beaten", "beating", "beated"),
    "bite": ("bites", "bit", "bitten", "biting"),
    "break": ("breaks", "broke", "broken", "breaking"),
    "bring": ("brings", "brought", "bringing"),
    "buy": ("buys", "bought", "buying"),
    "catch": ("catches", "caught", "catching"),
    "deal": ("deals", "dealt", "dealing"),
    "drive": ("drives", "drove", "driven", "driving"),
    "feel": ("feels", "felt", "feeling"),
    "fight": ("fights", "fought", "fighting"),
    "find": ("finds", "found", "finding"),
    "get": ("gets", "got", "gotten", "getting"),
    "give": ("gives", "gave", "given", "giving"),
    "grow": ("grows", "grew", "grown", "growing"),
    "hit": ("hits", "hit", "hitting"),
    "hold": ("holds", "held", "holding"),
    "keep": ("keeps", "kept", "keeping"),
    "kneel": ("kneels", "knelt", "kneeled", "kneeling"),
    "lay": ("lays", "laid", "laying"),
    "lead": ("leads", "led", "leading"),
    "leave": ("leaves", "left", "leaving"),
    "make": ("makes", "made", "making"),
    "pay": ("pays", "paid", "paying"),
    "put": ("puts", "put", "putting"),
    "read": ("reads", "read", "reading"),
    "run": ("runs", "ran", "run", "running"),
    "say": ("says", "said", "saying"),
    "sell": ("sells", "sold", "selling"),
    "send": ("sends", "sent", "sending"),
    "shake": ("shakes", "shook", "shaken", "shaking"),
    "shoot": ("shoots", "shot", "shooting"),
    "show": ("shows", "showed", "shown", "showing"),
    "sit": ("sits", "sat", "sitting"),
    "sleep": ("sleeps", "slept", "sleeping"),
    "spit": ("spits", "spat", "spitting"),
    "steal": ("steals", "stole", "stolen", "stealing"),
    "strike": ("strikes", "struck", "striking"),
    "swing": ("swings", "swung", "swinging"),
    "take": ("takes", "took", "taken", "taking"),
    "tell": ("tells", "told", "telling"),
    "throw": ("throws", "threw", "thrown", "throwing"),
    "wear": ("wears", "wore", "worn", "wearing"),
}
_VOWELS = "aeiou"
# First words of multi-word verbs that are not the verb itself.
_MODIFIERS = frozenset(
    {"head", "sucker", "pepper", "cs", "rugby", "sexually", "indecently", "physically", "verbally"}
)


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word))


def verb_forms(lemma: str) -> list[str]:
    """All the forms of a verb (lemma included). 'head butt' inflects its last word."""
    if " " in lemma:
        first, _, rest = lemma.partition(" ")
        if first in _MODIFIERS:  # "head butt", "sexually assault": the last word is the verb
            head, _, last = lemma.rpartition(" ")
            return [f"{head} {f}" for f in verb_forms(last)]
        return [f"{f} {rest}" for f in verb_forms(first)]  # "lay into" -> "laid into"
    if lemma in _IRREGULAR:
        return [lemma, *_IRREGULAR[lemma]]
    w = lemma
    if w.endswith("ee"):
        return [w, w + "s", w + "d", w + "ing"]
    if w.endswith("e"):
        return [w, w + "s", w + "d", w[:-1] + "ing"]
    if len(w) > 2 and w.endswith("y") and w[-2] not in _VOWELS:
        return [w, w[:-1] + "ies", w[:-1] + "ied", w + "ing"]
    if re.search(r"(s|sh|ch|x|z)$", w):
        return [w, w + "es", w + "ed", w + "ing"]
    # Consonant doubling for one-syllable consonant-vowel-consonant words: slap -> slapped.
    if (
        len(w) >= 3
        and w[-1] not in _VOWELS + "wxy"
        and w[-2] in _VOWELS
        and w[-3] not in _VOWELS
        and _syllables(w) == 1
    ):
        return [w, w + "s", w + w[-1] + "ed", w + w[-1] + "ing"]
    return [w, w + "s", w + "ed", w + "ing"]


def noun_forms(noun: str) -> list[str]:
    """Singular and plural."""
    if " " in noun:
        head, _, last = noun.rpartition(" ")
        return [f"{head} {f}" for f in noun_forms(last)]
    if re.search(r"(s|sh|ch|x|z)$", noun):
        return [noun, noun + "es"]
    if len(noun) > 2 and noun.endswith("y") and noun[-2] not in _VOWELS:
        return [noun, noun[:-1] + "ies"]
    return [noun, noun + "s"]


class Fam:
    """A family of literal word forms: its regex alternation and its trigger tokens."""

    __slots__ = ("forms",)

    def __init__(self, forms: list[str]) -> None:
        self.forms = tuple(dict.fromkeys(f.lower() for f in forms))

    @property
    def rx(self) -> str:
        alts = sorted(self.forms, key=len, reverse=True)
        return "(?:" + "|".join(re.escape(a).replace(r"\ ", " ") for a in alts) + ")"

    def triggers(self) -> set[str]:
        return {m.group(0) for f in self.forms if (m := re.match(r"[a-z0-9]+", f))}

    def __or__(self, other: Fam) -> Fam:
        return Fam([*self.forms, *other.forms])


def V(*lemmas: str) -> Fam:
    """Verbs, every inflection."""
    return Fam([f for lemma in lemmas for f in verb_forms(lemma)])


def N(*nouns: str) -> Fam:
    """Nouns, singular and plural."""
    return Fam([f for n in nouns for f in noun_forms(n)])


def W(*words: str) -> Fam:
    """Literal words or phrases, as written."""
    return Fam(list(words))


class Term:
    """One lexicon entry built from families and raw regex pieces.

    A term starts with a family; its trigger tokens are the first words of that
    family's forms, and the term is only tried (with match, not search) where one
    of them starts a word in the report.
    """

    __slots__ = ("pattern", "regex", "tag", "triggers", "weight")

    def __init__(self, weight: float, first: Fam, *parts: Fam | str, tag: str = "") -> None:
        self.weight = weight
        self.tag = tag  # what a match also tells priority: "abuse_of_position", "supply"
        self.pattern = first.rx + "".join(p.rx if isinstance(p, Fam) else p for p in parts)
        self.triggers = first.triggers()
        self.regex: re.Pattern[str] = re.compile(self.pattern + r"(?!\w)")


_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(lower: str) -> dict[str, list[int]]:
    """Where each word token of a lower-cased text starts (what triggers are looked up in)."""
    out: dict[str, list[int]] = {}
    for m in _TOKEN.finditer(lower):
        out.setdefault(m.group(0), []).append(m.start())
    return out


class TermIndex:
    """Terms of one category, indexed by trigger token."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self.by_token: dict[str, list[int]] = {}
        for i, t in enumerate(terms):
            for tok in t.triggers:
                self.by_token.setdefault(tok, []).append(i)

    def candidates(self, toks: dict[str, list[int]]) -> list[tuple[Term, list[int]]]:
        """Terms that can match, each with the word starts where it may begin (in order)."""
        found: dict[int, list[list[int]]] = {}
        by = self.by_token
        for tok in toks.keys() & by.keys():
            positions = toks[tok]
            for i in by[tok]:
                lists = found.get(i)
                if lists is None:
                    found[i] = [positions]
                else:
                    lists.append(positions)
        terms = self.terms
        return [
            (terms[i], lists[0] if len(lists) == 1 else sorted({p for ps in lists for p in ps}))
            for i, lists in sorted(found.items())
        ]

    def matches(self, text: str, toks: dict[str, list[int]]) -> list[tuple[Term, re.Match[str]]]:
        """Every (term, match) in text, leftmost first per term."""
        out: list[tuple[Term, re.Match[str]]] = []
        for term, starts in self.candidates(toks):
            match = term.regex.match
            for pos in starts:
                m = match(text, pos)
                if m is not None:
                    out.append((term, m))
        return out


# ---- prefiltering hand-written regexes -----------------------------------------
# A lexicon regex that starts at a word boundary can only match where a word starts
# with one of a few letter prefixes ("punch|kick(s|ed)" -> "pun", "kic"). Working the
# prefixes out once from the parsed pattern lets a matcher skip every term whose
# prefixes no word of the report starts with: most of them, for any one report.
_PREFIX_LEN = 3


def _first_strings(pattern: str) -> frozenset[str] | None:
    """Word-start prefixes (1-3 word characters) every match must begin with, or None."""
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser as p  # type: ignore[attr-defined]

    try:
        parsed = p.parse(pattern)
    except re.error:
        return None
    items = list(parsed)

    class _Unanchored(Exception):
        """A letter can be consumed before any word boundary: no prefilter."""

    # State: (prefix so far, finished, anchored at a word boundary).
    State = tuple[str, bool, bool]

    def walk(seq: list[tuple[object, object]], states: set[State]) -> set[State]:
        for op, av in seq:
            live = {st for st in states if not st[1]}
            if not live:
                return states
            done = states - live
            if op == c.AT:
                if av == c.AT_BOUNDARY:
                    live = {(s, d, True) for s, d, _ in live}
                states = done | live
                continue
            if op in (c.ASSERT, c.ASSERT_NOT):
                continue
            if op == c.LITERAL:
                ch = chr(av)  # type: ignore[arg-type]
                nxt: set[State] = set()
                for s, _, anchored in live:
                    if not anchored and not s:
                        raise _Unanchored
                    if re.match(r"\w", ch) and len(s) < _PREFIX_LEN:
                        t = s + ch
                        nxt.add((t, len(t) >= _PREFIX_LEN, anchored))
                    else:
                        nxt.add((s, True, anchored))
                states = done | nxt
            elif op == c.SUBPATTERN:
                states = done | walk(list(av[-1]), live)  # type: ignore[index]
            elif op == c.BRANCH:
                out: set[State] = set()
                for alt in av[1]:  # type: ignore[index]
                    out |= walk(list(alt), set(live))
                states = done | out
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:  # type: ignore[index]
                states = done | {(s, True, a) for s, _, a in walk(list(av[2]), live)}  # type: ignore[index]
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):  # optional: skip it, or start inside it
                inside = {(s, True, a) for s, _, a in walk(list(av[2]), set(live))}  # type: ignore[index]
                states = done | inside | live
            elif op == c.IN and all(o == c.LITERAL for o, _ in av):  # type: ignore[attr-defined]
                out = set()
                for _, ch_code in av:  # type: ignore[attr-defined]
                    out |= walk([(c.LITERAL, ch_code)], set(live))
                states = done | out
            else:
                for s, _, anchored in live:
                    if not s and not anchored:
                        raise _Unanchored
                states = done | {(s, True, a) for s, _, a in live}
        return states

    try:
        result = walk(items, {("", False, False)})
    except _Unanchored:
        return None
    prefixes = frozenset(st[0] for st in result)
    if not prefixes or "" in prefixes:
        return None
    return prefixes


def word_prefixes(lower: str) -> dict[str, list[int]]:
    """Where the words starting with each 1-3 character prefix start in a lower-cased text."""
    out: dict[str, list[int]] = {}
    for m in _WORD.finditer(lower):
        tok = m.group(0)
        pos = m.start()
        # Each distinct prefix once (a one-letter word has only one).
        out.setdefault(tok[:1], []).append(pos)
        if len(tok) > 1:
            out.setdefault(tok[:2], []).append(pos)
            if len(tok) > 2:
                out.setdefault(tok[:3], []).append(pos)
    return out


_WORD = re.compile(r"\w+")


class PrefilteredRegexes:
    """Hand-written regexes, each tried only when a word of the text could start it."""

    def __init__(self, patterns: list[str]) -> None:
        self.regexes = [re.compile(pat) for pat in patterns]
        self.always: list[int] = []
        self.by_prefix: dict[str, list[int]] = {}
        for i, pat in enumerate(patterns):
            prefixes = _first_strings(pat)
            if prefixes is None:
                self.always.append(i)
                continue
            for pre in prefixes:
                self.by_prefix.setdefault(pre, []).append(i)

    def matches(self, text: str, prefixes: dict[str, list[int]]) -> list[tuple[int, re.Match[str]]]:
        """(term index, match) for every word start where a term matches."""
        starts: dict[int, set[int]] = {}
        by = self.by_prefix
        for pre in prefixes.keys() & by.keys():
            positions = prefixes[pre]
            for i in by[pre]:
                starts.setdefault(i, set()).update(positions)
        out: list[tuple[int, re.Match[str]]] = []
        regexes = self.regexes
        for i, found in starts.items():
            match = regexes[i].match
            for pos in found:
                m = match(text, pos)
                if m is not None:
                    out.append((i, m))
        for i in self.always:
            out.extend((i, m) for m in regexes[i].finditer(text))
        return out


class WordStartRegex:
    """A regex that starts at a word, run only at the word starts that could begin it.

    Same matches as finditer/search on the compiled pattern (leftmost first, not
    overlapping); falls back to them when the pattern's first letters cannot be
    worked out.
    """

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.regex = rx
        self.pattern = rx.pattern
        self.prefixes = _first_strings(rx.pattern) if not rx.flags & re.IGNORECASE else None

    def _starts(self, prefixes: dict[str, list[int]]) -> list[int]:
        found: set[int] = set()
        for pre in self.prefixes or ():
            found.update(prefixes.get(pre, ()))
        return sorted(found)

    def finditer(self, text: str, prefixes: dict[str, list[int]]) -> list[re.Match[str]]:
        if self.prefixes is None:
            return list(self.regex.finditer(text))
        out: list[re.Match[str]] = []
        end = -1
        match = self.regex.match
        for pos in self._starts(prefixes):
            if pos < end:
                continue
            m = match(text, pos)
            if m is not None:
                out.append(m)
                end = max(m.end(), pos + 1)
        return out

    def search(self, text: str, prefixes: dict[str, list[int]]) -> re.Match[str] | None:
        if self.prefixes is None:
            return self.regex.search(text)
        match = self.regex.match
        for pos in self._starts(prefixes):
            m = match(text, pos)
            if m is not None:
                return m
        return None


def doc_prefixes(doc: object) -> dict[str, list[int]]:
    """word_prefixes of doc.lower, worked out once per report (cached on the Doc)."""
    cache: dict[str, object] = doc.cache  # type: ignore[attr-defined]
    got = cache.get("prefixes")
    if got is None:
        got = word_prefixes(doc.lower)  # type: ignore[attr-defined]
        cache["prefixes"] = got
    return got  # type: ignore[return-value]
