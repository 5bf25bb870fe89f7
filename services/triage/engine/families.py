# ruff: noqa: E501  (tables read best one family per line)
"""Lexicon families: the ways people describe each kind of misconduct.

Organised by family (the act, slang, euphemism, the effect on the victim, the
victim's view) rather than by phrasings seen in a corpus; verbs are written as
lemmas and expanded by morph.py. These add to lexicon.py: a family match that
overlaps a lexicon match of the same category is not counted twice.

CONDUCT holds police-conduct language with no category of its own (rude,
ignored my calls, bullying): it lets other_misconduct fire as a fallback and
is not evidence for any specific category.
"""

from __future__ import annotations

from .morph import N, Term, V, W

# fmt: off

# Who an act is done to: a person, not a thing.
OBJ = (
    r" (?:him|her|me|us|them|my \w+|his \w+|her \w+|their \w+|our \w+|a \w+|an \w+|the \w+|"
    r"this \w+|that \w+|one of \w+|some \w+|[A-Za-z]+'s \w+|someone|people|(?:an? |the )?(?:[\w'-]+ )?"
    r"(?:man|woman|lad|boy|girl|kid|child|teenager|pensioner|protester|prisoner|detainee|suspect))\b"
)
OBJ_ = OBJ + r"(?:\W+\w+){0,4}?"
BODY = r"(?:head|face|nose|jaw|ribs?|arm|arms|wrist|hand|hands|fingers?|leg|legs|back|neck|throat|chest|stomach|balls|groin|eye|mouth|teeth|skull|cheekbone|hip|ankle|knee|collarbone|eye socket|shoulder)"
PERSON_BODY = r"(?:his|her|my|their|your|the \w+'s|a \w+'s|[a-z]+'s) " + BODY

# ---- violence and abuse of force --------------------------------------------
_STRONG_HIT = V(
    "punch", "thump", "headbutt", "head-butt", "head butt", "throttle", "strangle",
    "strangel", "batter", "belt", "clobber", "wallop", "whack", "twat", "deck", "lamp",
    "sucker punch", "sucker-punch", "uppercut", "elbow", "knee", "stamp", "stomp", "kick",
    "boot", "slap", "smack", "bash", "beat", "hit", "glass", "nut", "chin", "floor",
    "choke", "strike", "pummel", "pound", "kneel", "clip", "jab",
)
_PUSH = V(
    "shove", "push", "slam", "throw", "drag", "pin", "grab", "twist", "yank", "wrench",
    "manhandle", "bundle", "rugby tackle", "tackle", "crush", "squeeze", "ram", "smash",
    "bang", "fling", "hurl",
)
_FORCE_TOOL = V("taser", "tazer", "tase", "zap", "spray", "pepper spray", "pepper-spray", "cs spray", "baton", "cosh", "truncheon", "bite", "maul", "savage")
VIOLENCE: list[Term] = [
    Term(1.1, _STRONG_HIT, OBJ),
    Term(1.1, V("throttle", "strangle", "headbutt", "head-butt", "head butt", "batter", "beat up", "rough up", "knock out", "pummel", "manhandle")),
    Term(1.1, _STRONG_HIT, r" (?:[\w'-]+ ){0,2}(?:in|on|round|across|around|about) (?:the|his|her|my|their|your) " + BODY),
    Term(1.1, V("stamp", "stomp", "kneel", "jump", "land"), r" on " + PERSON_BODY),
    Term(1.0, V("rough", "beat", "knock", "duff", "bash", "smash", "do", "kick"), OBJ, r" (?:up|about|around|over|in|down|out|flying|senseless)"),
    Term(1.1, V("give", "dish out", "hand out"), "(?:" + OBJ + ")?", r" (?:a |an )?(?:right |proper |good |real |serious )?(?:kicking|beating|hiding|slap|smack|dig|clip round the ear|going[- ]over|pasting|battering|leathering|thumping|slapping|doing|punch|whack|shoeing)"),
    Term(1.1, V("lay into", "lay in to", "set about", "lash out at", "go for", "lamp", "rush", "attack", "assault", "jump on"), OBJ),
    Term(1.0, _PUSH, OBJ_, r" (?:into|against|onto|on to|to|across|down|over|off|along|through|up against|out of) (?:the |a |his |her |my |their )?(?:[\w'-]+ )?(?:ground|floor|wall|walls|car|van|bonnet|kerb|curb|pavement|road|door|shutters?|window|table|desk|lockers?|railings|fence|stairs|steps|bed|cell|bench|tarmac|concrete|grass|glass)"),
    Term(1.0, _PUSH, OBJ, r" (?:over|down|to the (?:ground|floor)|face[- ]first|by the (?:throat|neck|hair|collar|arm|ear|head))"),
    Term(1.0, V("grab", "hold", "pin", "take", "pick up"), OBJ, r" (?:by|round|around) (?:the|his|her|my) (?:throat|neck)"),
    Term(1.1, _FORCE_TOOL, OBJ),
    Term(1.1, V("spray", "squirt", "blast", "gas", "use"), r" (?:[\w'-]+ ){0,2}(?:pava|pepper spray|cs spray|cs gas|incapacitant|captor|his taser|her taser|a taser|the taser)"),
    Term(1.0, V("twist", "bend", "wrench", "yank", "crush", "stamp on", "stand on", "jump on", "squeeze", "force"), r" (?:his|her|my|their|[a-z]+'s|the \w+'s) (?:arm|arms|wrist|wrists|fingers?|thumb|hand|hands|leg|legs|neck|head|ankle|knee|back)"),
    Term(1.1, W("pava", "pepper spray", "cs spray", "cs gas", "incapacitant spray", "captor spray", "taser", "tazer", "baton", "truncheon", "police dog"), r"(?:\W+\w+){0,6}? (?:in|on|at|into) (?:[\w'-]+ ){0,4}?(?:face|eyes|head|back|leg|legs|chest|neck|body)"),
    Term(1.0, V("set", "let"), r" (?:his |her |the |a )?(?:police )?dogs? (?:on|bite|maul|attack|go for)"),
    Term(1.0, V("put", "keep", "hold"), OBJ, r" in (?:a )?(?:headlock|choke ?hold|strangle ?hold|neck ?hold|neck restraint)"),
    Term(1.0, V("kneel", "knee", "sit", "lean", "put"), r" (?:[\w'-]+ ){0,3}on (?:his|her|my|their|the \w+'s) (?:neck|back|head|chest|throat)"),
    # The effect: injuries (support; need another word or a second injury).
    Term(0.7, V("break", "fracture", "crack", "snap", "dislocate", "bust", "split", "chip", "smash", "cut open"), r" (?:[\w'-]+ ){0,2}" + BODY),
    Term(0.7, W("broken", "fractured", "cracked", "snapped", "dislocated", "bust", "busted", "split", "swollen", "bleeding", "bloodied", "bloody"), r" (?:[\w'-]+ )?" + BODY),
    Term(0.6, W("black eye", "black eyes", "split lip", "fat lip", "concussion", "concussed", "stitches", "knocked out", "knocked unconscious", "knocked him out", "knocked her out", "in plaster", "covered in bruises", "pouring with blood", "blood everywhere", "a&e", "stamp marks", "boot print", "taser barbs", "head injury", "bruised ribs", "cracked ribs", "brain injury", "went purple", "passed out", "couldn't breathe", "could not breathe")),
    Term(0.8, W("assault", "assaulted", "assaulting", "brutality", "brutalised", "brutalized", "excessive force", "unreasonable force", "disproportionate force", "police violence", "battery")),
    # Threats of violence.
    Term(1.0, V("threaten"), r"(?: (?:to|that))? (?:[\w'-]+ ){0,4}(?:kill|hurt|batter|beat|smash|stab|shoot|break|kick|glass|bury|do|sort|punch|hit|knock|cave|put|set the dog)"),
    Term(1.0, W("i'll", "i will", "i'd", "he'll", "he will", "he'd", "she'll", "she'd", "going to", "gonna", "would", "will"), r" (?:[\w'-]+ ){0,1}(?:kill|batter|stab|glass|smash|kick|cave|knock|punch|bury|shoot|break|snap|rip) (?:you|him|her|them|me|your|his|her|my|their)\b(?: (?:[\w'-]+ ){0,2}(?:in|out|up|head|face|legs?|neck|teeth|jaw))?"),
    Term(1.0, W("kick", "smash", "cave", "knock", "punch", "put", "bash", "stove"), r" (?:my|your|his|her|their) (?:head|face|teeth|skull|lights) (?:in|through|out|off)"),
    Term(0.9, W("end up in hospital", "end up in a&e", "in a body bag", "in a box", "watch your back", "you're dead", "you are dead", "dead man", "you'll regret", "you will regret", "next time i see you", "what's coming", "a hiding", "get what's coming")),
]

