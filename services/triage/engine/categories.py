"""Multi-label category tagging from lexicons plus the taxonomy's combination rules.

Why lexicons and rules rather than a learned model: 150 labelled reports are
too few to learn from, and every tag must be explainable to an analyst. Each
category sums the weights of its non-negated matches; rules then apply the
taxonomy's labelling conventions (domestic violence is domestic_abuse only,
selling police data is corruption and misuse, a slur in a post adds
offensive_communications, and so on).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .families import CONDUCT, FAMILIES
from .families import OFFENSIVE_CHANNEL as FAMILY_CHANNEL
from .families import OFFENSIVE_CONTENT as FAMILY_CONTENT
from .lexicon import (
    CATEGORY_TERMS,
    IMAGE,
    OFFENSIVE_CHANNEL,
    OFFENSIVE_CONTENT,
    OFFICER,
    SUPPRESS,
    Term,
)
from .models import CATEGORY_CODES, CategoryTag
from .morph import PrefilteredRegexes, TermIndex, WordStartRegex, doc_prefixes, tokens
from .text import Doc, snippet

THRESHOLD = 1.0


def _noncapturing(pattern: str) -> str:
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)


@dataclass
class _Lexicon:
    """A category's terms: one alternation (for plain scans) and prefiltered single terms."""

    regex: re.Pattern[str] | None
    weights: list[float]
    terms: PrefilteredRegexes | None = None


# Only try the alternation where a word starts: about 2.5x faster than letting the
# regex engine attempt every alternative at every character.
WORD_START = r"(?<!\w)(?=[\w@])"


# "(\w+ ){0,3}" in a term skips filler words; let those be possessives and hyphenated
# words too ("gave a witness's address", "his ex-partner's phone").
def _skip_tokens(pattern: str) -> str:
    return pattern.replace(r"(\w+ )", r"([\w'-]+ )")


def _compile(terms: list[Term]) -> _Lexicon:
    if not terms:
        return _Lexicon(None, [])
    singles = [_noncapturing(_skip_tokens(p)) for p, _ in terms]
    parts = [f"(?P<t{i}>{p})" for i, p in enumerate(singles)]
    return _Lexicon(
        re.compile(WORD_START + "(?:" + "|".join(parts) + ")"),
        [w for _, w in terms],
        PrefilteredRegexes(singles),
    )


_LEX = {code: _compile(terms) for code, terms in CATEGORY_TERMS.items()}
_FAMILY = {code: TermIndex(terms) for code, terms in FAMILIES.items()}
_FAMILY_CHANNEL = TermIndex(FAMILY_CHANNEL)
_FAMILY_CONTENT = TermIndex(FAMILY_CONTENT)
_CONDUCT = TermIndex(CONDUCT)
_CHANNEL = _compile(OFFENSIVE_CHANNEL)
_CONTENT = _compile(OFFENSIVE_CONTENT)
_EXTRA_SUPPRESS: dict[str, list[str]] = {
    # The person theft was done TO or BY someone else, or payment taken (bribery, not theft).
    "dishonesty": [
        r"\b(a|the|suspected|alleged|known|teenage|young) shoplifters?\b",
        r"\b(my|our|her|his|their|the) stolen\b|\bstolen (quad|"
        r"push|motor)?\s?(bikes?|cars?|vans?)\b",
        r"\b(pocket\w*|tak\w+|took|gets?|got|receiv\w+|accept\w+) (\w+ ){0,2}(cash|money|payments?|"
        r"envelopes?) (from|off) (the|a|an|his|her|local|some) ",
    ],
    "sexual_misconduct": [
        r"\b(dog|dogs|pet|horse|cat)s? groom\w*|\bgrooming (business|salon|parlou?r|van)\b",
        r"\b(affair|consensual|consenting)\b[^.]{0,100}",
    ],
    "misuse_of_information": [
        r"\b(porn\w*|games?|gaming|gambling|betting|youtube|netflix|shopping|dating sites?|"
        r"football|online poker)\b[^.]{0,40}\b(computer|system|laptop)s?\b",
        r"\b(computer|laptop|system)s?\b[^.]{0,20}\b(porn\w*|gambling|games?)\b",
    ],
    "violence_abuse_of_force": [
        r"\b(videos?|clips?|footage|pictures?|photos?|memes?|"
        r"gifs?|films?) of (\w+ ){0,3}(getting|being) "
        r"(beaten|battered|hit|kicked|punched|tasered|attacked|assaulted|slapped)( up)?\b",
    ],
    "drugs": [
        r"\b(heroin|cocaine|crack|drugs?|cannabis|coke|weed|"
        r"class a) (importers?|smugglers?|suppliers?|"
        r"dealers?|barons?|lords?|traffickers?|kingpins?|gangs?|networks?)\b",
    ],
}
_SUPPRESS = {
    code: WordStartRegex(
        re.compile(
            "|".join(
                _noncapturing(_skip_tokens(p))
                for p in [*SUPPRESS.get(code, []), *_EXTRA_SUPPRESS.get(code, [])]
            )
        )
    )
    for code in {*SUPPRESS, *_EXTRA_SUPPRESS}
}


