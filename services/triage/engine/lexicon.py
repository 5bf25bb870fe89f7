# ruff: noqa: E501  (regex tables read best one alternative per line, even when long)
"""Category lexicons: general words, phrases, slang and misspellings per category.

Each entry is (regex on lower-cased text, weight). A category fires when the
weights of its non-negated matches reach 1.0, so strong words (bribe, raped)
stand alone and weak ones (cash, late at night) need support. Patterns are
general descriptions of misconduct, not phrases from any one report.
Plain parentheses are made non-capturing when compiled.
"""

from __future__ import annotations

Term = tuple[str, float]

# Shared fragments.
OFFICER = (
    r"(police|pc|wpc|dc|ds|di|dci|sgt|sergeant|inspector|constable|officer|cop|copper|"
    r"pcso|special|specials|detective|superintendent|plod|old bill|bobby|staff)"
)
DRUG = (
    r"(cocaine|cocain|coke|charlie|crack|heroin|smack|ket|ketamine|mdma|ecstasy|pills|"
    r"molly|mandy|weed|cannabis|canabis|skunk|ganja|marijuana|spliffs?|joints?|spice|"
    r"steroids|roids|amphetamines?|speed|meth|drugs?|gear|class a)"
)
IMAGE = (
    r"(photos?|photographs?|pics?|pictures?|images?|selfies?|screenshots?|footage|stills|videos?|"
    r"cctv|body ?cam|bodycam|body-worn|bwv|snaps?)"
)
PERSON_OBJ = r"(him|her|me|us|them|my \w+|his \w+|a \w+|the \w+|an \w+|someone|people)"