# ---- domestic abuse (only counts with a relationship: see categories.py) -----
DOMESTIC: list[Term] = [
    Term(1.0, _STRONG_HIT, OBJ),
    Term(1.1, V("throttle", "strangle", "headbutt", "head-butt", "batter", "beat up", "choke", "knock about", "knock around", "smack about", "slap about", "push around")),
    Term(1.0, _PUSH, OBJ_, r" (?:into|against|onto|down|over|across|through|out of) (?:the |a |his |her |my |their )?(?:[\w'-]+ )?(?:ground|floor|wall|walls|car|door|stairs|steps|bed|table|window|kitchen|bath|bathroom|room|garden|house)"),
    Term(1.0, _PUSH, OBJ, r" (?:over|down|by the (?:throat|neck|hair|arm|wrist))"),
    Term(1.0, V("put", "fit", "hide", "use", "install", "track", "follow", "monitor"), r" (?:[\w'-]+ ){0,3}(?:tracker|tracking device|airtag|air tag|gps|find my|location sharing|spyware|tracking app)"),
    Term(1.0, V("track", "monitor", "read", "check", "go through", "listen to", "record"), r" (?:all )?(?:her|his|my|their) (?:car|phone|texts|messages|emails|calls|location|mileage|post|bank|receipts|movements)"),
    Term(1.0, V("take", "keep", "control", "stop", "hold", "hide", "ration", "seize"), r" (?:all )?(?:of )?(?:her|his|my) (?:wages|pay|money|bank cards?|cards|pension|benefits|passport|car keys|keys|phone|salary|account)"),
    Term(1.0, W("won't let", "wont let", "will not let", "doesn't let", "never lets", "isn't allowed to", "not allowed to", "stops her", "stops him", "stops me"), r" (?:[\w'-]+ ){0,2}(?:see|go|leave|work|out|talk|speak|visit|have|drive|contact|ring|phone|wear)"),
    Term(1.0, W("tells her", "tells him", "tells me", "decides"), r" (?:what|who|where|when) (?:she|he|i) (?:can|is allowed|may|could)"),
    Term(0.8, V("isolate", "belittle", "humiliate", "gaslight", "intimidate", "terrorise", "terrorize", "scream at", "spit at", "spit on")),
    Term(0.8, V("smash", "break", "punch", "kick", "put his fist through", "put her fist through"), r" (?:[\w'-]+ ){0,2}(?:door|doors|wall|window|phone|tv|telly|plates|things|furniture|mirror|car)"),
    Term(0.8, V("call"), r" (?:her|him|me|his \w+|her \w+|my \w+) (?:a |an )?['\"]?(?:[\w'-]+ ){0,2}(?:fat|useless|ugly|stupid|worthless|pathetic|slag|whore|bitch|cow|slut|psycho|mental|nutter|thick|disgusting|pig|bastard)"),
    Term(0.8, W("lose the kids", "take the kids", "take my kids", "take her kids", "never see the kids", "get the kids taken", "social services", "have them taken")),
    Term(0.7, V("lock"), r" (?:her|him|me|them) (?:out|in|up)"),
    Term(0.7, V("show up", "turn up", "keep turning up", "wait outside", "hang around", "follow", "watch", "stalk", "harass", "bombard", "hound"), r"(?: (?:at|outside|wherever|everywhere|me|her|him))?"),
    Term(0.6, W("too scared to", "scared of him", "scared of her", "terrified of him", "terrified of her", "walking on eggshells", "black eye", "bruises", "marks on her", "marks on his", "marks on my")),
]