def _matches(
    lex: _Lexicon, text: str, prefixes: dict[str, list[int]]
) -> list[tuple[re.Match[str], int, bool]]:
    """Every term match as (match, term index, nested), overlapping ones included.

    Only terms that a word of the text could start are tried (see morph.py). At one
    start position the first-listed term wins, as in a single alternation; a term is
    not counted again inside its own earlier match; a term inside another term's match
    is returned with nested=True so it adds only part of its weight (shared words):
    "keeps his mate's cannabis farm off the radar" holds "cannabis farm".
    """
    if lex.terms is None:
        return []
    found: dict[int, tuple[int, re.Match[str]]] = {}
    for i, m in lex.terms.matches(text, prefixes):
        s = m.start()
        if s not in found or found[s][0] > i:
            found[s] = (i, m)
    out: list[tuple[re.Match[str], int, bool]] = []
    seen: dict[int, int] = {}
    reach = -1
    for s in sorted(found):
        i, m = found[s]
        if m.end() > seen.get(i, -1):
            out.append((m, i, m.end() <= reach))
            seen[i] = m.end()
            reach = max(reach, m.end())
    return out


# Clauses where the words describe what was said ABOUT the reporter or a third
# party, not what the officer did: "he accused me of dealing", "said I was lying".
_REPORTED_ABOUT_OTHERS = re.compile(
    r"\b(accus\w+ (me|us|my \w+|him|her) of|said (that )?(i|we|my \w+) (was|were|had|am|is)|"
    r"claim(s|ed)? (that )?(i|we) |told (them|everyone|people) (that )?(i|we) |"
    r"arrested (me|him|her|my \w+) for|stopped (me|him|her|my \w+) for|"
    r"reported (my|her|his) \w+ for|after (i|she|he) reported|"
    r"(was|were|been|being) (wrongly |falsely )?(accused|suspected) of(?=[^.]{0,80}\b(cleared|"
    r"acquitted|not guilty|unfounded|no case)\b))"
)
# Words the reporter's side said (to or about the officer) are not the officer's conduct:
# my neighbour shouted "racist pig" at him.
_OWN_SIDE_SPEECH = re.compile(
    r"\b(i|we|my \w+|our \w+|the caller|caller)( \w+){0,2} (shouted|said|called|told|yelled|"
    r"screamed|asked|replied|answered|wrote)\b[^.]{0,40}$"
)
# Quoted content of posts is communication, not an act (posts "should have used the batons").
_POST_INTRO = re.compile(
    r"(post\w*|tweet\w*|wrote|writes|comment\w*|caption\w*|things like|saying|bio says|"
    r"jokes?|memes?|shares?|shared|group chat|"
    r"replies|messages? saying|online)[^.\n]{0,60}$"
)