CATEGORY_TERMS: dict[str, list[Term]] = {
    "bribery_corruption": [
        (r"\bbri+b(e|es|ed|ing|ery|ary|ory)\b|\bbribary\b", 1.2),
        (r"\bbackhanders?\b|\bbungs?\b|\bbunged\b|\bkick ?backs?\b|\bsweeteners?\b", 1.2),
        (r"\bon the take\b|\bon the payroll\b|\bin (their|his|the \w+'?s?) pocket\b", 1.2),
        (r"\bcorrupt(ion|ed)?\b", 1.0),
        (r"\bbent\b", 0.6),
        (r"\b(in return|in exchange|as payment|for payment|for a cut|in kind)\b", 1.0),
        (r"\b(pays?|paid|paying) (him|her|them|the officer|the copper|off)\b(?! a visit)", 1.0),
        (
            r"\b(receiv(e|es|ed|ing)|accept(s|ed|ing)?|tak(e|es|ing)|took|gets?|got) (regular |cash |"
            r"secret )?(payments?|bribes?|kickbacks?|backhanders?|gifts?|hospitality)\b",
            1.0,
        ),
        (
            r"\b(accept(s|ed|ing)?|took|takes|taking|received|receiving|gets?|got|been given|was given)"
            r" (a |an )?(free|complimentary|paid[- ]for) (\w+ ){0,2}(holiday|week|weekend|trip|flights?|"
            r"tickets?|meals?|car|stay|hotel|work)\b",
            1.0,
        ),
        (r"\b(a |his |her )?(cut|share|slice) of the (takings|profits?|money|proceeds)\b", 1.0),
        (r"\b(gets?|getting|got|being|was|were|is) paid\b|\bpaid (him|her)? ?(in )?cash\b", 1.0),
        (
            r"\b(takes?|taking|took|accepts?|accepting|accepted|gets?|getting) (cash|money|"
            r"envelopes?|gifts?|payments?|freebies)\b",
            1.0,
        ),
        (
            r"\b(handed|given|giving|passed) (him |her )?an envelope\b|\benvelopes? (of|with) cash\b",
            1.0,
        ),
        (r"\b\d+ (quid|pounds?) (a|per|each) (lead|name|time|check|job)\b|\bcash (for|per)\b", 0.8),
        (r"\bfor (cash|money)\b|\bcash in hand\b", 0.6),
        (r"\b(look|looks|looking|looked) the other way\b|\bturns? a blind eye\b", 1.0),
        (r"\btip(s|ped|ping)? (\w+ ){0,2}off\b|\btip-?offs?\b|\bheads[- ]up\b|\bforewarn", 1.0),
        (r"\b(warns?|warned|warning) (him|them|her|the \w+) (about|before|when|that|where)\b", 1.0),
        (r"\blet(s|ting)? (him|them|her|the \w+) know (when|before|about|who|where)\b", 1.0),
        (
            r"\b(always |somehow )?(know|knew|knows) (about it |about them |)"
            r"(the (day|night|week) before|before (the|a|any|every))\b",
            1.0,
        ),
        (r"\balways know when\b|\bknow before the\b", 0.8),
        (r"\bcleared? (it |the \w+ )?out the (night|day) before\b", 1.0),
        (r"\bgets? to hear about\b", 1.0),
        (
            r"\b(tell|tells|told|telling|warns?|warned|texts?|texted|rings?|rang) (him|them|her|the "
            r"\w+) (about|when|where) (the |any |upcoming |planned )?(raids?|searches|checkpoints?|"
            r"operations?|ops|warrants?|stops?|patrols?|investigations?|surveillance)\b",
            1.0,
        ),
        (
            r"\b(tell|tells|telling|told) (him|them|her) who (has|had|have|'s|is|was) been\b"
            r"|\bwho('s|'s been| is| has been| had been| have been| was| were) (arrested|reporting|"
            r"grassing|informing|snitching|talking to|giving evidence|a witness|an informant)\b",
            1.0,
        ),
        (
            r"\b(which|what) (houses|addresses|flats|cars|people|properties) (are|were|was|is) "
            r"(being )?(watched|targeted|raided|under surveillance|on the list|going to be (raided|"
            r"searched|hit))\b",
            1.0,
        ),
        (
            r"\bpass(es|ed|ing)? (on )?(\w+ ){0,3}(information|info|intel|details|paperwork|"
            r"messages) (\w+ ){0,6}to (a|the|his|her|their) ",
            0.7,
        ),
        (
            r"\b(never|doesn't|don't|won't) (charge|charges|pay|pays) (him|her|pc|the officer|"
            r"them)\b|\bfree (food|meals?|drinks?|work|visits|stuff|holidays?|repairs?|"
            r"building work|kitchen)\b|\b(visits|meals|drinks|food)\W{0,2} free\b",
            0.9,
        ),
        (
            r"\blet (my \w+|him|her|them|\w+) off (a|the|with)\b|\bmade (the|it) (charges?|case) "
            r"(go away|disappear)\b|\bdrop(ped|s)? the charges?\b",
            0.6,
        ),
        (r"\bsell(s|ing)?|\bsold\b", 0.0),
        (
            r"\bunexplained (wealth|cash|money)\b|\bbrand new (range rover|car|audi|bmw|merc\w*|"
            r"porsche)\b|\bon a (staff|police|pc'?s?|cop'?s?) (wage|salary)\b",
            0.6,
        ),
    ],
    "sexual_misconduct": [
        (r"\brap(e|ed|es|ing|ist|ists)\b|\brapp?ed (me|her|him|them)\b|\brapeing\b", 1.2),
        (r"\bsexual(ly)?\b|\bsex\b|\bsexting\b", 1.0),
        (
            r"\bforced? (himself|herself) on\b|\bexposed (himself|herself)\b|\bflash(ed|ing) "
            r"(his|her) (genitals|privates|penis)\b|\bindecen(t|cy)\b|\bmasturbat",
            1.2,
        ),
        (
            r"\bgroom(s|ed|ing)?\b|\bpaedo|\bpedo|\bpredator(y)?\b|\bpervert\b|\bperv\b|\bnonces?\b"
            r"|\bsex offender\b",
            1.0,
        ),
        (
            r"\b(sexual|lewd|dirty|crude|smutty|suggestive|sleazy) (remarks?|comments?|"
            r"messages?|texts?|talk|innuendos?|propositions?)\b|\bwhat (she|they|you|i) (wear|wears) "
            r"in bed\b",
            1.0,
        ),
        (r"\bharr?ass?(es|ed|ing|ment)?\b|\bharr?ass\w*|\bcreepy\b|\bleer(s|ed|ing)?\b", 0.4),
        (
            r"\bmade (me|her|him|them) (strip|undress|take (my|her|his|their) clothes off)\b"
            r"|\bwatch(ed|es|ing)? (me|her|him|them) (strip|undress|get changed|shower)\b",
            0.7,
        ),
        (
            r"\b(slap(s|ped|ping)?|pinch(es|ed|ing)?|grab(s|bed|bing)?|squeez\w*|fondl\w*|feel(s|ing)?|"
            r"felt|stroke[sd]?|rub(s|bed|bing)?) (\w+ ){0,3}(backside|bum|bottom|arse|breasts?|boobs?|"
            r"chest|thighs?|crotch|groin|waists?|privates)\b|\btouch(ed|es|ing)? (my|her|his) bum\b",
            1.0,
        ),
        (r"\bgrop(e|ed|es|ing)\b|\btouched (me|her|him) up\b|\bmolest", 1.2),
        (
            r"\btouch(ed|es|ing)? (\w+ ){0,2}(leg|legs|bottom|bum|backside|breasts?|chest|thighs?|"
            r"crotch|groin|boobs?|arse|privates)\b",
            1.0,
        ),
        (
            r"\bexplicit (photos?|pics?|pictures?|images?|messages|videos?|texts)\b|\bdick pics?\b"
            r"|\bnudes?\b|\bintimate (images?|photos?|pics?)\b",
            1.0,
        ),
        (r"\bnaked\b|\bnude\b|\btopless\b", 0.9),
        (r"\bunderwear\b|\bknickers\b|\bbra\b", 0.7),
        (r"\bundress(ed|ing)?\b", 0.4),
        (r"\bupskirt\w*|\bvoyeur\w*|\bpeeping\b|\bcreepshots?\b", 1.2),
        (
            r"\bsleep(s|ing)? with (a|the|one of) (\w+ ){0,2}(victims?|witness(es)?|detainees?|"
            r"suspects?|informants?)\b|\bslept with (a|the) (victim|witness)\b",
            1.2,
        ),
        (r"\bsleep(s|ing)? with\b|\bslept with\b|\bhaving sex with\b", 0.5),
        (
            r"\b(for|to have|have|having) sex\b|\b(shag|bed|sleep with) (her|him|me)\b"
            r"|\b(come|go|back) (back )?to (his|her) (house|flat|place|car)\b",
            0.4,
        ),
        (
            r"\battracted to (me|her|him)\b|\bfancies (me|her)\b|\bchat(ting|ted)? (me|her) up\b",
            0.7,
        ),
        (
            r"\b(ask|asks|asking|asked) (me|her|him) out\b|\basking (me |her |him )?to meet\b"
            r"|\bmeet (up|for (a )?drinks?)\b|\bdate with (me|her)\b",
            0.5,
        ),
        (
            r"\b(ask|asks|asking|asked) (\w+ ){0,2}(for|to send) (a |some |more )?(pic|pics|picture|"
            r"pictures|photo|photos|selfies?|nudes)\b|\bsend (him |me )?(a |some )?(pic|pics|"
            r"picture|photo|photos|nudes)\b",
            0.6,
        ),
        (r"\bgrown[- ]up\b|\bmature for (her|his) age\b", 0.5),
        (
            r"\b(comment\w*|remarks?) (on|about) (their|her|my|women's) (bod(y|ies)|breasts?|"
            r"figure|looks)\b",
            0.5,
        ),
        (
            r"\b(trafficked|trafficking)\b|\bbrothels?\b|\bmassage (place|parlou?r|shop)s?\b"
            r"|\bprostitut\w*|\bsex workers?\b|\bescorts?\b",
            0.6,
        ),
        (r"\blate at night\b|\bat night\b|\bmiddle of the night\b", 0.2),
        (
            r"\bnot to tell (anyone|anybody|me|her parents|his parents|your parents|her mum|"
            r"his mum|mum|dad)\b|\bour (little )?secret\b",
            0.4,
        ),
        (r"\blifts? home\b", 0.3),
        (r"\bmatched with (her|me)\b", 0.4),
    ],
    "domestic_abuse": [
        # Only counts with a relationship to the officer (see categories.py).
        (
            r"\bhit(s|ting)?\b|\bslap(s|ped|ping)?\b|\bpunch(es|ed|ing)?\b|\bkick(s|ed|ing)?\b"
            r"|\bbeat(s|en|ing)?( (her|him|me|them) up)?\b|\bshoved?\b|\bpush(ed|es)\b"
            r"|\bbatter(s|ed|ing)?\b|\bassault(s|ed|ing)?\b|\bpinned (her|him|me)\b"
            r"|\bknock(s|ed|ing)? (her|him|me|them|(\w+ ){1,2}) ?(about|around|down|flying)\b"
            r"|\bsmash(ed|es|ing)? (\w+ ){0,2}(head|face)\b|\bby (the|her|his|my) (throat|neck|hair)\b",
            1.0,
        ),
        (
            r"\bstrangl\w*|\bchok(e|ed|es|ing)\b|\bhands? (round|around) (her|his|my) (neck|throat)\b"
            r"|\bbroke (her|his|my) (ribs?|nose|arm|jaw|wrist)\b",
            1.2,
        ),
        (r"\bcontroll?(ing|s|ed)?\b|\bcoercive\b|\bcoercion\b", 1.0),
        (
            r"\b(checks?|checking|monitor\w*|takes?|took|smash(ed|es)|goes through) (all )?"
            r"(her|his|my) (phone|messages|money|finances|bank)\b|\bcontrols? (all )?"
            r"(her|his|my) (money|finances)\b|\btells? (her|him|me) who (she|he|i) can see\b"
            r"|\b(won't|wont|doesn't|will not|never) let(s)? (her|him|me|them) (see|go|leave|out|have"
            r"|talk|speak|work)\b|\bkeeps? (all )?(her|his|my) (money|wages|pension|benefits|bank card)\b"
            r"|\btakes? (all )?(her|his|my) (pension|wages|benefits|bank card)\b",
            1.0,
        ),
        (
            r"\blocked (her|him|me|them) (out|in)\b|\bthrew (a|an|the|his|her) \w+ at\b"
            r"|\bbruis(e|es|ed|ing)\b|\bmarks\b|\bwith a belt\b",
            0.8,
        ),
        (
            r"\b(physically |verbally |emotionally |domestically |financially |sexually )?(violent|abusive|"
            r"abus(e|es|ed|ing))\b",
            0.8,
        ),
        (r"\bdomestic (abuse|violence|incident)s?\b|\bdv\b", 0.7),
        (
            r"\bthreat(en|ens|ened|ening|s)?\b|\bregret (this|it)\b|\bfinish (me|her|you)\b"
            r"|\bkill (me|her|you|him)\b|\bruin (her|his|my|your) life\b",
            0.8,
        ),
        (
            r"\bstalk(s|ed|ing|er)?\b|\bturn(s|ed|ing)? up (wherever|outside|at (my|her|his))\b"
            r"|\bturning up\b|\bknows? where (i|she|he) (am|is|live|lives|work|works)\b"
            r"|\bparked outside\b|\bfollow(s|ed|ing) (me|her)\b"
            r"|\b(driv(es|ing|en)|drove|walk(s|ed|ing)) past (her|his|my|our) (house|flat|home|work)\b"
            r"|\bfind out where (i|she|he|we)('ve|'s| have| has| had)? ?(moved|live|lives|living|am|is)\b",
            0.8,
        ),
        (r"\b(frightened|scared|terrified|afraid) of (him|her)\b", 0.6),
        (r"\b(frightened|scared|terrified|afraid)\b|\bbruised\b", 0.3),
        (
            r"\b(have|get|make sure) (him|her|me) (gets? )?arrested\b|\bsay (mum|she|he|i) (is|am) "
            r"mental\b|\btaken off (her|him|us)\b|\bwho('ll| will| would)? believe\b",
            0.5,
        ),
    ],
    "discrimination": [
        (
            r"\bracis[tm]s?\b|\bracial(ly)?\b|\brace hate\b|\bhomophob\w*|\btransphob\w*"
            r"|\bmisogyn\w*|\bsexis[tm]\b|\bbigot\w*|\bislamophob\w*|\bantisemit\w*|\bxenophob\w*"
            r"|\bdisablis[tm]\b|\bablei?s[tm]\b",
            1.2,
        ),
        (
            r"\bsectarian\w*|\bfenians?\b|\bfar[- ]right\b|\bnazis?\b|\bss[- ]style\b|\bswastikas?\b"
            r"|\bwhite power\b|\bkkk\b|\bedl\b|\bbritain first\b",
            1.2,
        ),
        (r"\bgo back (to )?(where|your own|your country|home)\b|\bin this country\b", 1.0),
        (r"\bdiversity (quota|hire)s?\b|\bpositive discrimination\b|\bwoke\b", 0.8),
        (
            r"\b(rate|rates|rating|rated|score|scores|scoring) (the )?(women|female|girls|"
            r"women's)\b|\bwould/wouldn't\b|\bsmile more\b",
            0.9,
        ),
        # Slurs (uncensored forms of common UK slurs, and censored ones like f****t).
        (
            r"\b(paki|pakis|wog|wogs|coon|coons|chinky|chink|nigg\w+|negro|gyppo|gypo|pikey|"
            r"pikeys|tinker|faggots?|poofs?|poofter|queers?|dyke|tranny|trannies|shemale|retard|"
            r"retarded|spaz|spastic|mong|raghead|towelhead|sambo|golliwog|yid|kike|taig|"
            r"half[- ]caste)\b",
            1.0,
        ),
        (r"\b(monkeys?|apes?|savages?)\b", 0.6),
        (
            r"\b(?!s\*+t\b|f\*+k\b|sh\*t\b|b\*+d\b|c\*+t\b|a\*+e\b|f\*+in)[a-z]{1,2}\*{2,}[a-z]{1,3}s?\b",
            1.0,
        ),
        (r"\bdeaf and dumb\b|\bblokes in (frocks|dresses)\b|\bman in a dress\b", 1.0),
        (
            r"\b(dirty|filthy|stinking|bloody|stupid|effing|fucking|f\*+ing) (poles|pakis?|jews?|arabs?|"
            r"foreigners?|immigrants?|muslims?|travell?ers?|gypsies|gyppos?|pikeys?|blacks?|asians?|"
            r"gays?|lesbians?|romanians?|irish|paddies|somalis?|africans?)\b",
            1.0,
        ),
        (
            r"\b(mock\w*|mimic\w*|imitat\w*|laugh(s|ed|ing)? at|made fun of|makes fun of|taking the "
            r"(piss|mick) out of|took the (piss|mick) out of) (\w+ ){0,4}(accents?|hijabs?|turbans?|"
            r"headscarf|headscarves|religion|faith|skin|colou?r|disabilit\w*|wheelchairs?|stammer|"
            r"sexuality|prayer|prayers)\b",
            1.0,
        ),
        (
            r"\bwomen (shouldn't|should not|can't|cannot|don't|do not|aren't|are not) (be|belong|"
            r"work|do)\b|\b(should|belong) (be )?(at home|in the kitchen)\b",
            1.0,
        ),
        (
            r"\b(black|asian|muslims?|islam\w*|jewish|jews?|gay|lesbian|bisexual|trans|transgender|"
            r"disabled|disability|autism|autistic|deaf|blind|wheelchair|polish|travell?ers?|gypsy|"
            r"gypsies|roma|somali|syrians?|pakistani|indian|sikh|hindu|hijab|turban|catholics?|"
            r"immigrants?|refugees?|asylum seekers?|foreigners?|eastern europeans?|romanians?|"
            r"africans?|nigerians?|arabs?|chinese|mixed race|ethnic\w*|lgbt\w*|dyslexi\w*|poles|"
            r"religio\w*|skin colou?r|my colou?r|his colou?r|her colou?r|their colou?r)\b",
            0.5,
        ),
        (r"\bhate crimes?\b|\bhate speech\b|\bhateful\b", 0.5),
        (r"\bthese people\b|\bpeople like (us|you|them|him|her)\b|\byour lot\b|\byour kind\b", 0.5),
    ],
    "drugs": [
        (
            r"\b(cocaine|cocain|coke|charlie|crack|heroin|smack|ketamine|mdma|ecstasy|molly|mandy|"
            r"amphetamines?|meth|spice|lsd|acid tabs|magic mushrooms|nitrous)\b",
            1.1,
        ),
        (r"\bket\b|\bpills\b|\bsteroids\b|\broids\b|\bgear\b", 0.7),
        (
            r"\b(popp|dropp)(ing|ed|s) (pills|a pill|tabs|acid|molly|mandy|e's)\b|\bon pills\b"
            r"|\bcoked up\b|\boff (his|her) (face|head|tits) on\b",
            1.1,
        ),
        (r"\b(weed|cannabis|canabis|skunk|ganja|marijuana|spliffs?|zoots?|bud|hash|resin)\b", 1.1),
        (
            r"\b(smok(e|es|ing|ed)|roll(s|ing|ed)?|passing|passed|sharing) (a |the |some )?joints?\b"
            r"|\bjoints? (in|round|around)\b",
            1.1,
        ),
        (
            r"\b(doing|did|does|do|snort\w*|racked up|rack up|chopping) (\w+ )?lines\b"
            r"|\blines of\b|\bsniff(ing)?\b|\bon the gear\b|\bhigh as\b|\bstoned\b|\bwasted on\b",
            1.0,
        ),
        (r"\bdrugs?\b|\bdrug[- ]?(use|using|taking|habit|problem)\b|\bclass (a|b)\b", 0.6),
        (
            r"\b(drug|drugs) ?tests?\b|\bfake urine\b|\bclean (urine|piss|wee)\b|\bnever gets? tested\b|\bdon't get (drugs )?tested"
            r"\b|\bfail(ed|s)? (a |his |her )?(drugs? )?test\b",
            0.8,
        ),
        (
            r"\b(deal|deals|dealing|dealt|sell|sells|selling|sold|supply|supplies|supplying|"
            r"push|pushing) (\w+ ){0,2}" + DRUG + r"\b",
            1.0,
        ),
        (r"\b(is|was|been|he's|she's|copper|cop|officer|pc) (\w+ )?dealing\b(?! with)", 1.0),
        (r"\bcounty lines\b", 1.0),
    ],
    "dishonesty": [
        (
            r"\bst(o|ea)l(e|en|ing|s)\b|\btheft\b|\bthieving\b|\bthief\b|\bpocket(ed|s|ing)\b"
            r"|\bhelped (himself|herself|themselves) to\b",
            1.0,
        ),
        (
            r"\bnick(ed|s|ing)? (a |the |some |my |her |his |money|cash|stuff|things|property)"
            r"(?!me\b|him\b|her\b|us\b|them\b)",
            0.8,
        ),
        (
            r"\bnick(s|ed|ing)? (\w+ ){1,3}(from|off|out of)\b|\bshoplift\w*|\b(taking|takes|took|take) "
            r"(stuff|things|goods|food|drink|booze) from (the )?(shops?|stores?|supermarkets?|tills?)\b"
            r"|\b(not|never|without) pay(ing)?\b",
            1.0,
        ),
        (
            r"\b(keep|keeps|kept|keeping|take|takes|took|taking|nick\w*|steal\w*) (\w+ ){0,2}"
            r"(home )?(the )?(seized|confiscated|recovered|evidence|exhibits?|found) (\w+ )?"
            r"(\w+|property)\b|\bflog(s|ged|ging)? (them|it|the)\b|\bproperty (store|bags?|room)\b",
            0.7,
        ),
        (
            r"\bfraud\w*\b|\bfiddl(e|es|ed|ing)\b|\bscam(s|ming|med)?\b|\bembezzl\w*|\bfalsif\w*"
            r"|\bforg(ed|ery|ing)\b|\bfabricat\w*",
            1.0,
        ),
        (
            r"\bexpenses\b|\bmileage\b|\bovertime\b|\btimesheets?\b|\bduty sheets\b|\binvoices?\b",
            0.6,
        ),
        (
            r"\b(never|didn't|not) (worked|work|done|do|turned up)\b|\bhours (he|she|they) never\b"
            r"|\bsits at home\b|\bcancelled\b|\bnever cleans\b|\bthat (they|he|she) never\b",
            0.5,
        ),
        (
            r"\bsecond job\b|\bside (job|business|hustle)\b|\bon the side\b|\bcash[- ]in[- ]hand "
            r"jobs?\b|\bmoonlight\w*|\bundeclared\b|\b(hasn't|has not|not|never|didn't|without) "
            r"declar(ed|ing|e)\b",
            0.7,
        ),
        (
            r"\b(business|company|firm|shares?|stake) (in|on)\b|\bshare in\b|\bown(s)? (a|the) "
            r"(business|company|firm)\b|\bruns? (a|her|his) (\w+ ){0,2}(business|company|firm)\b"
            r"|\bdrives? (a )?taxis?\b|\bshifts as\b|\bworking (as|at|for) (a|an|her|his)\b"
            r"|\b(working|doing|does|works?) (\w+ )?shifts\b|\bworking (at|in|for) \w+\b"
            r"|\bdoing shifts\b|\bjob as\b|\bdriv(es|ing) (for )?(an? )?(uber|deliveroo|taxis?|cabs?)\b"
            r"|\b(uber|deliveroo|just eat) (driver|rider|most|every|at)\b",
            0.5,
        ),
        (
            r"\b(signed|signs|went|going|goes|is|been|off) (off )?sick\b|\bsick (leave|note|pay)\b"
            r"|\bon the sick\b|\b(restricted|light|recuperative) duties\b|\bbad back\b",
            0.5,
        ),
        (
            r"\blie(s|d)? (in|on) (his|her|their|the) (statements?|reports?|notes|evidence)\b"
            r"|\b(wrote|writes|put|puts|claimed|claims) in (his|her|their|the) (notes|statements?|"
            r"reports?|pocket ?book|evidence) that\b"
            r"|\blied\b|\blying in (court|evidence|statements?)\b|\bperjury\b|\bfalse (statement|"
            r"evidence|report|claims?|allegations?|entries)\b|\bplant(ed|ing) (evidence|drugs)\b"
            r"|\bmade (it|that|the \w+) up\b|\bwrote (up )?(the )?(police )?report (himself|herself)"
            r"\b|\bcover(ed|ing)? (it|this|that) up\b",
            1.0,
        ),
        (
            r"\binsurance (claim|fraud|job|scam)\b|\bclaim(ed|s|ing)? (on|off) (the|her|his) "
            r"insurance\b|\bstaged (a|the) (crash|accident|burglary)\b",
            1.0,
        ),
        (r"\bwithout paying\b|\bdoesn't pay for\b|\bnever pays? for\b|\bdoes a runner\b", 1.0),
        (r"\b\d+ ?(pounds?|quid|£) short\b|\bcame back (\w+ ){0,2}short\b", 1.0),
        (r"\bmoney (was )?missing\b|\b(was|were|went) (gone|missing)\b", 0.7),
        (
            r"\b(kept|keeps|keeping|pocketed|pockets|pocketing) (\w+ ){0,4}(cash|money|quid|pounds|"
            r"notes|purse|wallet|jewellery|watch|phones?)\b",
            1.0,
        ),
        (
            r"\b(took|takes|taking) (\w+ ){0,4}(lost property|handed in|"
            r"seized|seizures?|cash|money|purse|wallet|jewellery|watch)\b"
            r"|\bhanded in as lost\b|\blost property\b",
            0.8,
        ),
        (
            r"\b(keeps?|kept|keeping) back (some|part|most|half|a bit)\b|\bskim(s|med|ming)? (off|from)"
            r"\b",
            1.0,
        ),
        (r"\b(cash|money|watch|rolex|jewellery|purse|wallet|valuables)\b", 0.3),
        (r"\b(get|gets|got|getting) (more|it|them|some)\W{0,3}from work\b", 1.0),
        (
            r"\bclaim(s|ed|ing)? (for )?(\w+ )?(mileage|expenses|overtime|taxis?|hours)\b"
            r"|\bfalse (claims?|expenses|overtime)\b",
            1.0,
        ),
        (
            r"\b(force|work|corporate|company|police|purchase|fuel) (credit )?cards?\b"
            r"|\bpersonal (shopping|purchases|spending|bills)\b"
            r"|\bputting through\b|\bclaims? (for )?taxis\b|\bbooks? (himself|herself|themselves) on"
            r"\b|\bsigning off (overtime|hours)\b|\bsplit (it|the money)\b",
            0.6,
        ),
        (r"\brecovered\b", 0.2),
    ],
    "misuse_of_information": [
        (
            r"\bpolice (computer|computers|system|systems|records?|database|intelligence)\b"
            r"|\bpnc\b|\bniche\b|\bathena\b|\bpnd\b|\bstorm system\b",
            1.0,
        ),
        (
            r"\b(on|off|from|in) the (system|computer|database|records)\b|\bon (police|their) records\b",
            1.0,
        ),
        (
            r"\b(run|runs|ran|running|do|does|did|doing|carr(y|ies|ied)) (out )?(pnc|police|niche|"
            r"athena|system|computer|database|intelligence|intel|vehicle|criminal record) checks?\b",
            1.1,
        ),
        (
            r"\b(look|looks|looked|looking|listen\w*|read\w*) (up |at |to )?(the |their |all the )?"
            r"(999|101|emergency|incident|crime) (calls?|logs?|reports?|records?)\b|\bdoxx?(ed|ing|es)?\b",
            1.0,
        ),
        (
            r"\b(post|posts|posted|posting|publish\w*|put|puts) (up |out |online )?(\w+ ){0,3}(home )?"
            r"(address|addresses|phone numbers?|personal details|number plate)\b",
            1.0,
        ),
        (
            r"\bleak(s|ed|ing)? (\w+ ){0,4}to (the )?(papers|press|media|newspapers?|journalists?|"
            r"reporters?|tabloids?)\b|\bsold (\w+ ){0,4}to (a |the )?(papers?|newspapers?|press|"
            r"tabloids?)\b",
            1.0,
        ),
        (
            r"\b(about|of|on) (people's|peoples|their|other people's|his|her) (arrests|convictions|"
            r"records|cases|criminal records)\b|\bnames and all\b|\bwho (they|he|she)('d| had| has)? "
            r"arrested\b",
            0.6,
        ),
        (
            r"\b(look|looks|looked|looking|check|checks|checked|checking|search|searches|searched|"
            r"searching|run|runs|ran|running) (\w+ ){0,4}(up )?(on|through) (the|our|their|his|her) "
            r"(system|computer|database|records|files)\b",
            1.0,
        ),
        (r"\b(look|looks|looked|looking) (me|her|him|us|them|my \w+|\w+) up\b", 0.6),
        (
            r"\b(run|runs|ran|running|do|does|did|doing) (\w+ ){0,2}checks?\b|\b(pnc|address|record|"
            r"background|intelligence) checks?\b",
            0.8,
        ),
        (
            r"\b(gave|give|gives|given|giving|pass|passes|passed|passing|leak|leaks|leaked|leaking|"
            r"told|tell|tells|telling|shared|share|shares|sharing|sold|sell|sells|selling|disclos\w+|"
            r"revealed|reveals|read|reading) (out |on |up )?(\w+ ){0,5}(address|addresses|"
            r"details|records?|paperwork|files?|reports?|names and|name and|phone numbers?|"
            r"personal data|personal information|data)\b",
            1.0,
        ),
        (r"\b(information|info|intel)\b", 0.3),
        (
            r"\b(tell|tells|telling|told) (him|them|her) who (has|had|have|'s|is|was) been\b"
            r"|\bwho('s|'s been| is| has been| had been| have been| was| were) (arrested|reporting|"
            r"grassing|informing|snitching|talking to|giving evidence|a witness|an informant)\b",
            1.0,
        ),
        (
            r"\b(which|what) (houses|addresses|flats|cars|people|properties) (are|were|was|is) "
            r"(being )?(watched|targeted|raided|under surveillance|on the list|going to be (raided|"
            r"searched|hit))\b",
            1.0,
        ),
        (r"\b(new )?address\b", 0.3),
        (
            r"\b(numbers?|details|address(es)?|names?) (\w+ ){0,4}(from|off) (jobs|work|(my|her|his|"
            r"their|the) (statements?|reports?|crime reports?|files|cases?|calls?)|(the )?"
            r"(collision|crash|crime|incident|accident) reports?|calls?|the system)\b",
            1.0,
        ),
        (
            r"\b(weren't|wasn't|not|isn't) public\b|\bonly (ever )?(been )?on police\b"
            r"|\bconfidential\b|\bdata protection\b|\bgdpr\b",
            0.8,
        ),
        (r"\bknew (all )?about (my|her|his|our)\b|\bknew my (new )?address\b", 0.5),
        (
            r"\b(telling|told|tells) (everyone|everybody|people|the street|the neighbours|"
            r"neighbours|the salon|staff and clients|clients)\b|\bdetails of incidents\b",
            0.5,
        ),
        (r"\bcrime reports?\b|\bcollision reports?\b|\bcase files?\b", 0.4),
    ],
    "offensive_communications": [
        # Two kinds: channels (where) and content (what); see categories.py.
    ],
    "violence_abuse_of_force": [
        (
            r"\bpunch(es|ed|ing)?\b|\bkick(s|ed|ing)? (him|her|me|us|them|my|his|a|the|out)\b"
            r"|\bkicked\b|\bstamp(ed|ing) on\b|\bheadbutt\w*|\belbow(ed|ing)\b",
            1.1,
        ),
        (
            r"\bknee(d|s|ing)? (him|her|me|my|his) (in|on)\b|\bkneed\b|\bknelt on\b|\bkneeling on\b"
            r"|\bheadlock\b|\bchoke ?hold\b|\bstrangl\w*|\bby the (throat|neck|hair)\b",
            1.1,
        ),
        (
            r"\bslam(s|med|ming)\b|\bshov(e|ed|es|ing)\b|\bthrew (him|her|me)\b|\bthrown to the "
            r"(ground|floor)\b|\bdragg?(ed|ing)? (him|her|me|my|his|a|the) \w*\b|\bpushed (his|her|my)"
            r" (face|head)\b",
            1.0,
        ),
        (
            r"\bhit (him|her|me|them|us|my \w+|his \w+|her \w+|a (man|woman|lad|boy|girl|kid|child|"
            r"teenager|pensioner|prisoner|detainee|protester)|the (man|woman|lad|boy|girl|prisoner|"
            r"detainee))\b|\bbeat (him|her|me|them) up\b|\bbeaten( up)?\b|\bbeating\b"
            r"|\bslap(ped)? (him|her|me|a|the|my)\b|\bbeat (\w+ ){0,2}up\b|\bbatter(s|ed|ing)?\b"
            r"|\bbeat(s|ing)? (the )?(shit|crap|hell|living daylights) out of\b",
            1.0,
        ),
        (r"\bassault(s|ed|ing)?\b|\bass?u?a?u?lt(s|ed|ing)\b|\battack(ed|s|ing)\b", 1.0),
        (
            r"\bexcessive force\b|\bunnecessary force\b|\bbrutal(ity|ly)?\b|\bheavy[- ]handed\b"
            r"|\bmanhandl\w*",
            1.1,
        ),
        (
            r"\btaser(ed|s)?\b|\btazer(ed)?\b|\bpepper[- ]sprayed\b|\bcs[- ]sprayed\b|\bsprayed "
            r"(him|her|me|us|them)\b|\bbatoned\b|\bwith (a|his|her) baton\b|\bdog (bite|bit|attack)\w*"
            r"|\b(let|set) (his|her|the) dog (bite|on)\b",
            1.1,
        ),
        (
            r"\b(broke|busted|bust|split) (his|her|my|a) (nose|arm|jaw|ribs?|wrist|leg|lip|face)\b"
            r"|\bbroken (nose|arm|jaw|ribs?|wrist|leg)\b|\bsplit lip\b|\bblack eye\b|\bbloody nose\b"
            r"|\bconcussion\b|\bcouldn't breathe\b|\bcan't breathe\b|\bface down\b|\bhit (his|her|"
            r"my) head\b",
            0.8,
        ),
        (
            r"\bthreat(en|ens|ened|ening)\b|\bthreats? (of|to)\b|\bbaseball bat\b|\bknife\b"
            r"|\bweapon\b",
            0.9,
        ),
        (
            r"\b(bury|kill|hurt|break|smash) (you|him|her|them|your)\b|\bbreak your\b"
            r"|\b(break|smash|snap|kick) (my|his|her|your|their) (legs?|arms?|face|head|neck|jaw|nose|teeth)"
            r"( in)?\b|\b(sort|do) (you|him|her|them|my \w+) (out|in|over)\b|\bsort out\W{0,2} (my|his|her)"
            r" \w+\b|\b('ll|will|would|'d) do (you|him|her|them)\b|\bintimidat\w*"
            r"|\bthings will happen\b|\byou('re| are) next\b|\bwatch your back\b|\bsort (you|him) out"
            r"\b|\bfinish (you|him|me)\b",
            1.0,
        ),
        (r"\bviolent\b|\bviolence\b", 0.6),
    ],
    "criminal_association": [
        (
            r"\bgangs?\b|\bgangsters?\b|\borgani[sz]ed crim\w*|\bocgs?\b|\bmafia\b|\bcartels?\b"
            r"|\bmobsters?\b|\bcrime (family|boss|lord|group|firm)\b|\bcounty lines\b|\bparamilitar\w*",
            1.1,
        ),
        (r"\b(drug )?dealers?\b|\bdrug lords?\b|\bkingpins?\b", 1.0),
        (
            r"\bcrooks?\b|\bcriminals?\b|\bknown offenders?\b|\bcareer criminal\b|\bfences? stolen\b",
            0.8,
        ),
        (
            r"\b(jailed|convicted|inside|served time|did time|locked up|prison) for\b|\barmed robbery"
            r"\b|\bchop shops?\b|\bstolen cars?\b|\bmoney launder\w*|\bmodern slave\w*|\bslave labour\b"
            r"|\b(cannabis|weed|skunk) (farms?|factory|factories|grows?)\b|\b(run|runs|ran|running|"
            r"controls?) the doors\b|\bon remand\b|\b(drugs|drug|fraud|murder) conspiracy\b"
            r"|\bburglar(ies|s|y)?\b|\bprotection racket\b",
            0.6,
        ),
        (
            r"\btraffick(ed|ing|ers?)\b|\bloan sharks?\b|\bparamilitar\w*|\bdissidents?\b"
            r"|\bterroris[tm]s?\b|\bextortion\w*|\bracketeer\w*",
            1.0,
        ),
        (
            r"\b(runs?|running|ran) (half |most |all )?(of )?(the |a |an )?(\w+ ){0,1}(coke|cocaine|"
            r"drugs?|cannabis|weed|heroin|stolen car|chop shop|scrapyard|grow|farm|houses|brothel|"
            r"operation|racket|massage)\b|\b(who|which) (run|runs) (the|a)\b|\brunning things\b",
            0.8,
        ),
        (
            r"\b(mates|friends|pals|close|best mates|drinking buddies) with\b|\bin a relationship with"
            r"\b|\bmarried to\b|\b(sister|brother|cousin|son|daughter|nephew|niece)(-in-law)? of\b"
            r"|\b(his|her) (brother|cousin|brother-in-law|sister-in-law)\b|\bis involved with\b"
            r"|\bon holiday with\b|\bparties\b|\bat their\b|\bhaving a pint with\b",
            0.4,
        ),
        (
            r"\b(the|a) \w+ (family|famly|brothers|crew|firm) (who|that)\b|\bfamily who run\b"
            r"|\b(family|famly|brothers|crew|firm|lads|boys|gang|people|men) (who|that|which) "
            r"(run|runs|ran|control|controls)\b|\b(?<!film )(?<!cabin )(?<!ambulance )crew\b"
            r"|\bthe (lads|boys) (from|off) the estate\b",
            0.6,
        ),
        (
            r"\b(giving|give|gave) evidence against\b|\bthe defendant\b|\bthe accused\b"
            r"|\b(assault|murder|drugs) case\b",
            0.5,
        ),
        (
            r"\b(pet|tame|inside) (copper|cop|man)\b|\bprotect(s|ing|ed)? (them|him|the \w+|"
            r"criminals)\b|\blets? (it|them) go\b|\btells? the \w+ to let it go\b"
            r"|\bkeeps? (\w+ ){0,6}off the radar\b|\blets? (\w+ ){0,6}carry on\b|\blooks? after them\b",
            0.8,
        ),
        (r"\b(raid|raids|searches|warrants?|stop and search)\b", 0.3),
    ],
    "other_misconduct": [
        (r"\bhare cours\w*|\blamping\b|\bpoach(ing|er|ers)\b|\bbadger bait\w*|\bdog fight\w*", 1.2),
        (
            r"\bdrunk on duty\b|\bdrinking on duty\b|\bhip flask\b|\bdrink[- ]?driv\w*|\bover the "
            r"limit\b|\bdrives? home from the pub\b",
            1.0,
        ),
    ],
}