# ---- bribery and corruption --------------------------------------------------
_MONEY = r"(?:money|cash|envelopes?|brown envelopes?|bungs?|backhanders?|kickbacks?|a drink|drinks|a cut|cut|payments?|bribes?|sweeteners?|a grand|grand|quid|£\s?\d[\d,]*k?|\d+ ?(?:quid|pounds|grand|k))"
BRIBERY: list[Term] = [
    Term(1.2, N("brown envelope", "bung", "backhander", "kickback", "kick-back", "sweetener", "bribe", "back-hander", "payoff", "pay-off", "hush money", "protection money", "retainer")),
    Term(1.2, W("on the take", "on the fiddle for", "on the pay of", "on the payroll", "in the pocket of", "in his pocket", "in their pocket", "in her pocket", "bought and paid for", "on the books of", "bent as", "can be bought", "backhanded")),
    Term(1.1, V("take", "get", "receive", "accept", "pocket", "trouser", "be given", "be paid", "pick up", "collect"), r" (?:a |an |the |his |her |some |regular |monthly |weekly )?(?:[\w'-]+ )?" + _MONEY + r" (?:off|from|of|every|each|to|for|so|in return|in exchange)"),
    Term(1.0, V("take", "get", "receive", "accept", "give", "hand", "slip"), r" (?:him |her |them )?(?:a |an )?(?:little |bit of a |nice )?drink (?:off|from|for|to|every|each|at|in return)"),
    Term(1.1, V("pay", "bung", "bribe", "slip", "bankroll", "sweeten", "buy"), r" (?:[\w'-]+ ){0,3}(?:to|so (?:that )?(?:he|she|they)) (?:[\w'-]+ ){0,2}(?:look|turn|ignore|keep|lose|make|drop|tip|warn|let|forget|bury|close|sort|overlook|go easy|not)"),
    Term(1.1, V("pay", "bribe"), r" to (?:look the other way|turn a blind eye|keep quiet|keep (?:it|them|him) quiet|keep (?:his|her) mouth shut)"),
    Term(1.0, W("a grand", "£", "a ton", "a monkey", "a score", "for a price", "for a fee", "for a few quid", "for a cut", "for cash", "for money", "for a backhander"), r"(?:\W+\w+){0,5}? (?:and|to|for) (?:he'll|she'll|he will|she will|they'll|to) (?:make|get|drop|sort|lose|bury|let)"),
    Term(1.0, V("make", "get"), r" (?:the |a |his |her |their |my |it |\w+'s )?(?:[\w'-]+ ){0,2}(?:charges?|tickets?|case|complaints?|fines?|points|conviction|record|investigation|it|them)s? (?:[\w'-]+ )?(?:go away|disappear|vanish|quietly forgotten|forgotten about|lost|dropped)"),
    Term(1.0, V("accept", "take", "get", "receive", "be given", "be treated to"), r" (?:a |an |some )?(?:free |paid |expensive |luxury |\w+ )?(?:holiday|holidays|trip|weekend|gift|gifts|car|watch|tickets|meals?|loan|flights|stay|cruise|hamper|case of \w+|crate of \w+)(?:\W+[\w'-]+){0,4}? (?:from|off) (?:a|an|the|his|her|some|local) "),
    Term(1.0, V("drop", "lose", "forget about", "sort out", "sort", "bin", "make"), r" (?:the |her |his |my |your |a |their )?(?:[\w'-]+ ){0,2}(?:charges?|tickets?|case|fines?|points|caution|arrest|summons)(?: (?:go away|disappear))?(?:\W+[\w'-]+){0,6}? (?:if|for|in return|in exchange|as long as|provided)\b"),
    Term(1.0, V("sell"), r" (?:[\w'-]+ )?(?:favours|tip-offs|tip offs|information|protection|his badge|her badge|his warrant card|warnings)"),
    Term(1.0, W("favours for cash", "favours for money", "cash for favours", "cash for information", "money for information", "cash for tip-offs", "in return for cash", "in return for money", "in return for", "in exchange for", "as a thank you for", "quid pro quo", "pay to play", "in kind")),
    Term(1.0, V("pocket", "take", "get", "receive"), r" (?:cash|money|payments?|gifts?|envelopes?|freebies|free \w+) (?:from|off) (?:the |a |an |local |his |her )?(?:[\w'-]+ ){0,2}(?:owner|landlord|dealer|firm|company|club|pub|bar|builder|family|boss|garage|shop|business|developer|haulier|trader|gang|bookie|nightclub)s?"),
    Term(0.9, W("free bacon", "free food", "free meals", "free drinks", "free fags", "free cigarettes", "free petrol", "free fuel", "free tyres", "free work", "freebies", "free stuff", "free holiday", "free hotel", "free tickets", "free beer", "never pays", "never charged", "on the house")),
    Term(0.8, W("turns a blind eye", "turned a blind eye", "turning a blind eye", "turn a blind eye", "looks the other way", "looked the other way", "look the other way", "never gets raided", "never get raided", "never gets searched", "never gets checked", "off the list", "quietly forgotten")),
    Term(1.0, W("sort the ticket", "sort out the ticket", "sort your ticket", "lose the ticket", "lose the paperwork", "forget about the ticket", "let her off", "let him off", "let me off", "let you off", "drop the charge", "drop the charges"), r"(?:\W+\w+){0,6}? (?:if|for|in return|as long as|provided)"),
]

# ---- sexual misconduct ---------------------------------------------------------
_VICTIM_ROLE = (
    r"(?:victims?|witness(?:es)?|complainants?|the (?:woman|girl|man|lad|mother|mum|sister|daughter) (?:whose|who|from|in|he|she)|"
    r"(?:woman|girl|man|lad|lady|mum|mother) (?:he|she) (?:arrested|stopped|nicked|interviewed|dealt with|met|helped|was investigating|had arrested)|"
    r"(?:an? |the )?(?:[\w'-]+ )?(?:woman|girl|man|lad|lady|teenager) (?:he|she|they) (?:arrested|stopped|nicked|interviewed|dealt with|met on|met at|met through|was investigating|searched|booked in)|"
    r"detainees?|prisoners?|suspects?|informants?|arrestees?|mother of (?:a|the) (?:[\w'-]+ ){0,2}victim|(?:his|her|one of his|one of her) (?:jobs|cases|callouts|call-outs|victims|witnesses)|"
    r"(?:a|the) (?:[\w'-]+ ){0,2}victim|someone (?:he|she) arrested)"
)
SEXUAL: list[Term] = [
    Term(1.2, V("grope", "fondle", "molest", "touch up", "feel up", "finger", "rape", "sexually assault", "sexually abuse", "indecently assault", "upskirt")),
    Term(1.2, V("put", "stick", "slide", "shove", "run", "force"), r" (?:his|her) hands? (?:up|down|inside|on|between|over|under) (?:her|his|my) (?:top|skirt|dress|shirt|blouse|trousers|jeans|knickers|pants|bra|thighs?|legs?|bum|bottom|breasts?|boobs|chest|crotch|privates)"),
    Term(1.1, V("kiss", "snog", "lick", "try to kiss", "force himself on", "force herself on", "rub himself", "rub herself", "press himself", "grind", "sniff"), OBJ + r"(?:\W+\w+){0,5}? (?:against (?:her|his|my) will|without (?:consent|asking)|when (?:she|he|i) (?:said no|pulled away|was drunk|was asleep)|in the (?:cells?|van|car|lift|kit room|locker room|office|station))"),
    Term(1.0, V("try to kiss", "force a kiss on")),
    Term(1.2, V("expose", "show", "send", "flash"), r" (?:[\w'-]+ ){0,3}(?:himself|herself|his (?:privates|penis|genitals|dick|cock|willy|bits|junk)|pictures? of his (?:privates|penis|genitals|dick|cock|willy|bits)|pics of his (?:privates|dick|cock|bits)|dick pics?|nudes|explicit (?:photos|pictures|images|videos))"),
    Term(1.2, V("live with", "move in with", "shag", "sleep with", "date", "see", "go out with", "have an affair with", "have sex with", "start a relationship with", "get involved with", "hook up with", "bed", "have a relationship with", "be in a relationship with", "go round to", "visit", "turn up at", "message", "text"), r" (?:a |an |the |one of |the flat of a |the house of a |the home of a )?(?:[\w'-]+ ){0,2}" + _VICTIM_ROLE, tag="abuse_of_position"),
    Term(1.0, V("send", "buy", "bring", "give", "leave"), r" (?:her|him|me|the victim|the witness) (?:[\w'-]+ ){0,2}(?:flowers|roses|chocolates|wine|presents|gifts|perfume|jewellery|a teddy|underwear|lingerie)"),
    Term(0.5, W("asking if i'm single", "asking if she's single", "asking if he's single", "asked if i was single", "asked if she was single", "asks if i'm single", "asking me if i'm single", "asking if i am single", "if i'm single", "if she's single", "if i was single", "if she was single", "keep me safe", "keep you safe", "play nice", "played nice", "be nice to him", "nice to him", "nice to me", "make it worth his while", "make it worth my while", "sit on his knee", "sat on his knee", "sitting on his knee", "on his lap", "bringing wine", "brings wine", "brought wine", "bringing flowers", "brings flowers", "going round", "goes round", "went round", "come back to his", "back to his place", "back to his flat", "his number", "my number", "her number", "wine", "staying late", "stay the night", "stays the night", "lift home", "lifts home")),
    Term(1.0, W("what she's wearing", "what she is wearing", "what he's wearing", "what he is wearing", "what you're wearing", "what are you wearing", "what she was wearing", "what colour underwear", "send him selfies", "send him pictures", "send him pics", "send him photos", "send me selfies", "send me pics", "send me pictures", "money to meet", "our secret", "don't tell your mum", "don't tell your parents", "mature for", "grown up for")),
    Term(0.5, W("meet up", "meet him", "asking to meet", "wants to meet")),
    Term(1.1, W("if"), r" (?:she|he|i|you|my \w+|her \w+|his \w+|the \w+) (?:slept|sleeps|would sleep|'d sleep|had sex|has sex|went out|goes out|would go out|was nice|were nice|is nice|'s nice|'d be nice|gave him|gives him|did something for him|sent him|showed him|played nice|plays nice|'played nice'|kissed him|met him)"),
    Term(1.1, W("if she slept with him", "if she'd sleep with him", "if she would sleep with him", "if i slept with him", "if i'd sleep with him", "if you sleep with me", "for sex", "in exchange for sex", "sexual favours", "sexual favors", "for a blowjob", "for a shag", "if she had sex with him", "if i had sex with him", "if she gave him", "if i gave him", "if she went out with him", "if i went out with him", "if she was nice to him", "if i was nice to him", "if she's nice to him", "if i'm nice to him", "if she played nice")),
    Term(1.0, W("against her will", "against my will", "without her consent", "without my consent", "unwanted", "inappropriate touching", "touched inappropriately", "touching me", "touching her", "sexual assault", "sexual harassment", "sexually harassed", "sexually harassing", "indecent exposure", "indecently exposed", "sexual comments", "pervy", "leering at", "perving", "up her skirt", "down her top", "his privates", "his penis", "his genitals")),
]