_RELATION = (
    "(ex|ex-?partner|ex-?husband|ex-?wife|ex-?boyfriend|ex-?girlfriend|husband|wife|"
    "partner|boyfriend|girlfriend|fianc\\w*|spouse|missus|stepdad|step-dad|stepfather|stepmum|"
    "stepmother|dad|father|mum|mother|son|daughter|son-in-law|daughter-in-law)"
)
_OFFICER_REL = re.compile(
    _noncapturing(
        r"\b(my|her|his|our|their|the kids'|the children's)( \w+'?s?)? (ex[- ])?"
        + _RELATION
        + r"('s)?( \(\d+\))?(\s*(is|was|,|\(|-))?\s*(now |still |also )?(a |an |the )?(\w+ ){0,3}"
        + OFFICER
        + r"\b"
        + r"|\b(in a relationship with|been with|was with|were together with|married to|is with|"
        r"dating|seeing|engaged to)( a| an| the)?( man| woman| guy)?( who is| who's)?( a| an)?"
        r"( \w+){0,3} " + OFFICER + r"\b"
    )
)
_RELATION_WEAK = re.compile(
    _noncapturing(
        r"\b(since (we|i|she|he) (split|broke) up|since (i|she|he) left (him|her)|"
        r"(i've|i have|she's|she has|he's|he has) been with (him|her|[a-z]+) for|"
        r"(she|he)('s| is) still with (him|her)|still (living|lives|lying) with (him|her)|"
        r"(living|lives) with (him|her)|i (used to be|was) married to|my ex\b|"
        r"(when|while|since|before) (they|we) (were|got) (married|together|divorced)|"
        r"(his|her) (ex-?wife|ex-?husband|ex-?partner|ex-?girlfriend|ex-?boyfriend|wife|husband))"
    )
)
# "husband is pc in GMP", "her partner is a copper": the relation named as the officer.
_PARTNER_IS_OFFICER = re.compile(
    r"\b(husband|wife|partner|boyfriend|girlfriend|missus|fianc\w*)( \w+)? (is|was|'s) (a |an )?"
    r"(\w+ ){0,2}(pc|police|officer|copper|cop|sergeant|sgt|dc|ds|pcso|detective|special)\b"
)
_RELATION_OWN = re.compile(
    _noncapturing(
        r"\b(his|her)( \w+'s)? (ex-?|ex )?(wife|partner|girlfriend|boyfriend|husband|missus|"
        r"fianc\w*|kids|children|stepson|stepdaughter|own children|own kids|family|"
        r"(elderly |old |own )?(dad|mum|father|mother|parents?|nan|gran|grandad|grandma|"
        r"son|daughter))\b"
        r"|\b(she|he)('s| is) his ex\b|\bis his ex\b"
    )
)
# The abused person named right by the abuse ("hits his wife", "battering his girlfriend").
_RELATION_NEAR = 60
_IMAGE_SHARE = re.compile(
    _noncapturing(
        r"\b(share|shares|shared|sharing|post|posts|posted|posting|send|sends|sent|sending|show|"
        r"shows|showed|showing|shown|took|take|takes|taking|taken|film\w*|record\w*|circulat\w*|"
        r"upload\w*|screenshot\w*)\b(\W+\w+){0,6}?\W+" + IMAGE + r"\b"
        r"|\b" + IMAGE + r"\b(\W+\w+){0,4}?\W+(shared|posted|sent|shown|circulated|uploaded)\b"
    )
)
_IMAGE_CONTEXT = re.compile(
    _noncapturing(
        r"\b(body|bodies|dead|corpse|victims?|detainees?|prisoners?|cells?|custody|arrest\w*|"
        r"scene|crash|collision|members of the public|public|witness\w*|suspects?|naked|underwear|"
        r"undressed|injur\w*|casualt\w*|cordon|drunk|homeless|hit by|run over|dying|screaming)\b"
    )
)
_ANIMAL_CRUELTY = re.compile(
    _noncapturing(
        r"\b(kick\w*|hit|hits|punch\w*|boot\w*|beat\w*|stamp\w*|hurt\w*|shot|throttl\w*)"
        r" (a |the |his |her |my |their )?(dog|dogs|cat|cats|horse|animal|puppy|fox|pet)\b"
    )
)
_HUMAN_VICTIM = re.compile(
    _noncapturing(
        r"\b(punch\w*|kick\w*|hit|knee\w*|slam\w*|shov\w*|grabbed|attack\w*|assault\w*|beat\w*"
        r"|taser\w*|drag\w*|threw|thrown|pushed|headlock|strangl\w*|threat\w*)"
        r" (him|her|me|us|them|my|his|a man|a woman|a lad|a boy|a girl|the man|the woman|the lad|"
        r"someone|people|an? \w+ (man|woman|lad|boy|girl|person))\b"
        r"(?! (dog|dogs|cat|cats|horse|animal|puppy|pet)\b)"
    )
)
_SELLING_DATA = re.compile(
    _noncapturing(
        r"\b(sell|sells|selling|sold)\b(\W+\w+){0,5}?\W+(details|"
        r"data|information|info|records|names|"
        r"addresses|checks|leads|intel|numbers)\b"
        r"|\b(checks|details|addresses|records|names)\b(\W+\w+){0,10}?\W+(pays?|paid|cash|quid|"
        r"money)\b"
        r"|\b(pays?|paid)\b(\W+\w+){0,4}?\W+(a|per|each) (name|lead|check|record)\b"
    )
)
_ABUSE_OF_POSITION_ROLE = re.compile(
    _noncapturing(
        r"\bmet (her|him|me|them|an? (\w+ )?(woman|man|girl|lad))? ?(at|on|through|during|when) "
        r"(a |an |the )?(job|call|incident|call-?out|shout|arrest|duty|domestic)\b|"
        r"\b(victims?|witness(es)?|vulnerable|(my|her|his|their) (dv |own )?(case|statement|"
        r"complaint|report|burglary|assault|break-in|case)|"
        r"officer (who|dealing|in charge)|in charge of|"
        r"investigating|helped (me|her|us|him)|came out to (me|"
        r"her|us)|(my|her|our) (\w+ ){0,2}(was|were|"
        r"got|had been) (stolen|burgled|broken into|vandalised|"
        r"attacked)|one of (his|her) (jobs|cases)|"
        r"from (his|her) (jobs|cases|callouts)|callouts?|call-outs?|dealt with "
        r"(my|her|his)|took (my|her) statement|detainees?|in custody|reported (a|the|my|her)|oic)\b"
    )
)
_ABUSE_OF_POSITION_CONTACT = re.compile(
    _noncapturing(
        r"\b(texting|texts|texted|messag(es|ing|ed)|asking to meet|ask(ed|ing|s)? (me|her|him) out|"
        r"meet (up|for)|"
        r"relationship|attracted|coming round|comes round|came round|come round|turn(s|ed)? up|"
        r"go(es|ing)? round|went round|round there|visit\w*|bringing|brings|brought|flowers|wine|"
        r"staying late|stays late|single|drinks|"
        r"brings? (her|me)|sleep(s|ing)? with|slept with|matched with|date|dating|snapchat|"
        r"instagram|whatsapp)\b"
    )
)
_CHARGES_FOR_SEX = re.compile(
    _noncapturing(
        r"\b(drop|dropped|drops|dropping|make \w+ go away|let (me|her|him) off|no further action|"
        r"not charge|lose the evidence)\b"
    )
)
_MISOGYNY_TARGET = re.compile(
    _noncapturing(
        r"\b(women|females|girls|female (victims|officers|staff|colleagues|probationers|pcs|"
        r"witnesses))\b"
    )
)
_PROTECTED_GROUP = re.compile(
    _noncapturing(
        r"\b(black|asian|muslims?|jew(s|ish)?|gay|gays|lesbians?|trans|transgender|disabled|"
        r"disability|autis\w*|deaf|blind|wheelchair|travell?ers?|gypsy|gypsies|roma|refugees?|"
        r"immigrants?|asylum|foreigners?|polish|romanians?|somalis?|pakistanis?|indians?|sikhs?|"
        r"hindus?|catholics?|protestants?|ethnic\w*|lgbt\w*|down'?s syndrome|mental(ly)? ill\w*)\b"
    )
)
_SUPPLY = re.compile(
    _noncapturing(
        r"\b(deal|deals|dealing|dealer|sell|sells|selling|sold|supply|supplies|supplying|push|"
        r"pushing|sells? it on|handing over|county lines|bringing (it|them|\w+) in)\b"
    )
)
# "the Cartwright brothers", "the Dobson crew": a named family or crew (capitals, raw text).
_NAMED_FAMILY = re.compile(
    r"\b[Tt]he [A-Z][a-z]+s? (?:family|famly|brothers|crew|firm|boys|clan|mob|lot)\b"
    r"|\b[A-Z][a-z]+ (?:crew|firm|mob|clan)\b"
)
_TIP_OFF_TARGET = re.compile(
    _noncapturing(
        r"\b(raids?|warrants?|searches|drugs? (raids?|warrants?)|surveillance|being watched|"
        r"checkpoints?|patrols?)\b"
    )
)
_SOCIAL_POST = re.compile(
    _noncapturing(
        r"\b(snap ?chat|instagram|insta|tik ?tok|facebook|twitter|whats ?app|telegram|social media|"
        r"story|stories|group chat|online|posted|posts|uploaded)\b"
    )
)
_UNEXPLAINED_WEALTH_OR_TIP = re.compile(
    _noncapturing(
        r"\bunexplained (wealth|cash|money)\b|\bbrand new (range rover|car|audi|bmw|merc\w*|"
        r"porsche)\b|\bon a (staff|police|pc'?s?|cop'?s?) (wage|salary)\b"
        r"|\bsuddenly (got|has|bought)\b"
    )
)


