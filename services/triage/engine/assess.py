"""Priority and disposition: is it about police, can the subject be found, how urgent.

These follow the taxonomy's labelling rules: look-alikes (security guards,
bailiffs, prison officers...) are not police, but specials, PCSOs, staff and
volunteers are; a report that cannot place the force or identify the subject
is held as insufficient; urgency means a risk to someone now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .categories import CategoryScores
from .morph import WordStartRegex, doc_prefixes
from .text import Doc

LOOKALIKES = (
    r"security guards?|security officers?|security staff|bouncers?|doorm[ae]n|door staff|"
    r"door supervisors?|bailiffs?|enforcement agents?|enforcement officers?|civil enforcement|"
    r"enforcement company|traffic wardens?|parking wardens?|parking attendants?|"
    r"parking enforcement|council wardens?|community wardens?|street wardens?|dog wardens?|"
    r"wardens?|school crossing|lollipop (man|lady|person)|crossing patrol|border force|"
    r"immigration (officers?|enforcement|officials?)|home office (staff|officials?)|rspca|hmrc|"
    r"customs officers?|stewards?|neighbourhood watch|private investigators?|"
    r"private detectives?|prison officers?|prison guards?|prison staff|probation officers?|"
    r"soldiers?|military police|royal military police|the army|national highways|"
    r"highways england|teachers?|(pe|head) teacher|headteacher|nurses?|paramedics?|"
    r"firefighters?|social workers?|council (officers?|staff|workers?)|landlord|"
    r"store detectives?|ticket inspectors?|revenue protection|train guard|coastguard|"
    r"ex-police|ex-cop(per)?|former (police )?officer|retired (police )?(officer|copper|cop|"
    r"detective)"
)
_LOOKALIKE = re.compile(r"\b(" + LOOKALIKES + r")\b")
_POLICE_STRONG = re.compile(
    r"\b(pcs?|wpc|dcs?|dss?|dci|sgt|sergeants?|inspector|insp|supt|superintendent|constables?|"
    r"coppers?|feds?|rozzers?|fuzz|bizzies|boys in blue|5-0|the force|nick|"
    r"cops?|old bill|the filth|plod|pcsos?|special constables?|(a|the) specials?|specials|"
    r"police officers?|"
    r"police staff|police volunteers?|police support volunteer|police cadet|detectives?|"
    r"detention officers?|call handler|officers?|the police (took|came|arrested|stopped|"
    r"searched|have been)|police (car|van|station)|custody|on duty|warrant card|uniform)\b"
)
_EXPLICIT_NOT_POLICE = re.compile(
    r"\b(((is|was|are|were|he's|she's|they're|it's)\s+)?(not|n't|never been)\s+(a\s+)?"
    r"(police|copper|cop|police officer|officer|pcsos?|connected to (the )?police|"
    r"police[- ]related)|wasn't police|isn't police|aren't police|weren't police|"
    r"nothing to do with (the )?(civilian )?police|not (actually )?(real )?police|"
    r"(pretend\w*|claim\w*|said|acted|act\w*|impersonat\w*|posing|dressed|look(s|ed)?) "
    r"(like |to be |he was |she was |as )(a |the )?(police|copper|cop|officer)|"
    r"\"?with the police\"?|fake (police|copper|cop)|(said|claimed) (he|she) was ex-police|"
    r"(he|she) was ex-police)\b"
)
_UNSURE_POLICE = re.compile(
    r"\b(not sure (if |whether |that )?(he's|she's|he is|she is|they're|they are|it's|it was) "
    r"(actually |really )?(police|a copper|a cop|an officer|a police officer)|"
    r"(might|may|could) (not )?be (a )?(prison officer|security|bouncer|traffic warden|"
    r"police|copper)|don't know if (he's|she's|he is|she is) (police|a copper|a cop|an officer)|"
    r"not sure he's police|unsure (if|whether) (he|she) is (police|an officer))\b"
)
_GENERIC_POLICE = re.compile(
    r"\b(to|the|call|called|ring|rang|tell|told|report\w*|contact\w*|go to|went to|with|"
    r"like|acted like|from) (the )?police\b"
)

# ---- identifiability ------------------------------------------------------
_DATE = re.compile(
    r"\b(on|last|this|since|about|around)? ?(\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|sept|oct|nov|dec)\w*|(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\w* "
    r"\d{1,2}|(mon|tues|wednes|thurs|fri|satur|sun)day|new years? eve|christmas|"
    r"last (night|week|month|weekend)|yesterday|this (morning|evening|afternoon|week)|"
    r"(19|20)\d\d|\d{1,2}(am|pm|:\d\d)|about \d ?(am|pm))\b"
)
_SPECIFIC_PLACE = re.compile(
    r"\b([a-z]+ (police )?station|custody|front (desk|counter|office)|enquiry office|"
    r"control room|[a-z]+ (street|road|lane|avenue|square|park)|ticket barriers|cells?|"
    r"outside (the )?[a-z]+|at (the )?(arena|co-op|bar|pub|club|shop|gym|hospital|hostel|"
    r"festival)|interview room|locker room|briefing room|canteen)\b"
)
_DESCRIPTION = re.compile(
    r"\b(tall|short|bald|beard(ed)?|ginger|blonde?|grey|dark hair|glasses|tattoo\w*|"
    r"stocky|skinny|scar|accent|\d{2}s|in (his|her) (20s|30s|40s|50s))\b"
)
_UNIT = re.compile(
    r"\b(dog handler|traffic (cop|officer)|roads policing|response( team)?|tsg|cid|"
    r"firearms|armed officer|custody sergeant|detention officer|call handler|cadet leader|"
    r"(morning|night|late|early) shift|on nights|drugs team|intelligence office|"
    r"officer in charge|oic|who (dealt with|took|is dealing with|was dealing with) (my|her|his)|"
    r"dealing with (my|her|his) case|investigating (my|her|his)|coroner|"
    r"came (for|to) (the|my|our)|sudden death|my arrest|(his|her|the) van|reg\b|"
    r"username|account|profile|bio|warrant card)\b|@\w{3,}"
)
_VAGUE = re.compile(
    r"\b(don'?t know (his|her|their) (name|number)|dunno (his|her) (name|number)|"
    r"not giving (my|his|her) name or (his|her)|that's all i know|i've heard|i heard|"
    r"my mate reckons|someone at the police|one of the coppers|one of the old bill|"
    r"a police officer|a copper|could not say|couldn't say|unable or unwilling|"
    r"no further details|wouldn't say|would not say|everyone knows)\b"
)

# ---- urgency --------------------------------------------------------------
_ONGOING_STRONG = re.compile(
    r"\b(still (with|living|lives|in contact|messaging|texting|sending|happening|going on|there|"
    r"in there|turning up|comes|coming|calling|seeing|messages|contacting)|"
    r"(has|have|he's|she's) been (texting|messaging|sending|calling|contacting|turning up|"
    r"coming round)|keeps (messaging|texting|turning up|coming|calling|threatening)|"
    r"every (day|week|night)|daily|last night|tonight|this (evening|week)|getting worse|"
    r"escalat(ing|ed|es|ion)|keeps? \w+ing|constantly|(nights|days|weeks) running|"
    r"still (going|goes|went) round|is (hitting|beating|battering|abusing|assaulting|controlling|"
    r"threatening|stalking|harass\w*|grooming|messaging|texting|sexting)|covered in bruises|"
    r"(she|he|they)('s| is| are) (scared|frightened|terrified)|"
    r"too (scared|frightened) to|third (time|incident)|again (on|last|this)|right now|"
    r"is frightened|"
    r"are frightened|scared to (go|leave)|terrified|i'm frightened|i'm scared|"
    r"fears? for|worried for (her|his|my) safety|concerned (it|for)|before he does something|"
    r"(living|lives) with (him|her)|turned up (last|again|at)|came to my (door|house)|"
    r"this morning|still (now|serving)? ?in there now|could now be found|now be found)\b"
)
_HISTORIC = re.compile(
    r"\b((in|between|from) (19|20)\d\d|years ago|no (current )?contact|moved away|is safe|"
    r"now safe|not (feel )?at (immediate )?risk|historic|back in (19|20)\d\d|"
    r"does not feel at immediate risk|has left him|have left him|i've left him)\b"
)
_CHILD = re.compile(
    r"\b(child|children|kids|grandchild\w*|granddaughter|grandson|little (brother|sister|ones?)|"
    r"\d{1,2} ?(yo|year old|-year-old|years old)|aged \d{1,2}|i'm 1[0-7]|teen\w*|baby|toddler|"
    r"nephew|niece|cadets?|(1[0-7]|[2-9])\))\b|\b(14|15|16|17)[- ]1[5-8]\b"
    r"|\b(son|daughter|child|kid|boy|girl|brother|sister|he|she|i)('s| is| was| who is) "
    r"([2-9]|1[0-7])\b"
)
_THREAT = re.compile(
    r"\b(threat\w*|regret (this|it)|finish (me|her|you|him)|kill|bury (him|her|you|me)|"
    r"things will happen|break your|you're next|knows where (i|she|he)|think carefully|"
    r"watch your back|weapon|knife|gun|guns|baseball bat|ruin (her|his|my|your) life|"
    r"(break|smash|snap|kick) (my|his|her|your|their) (legs?|arms?|face|head|neck|jaw|nose|teeth)|"
    r"(sort|do) (you|him|her|them|my \w+) (out|in|over)|sort out\W{0,2} (my|his|her)|"
    r"('ll|will|would|'d) \W?do (you|him|her|them)|beat (\w+ ){0,2}up|"
    r"pay (her|him|them|you) a visit)\b"
)
_LEAK_DANGER = re.compile(
    r"\b(address|name and address|where (she|he|i) (lives?|works?)|details)\b[^.]{0,120}"
    r"\b(ex-partner|abusive|violent|fled|refuge|witness|informant|giving evidence|"
    r"defendant|against|came to my door|turned up|found her|could now be found|now be found|"
    r"non-molestation|injunction|restraining order|my ex|her ex|followers|pay her a visit)\b"
    r"|\bwhere (i|she|he)('m| am| is|'s)? (liv\w*|staying|work\w*)\b[^\n]{0,160}"
    r"\b(non-molestation|injunction|restraining order|abusive|violent|fled|refuge)\b"
    r"|\bwho (was|is|were|had been|has been) (grassing|informing|snitching|an informant|"
    r"a witness)\b"
    r"|\b(fled|abusive|violent)\b[^.]{0,120}\b(address)\b"
)
_SERIOUS_SEX = re.compile(
    r"\b(kiss\w*|against (her|his|my) will|hands? (up|down|on)|skirt|privates|penis|genitals|"
    r"shag\w*|living with|arrested|flowers|rape\w*|rapped|assault\w*|touch\w*|"
    r"grop\w*|expos\w*|naked|explicit|forced|victims?|witness\w*|"
    r"statement|case|custody|cells?|detainee|groom\w*|child\w*|kids|year old|trafficked|brothel|"
    r"underwear|nudes?|indecent|pictures?|photos?|pic|snap|vulnerable|sleeping with|upskirt\w*|"
    r"voyeur\w*|strip\w*|backside|bum|breasts?|waists?|"
    r"\d{2} ?yo|1[0-7]\b)"
)
_GROOMING = re.compile(
    r"\b(messag\w*|texting|snapchat|instagram|not to tell|special|meet up|send (a )?pic|sweets|"
    r"gifts?|secret|come to (his|her) (house|flat|car))\b"
)


# Abuse described in the present tense is going on now: "he takes her wages", "she punches me".
_DA_PRESENT = re.compile(
    r"\b(he|she)('s| is)? (still |also |always |often |regularly )?(hits|punches|slaps|kicks|beats|"
    r"chokes|strangles|throttles|pushes|shoves|headbutts|"
    r"takes|reads|checks|controls|tracks|follows|"
    r"threatens|locks|calls|screams|smashes|batters|bullies|isolates|monitors|won't let|wont let|"
    r"doesn't let|never lets|keeps|drags|grabs|spits)\b"
)
# Naming a victim, witness or informant puts them at risk now.
_NAMED_AT_RISK = re.compile(
    r"\b(name|names|identity|details|address)\b[^.]{0,40}\b(informant|grass|witness|victim|"
    r"(woman|girl|man|lad|person) who (reported|grassed|gave evidence|complained|came forward))\b"
    r"|\b(named|outed|identified) the (victim|witness|informant)\b"
)


# The same regexes, tried only at the words that could start them (speed).
_LOOKALIKE_W = WordStartRegex(_LOOKALIKE)
_POLICE_STRONG_W = WordStartRegex(_POLICE_STRONG)
_VAGUE_W = WordStartRegex(_VAGUE)
_ONGOING_STRONG_W = WordStartRegex(_ONGOING_STRONG)
_HISTORIC_W = WordStartRegex(_HISTORIC)


@dataclass
class PoliceCheck:
    """Is the subject police? With the words that decided it."""

    police: bool
    unsure: bool
    evidence: list[str] = field(default_factory=list)
    confidence: float = 0.8


def check_police(doc: Doc, *, named_force: bool, subject_role: str) -> PoliceCheck:
    """Decide whether the report is about police officers, staff or volunteers."""
    text = doc.lower
    pre = doc_prefixes(doc)
    look = [(m.start(), m.end(), m.group(0)) for m in _LOOKALIKE_W.finditer(text, pre)]
    if re.search(r"\btraffic officer", text) and "highways" in text:
        look.extend(
            (m.start(), m.end(), m.group(0)) for m in re.finditer(r"traffic officers?", text)
        )
    not_police = [m.group(0) for m in _EXPLICIT_NOT_POLICE.finditer(text)]
    unsure = _UNSURE_POLICE.search(text)
    strong: list[str] = []
    for m in _POLICE_STRONG_W.finditer(text, pre):
        s, e = m.span()
        if any(a <= s < b or a < e <= b for a, b, _ in look):
            continue
        if any(a - 25 <= s <= b + 3 for a, b, _ in look):  # "prison officer", "officers at"
            continue
        window = text[max(0, s - 40) : e + 5]
        if _EXPLICIT_NOT_POLICE.search(window) or re.search(
            r"\b(retired|ex|former|dad is a|father is a|used to be|was once)\b[^.]{0,14}$",
            text[max(0, s - 30) : s],
        ):
            continue
        strong.append(m.group(0))
    if subject_role in {"police_officer", "police_staff", "pcso", "special_constable", "volunteer"}:
        strong.append(f"form role {subject_role}")
    if unsure:
        return PoliceCheck(
            True, True, [f"reporter unsure the subject is police: '{unsure.group(0)}'"], 0.5
        )
    if not_police and len(strong) <= 2:
        return PoliceCheck(
            False,
            False,
            [f"not police: '{w}'" for w in not_police[:2]]
            + [f"look-alike: {w}" for _, _, w in look[:2]],
            0.85,
        )
    if look and not strong:  # a named force alone may be the look-alike's former employer
        return PoliceCheck(
            False, False, [f"look-alike, not police: {w}" for _, _, w in look[:3]], 0.75
        )
    if not strong and not named_force and not _GENERIC_POLICE.search(text) and "police" not in text:
        return PoliceCheck(False, False, ["no police officer, staff or volunteer mentioned"], 0.55)
    ev = [f"police: {w}" for w in strong[:3]]
    conf = 0.9 if len(strong) >= 2 or named_force else 0.7
    if look:
        ev.append(f"also mentions {look[0][2]}")
        conf -= 0.15
    return PoliceCheck(True, False, ev, conf)


def identifiability(doc: Doc, *, name: str, number: str) -> tuple[float, list[str]]:
    """How well the report pins down one person: 1.0 or more is enough to act on."""
    text = doc.lower
    score = 0.0
    ev: list[str] = []
    if name:
        score += 1.0
        ev.append(f"name: {name}")
    if number:
        score += 1.0
        ev.append(f"number: {number}")
    for rx, label in (
        (_DATE, "date/time"),
        (_SPECIFIC_PLACE, "specific place"),
        (_DESCRIPTION, "description"),
        (_UNIT, "role/unit/incident"),
    ):
        hits = {m.group(0) for m in rx.finditer(text)}
        if hits:
            score += 0.5 if len(hits) == 1 else 0.8 if len(hits) == 2 else 1.0
            ev.append(f"{label}: {sorted(hits)[0]}")
    vague = [m.group(0) for m in _VAGUE_W.finditer(text, doc_prefixes(doc))]
    if vague and not (name or number):
        score -= 0.5 * len(vague)
        ev.append(f"vague: {vague[0]}")
    return score, ev


@dataclass
class PriorityDecision:
    priority: str
    evidence: list[str]
    confidence: float


def decide_priority(doc: Doc, cats: list[str], scores: CategoryScores) -> PriorityDecision:
    """urgent: risk now; high: serious crime; standard: the rest (taxonomy rules)."""
    text = doc.lower
    pre = doc_prefixes(doc)
    ongoing = [m.group(0) for m in _ONGOING_STRONG_W.finditer(text, pre)]
    historic = _HISTORIC_W.search(text, pre)
    child = _CHILD.search(text)
    threat = _THREAT.search(text)
    ev: list[str] = []
    c = set(cats)

    urgent_reasons: list[str] = []
    if "domestic_abuse" in c:
        if ongoing and not historic:
            urgent_reasons.append(f"ongoing domestic abuse ('{ongoing[0]}')")
        elif child and not historic:
            urgent_reasons.append(f"domestic abuse with children at risk ('{child.group(0)}')")
        elif threat and not historic:
            urgent_reasons.append(f"domestic abuse with threats ('{threat.group(0)}')")
        elif not historic and (present := _DA_PRESENT.search(text)):
            urgent_reasons.append(f"domestic abuse going on now ('{present.group(0)}')")
        elif historic and ongoing and re.search(r"still (with|living|lives)", text):
            urgent_reasons.append(f"victim still with him ('{ongoing[0]}')")
    serious_sex = bool(_SERIOUS_SEX.search(text)) or scores.abuse_of_position
    still = re.search(
        r"\bstill (with|living|lives|in contact|messaging|texting|comes|coming|"
        r"happening|going on|in there|sending|contacting|seeing)\b",
        text,
    )
    if "sexual_misconduct" in c and ongoing and (still or not historic) and serious_sex:
        urgent_reasons.append(f"victim still in contact ('{ongoing[0]}')")
    if (
        "sexual_misconduct" in c
        and child
        and not historic
        and (ongoing or _GROOMING.search(text) or re.search(r"\bgroom\w*", text))
    ):
        urgent_reasons.append(f"child at risk of sexual abuse ('{child.group(0)}')")
    if "violence_abuse_of_force" in c and threat and ongoing:
        urgent_reasons.append(f"threats with current fear ('{threat.group(0)}', '{ongoing[0]}')")
    if threat and re.search(r"\b(witness|giving evidence|give evidence|think carefully)\b", text):
        urgent_reasons.append("intimidation of a witness")
    if "drugs" in c and scores.drug_supply and child:
        for m in _CHILD.finditer(text):
            if re.search(
                r"\b(sell\w*|deal\w*|suppl\w*|giv\w*|offer\w*)\b", doc.sentence_of(m.start())
            ):
                urgent_reasons.append(f"drugs supplied to children ('{m.group(0)}')")
                break
    if "misuse_of_information" in c:
        leak = _LEAK_DANGER.search(text) or _NAMED_AT_RISK.search(text)
        if leak:
            urgent_reasons.append(f"leaked details put someone at risk ('{leak.group(0)[:60]}')")
    if not cats:  # not police: still urgent if a life is at risk (pointer to 999 given fast)
        if threat and ongoing:
            urgent_reasons.append(f"threat to safety now ('{threat.group(0)}')")
        if (
            child
            and scores.scores.get("sexual_misconduct", 0) > 0
            and _GROOMING.search(text)
            and (ongoing or re.search(r"\bkeeps?\b", text))
        ):
            urgent_reasons.append("child at risk of grooming now")
    if urgent_reasons:
        conf = 0.85 if len(urgent_reasons) > 1 or len(ongoing) > 1 else 0.7
        return PriorityDecision("urgent", urgent_reasons, conf)

    high_reasons: list[str] = []
    if "sexual_misconduct" in c:
        if serious_sex or len(c) > 1:
            high_reasons.append("sexual offence or abuse of position")
        else:
            ev.append("sexual messages/harassment only → standard")
    if "violence_abuse_of_force" in c:
        high_reasons.append("violence")
    if "domestic_abuse" in c:
        high_reasons.append("domestic abuse" + (" (historic)" if historic else ""))
    if "criminal_association" in c:
        high_reasons.append("links with organised crime")
    if "drugs" in c and scores.drug_supply:
        high_reasons.append("supplying drugs")
    if high_reasons:
        conf = 0.8 if not (ongoing or threat) else 0.65
        return PriorityDecision("high", high_reasons, conf)
    conf = 0.85
    if ongoing or threat or child:
        conf = 0.6
        ev.append("some risk words but no serious category")
    return PriorityDecision("standard", ev or ["no risk to life and no serious crime"], conf)