# ---- discrimination ------------------------------------------------------------
_SAID = r"(?:call|calls|called|calling|refer|refers|referred|referring|say|says|said|saying|shout|shouts|shouted|shouting|yell|yelled|tell|tells|told|telling|describ\w+|nicknam\w+|label\w*|branded|brands|dubbed)"
DISCRIMINATION: list[Term] = [
    # Animal and dehumanising terms said to or about people.
    Term(1.0, N("monkey", "ape", "gorilla", "baboon", "chimp", "chimpanzee", "orangutan", "jungle bunny"), r"(?! (?:sanctuary|enclosure|house|zoo|nuts|wrench|suit|handler|unit|section|walker|fouling|warden|bite|bites|attack|squad))"),
    Term(1.2, W("monkey noises", "monkey noise", "ape noises", "ape noise", "gorilla noises", "monkey chants", "monkey chanting", "banana at", "bananas at", "made monkey", "makes monkey", "making monkey", "makes ape", "made ape", "making ape")),
    Term(0.6, N("cockroach", "vermin", "savage", "animal", "parasite", "scrounger", "sponger", "cockroaches")),
    # Religious dress, faith and food.
    Term(1.2, W("that thing off your head", "that thing off her head", "that thing on your head", "that thing on her head", "that thing on his head", "that rag", "that tea towel", "take it off your head", "take that off your head", "the thing on her head", "the thing on his head", "tea towel head", "tea-towel head", "towel head", "towelhead", "rag head", "raghead", "nappy head", "bin bag", "binbag", "letterbox", "letter box", "letterboxes", "ninja", "bomb in his", "bomb in her", "bomb in your", "bomb in the", "bomb under", "suicide bomber", "jihadi", "osama", "bin laden", "isis bride", "taliban")),
    Term(1.0, W("terrorist", "terrorists", "bomber", "extremist", "extremists")),
    Term(1.0, W("bacon", "pork", "pig's head", "ham sandwich", "pork pie"), r"(?:\W+\w+){0,6}? (?:on|in|at|into|near|under) (?:his|her|my|their|the) (?:desk|locker|face|food|lunch|drawer|bag|car|prayer)"),
    Term(1.0, V("mock", "mimic", "imitate", "take the mick out of", "take the piss out of", "laugh at", "make fun of", "ridicule", "pull off", "rip off", "yank off", "grab", "touch", "pull at", "knock off"), r" (?:[\w'-]+ ){0,4}(?:turbans?|hijabs?|headscarf|headscarves|niqabs?|burkas?|burqas?|kippahs?|yarmulkes?|skull caps?|patkas?|veils?|beards?|prayer mats?|religion|faith|accent|accents|english|skin|colour|wheelchairs?|crutches|stammer|stutter|disabilit\w*|autism|tourettes|hearing aids?|limp|cerebral palsy|down's|downs|learning disabilit\w*|sexuality|pronouns|dreadlocks|dreads|afro|hair)"),
    # Go back, invasion, replacement.
    Term(1.1, W("go back to", "get back to", "go back where", "go back home", "go home to", "fuck off back to", "f off back to", "piss off back to", "sent back to", "send you back", "send them back", "send him back", "send her back", "sent back on", "shipped back", "deported", "back on the boat", "back on boats", "back on a boat", "on the next boat", "breeding us out", "out-breed", "outbreed", "invasion", "invaders", "taking over our country", "not british", "not english", "not from round here", "not from around here", "your own country", "your kind", "your sort", "you people", "you lot should")),
    # Disability.
    Term(1.1, W("spacker", "spacka", "spakka", "spacko", "spaz", "spazz", "spastic", "retard", "retarded", "retards", "mong", "mongs", "mongol", "mongoloid", "window licker", "window-licker", "windowlicker", "cripple", "crippled", "crip", "raspberry", "special needs", "thick as", "brain dead", "schizo", "psycho", "nutter", "loony", "looney", "mental case", "deaf and dumb", "deafo", "dumbo", "radio rental", "flid", "joey")),
    Term(0.3, W("wheelchair", "crutches", "autistic", "autism", "down's syndrome", "downs syndrome", "learning disability", "learning difficulties", "blind", "deaf", "disabled", "disability", "mental health", "stammer", "dyslexic", "tourettes", "cerebral palsy")),
    # Misogyny.
    Term(1.0, W("slag", "slags", "slapper", "slappers", "tart", "tarts", "whore", "whores", "slut", "sluts", "bitch", "bitches", "skank", "sket", "the skirts", "a skirt", "bit of skirt", "sweet cheeks", "sweetcheeks", "sugar tits", "making sandwiches", "make sandwiches", "belong in the kitchen", "back in the kitchen", "back to the kitchen", "barefoot and pregnant", "can't handle themselves", "shouldn't be on response", "shouldn't be in the job", "not a job for women", "a man's job", "slept her way", "slept their way", "slept with the inspector", "slept with the sergeant", "only passed because", "only got the job because", "only got in because", "only promoted because", "time of the month", "on her period")),
    Term(0.3, W("darling", "darlin", "babe", "sweetheart", "little girl", "little lady", "missy", "hysterical", "love")),
    Term(0.3, W("women", "woman", "female", "females", "girls", "ladies", "her gender", "pregnant", "maternity")),
    # Anti-Traveller, antisemitic, sectarian, other racist terms.
    Term(1.1, W("pikey", "pikeys", "piky", "gyppo", "gyppos", "gypo", "gypos", "gippo", "gyp", "knacker", "knackers", "tinker", "tinkers", "pavee", "dirty gypsy", "dirty gypsies", "dirty traveller", "dirty travellers", "thieving gypsy", "thieving gypsies", "thieving travellers", "thieving pikeys", "back to your caravan", "back to her caravan", "back to their caravan", "pikey camp")),
    Term(1.2, W("yid", "yids", "yiddo", "kike", "kikes", "hook nose", "hooknose", "tight jew", "jewing", "jewed", "dirty jew", "oven", "ovens", "gas chamber", "gas chambers", "heil", "sieg heil", "hitler was right", "zionist pig", "christ killer")),
    Term(1.2, W("paki", "pakis", "pakki", "p*ki", "p***", "wog", "wogs", "coon", "coons", "darkie", "darky", "darkies", "nig nog", "nignog", "sambo", "golly", "golliwog", "gollywog", "jungle bunny", "spear chucker", "coconut", "choc ice", "bounty bar", "half caste", "half-caste", "chinky", "chink", "chinks", "ching chong", "slant", "slanty", "gook", "gooks", "polack", "polacks", "pollack", "kraut", "wop", "dago", "spic", "gypsy scum", "fenian", "fenians", "taig", "taigs", "huns", "orange bastard", "paddy", "paddies", "mick", "bog trotter", "curry muncher", "bongo", "bongo bongo", "immigrant scum", "foreign scum", "rapefugee", "rapefugees", "sand n", "camel jockey", "camel jockeys", "goatf", "black c", "black b", "brown c", "white trash", "n word", "n-word", "the n word", "nigga", "n*gger", "n****r", "n*****")),
    # Homophobic and transphobic.
    Term(1.2, W("bender", "benders", "batty boy", "batty boys", "batty man", "battyman", "bum boy", "bumboy", "faggot", "faggots", "fag", "fags", "f*g", "f****t", "f*ggot", "poof", "poofs", "poofter", "pooftah", "queers", "dyke", "dykes", "lezza", "lezzer", "lesbo", "lesbos", "rug muncher", "shirt lifter", "shirtlifter", "nancy boy", "limp wristed", "limp-wristed", "light in the loafers", "catch aids", "aids", "gay plague", "tranny", "trannies", "trannie", "shemale", "she-male", "he-she", "heshe", "ladyboy", "a man in a dress", "bloke in a dress", "blokes in dresses", "man in a wig", "mutilated", "deadname", "deadnamed", "deadnaming", "misgender", "misgendered", "misgendering", "wrong pronouns")),
    Term(1.1, V("refer to", "call", "describe"), r" (?:the |a |my |her |his |their |our )?(?:trans|transgender|non-binary|nonbinary) (?:[\w'-]+ ){0,4}?(?:as )?['\"]?(?:it|the thing|a thing|that thing|a tranny|a bloke|a man in a dress)\b"),
    # Who it is aimed at (support only).
    Term(0.3, W("black", "asian", "muslim", "muslims", "jewish", "jew", "jews", "sikh", "sikhs", "hindu", "gay", "lesbian", "bisexual", "trans", "transgender", "non-binary", "nigerian", "somali", "somalis", "pakistani", "indian", "bangladeshi", "polish", "romanian", "romanians", "lithuanian", "traveller", "travellers", "gypsy", "gypsies", "roma", "irish", "chinese", "arab", "arabs", "african", "africans", "caribbean", "jamaican", "eritrean", "syrian", "kurdish", "afghan", "immigrant", "immigrants", "refugee", "refugees", "asylum seeker", "asylum seekers", "migrants", "foreign", "foreigners", "turban", "hijab", "headscarf", "niqab", "burka", "kippah", "mosque", "synagogue", "gurdwara", "temple")),
    Term(1.0, V("refuse", "decline", "won't", "wouldn't"), r" (?:to )?(?:[\w'-]+ ){0,3}(?:because|cos|as) (?:she|he|i|they) (?:was|is|were|are|am|'s|'re) (?:a |an )?(?:black|asian|muslim|jewish|gay|trans|disabled|deaf|blind|autistic|foreign|polish|romanian|a traveller|a woman|pregnant|in a wheelchair)"),
    Term(1.0, W("because i'm black", "because i am black", "because he's black", "because she's black", "because they're black", "because i'm muslim", "because she's muslim", "because he's muslim", "because i'm gay", "because he's gay", "because she's gay", "because i'm disabled", "because she's disabled", "because he's disabled", "because i'm a woman", "because she's a woman", "because i'm trans", "because she's trans", "because he's trans", "because of my colour", "because of his colour", "because of her colour", "because of my religion", "because of her religion", "because of his religion", "because of my disability", "because of his disability", "because of her disability", "because i'm in a wheelchair", "because she's in a wheelchair", "because he's in a wheelchair", "because i'm nigerian", "because i'm polish", "because i'm a traveller", "because they're travellers", "because of where i'm from", "because of my accent", "because of my beard", "because of his beard", "because of her hijab", "because of my hijab", "because of his turban", "people like you", "people like him", "people like her", "people like them", "your lot", "you lot", "these people", "those people", "his kind", "her kind", "that kind")),
]