@dataclass
class CategoryScores:
    """Scores and evidence per category before thresholding; kept for priority rules."""

    scores: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    span_weights: dict[tuple[str, int, int], float] = field(default_factory=dict)
    drug_supply: bool = False
    abuse_of_position: bool = False
    negated: list[str] = field(default_factory=list)
    conduct: list[str] = field(default_factory=list)

    def add(self, code: str, weight: float, ev: str, span: tuple[int, int] | None = None) -> None:
        self.scores[code] = self.scores.get(code, 0.0) + weight
        lst = self.evidence.setdefault(code, [])
        if ev not in lst:
            lst.append(ev)
        if span is not None:
            self.spans.setdefault(code, []).append(span)
            self.span_weights[(code, *span)] = weight

    def overlaps(self, code: str, s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in self.spans.get(code, ()))

    def has(self, code: str) -> bool:
        return self.scores.get(code, 0.0) >= THRESHOLD


def _suppressed_spans(doc: Doc, code: str) -> list[tuple[int, int]]:
    rx = _SUPPRESS.get(code)
    if rx is None:
        return []
    key = f"suppress:{code}"
    if key not in doc.cache:
        doc.cache[key] = [(m.start(), m.end()) for m in rx.finditer(doc.lower, doc_prefixes(doc))]
    return doc.cache[key]  # type: ignore[return-value]


def _reported_about_others(doc: Doc, start: int) -> bool:
    cs = doc.clause_start(start)
    # The trigger itself may carry the verb ("said I [was dealing]"), so look a little past
    # it; the phrase must lead up to the trigger ("arrested my brother for [assault]"), not
    # end well before it ("arrested my brother for assault and then [punched] him").
    return any(
        m.end() >= start - 25
        for m in _REPORTED_ABOUT_OTHERS.finditer(doc.lower, max(cs, start - 60), start + 12)
    )