# Offensive communications: a channel AND offensive content must both be present.
OFFENSIVE_CHANNEL: list[Term] = [
    (
        r"\bwhats ?app\b|\bsnap ?chat\b|\bfacebook\b|\btik ?tok\b|\binstagram\b|\binsta\b"
        r"|\btwitter\b|\btelegram\b|\bdiscord\b|\breddit\b|\bmessenger\b|\bon x\b|\bx account\b"
        r"|\bsocial media\b",
        1.0,
    ),
    (r"\bonline\b", 0.6),
    (
        r"\bgroup ?chats?\b|\bchat group\b|\bgroup (called|chat|where)\b|\b(whats ?app|snap ?chat|"
        r"facebook|telegram) (group|page|chat)\b",
        1.0,
    ),
    (
        r"\bpost(s|ed|ing)?\b|\btweet(s|ed|ing)?\b|\bretweet\w*|\bshares? (memes|posts)\b|\breplies"
        r" to\b|\bcomments? (on|under)\b|\busername\b|\bbio\b|@[a-z0-9_]{3,}|\bmemes?\b|\bvideos\b",
        1.0,
    ),
]
OFFENSIVE_CONTENT: list[Term] = [
    (
        r"\bjok(e|es|ing)\b|\bmemes?\b|\bbanter\b|\blol\b|\blmao\b|\bmock(s|ed|ing)?\b|\bmimic\w*"
        r"|\blaugh(s|ed|ing)? (at|about)\b|\bcaptions?\b",
        1.0,
    ),
    (
        r"\bnasty\b|\bvile\b|\bdisgusting\b|\boffensive\b|\bdegrading\b|\bdehumanis\w*"
        r"|\bhateful\b|\babuse\b|\babusive\b|\bslurs?\b|\bracist\b|\bsectarian\b"
        r"|\bhomophobic\b|\bmisogyn\w*",
        1.0,
    ),
    (
        r"\bdoxx?(ed|ing|es)?\b|\bscum\b|\bcockroaches\b|\bvermin\b|\bwastes? of (space|oxygen)\b|\banimals\b|\bsubhuman\b",
        1.0,
    ),
    (
        r"\bselfies? with\b|\bphotos? of (\w+ ){0,3}(body|bodies|dead|victims?|detainees?|people "
        r"(they've|they have|he's|she's) arrested)\b|\bpictures? of (\w+ ){0,3}(women|body|bodies|"
        r"dead|victims?|people)\b|\bdead (body|bodies|lad|man|woman|girl|boy)\b|\bthe body\b|\bnaked\b",
        1.0,
    ),
    (
        r"\b(rate|rates|rating|rated) (female |the )?(women|victims|girls|witnesses)\b"
        r"|\bshould have (used|hit|battered)\b|\bnext time we\b",
        1.0,
    ),
]