# ---- drugs ---------------------------------------------------------------------
_DRUG = r"(?:cocaine|coke|charlie|crack|heroin|smack|ket|ketamine|mdma|ecstasy|pills|powder|weed|cannabis|skunk|spliffs?|joints?|thc|speed|meth|spice|steroids|roids|pingers|mandy|molly|nos|balloons|shrooms|acid|lsd|downers|valium|xanax|diazepam|tramadol|oxy|fentanyl|benzos|crystal|ching|bud|hash|resin|dope|mushrooms|wraps?|uppers)"
DRUGS: list[Term] = [
    Term(1.1, W("thc", "thc vape", "thc vapes", "thc carts", "thc cart", "thc oil", "weed pen", "weed vape", "dab pen", "dabs", "wax pen", "edibles", "weed gummies", "space cake", "space cakes", "hash brownies", "cbd")),
    Term(1.1, W("nose candy", "bumps of", "a bump of", "on the sniff", "on the gear", "on the charlie", "on the coke", "on the ket", "caning the", "gurning", "ketted", "k-holed", "k hole", "pinging", "pingers", "bag of white", "bag of powder", "bags of powder", "crack pipe", "crack house", "smoking crack", "smoke crack", "smokes crack", "smoked crack", "chasing the dragon", "laughing gas", "nitrous", "shrooms", "magic mushrooms", "bag of pills", "bags of pills", "juicing")),
    Term(0.6, W("off his face", "off her face", "off his head", "off her head", "off his tits", "off her tits", "wired", "jaw going", "nose running", "pills", "steroids", "powder")),
    Term(1.1, V("snort", "sniff", "toot", "hoover", "inhale", "smoke", "roll", "spark up", "skin up", "light up", "vape", "inject", "pop", "drop", "take", "do", "use", "buy", "score", "cane", "neck", "bosh", "rack up", "chop out"), r" (?:a |an |the |some |his |her |bags? of |lines? of |bumps? of |a bit of |a line of |a bag of |loads of )?(?:[\w'-]+ )?" + _DRUG + r"(?! (?:can|bottle|cans|zero|float|team|squad|unit|dog|dogs|test|warrant|raid|operation|seizure))"),
    Term(1.1, V("snort", "sniff", "hoover up", "rack up", "chop out", "do a line", "do lines", "do bumps", "take a bump"), r"(?: (?:[\w'-]+ ){0,3}(?:gear|lines?|powder|stuff|white|coke|charlie|ket|bumps?|off|up|it|something))?"),
    Term(1.0, V("grow", "cultivate", "farm", "cook", "make", "produce"), r" (?:[\w'-]+ ){0,2}(?:cannabis|weed|skunk|plants|grass|meth|crack|pills|mushrooms|magic mushrooms)"),
    Term(1.0, V("refuse", "dodge", "skip", "cheat", "fail", "swerve", "avoid", "fiddle", "fake", "swap"), r" (?:a |the |his |her |their |random |any )?(?:drugs? |urine |piss |hair )?(?:tests?|screening|sample)"),
    # Supply (drug_supply is decided in categories.py from these words).
    Term(1.0, V("knock out", "flog", "shift", "sell", "deal", "supply", "push", "hook up", "drop off", "deliver", "punt", "bring in", "smuggle"), r" (?:[\w'-]+ ){0,3}(?:pills|powder|coke|cocaine|weed|cannabis|skunk|ket|crack|wraps|grams|ounces|oz|nine bars|tabs|steroids|mdma|ecstasy|spice)", tag="supply"),
    Term(1.0, V("sort"), r" (?:[\w'-]+ ){0,2}(?:out with|up with) (?:[\w'-]+ ){0,2}(?:pills|powder|coke|weed|gear|bags|something|stuff|drugs)", tag="supply"),
]