def _own_side_quote(doc: Doc, start: int) -> bool:
    """Inside a quotation that the reporter or their family said (not the officer)."""
    quote = doc.in_quote(start)
    if quote is None:
        return False
    before = doc.lower[max(0, quote[0] - 70) : quote[0]]
    return _OWN_SIDE_SPEECH.search(before) is not None


# Names people call someone ("a nonce", "a pervert") are words when quoted, not acts.
_LABEL_NOUN = re.compile(r"(nonce|paedo|pedo|pervert|perv|predator|sex offender)")


_ACCUSED = re.compile(r"\b(accused|suspected|investigated|arrested) (of|for)\b")
_CLEARED = re.compile(r"\b(cleared|acquitted|found not guilty|not guilty|unfounded|no case)\b")


def _accused_but_cleared(doc: Doc, start: int) -> bool:
    """'was accused of stealing but was cleared': an old, disproved allegation."""
    sentence_start = doc.sentence_spans[doc.sentence_index(start)][0] if doc.sentence_spans else 0
    before = doc.lower[max(sentence_start, start - 40) : start]
    if not _ACCUSED.search(before):
        return False
    return _CLEARED.search(doc.sentence_of(start)) is not None


# Drug slang that is also a first name: "Mandy Cross", "Charlie Webb".
_NAME_SLANG = frozenset({"charlie", "molly", "mandy"})


def _is_person_name(doc: Doc, s: int, e: int) -> bool:
    if doc.lower[s:e] not in _NAME_SLANG or not doc.raw[s : s + 1].isupper():
        return False
    return re.match(r"\s+[A-Z][a-z]", doc.raw[e : e + 4]) is not None


def _inside_post_quote(doc: Doc, start: int) -> bool:
    quote = doc.in_quote(start)
    if quote is None:
        return False
    before = doc.lower[max(0, quote[0] - 80) : quote[0]]
    return _POST_INTRO.search(before) is not None


# The crime named is one the officer dealt with (or the reporter's side suffered), not
# one the officer committed: "a woman he arrested for shoplifting", "investigating a
# fraud against my mum", "my bike was stolen".
_HANDLED_CRIME = re.compile(
    r"\b(arrest\w*|charg\w*|convict\w*|caution\w*|investigat\w*|on bail|bailed|wanted|suspect\w*|"
    r"accus\w*|stopped|reported|reporting|nicked|jailed|prosecut\w*|victim|victims|case|cases|"
    r"allegations?|complaints?|report|reports|looking into|dealt with|dealing with|deal with|"
    r"questioned|interviewed|done|fined|locked up|inside|served time|did time|sentenced|"
    r"remanded|licence)( (\w+ ){0,3}(for|of|into|about|with|against))"
    r"( (a|an|the|my|her|his|their|our|alleged|suspected|attempted|serious|sexual|common))?"
    r"( \w+)?\s*$"
    r"|\b(investigat\w*|looking into|look into|dealt with|dealing with|deal with|reported|"
    r"reporting|report|solved|solving|attended|attending) (a|"
    r"an|the|my|her|his|their|our)( \w+)?\s*$"
)
_HANDLED_CODES = frozenset({"dishonesty", "drugs", "violence_abuse_of_force", "sexual_misconduct"})
# The reporter's side (or a third party) did it, not the officer: "my brother punched
# him", "was punched by a drunk man".
_ACTOR_OTHER = re.compile(
    r"\b(i|we|my (\w+ )?(son|daughter|brother|sister|mate|friend|dad|mum|husband|wife|partner|"
    r"boyfriend|girlfriend|cousin|nephew|uncle)|a drunk( \w+)?|someone|a member of the public|"
    r"the suspect|a suspect|protesters|a prisoner|the prisoner|the detainee|a detainee)"
    r"( (had|has|have|was|were|then|just|also|allegedly))? $"
)
_PASSIVE_BY_OTHER = re.compile(
    r"\W*(\w+ ){0,3}by (a |an |the |some |two |three )?(\w+ )?(drunk|man|woman|lad|men|"
    r"youths?|gang|member of the public|suspect|prisoner|detainee|protesters?|neighbour|"
    r"stranger|group|kids|teenagers?|burglar|robber|thief|dog|another \w+)\b"
)


def _admissible(
    doc: Doc,
    code: str,
    s: int,
    e: int,
    out: CategoryScores,
    suppressed: list[tuple[int, int]],
    *,
    quotes_count: bool,
) -> bool:
    """Is the match at s..e the officer's conduct (not negated, not someone else's)?"""
    if any(a <= s < b or a < e <= b for a, b in suppressed):
        return False
    if doc.negated(s):
        out.negated.append(f"{code}: not '{snippet(doc, s, e)}'")
        return False
    if _reported_about_others(doc, s):
        return False
    if not quotes_count and _inside_post_quote(doc, s):
        return False
    if _own_side_quote(doc, s) or _accused_but_cleared(doc, s):
        return False
    if code == "drugs" and _is_person_name(doc, s, e):
        return False
    if code == "sexual_misconduct" and doc.in_quote(s) and _LABEL_NOUN.match(doc.lower, s):
        return False
    if code == "other_misconduct" and doc.in_quote(s):
        return False  # quoted words are someone's speech, usually about someone else
    if code in _HANDLED_CODES:
        before = doc.lower[max(doc.clause_start(s), s - 50) : s]
        if _HANDLED_CRIME.search(before):
            return False
        if code == "violence_abuse_of_force":
            if _ACTOR_OTHER.search(doc.lower[max(0, s - 40) : s]):
                return False
            if _PASSIVE_BY_OTHER.match(doc.lower, e, min(len(doc.lower), e + 60)):
                return False
    return True