# Context that turns an apparent trigger into something else (victim's crime, unit name...).
SUPPRESS: dict[str, list[str]] = {
    "drugs": [
        r"\bdrugs? (team|squad|unit|warrants?|raids?|op|operation|seizures?|dogs?|gangs?|"
        r"networks?|empire|business|money|lords?|barons?)\b",
        r"\b(smell\w*|suspicion|possession|accused|suspected|searched|searching|arrested|stopped|"
        r"charged|convicted|caution) (of|for) (\w+ ){0,1}" + DRUG + r"\b",
        r"\b(runs?|running|ran) (half |most |all )?(of )?(the |a |an )?(\w+ ){0,1}" + DRUG + r"\b",
        r"\b(cannabis|weed|coke|cocaine|drugs?|skunk) (grows?|farms?|factory|factories|houses?|"
        r"dens?|gangs?|dealers?|lines)\b",
        r"\b(can|bottle|glass) of coke\b|\bdiet coke\b|\bcoke zero\b",
        r"\bsteroids? (for|in) (the|a) gym\b",
        r"\b(run|runs|running|ran|who run|who runs) county lines\b",
    ],
    "sexual_misconduct": [
        r"\brape jokes?\b|\bjokes? about (rape|sex\w*)\b",
        r"\b(report|reports|reported|reporting|investigat\w+|alleged|allegation of|victim of|"
        r"survivors? of|case|cases|about) (a |her |my |his |their |the )?(\w+'s )?"
        r"(rape|sexual (assault|offence|abuse))\b",
        r"\bwomen who report rape\b|\b(rape|sexual assault|sexual offence)s? "
        r"(case|victims?|investigation|team|unit|claims?)\b",
        r"\bsexual (orientation|health)\b|\bsexuality\b",
        r"\bnon-? ?molestation\b",
        r"\b(sexual|sexist|dirty|smutty)\W{0,2} ?(jokes?|memes?|banter|gifs?)\b",
    ],
    "violence_abuse_of_force": [
        r"\b(caution|conviction|convicted|charged|arrested|jailed|record|warrant) for (\w+ )?"
        r"(assault|attack)\w*",
        r"\b(sexual|indecent)(ly)? assault\w*",
        r"\bvictim of (a |an )?(\w+ )?assault\b|\bassault case\b",
        r"\b(attacks?|assaults?) on (the )?(police|officers|us)\b",
        r"\bpushed past\b",
        r"\bslap\w* (\w+ ){0,3}(backside|bum|bottom|arse)\b",
        r"\b(jokes?|memes?|banter|laugh\w*|joking|gifs?) (about|of) (\w+ ){0,2}(beat\w*|hit\w*|punch\w*|"
        r"kick\w*|batter\w*|taser\w*|kill\w*|shoot\w*|strangl\w*)",
        r"\b(cs spray|baton|taser)s? (and|on|in|left)\b",
        r"\b(nearly|almost|narrowly|could have|would have) (hit|knocked|run)\b",
    ],
    "dishonesty": [
        r"\b(my|our|her|his|their|a|the) (\w+ ){0,2}(was|were|got|had been|has been) stolen\b",
        r"\bstolen (cars?|goods|vehicles?|plates)\b|\breported (a |the )?theft\b"
        r"|\b(theft|burglary|robbery) (of|at|from) (my|our|her)\b",
        r"\bcaution for\b",
        r"\b(investigat\w*|report\w*|complaint|allegations?|case|victims?) (of |about |into )?(\w+ )"
        r"{0,2}(fraud|theft|burglary)\b|\b(fraud|theft|burglary) (complaint|case|investigation|"
        r"squad|team|unit|report)\b",
        r"\b(car|bike|phone|van|purse|bag|wallet|handbag|laptop|moped)s? (was |were |got |being )?"
        r"stolen\b",
    ],
    "criminal_association": [
        r"\b(car|antiques?|scrap|art|card) dealers?\b",
        r"\b(are|is|all|were|being|them|they're) (all |a |just )?terroris[tm]s?\b",
    ],
}