# ---- dishonesty ----------------------------------------------------------------
_PROPERTY = r"(?:cash|money|notes|wallet|purse|handbag|bag|phones?|tablets?|laptops?|jewellery|watch|watches|rings?|gold|bikes?|tools|valuables|cards?|fuel|petrol|diesel|stock|booze|alcohol|fags|cigarettes|clothes|trainers|designer \w+|goods|property|exhibits?|drugs|items)"
DISHONESTY: list[Term] = [
    Term(1.0, V("nick", "pinch", "swipe", "lift", "pocket", "steal", "walk off with", "make off with", "help himself to", "help herself to", "help themselves to", "take home", "keep hold of", "skim", "siphon", "embezzle", "misappropriate", "pilfer", "rob", "loot", "fleece", "con"), r" (?:a |an |the |some |his |her |their |all the |a load of |loads of )?(?:[\w'-]+ ){0,3}" + _PROPERTY),
    Term(1.0, V("sell", "flog", "auction", "list", "pawn"), r" (?:[\w'-]+ ){0,3}(?:seized|confiscated|found|lost|recovered|stolen|evidence|exhibit|property store|police) (?:[\w'-]+ ){0,2}"),
    Term(0.9, W("ebay", "facebook marketplace", "marketplace", "vinted", "gumtree", "cash converters", "pawn shop"), r"(?:\W+\w+){0,10}?"),
    Term(0.5, W("fuel card", "force fuel card", "fuel cards", "force credit card", "purchase card", "force card", "work credit card", "corporate card", "company card", "police credit card", "expenses claim", "expense claims", "mileage claims", "subsistence claims", "flexi sheet", "flexi sheets", "flexi", "timesheet", "time sheet", "timesheets", "duty log", "duty logs", "pocket book", "pocketbook", "overtime claims", "claiming overtime", "claims overtime", "claimed overtime", "claiming mileage", "claims mileage", "claimed mileage", "claiming expenses", "claims expenses", "claimed expenses", "claims for", "claiming for", "claimed for")),
    Term(1.0, V("fiddle", "fudge", "pad", "inflate", "fake", "doctor", "falsify", "forge", "alter", "change", "rewrite", "backdate", "cook", "massage", "tamper with", "make up"), r" (?:[\w'-]+ ){0,2}(?:the |his |her |their )?(?:[\w'-]+ )?(?:log|logs|records?|notes|books|figures|statements?|timesheets?|sheets|hours|overtime|mileage|expenses|claims?|evidence|times|custody record|cell checks|paperwork|reports?|duty sheets?|crime figures|stats)"),
    Term(1.0, V("lie", "fib"), r" (?:about|under oath|in court|to (?:the |his |her )?(?:court|boss|sergeant|inspector|force|investigators?|psd|iopc|complaints)|(?:in|on) (?:his|her|their|the|a) (?:statements?|evidence|notes|reports?|interview|logs?|pocket ?book|forms?|application|timesheets?|duty logs?|custody record))"),
    Term(1.0, V("make", "cook", "fabricate", "invent"), r" (?:it|that|the \w+|this|stuff|things|evidence|a story|the whole thing) up"),
    Term(0.7, W("never attends", "never attended", "never turned up", "never turns up", "wasn't there", "was not there", "never happened", "never worked", "never made", "never makes", "never did", "never does", "sitting at home", "at home all day", "in the office all day", "goes home at", "goes home early", "leaves early", "going home early", "at the gym on", "on the golf course")),
    # Sick leave and second jobs.
    Term(0.6, W("off sick", "on the sick", "signed off", "sick leave", "long-term sick", "long term sick", "off with stress", "off with his back", "off with her back", "off work with", "on sick", "sick note", "fit note", "restricted duties", "light duties", "injured on duty", "bad back")),
    Term(0.6, W("working full", "working full days", "doing shifts", "does shifts", "doing days", "shifts at", "shifts in", "days at", "in work time", "in works time", "on work time", "in police time", "in his police car", "in her police car", "on the farm", "on his farm", "on her farm", "husband's farm", "wife's farm", "every day", "all day")),
    Term(0.6, W("working at", "working in", "working on", "working for", "working as", "works at", "works in", "works on", "works for", "works as", "day job", "side business", "side hustle", "second job", "other job", "cash in hand", "runs a", "runs her", "runs his", "running a", "running her", "running his", "business on", "director of", "a director", "paid director", "consultancy", "his own business", "her own business", "security work", "door work", "doing doors")),
    Term(0.6, V("fill up", "fuel", "put diesel in", "put petrol in", "pay for"), r" (?:[\w'-]+ ){0,4}(?:own|personal|private|wife's|husband's|son's|daughter's|mate's|family|girlfriend's|boyfriend's) (?:car|van|motor|shopping|holiday|cars|vehicles?)"),
    Term(0.6, W("never declared", "not declared", "hasn't declared", "has not declared", "didn't declare", "undeclared", "without declaring", "never told work", "not told work", "without permission", "without business interest")),
]