def _scan(
    doc: Doc,
    lex: _Lexicon,
    code: str,
    out: CategoryScores,
    prefixes: dict[str, list[int]],
    *,
    quotes_count: bool,
) -> None:
    if lex.regex is None:
        return
    suppressed = _suppressed_spans(doc, code)
    for m, i, nested in _matches(lex, doc.lower, prefixes):
        weight = lex.weights[i] * (0.5 if nested else 1.0)
        if weight <= 0:
            continue
        s, e = m.span()
        if _admissible(doc, code, s, e, out, suppressed, quotes_count=quotes_count):
            out.add(code, weight, snippet(doc, s, e), (s, e))


# A strong family term counts at most twice (two acts); a weak one (support words
# such as "women" or "works at") once, so repeating it never makes a tag alone.
_HITS_PER_TERM = 2


def _scan_family(
    doc: Doc,
    index: TermIndex,
    code: str,
    out: CategoryScores,
    toks: dict[str, list[int]],
    *,
    quotes_count: bool,
) -> None:
    """Family terms: each counts once, and not where the lexicon already matched."""
    hits = index.matches(doc.lower, toks)
    if not hits:
        return
    suppressed = _suppressed_spans(doc, code)
    used: dict[int, int] = {}
    for term, m in hits:
        if used.get(id(term), 0) >= (_HITS_PER_TERM if term.weight >= 0.7 else 1):
            continue
        s, e = m.span()
        # Words already counted for this category count once, at the stronger weight.
        prior = max(
            (
                out.span_weights.get((code, a, b), 0.0)
                for a, b in out.spans.get(code, ())
                if a < e and s < b
            ),
            default=0.0,
        )
        if prior >= term.weight:
            continue
        if _admissible(doc, code, s, e, out, suppressed, quotes_count=quotes_count):
            out.add(code, term.weight - prior, snippet(doc, s, e), (s, e))
            used[id(term)] = used.get(id(term), 0) + 1
            if term.tag == "abuse_of_position":
                out.abuse_of_position = True
            elif term.tag == "supply":
                out.drug_supply = True


def _family_sum(doc: Doc, index: TermIndex, toks: dict[str, list[int]]) -> tuple[float, list[str]]:
    total = 0.0
    found: list[str] = []
    done: set[int] = set()
    for term, m in index.matches(doc.lower, toks):
        if id(term) in done or doc.negated(m.start()):
            continue
        done.add(id(term))
        total += term.weight
        found.append(snippet(doc, m.start(), m.end()))
    return total, found


def _sum(doc: Doc, lex: _Lexicon) -> tuple[float, list[str]]:
    total = 0.0
    found: list[str] = []
    if lex.regex is None:
        return total, found
    for m in lex.regex.finditer(doc.lower):
        group = m.lastgroup
        if group is None or doc.negated(m.start()):
            continue
        total += lex.weights[int(group[1:])]
        word = snippet(doc, m.start(), m.end())
        if word not in found:
            found.append(word)
    return total, found


def _sentence_ids(doc: Doc, spans: list[tuple[int, int]]) -> set[int]:
    return {doc.sentence_index(s) for s, _ in spans}


def score_categories(doc: Doc, hints: list[str] | None = None) -> CategoryScores:
    """Raw category scores with evidence (before the not_police decision)."""
    out = CategoryScores()
    quote_sensitive = {"violence_abuse_of_force", "drugs", "sexual_misconduct", "domestic_abuse"}
    prefixes = doc_prefixes(doc)
    for code, lex in _LEX.items():
        _scan(doc, lex, code, out, prefixes, quotes_count=code not in quote_sensitive)
    toks = tokens(doc.lower)
    for code, index in _FAMILY.items():
        _scan_family(doc, index, code, out, toks, quotes_count=code not in quote_sensitive)
    for _term, m in _CONDUCT.matches(doc.lower, toks):
        if not doc.negated(m.start()):
            out.conduct.append(snippet(doc, m.start(), m.end()))
    text = doc.lower

    # Domestic abuse needs a relationship between the officer and the victim.
    rel = 0.0
    rel_ev: list[str] = []
    rel_spans: list[tuple[int, int]] = []
    da_spans = out.spans.get("domestic_abuse", [])
    for rx, weight in (
        (_OFFICER_REL, 1.0),
        (_PARTNER_IS_OFFICER, 1.0),
        (_RELATION_WEAK, 0.7),
        (_RELATION_OWN, 0.6),
    ):
        for m in rx.finditer(text):
            if (
                rx is _RELATION_OWN
                and text.startswith("his", m.start())  # "her son" is often the caller's son
                and any(
                    abs(m.start() - e) <= _RELATION_NEAR or abs(s - m.end()) <= _RELATION_NEAR
                    for s, e in da_spans
                )
            ):
                weight = 1.0  # the partner or relative is right by the abuse
            elif rx is _RELATION_OWN:
                weight = 0.6
            rel += weight
            rel_ev.append(snippet(doc, m.start(), m.end()))
            rel_spans.append(m.span())
    da_score = out.scores.get("domestic_abuse", 0.0)
    if rel >= 1.0 and da_score >= THRESHOLD:
        out.evidence["domestic_abuse"] = [
            *rel_ev[:2],
            *out.evidence.get("domestic_abuse", []),
            "rule: abuse of a partner or family member → domestic_abuse only",
        ]
        da_sentences = _sentence_ids(doc, out.spans.get("domestic_abuse", []) + rel_spans)
        # Violence in the same sentences as the domestic abuse is that abuse, not force.
        kept = [
            sp
            for sp in out.spans.get("violence_abuse_of_force", [])
            if doc.sentence_index(sp[0]) not in da_sentences
        ]
        if len(kept) != len(out.spans.get("violence_abuse_of_force", [])):
            _rescore(doc, out, "violence_abuse_of_force", kept)
    else:
        out.scores.pop("domestic_abuse", None)
        out.evidence.pop("domestic_abuse", None)
        out.spans.pop("domestic_abuse", None)

    # Cruelty to an animal is misconduct, not force against a person.
    if (
        out.has("violence_abuse_of_force")
        and _ANIMAL_CRUELTY.search(text)
        and not _HUMAN_VICTIM.search(text)
    ):
        out.scores.pop("violence_abuse_of_force", None)
        out.evidence.pop("violence_abuse_of_force", None)
        out.add("other_misconduct", 1.2, "rule: cruelty to an animal → other_misconduct")

    # Images of victims, detainees, bodies or scenes taken or shared.
    for m in _IMAGE_SHARE.finditer(text):
        s, e = m.span()
        before = text[max(0, s - 16) : s]
        if re.search(r"\b(i|we|caller|i've|i can|i could|i will|i'll)\b", before):
            continue
        if doc.negated(s):
            continue
        window = doc.sentence_of(s)
        if _IMAGE_CONTEXT.search(window) and not re.search(
            r"\b(animals?|roadkill|road kill|deer|badgers?|foxes|pheasants?)\b", window
        ):
            out.add("misuse_of_information", 1.0, snippet(doc, s, e))
            if re.search(r"\b(naked|underwear|undressed|topless|knickers)\b", window):
                out.add("sexual_misconduct", 0.4, "rule: intimate image of a person")

    # Selling police data is corruption and misuse of information.
    if _SELLING_DATA.search(text) and (
        out.scores.get("misuse_of_information", 0) >= 0.6
        or re.search(r"\b(pnc|police|system|records|checks|details)\b", text)
    ):
        rule = "rule: selling police data → bribery_corruption + misuse_of_information"
        out.add("bribery_corruption", 1.0, rule)
        out.add("misuse_of_information", 1.0, rule)

    # Abuse of position for a sexual purpose: a victim or witness and personal contact.
    if (
        _ABUSE_OF_POSITION_ROLE.search(text)
        and _ABUSE_OF_POSITION_CONTACT.search(text)
        and (
            out.scores.get("sexual_misconduct", 0) >= 0.4
            or re.search(
                r"\b(attracted|relationship|sleep\w* with|ask\w* (me|her|him) out|meet for "
                r"drinks|asking to meet|coming round|flowers|wine|staying late|single|"
                r"going round|go round|goes round|went round)\b",
                text,
            )
        )
    ):
        out.add(
            "sexual_misconduct",
            0.8,
            "rule: personal contact with a victim or witness → abuse of position",
        )
        out.abuse_of_position = True

    # Sexual favours to drop charges: sexual_misconduct and bribery_corruption.
    if (
        out.has("sexual_misconduct")
        and _CHARGES_FOR_SEX.search(text)
        and re.search(r"\b(charges?|case|ticket|arrest|caution|fine)\b", text)
    ):
        out.add("bribery_corruption", 1.0, "rule: sexual favours for dropping action → bribery")

    # A named crime family or crew, or tip-offs about raids and warrants: the people
    # paying or warned are criminals, so the officer is linked with them.
    family = _NAMED_FAMILY.search(doc.raw)
    if family and (
        out.has("bribery_corruption") or out.scores.get("criminal_association", 0) >= 0.3
    ):
        out.add("criminal_association", 0.8, f"named crime group: {snippet(doc, *family.span())}")
    if out.has("bribery_corruption"):
        for s, _e in out.spans.get("bribery_corruption", []):
            sentence = doc.sentence_of(s)
            if re.search(r"\b(tip|tips|tipped|warn\w*|tell\w*|told|heads)\b", sentence) and (
                _TIP_OFF_TARGET.search(sentence)
            ):
                out.add("criminal_association", 0.6, "rule: tipping off the targets of raids")
                break

    # Unexplained wealth next to organised crime suggests payment.
    if out.has("criminal_association") and _UNEXPLAINED_WEALTH_OR_TIP.search(text):
        out.add("bribery_corruption", 0.5, "rule: unexplained wealth with criminal links")

    # Offensive communications: a channel and offensive content (or a slur in a post).
    channel, channel_ev = _sum(doc, _CHANNEL)
    content, content_ev = _sum(doc, _CONTENT)
    fam_channel, fam_channel_ev = _family_sum(doc, _FAMILY_CHANNEL, toks)
    fam_content, fam_content_ev = _family_sum(doc, _FAMILY_CONTENT, toks)
    channel += fam_channel
    channel_ev += [w for w in fam_channel_ev if w not in channel_ev]
    content += fam_content
    content_ev += [w for w in fam_content_ev if w not in content_ev]
    # Images of victims, bodies or detainees put on social media are degrading content.
    if out.has("misuse_of_information") and _SOCIAL_POST.search(text):
        for m in _IMAGE_SHARE.finditer(text):
            if _IMAGE_CONTEXT.search(doc.sentence_of(m.start())) and _SOCIAL_POST.search(
                doc.sentence_of(m.start())
            ):
                channel = max(channel, 1.0)
                content += 1.0
                content_ev.append("rule: images of victims or detainees posted online")
                break
    if channel >= 1.0 and (content >= 1.0 or out.has("discrimination")):
        out.add("offensive_communications", 1.0 + min(content, 1.0) * 0.5, channel_ev[0])
        for word in content_ev[:3]:
            out.add("offensive_communications", 0.0, word)
        if out.has("discrimination"):
            out.add(
                "offensive_communications",
                0.0,
                "rule: discriminatory content in posts/chats adds offensive_communications",
            )
        if not out.has("discrimination") and _CONTENT.regex is not None:
            for m in _CONTENT.regex.finditer(text):
                if _PROTECTED_GROUP.search(doc.sentence_of(m.start())):
                    out.add("discrimination", 1.0, "rule: mocking content about a protected group")
                    break
        if _MISOGYNY_TARGET.search(text) and not out.has("discrimination"):
            out.add("discrimination", 1.0, "rule: degrading content about women → misogyny")

    # Drug supply vs use (priority needs it).
    if out.has("drugs"):
        for s, _e in out.spans.get("drugs", []):
            sentence = doc.sentence_of(s)
            if _SUPPLY.search(sentence):
                out.drug_supply = True
                break

    for hint in hints or []:
        if hint in out.scores:
            out.add(hint, 0.4, f"reporter chose {hint}")
    return out