# ---- misuse of information -------------------------------------------------------
_SYSTEM = r"(?:system|systems|computer|computers|database|pnc|pnd|niche|athena|storm|connect|smart|genesis|crimint|intel system|intelligence system|police national computer|records|anpr|dvla|command and control)"
MISUSE: list[Term] = [
    Term(1.1, V("run", "put", "check", "search", "look", "look up", "type", "plug", "stick", "punch"), r" (?:[\w'-]+ ){0,6}(?:through|on|in|into|up on|up in|against) (?:the |our |their |his |her |a |police )?(?:[\w'-]+ )?" + _SYSTEM),
    Term(1.1, V("search", "check", "look", "look up", "dig", "run a check", "do a check", "snoop", "nose", "pry"), r" (?:for |up |into |on |out )?(?:[\w'-]+ ){0,5}(?:on|in|using|via|through) (?:the )?(?:[\w'-]+ )?(?:niche|pnc|pnd|athena|storm|crimint|anpr|police computer|police system|police database|force systems?)"),
    Term(1.1, V("tell", "give", "pass", "leak", "share", "reveal", "disclose", "let slip", "blab", "spread", "post", "name"), r" (?:[\w'-]+ ){0,5}(?:the )?(?:name|names|identity|identities|details|address) (?:of )?(?:[\w'-]+ ){0,3}(?:the |a |an )?(?:[\w'-]+ )?(?:woman|women|girl|girls|man|lad|victim|victims|witness|witnesses|informant|informants|person|people|complainant|caller|grass|source|reporter|kid|child|boy)s? (?:who|that|whose)"),
    Term(1.1, V("name", "identify", "out", "expose", "grass up", "reveal"), r" (?:the |a )?(?:[\w'-]+ )?(?:victim|witness|informant|complainant|source|grass|caller)"),
    Term(1.0, W("custody photos", "custody photo", "custody pictures", "custody images", "custody image", "mugshots", "mug shots", "mugshot", "custody footage", "cell footage", "body cam footage", "bodycam footage", "body-worn footage", "body worn footage", "cctv stills", "crime scene photos", "crime scene pictures", "post mortem photos", "post-mortem photos", "autopsy photos", "police photos")),
    Term(1.0, V("film", "photograph", "record", "video", "snap", "screenshot", "take pictures of", "take photos of", "take a picture of", "take a photo of"), r" (?:[\w'-]+ ){0,4}(?:body|bodies|corpse|dead|victims?|detainees?|prisoners?|people (?:he|she|they)'ve arrested|people (?:they|he|she) (?:have )?arrested|drunk people|the scene|crime scene|the crash|casualt\w+|(?:a |the )?woman's body|(?:a |the )?man's body|in the cells?|in custody|in crisis)"),
    Term(1.0, V("tell", "gossip", "blab", "talk"), r" (?:[\w'-]+ ){0,4}(?:what's been reported|what has been reported|what people have reported|who's been reported|who has been reported|about (?:people's|other people's|their neighbours'|local) (?:cases|reports|crimes|arrests|records)|about jobs|about cases|what (?:he|she) (?:sees|saw|reads|read) (?:on|at) work)"),
    Term(0.5, W("on the system", "through the system", "through the computer", "on the police computer", "on the computer system", "police records", "his record", "her record", "their record", "criminal record", "criminal records", "previous convictions", "his caution", "her caution", "intelligence reports", "intel reports", "vehicle check", "vehicle checks", "reg check", "plate check", "ran his reg", "ran her reg", "ran the reg", "ran my reg")),
]

# ---- offensive communications (content words: need a channel, see categories.py) ---
OFFENSIVE_CONTENT: list[Term] = [
    Term(1.0, W("deserve to be", "deserves to be", "deserved to be", "should be shot", "should be hanged", "should be hung", "should be run over", "should be put down", "should be gassed", "should be drowned", "should be sunk", "should be beaten", "should be killed", "should all be", "needs shooting", "need shooting", "want shooting", "wants shooting", "put down like", "lined up and shot", "line them up", "run them over", "run 'em over", "run him over", "run her over", "floor it", "mow them down", "mow 'em down", "hang them", "string them up", "sink the boats", "sink them", "let them drown", "broken skull", "cracked skull", "baton to the", "batons to the", "a good kicking", "a good hiding", "only good", "is a dead", "beaten up", "getting beaten", "getting battered", "getting kicked", "getting tasered", "gets battered", "gets tasered", "kill them", "kill all", "shoot them", "burn them", "burn it", "gas them", "dead protesters", "dead protestors", "laughing emojis", "laughing emoji", "crying laughing", "laughing faces", "monday vibes", "friday vibes", "vibes", "lol", "lmao", "rofl", "haha", "barbecue", "bbq", "tonight's tea", "roadkill", "road kill", "grenfell", "hillsborough", "manchester arena", "put down")),
    Term(1.0, V("mock", "ridicule", "take the mick out of", "take the piss out of", "laugh at", "make fun of", "slag off", "rip into", "rate", "troll", "humiliate", "belittle", "dehumanise")),
    Term(1.0, W("memes", "meme", "jokes", "banter", "gifs", "stickers", "captions", "caption", "nasty", "vile", "disgusting", "degrading", "offensive")),
    Term(0.5, W("dead", "suicide", "jumped", "joke", "sick", "horrible", "mocking", "laughing")),
]
OFFENSIVE_CHANNEL: list[Term] = [
    Term(1.0, V("tweet", "retweet", "repost", "upload", "livestream")),
    Term(1.0, W("tiktok", "tik tok", "twitter", "facebook", "fb", "instagram", "insta", "instagram story", "snapchat", "whatsapp", "whats app", "telegram", "discord", "reddit", "youtube", "group chat", "groupchat", "team chat", "shift chat", "team group", "shift group", "messenger", "onlyfans", "forum", "blog", "podcast")),
]

# ---- criminal association ----------------------------------------------------------
CRIMINAL: list[Term] = [
    Term(1.1, W("crime boss", "crime bosses", "crime family", "crime lord", "crime group", "organised crime group", "ocg", "gangland", "gangster", "gangsters", "drug lord", "drug baron", "drugs baron", "kingpin", "heroin importer", "cocaine importer", "importer", "drug importer", "armed robber", "armed robbers", "robbery gang", "robbery crew", "cash-in-transit", "cash in transit", "loan shark", "loan sharks", "loan sharking", "extortion", "protection racket", "fuel laundering", "money laundering", "launders money", "dissident", "dissidents", "paramilitary", "paramilitaries", "uvf", "uda", "ira", "people smuggler", "people smugglers", "people trafficker", "traffickers", "county lines", "the mob", "mafia", "cartel", "hells angels", "bikers gang", "outlaw bikers", "scrap metal thieves", "metal thefts", "stolen cable", "car ringing", "chop shop", "hitman", "hit man", "enforcer", "enforcers", "convicted drug dealer", "known criminal", "known criminals", "known drug dealer", "known dealer", "known offender", "known offenders", "career criminal", "wanted man", "illegal fights", "unlicensed boxing")),
    Term(1.0, W("our man", "our guy", "their man", "their guy", "man on the inside", "inside man", "pet copper", "pet cop", "tame copper", "tame cop", "sits with the bosses", "runs with the same", "one of the family")),
    Term(0.8, W("on licence for", "out on licence", "just out of prison", "just got out of prison", "served time", "did time", "notorious", "cage fights", "on bail for")),
    Term(0.4, W("runs with", "ran with", "rolls with", "hangs around with", "hangs out with", "hangs about with", "knocks about with", "drinks with", "drinking with", "parties with", "partying with", "holidays with", "goes on holiday with", "socialises with", "best mates with", "best friends with", "close friends with", "pals with", "mates with", "mate of", "friends with", "engaged to", "married to", "seeing", "dating", "sleeping with", "in a relationship with", "calls him her uncle", "calls him his uncle", "godfather to", "godmother to", "at their barbecues", "at their parties", "at his parties", "at their weddings", "at his daughter's wedding", "at his son's wedding", "at the christening", "at a christening", "photographed together", "pictured with", "seen with", "at the house of", "at the home of", "at their house", "at their yard", "at his yard", "visits")),
    Term(0.8, W("who run", "who runs", "who ran", "that run", "that runs", "who control", "who controls", "who deal", "who deals", "who sell", "who sells", "who supply", "who supplies", "the lads who", "the family who", "the brothers who", "the lot who", "lot who run", "the marsden lot", "that lot", "the crew", "same crew", "his crew", "the gang", "their gang")),
    Term(0.6, W("cannabis farms", "cannabis farm", "weed farms", "grow houses", "the drugs", "runs the drugs", "run the drugs", "the dealing", "stolen caravans", "stolen cars", "stolen goods", "handling stolen", "robbery", "robberies", "burglaries", "cash-in-transit", "fraudster", "fraudsters", "scammers", "dealer", "dealers", "drug dealer", "drug dealers")),
]

# ---- other misconduct: specific conduct (tags on its own) --------------------------
OTHER: list[Term] = [
    Term(1.0, W("porn", "porno", "pornography", "pornographic", "onlyfans", "only fans", "adult content", "sex on duty", "had sex in the", "having sex in the", "sex in the van", "sex in the patrol car", "sex in the police car", "sex in the station", "affair with a colleague", "affair with another officer", "affair on duty", "gambling on duty", "gambling at work", "betting on duty", "asleep on duty", "sleeping on duty", "sleeps on duty", "sleeps in the patrol car", "sleeps in the car", "sleeps in the van", "sleeping in the patrol car", "sleeping in the car", "kips in", "drunk in uniform", "pints in uniform", "drinking in uniform", "necking pints", "pints on duty", "drinking on shift", "drinks on shift", "drink on duty", "drinking at work", "over the limit", "drink driving", "drink-driving", "drink drives", "drink-drives", "drunk driving", "drives drunk", "driving drunk", "blue lights to", "blue lights for", "blues and twos to", "warrant card to get", "warrant card to jump", "warrant card to skip", "warrant card to avoid", "warrant card to get out", "flashes his warrant card", "flashes her warrant card", "flashing his warrant card", "flashing her warrant card", "uses his warrant card", "uses her warrant card", "in a 30", "in a 20", "in a 40", "at 100mph", "at 100 mph", "at 90", "at 100", "brake-checked", "brake checked", "brake-checks", "tailgated", "tailgating", "tailgates", "dangerous driving", "drives like a maniac", "as a favour", "as a favor", "doing a favour", "did a favour", "favours for his mates", "favours for her mates", "favours for friends", "favours for family", "mates off", "friends off", "family off", "off a speeding ticket", "off speeding tickets", "off the ticket", "off parking fines", "blue lights on", "puts the blue lights on", "put the blue lights on", "blue-lighting", "blue lighting", "patrol car home", "police car home", "takes his patrol car", "takes her patrol car", "for his weekend shop", "for the weekend shop", "for personal use", "for his own use", "for her own use", "having an affair", "sneak off", "sneaks off", "sneaking off", "should be answering calls", "instead of answering calls", "no money involved", "no money changed hands", "just favours", "as favours", "asleep in", "asleep at", "lost a whole box of evidence", "lost the evidence", "lost evidence", "without checking on him", "without checking on her", "without checks", "without cell checks", "left him in the cell", "left her in the cell")),
]

# ---- police-conduct language (lets the other_misconduct fallback fire) --------------
CONDUCT: list[Term] = [
    Term(1.0, W("rude", "rudely", "sarcastic", "arrogant", "aggressive", "aggressively", "abusive", "dismissive", "disrespectful", "unprofessional", "lazy", "useless", "incompetent", "bully", "bullies", "bullied", "bullying", "intimidating", "vindictive", "power trip", "power-trip", "jobsworth", "couldn't be bothered", "could not be bothered", "can't be bothered", "not my job", "didn't care", "doesn't care", "laughed at me", "laughed at her", "laughed at him", "swore at", "swears at", "swearing at", "shouted at", "shouts at", "shouting at", "screamed at", "screams at", "screaming at", "yelled at", "hung up", "harass", "harassed", "harassing", "harassment", "picks on", "picking on", "singled out", "targeted", "targeting", "keeps stopping", "kept stopping", "stopped me for no reason", "for no reason", "no reason", "abuse of power", "abuse of position", "abuses his position", "abuses her position", "misconduct", "neglect", "neglected", "negligent", "ignored", "ignores", "ignoring", "refused to", "refuses to", "won't come", "wouldn't come", "didn't come", "never came", "never turned up", "no one came", "didn't turn up", "won't return", "won't answer", "never returned", "never rang back", "never called back", "not returned", "hasn't returned", "closed the case", "closed my case", "dropped the case", "lost my", "lost the", "lost a", "wrongly arrested", "wrongful arrest", "unlawful arrest", "unlawfully", "false arrest", "strip search", "strip-searched", "stop and search", "searched me", "searched my", "treated me", "treated her", "treated him", "treatment", "threw his weight around", "throws his weight around", "parks in", "parked in", "parking in", "disabled bay", "disabled bays", "sleeps", "asleep", "drunk", "drinking", "pints", "booze", "stinks of", "on duty", "on shift", "in uniform", "complain", "complaint", "complained", "searched the house", "searched my house", "searched our house", "in front of the neighbours", "in front of everyone", "over the top", "out of order", "overreacted", "heavy handed", "heavy-handed", "parking across", "parks across", "parked across", "blocking my drive", "blocks my drive", "keeps parking", "doesn't go to", "won't go to", "didn't go to", "found nothing", "humiliated", "humiliating", "embarrassed", "accused me", "accused my", "took weeks", "took months", "weeks to", "months to", "call me back", "call her back", "call him back", "called me back", "never got back", "no response", "no reply", "not interested", "fobbed off", "brushed off", "made fun of", "mocked", "threatened to arrest", "nick me", "arrest me for", "for nothing", "unfair", "unfairly", "discourteous", "cover up", "covered up", "covering up", "lied to me", "lied to us")),
]

FAMILIES: dict[str, list[Term]] = {
    "violence_abuse_of_force": VIOLENCE,
    "domestic_abuse": DOMESTIC,
    "bribery_corruption": BRIBERY,
    "sexual_misconduct": SEXUAL,
    "discrimination": DISCRIMINATION,
    "drugs": DRUGS,
    "dishonesty": DISHONESTY,
    "misuse_of_information": MISUSE,
    "criminal_association": CRIMINAL,
    "other_misconduct": OTHER,
}
# fmt: on