def _rescore(doc: Doc, out: CategoryScores, code: str, spans: list[tuple[int, int]]) -> None:
    """Recompute a category from a subset of its spans (after a rule removed some)."""
    weights = {sp: out.span_weights.get((code, *sp), 0.0) for sp in spans}
    out.scores.pop(code, None)
    out.evidence.pop(code, None)
    out.spans.pop(code, None)
    for (s, e), w in weights.items():
        out.add(code, w, snippet(doc, s, e), (s, e))


def to_tags(scores: CategoryScores, *, police: bool) -> list[CategoryTag]:
    """Threshold the scores into tags; falls back to other_misconduct for police reports."""
    if not police:
        return []
    tags: list[CategoryTag] = []
    for code in CATEGORY_CODES:
        score = scores.scores.get(code, 0.0)
        if score >= THRESHOLD:
            # 1.0 -> ~0.7, 2.0 -> ~0.9, saturating: more independent evidence, more confidence.
            conf = round(1.0 - 0.3 * math.exp(-1.2 * (score - THRESHOLD)), 3)
            tags.append(
                CategoryTag(code=code, evidence=scores.evidence.get(code, [])[:6], confidence=conf)
            )
    if not tags:
        # Fallback: only for police conduct language (rude, ignored my calls, bullying,
        # stopped me for no reason), never for a bare mention of police or a weak word
        # such as "works in": a report with neither is left untagged for an analyst.
        weak = sorted(((s, c) for c, s in scores.scores.items() if 0 < s < THRESHOLD), reverse=True)
        if not scores.conduct:
            return tags
        ev = ["rule: conduct concern with no specific category → other_misconduct"]
        ev.extend(f"conduct: {w}" for w in scores.conduct[:3])
        conf = 0.55 if scores.conduct else 0.45
        if weak:
            ev.append(f"weak signal for {weak[0][1]} ({weak[0][0]:.1f})")
        tags.append(CategoryTag(code="other_misconduct", evidence=ev, confidence=conf))
    return tags
