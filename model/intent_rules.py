"""Intent rules: labelling functions for the intents of operative paragraphs.

They give the corpus its silver intents (weak supervision, for training) and, at inference, their
votes are features of the linear model's intent head, which learns from the gold labels how far to
trust each one.

Labelling functions (LFs) look at the family of the lead, key phrases, the addressee, the
paragraph's governing verb and its objects. Each LF votes for one intent with a weight or abstains.
Votes in the head of the paragraph (the lead and its first complement) count fully, votes from the
rest count less, except decisions of the body (sanctions, mandates, adoptions), which count fully
anywhere. The weighted vote gives one to three intents, main one first, following ``labels.json``
and ``data/guidelines.md``: sanctions first, specific intents beat the generic ``implementation``,
tasks given to United Nations entities are ``mandate``. (snorkel's LabelModel was not used: it
pulls torch with CUDA and tensorboard into the environment.)
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import NamedTuple

import numpy as np

from resolute.model.labels import load_labels
from resolute.model.records import OPERATIVE

MAX_INTENTS = 3
TAIL_FACTOR = 0.7  # a vote from outside the head counts this share
SECOND_RATIO = 0.3  # a further intent needs this share of the main intent's score
SECOND_MIN = 2.0  # ... and at least this score
HEAD_CHARS = 220  # the head ends at the first clause break or after this many characters
STACK_FACTOR = 0.3  # further phrase LFs of an intent add this share of their weight
VERB_WEIGHT = 2.0  # the vote of the governing verb ("Requests the Secretary-General to <verb>")
ADDRESSEE_WEIGHT = 1.5  # the vote of the addressee (States: implementation; a UN entity: mandate)
NEED_WEIGHT = 2.5  # "Stresses the need for States to ...": an ask (guidelines 3.2), generic until its act is known
NEED_POSITION = 1.0  # ... and the family's position vote shrinks to this
STATE_TASK_WEIGHT = 3.0  # "Stresses that UNMIR shall ...": a task of a UN entity stated as a principle is mandate
NO_VOTE = ("position", 0.2)  # what a paragraph that no LF votes on gets

# Families grouped by what their lead does.
ASK = frozenset({"request", "call_upon", "urge", "encourage", "invite", "demand", "direct", "recommend"})
ASK_OR_DECIDE = ASK | {"decide", "authorize"}
STATE = frozenset({"recall", "reaffirm", "recognize", "emphasize", "consider", "determine", "aspire"})
NO_FAMILY = "other"
GENERIC = "implementation"  # "someone must act": a specific intent replaces it (guidelines 1.5)
SPECIFIC = frozenset({"report", "agenda", "mandate", "resources", "cooperation"})
COOPERATION_HEAD_ONLY = True  # a mention of cooperation beyond the head is mostly a topic, not an act
SANCTIONS_FIRST = 4.5  # a sanctions vote this strong makes sanctions the main intent (guidelines 3.3)
NONASK_FACTOR = 0.8  # phrase votes (not decisions) in paragraphs that ask nothing count this share

# The family's own intent: a prior that the paragraph's verb and objects can overrule.
FAMILY_DEFAULTS: dict[str, tuple[str, float]] = {
    "recall": ("position", 2.5),
    "reaffirm": ("position", 2.5),
    "recognize": ("position", 2.5),
    "emphasize": ("position", 2.5),
    "consider": ("position", 2.5),
    "determine": ("position", 2.5),
    "aspire": ("position", 1.5),
    "note": ("acknowledgement", 2.0),
    "welcome": ("appreciation", 2.0),
    "appreciate": ("appreciation", 3.0),
    "support": ("appreciation", 2.0),
    "concern": ("concern", 3.0),
    "condemn": ("concern", 3.0),
    "request": (GENERIC, 1.0),
    "call_upon": (GENERIC, 1.5),
    "urge": (GENERIC, 1.5),
    "encourage": (GENERIC, 1.5),
    "invite": (GENERIC, 1.0),
    "demand": (GENERIC, 2.0),
    "direct": (GENERIC, 1.0),
    "recommend": (GENERIC, 1.0),
    "decide": ("mandate", 0.5),
    "authorize": ("mandate", 3.0),
    "endorse": ("adoption", 1.5),
}


def _verbs(intent: str, words: str) -> dict[str, str]:
    return dict.fromkeys(words.split(), intent)


# The governing verb and the intent it points to.
VERB_INTENTS: dict[str, str] = {
    **_verbs("report", "report brief inform update submit notify"),
    **_verbs("agenda", "convene reconvene hold organize organise observe commemorate remain revert defer postpone"),
    **_verbs("agenda", "resume proclaim"),
    **_verbs("mandate", "extend renew establish terminate appoint entrust authorize authorise create deploy abolish"),
    **_verbs("mandate", "dissolve mandate"),
    **_verbs("resources", "apportion allocate fund finance contribute donate"),
    **_verbs("cooperation", "cooperate coordinate collaborate share exchange assist"),
    **_verbs(GENERIC, "implement comply ratify accede ratifying acceding becoming become refrain cease"),
    **_verbs(GENERIC, "respect abide fulfil honour uphold adhere enact criminalize prosecute investigate"),
    **_verbs(GENERIC, "protect prevent combat eliminate withdraw release end stop halt disarm allow take"),
    **_verbs(GENERIC, "ensure adopt address promote strengthen develop improve enhance increase intensify"),
    **_verbs(GENERIC, "redouble accelerate integrate pursue facilitate guarantee reduce engage"),
}


def _word(word: str) -> str:
    r"""``\bword`` spelt ``word(?<!\wword)``: the same matches, but a pattern that opens with a literal,
    which ``re`` searches for much faster (``word`` is a regex that starts with a letter)."""
    return rf"{word}(?<!\w{word})"


_VERB = re.compile(
    _word("to")
    + r" (?:(?:continue|further|also|urgently|fully|effectively|immediately|promptly|expeditiously|actively|duly"
    r"|seriously|strongly|consider|swiftly|rapidly|closely)\s+(?:to\s+)?)*([a-z]+)"
)
# Alternatives that open with literals (not "[;:]"), so that re scans for their first characters.
_HEAD_END = re.compile(r";|:|, (?:including|inter alia|in particular|in this regard|with a view|and in this)")
_NEED = re.compile(
    _word("the")
    + r" (?:\w+ )?(?:need|necessity) (?:for|to|of)\b|"
    + "|".join(_word(w) + r"\b" for w in ("should", "must", "it is imperative"))
)
_THAT_SHALL = re.compile(_word("that") + r"\b(.{3,120}?)\b(?:shall|will|should)\b")
_LEADING_WORDS = re.compile(r"\\b(?:\(\?:([a-z '-]+(?:\|[a-z '-]+)*)\)|([a-z][a-z '-]*))")
_LETTERS = re.compile(r"[a-z]*")
_QUANTIFIERS = frozenset("?*+{")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*")

# Addressees: United Nations entities (their tasks are mandate) and States or other actors (implementation).
_UN_ENTITY = re.compile(
    r"secretary-general|secretariat|united nations|high commissioner|office of|special rapporteur|independent expert"
    r"|special representative|special envoy|special adviser|special coordinator|working group|mission\b|the force"
    r"|the operation|commission\b|committee|the council|the board|the panel|department|programme\b|the fund\b"
    r"|entities|the entity|agenc(?:y|ies)|president of|executive director|administrator|director-general"
    r"|peacebuilding|un-women|unicef|undp|unep|unodc|unhcr|unaids|unesco|unctad|unido|unops|unrwa|ohchr"
    r"|mandate holder|special procedures|treaty bodies|tribunal|the mechanism|the court|bureau|rapporteurs"
)
_UN_ACRONYM = re.compile(r"\b(?:UN[A-Z]{2,}|MINU[A-Z]+|MONU[A-Z]+|BIN[A-Z]{2,})\b")
_ACTORS = re.compile(
    r"\bstates\b|\bgovernments?\b|\bparties\b|\bauthorities\b|\binternational community\b|\bcountries\b"
    r"|\bcivil society\b|\bprivate sector\b|\bstakeholders\b|\bactors\b|\badministering power|\bmembers\b"
)

_TEXTS = (
    r"(?:political )?declarations?|programmes? of action|plans? of action|action plans?|outcome documents?|outcome"
    r"|rules|text|annex|agenda|strateg(?:y|ies)|frameworks?|guidelines|principles|recommendations|conclusions"
    r"|findings|amendments?|protocols?|conventions?|statute|charter|code|terms of reference|modalities|compact|pact"
    r"|road ?map|work ?plans?|programme of work|standards|proposals?|treaty|arrangements|manual|resolution"
    r"|draft|report of the (?:credentials|special) committee|decision"
)
_TROOPS = (
    r"\btroop ceiling",
    r"\bauthorized (?:strength|troop|force|police)",
    r"\bmaximum (?:authorized )?(?:strength|of [\d,]+ (?:military|troops|police|personnel))",
    r"\b(?:military|police|troop|troops) (?:ceiling|strength|level|levels)\b",
    r"\bup to [\d,]+ (?:military|troops|police|uniformed|personnel)",
)


class Branch(NamedTuple):
    """One compiled alternative of an LF: its trigger (see ``LabellingFunction``), the literal every
    match opens with (None when unknown) and the pattern."""

    trigger: str | None
    literal: str | None
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class LabellingFunction:
    """One vote: ``intent`` with ``weight`` when one of its branches matches the lower-cased paragraph.

    Each branch is a compiled pattern with its trigger: the first letters (at most four) of the word
    every match starts with, or None. A branch is searched only in paragraphs that hold a word with
    its trigger and, when it opens with a literal, only in paragraphs that hold the literal. ``families`` and
    ``bodies`` restrict where the LF may fire (None: anywhere); a ``head_only`` LF reads the head of
    the paragraph only; a ``decision`` LF (the body decides) counts fully outside the head too.
    """

    name: str
    intent: str
    weight: float
    branches: tuple[Branch, ...]
    families: frozenset[str] | None = None
    bodies: frozenset[str] | None = None
    head_only: bool = False
    decision: bool = False


def _compile_branch(branch: str) -> list[Branch]:
    r"""Compile one branch; a leading ``\b(?:one|two)`` becomes one branch per word.

    A leading ``\bword`` is rewritten with ``_word``, and the word's first letters become the branch's
    trigger.
    """
    match = _LEADING_WORDS.match(branch)
    if not match:
        return [Branch(None, None, re.compile(branch))]
    rest = branch[match.end() :]
    if rest[:1] in _QUANTIFIERS:  # "words?": the quantifier binds the last letter, "(?:a|b)?" the group
        if match.group(1) is not None or len(match.group(2)) < 2:
            return [Branch(None, None, re.compile(branch))]
        words, rest = [match.group(2)[:-1]], match.group(2)[-1] + rest
    else:
        words = match.group(1).split("|") if match.group(1) is not None else [match.group(2)]
    compiled = []
    for word in words:
        letters = _LETTERS.match(word).group(0)
        whole = len(letters) < len(word) or rest[:1] in {"", " ", "-"} or rest.startswith(r"\b")
        trigger = letters[:4] if len(letters) >= 4 or (whole and letters) else None
        compiled.append(Branch(trigger, word, re.compile(_word(re.escape(word)) + rest)))
    return compiled


def _lf(
    name: str,
    intent: str,
    weight: float,
    *branches: str,
    families: frozenset[str] | set[str] | None = None,
    bodies: set[str] | None = None,
    head_only: bool = False,
    decision: bool = False,
) -> LabellingFunction:
    return LabellingFunction(
        name=name,
        intent=intent,
        weight=weight,
        branches=tuple(c for branch in branches for c in _compile_branch(branch)),
        families=frozenset(families) if families is not None else None,
        bodies=frozenset(bodies) if bodies is not None else None,
        head_only=head_only,
        decision=decision,
    )


LABELLING_FUNCTIONS: tuple[LabellingFunction, ...] = (
    # --- sanctions: measures and their machinery come first whatever else the paragraph does
    _lf("embargo", "sanctions", 7, r"\bembargo", decision=True),
    _lf(
        "asset_freeze",
        "sanctions",
        7,
        r"\bassets? freeze",
        r"\bfreeze,? without delay",
        r"\bfrozen (?:funds|assets)",
        r"\bfunds, other financial assets and economic resources",
        decision=True,
    ),
    _lf("travel_ban", "sanctions", 7, r"\btravel ban", r"\bentry into or transit through", decision=True),
    _lf("sanctions_sc", "sanctions", 5, r"\bsanctions?\b", bodies={"SC"}, decision=True),
    _lf("sanctions_word", "sanctions", 2.5, r"\bsanctions?\b", bodies={"GA", "HRC", None}),
    _lf("panel_of_experts", "sanctions", 7, r"\bpanel of experts", r"\bmonitoring (?:team|group)\b", decision=True),
    _lf("group_of_experts_sc", "sanctions", 5, r"\bgroup of experts\b", bodies={"SC"}, decision=True),
    _lf(
        "sanctions_committee",
        "sanctions",
        7,
        r"\bcommittee (?:established|set up|created) (?:pursuant to|by|under) (?:resolution|paragraph)",
        decision=True,
    ),
    _lf("committee_task_sc", "sanctions", 4.5, r"\bcommittee\b", families=ASK_OR_DECIDE, bodies={"SC"}, head_only=True),
    _lf("committee_sc", "sanctions", 2, r"\bcommittee\b", bodies={"SC"}),
    _lf(
        "measures_in_paragraph",
        "sanctions",
        6,
        r"\bmeasures (?:imposed|set out|specified|referred to|contained|established) (?:by|in|under) (?:paragr|resol)",
        r"\b(?:impose|review|lift|modify|suspend|adjust|strengthen) (?:targeted |further |these |the )*measures\b",
        decision=True,
    ),
    _lf(
        "designation",
        "sanctions",
        5,
        r"\b(?:individuals|entities|persons)(?: and (?:individuals|entities|persons))? (?:designated|listed)",
        r"\bdesignated by the committee",
        r"\bconsolidated list",
        r"\bsanctions list",
        r"\b(?:listing|delisting)\b",
        r"\bombudsperson",
        bodies={"SC"},
        decision=True,
    ),
    _lf(
        "arms_transfer",
        "sanctions",
        4,
        r"\bsupply, sale (?:or|and) transfer",
        r"\barms and related materiel",
        r"\binspect(?:ion of|ions of)? (?:all )?cargo",
        decision=True,
    ),
    _lf(
        "readiness_measures_sc",
        "sanctions",
        5,
        r"\b(?:readiness|ready|willingness|intention|determination|prepared) to (?:consider )?(?:impose|imposing|take"
        r"|taking|adopt|adopting|apply|applying|review|reviewing|adjust|adjusting|lift|lifting|strengthen|modify)\b"
        r"[^;:]{0,60}?\bmeasures\b",
        r"\bmeasures\b[^;:]{0,40}?\bunder (?:continuous |constant |active |close )?review",
        r"\b(?:appropriate|further|targeted) measures against\b",
        bodies={"SC"},
        decision=True,
    ),
    _lf(
        "measures_machinery_sc",
        "sanctions",
        4.5,
        r"\bthe measures (?:in|of|under|imposed in) (?:this|the present) resolution",
        r"\b(?:prevent|prohibit)\b[^;:]{0,60}?\b(?:direct or indirect|supply|sale|transfer|export|import)\b",
        r"\b(?:weapons|weapon|arms) and (?:related )?(?:military )?(?:equipment|materiel|ammunition)",
        r"\b(?:ballistic missile|nuclear-related|dual-use|proliferation financing)",
        r"\b(?:financial|banking) (?:services|transactions|institutions)\b",
        bodies={"SC"},
    ),
    # --- agenda: the body's own procedure, sessions, conferences, days and events
    _lf("provisional_agenda", "agenda", 6, r"\bprovisional agenda\b", r"\bagenda of its \w+(?:-\w+)? session"),
    _lf("remain_seized", "agenda", 6, r"\b(?:remain|remains) (?:actively )?seized\b"),
    _lf("agenda_item", "agenda", 2.5, r"\bagenda items?\b"),
    _lf(
        "continue_consideration",
        "agenda",
        4,
        r"\b(?:continue|resume|conclude|defer|postpone)(?: its)? consideration\b",
        r"\b(?:consider|take up)(?: further)? the (?:question|matter|item|issue|situation)(?: [a-z ]{0,40})? at its\b",
        r"\b(?:revisit|revert|return)(?: to)? (?:the|this) (?:question|matter|item|issue)\b",
    ),
    _lf(
        "convene_event",
        "agenda",
        3.5,
        r"\b(?:convene|convenes|convening|hold|holding|organize|organizing|organise|host|hosting|reconvene)\b"
        r"[^;:]{0,90}?\b(?:conference|meeting|summit|session|event|dialogue|discussion|forum|symposium"
        r"|workshop|seminar|debate|segment|consultations)",
        r"\b(?:conference|meeting|summit|session|event) (?:shall|will|should) be (?:held|convened|open)",
    ),
    _lf(
        "event_names",
        "agenda",
        2.5,
        r"\bhigh-level (?:meeting|plenary|event|segment|political forum|dialogue|conference)",
        r"\bspecial session\b",
        r"\bpanel discussion",
        r"\binteractive dialogue",
        r"\bintersessional",
        r"\bgeneral debate",
        r"\bsummit\b",
    ),
    _lf(
        "proclaim_day",
        "agenda",
        5,
        r"\b(?:proclaim|proclaims|designate|declare|observe|celebrate|commemorate)\b[^;:]{0,60}?"
        r"\b(?:day|year|decade|week|anniversary)\b",
        r"\bcommemorat",
        r"\banniversary\b",
        r"\bobservance of the (?:[a-z-]+ ){0,4}(?:day|year|decade|week)\b",
    ),
    _lf(
        "days_and_years",
        "agenda",
        2,
        r"\binternational (?:day|year|decade|week)\b",
        r"\bworld \w+(?: \w+)? day\b",
        r"\bdecade (?:of|for)\b",
    ),
    _lf(
        "conference_prep",
        "agenda",
        2.5,
        r"\bpreparatory (?:committee|process|meeting)",
        r"\bmodalities\b",
        r"\b(?:programme|organization) of work",
    ),
    _lf(
        "keep_under_review", "agenda", 2, r"\bkeep (?:the|this|these|that) [a-z ]{0,40}under (?:active |close )?review"
    ),
    _lf("at_session", "agenda", 1, r"\bat its \w+(?:-\w+)? (?:session|meeting)", families={"decide"}),
    _lf(
        "intention_review",
        "agenda",
        4,
        r"\b(?:intention|intends|readiness|ready|willingness) to (?:review|consider|keep|remain|revert|return|take up"
        r"|revisit|reconsider|examine)",
        families=STATE | {"aspire", "decide", NO_FAMILY},
    ),
    # --- mandate: bodies, missions, offices, mandates and authorizations
    _lf(
        "extend_mandate",
        "mandate",
        4.5,
        r"\b(?:extend|renew|prolong)(?:s|ed|ing)?\b[^;:]{0,60}?\bmandate",
        families=ASK_OR_DECIDE | {"endorse", "aspire", NO_FAMILY},
        decision=True,
    ),
    _lf(
        "change_mandate",
        "mandate",
        3.5,
        r"\b(?:establish|create|terminate|expand|adjust|modify|revise|close|set up)(?:es|s|ed|ing)?"
        r"\b[^;:]{0,60}?\b(?:mandate|mission|office|special rapporteur|independent expert|working group"
        r"|commission of inquiry|fact-finding mission|special envoy|operation|peacekeeping|force)\b",
        families=ASK_OR_DECIDE | {"endorse", "aspire", NO_FAMILY},
        decision=True,
    ),
    _lf("mandate_word", "mandate", 1.5, r"\bmandates?\b"),
    _lf(
        "extend_until",
        "mandate",
        3,
        r"\b(?:extend|renew)(?:s|ed)?\b[^;:]{0,120}?\buntil \d{1,2} \w+ \d{4}",
        families=ASK_OR_DECIDE | {"endorse", NO_FAMILY},
    ),
    _lf("period_of", "mandate", 2, r"\bfor a (?:further |new |additional )?period of (?:one|two|three|\w+ months)"),
    _lf("all_necessary_means", "mandate", 3, r"\ball necessary (?:measures|means)\b"),
    _lf("troop_ceiling", "mandate", 5, *_TROOPS, decision=True),
    _lf(
        "composition",
        "mandate",
        3,
        r"\bshall (?:be composed|consist) of",
        r"\bterms of reference\b",
        r"\bshall have the following (?:mandate|tasks|functions)",
        r"\bpriority tasks\b",
        r"\bexit strategy\b",
        r"\bdrawdown\b",
    ),
    _lf("appoint", "mandate", 2.5, r"\bappoint(?:s|ed|ing|ment)?\b", families=ASK_OR_DECIDE | {"endorse", NO_FAMILY}),
    _lf("establishes", "mandate", 4.5, r"^\W*(?:also |further )?(?:establishes|creates|sets up)\b", decision=True),
    _lf(
        "decide_establish",
        "mandate",
        4.5,
        r"\bdecides? (?:also |further |therefore )?to (?:establish|create|set up|extend|renew|prolong|terminate)\b",
        decision=True,
    ),
    _lf(
        "serve_as",
        "mandate",
        2,
        r"\bshall (?:serve|act) as\b",
        r"\bentrust(?:s|ed)?\b",
        r"\bdesignates? [^;:]{0,40}as\b",
    ),
    # --- resources: money and means
    _lf(
        "appropriation",
        "resources",
        5,
        r"\b(?:appropriates|appropriated|appropriation|appropriations|apportion|apportions|apportionment)\b",
        r"\bunited states dollars",
        r"\bassessed contributions",
        r"\bscale of assessments",
        r"\barrears\b",
        r"\bcost estimates",
        r"\b(?:revised|proposed) estimates",
        r"\bexpenditures?\b",
        r"\breimburse",
        r"\bvacancy rates?\b",
        r"\btemporary positions?\b",
        r"\b(?:p|d|g)-\d\b",
    ),
    _lf("dollar_amount", "resources", 4, r"\$\s?\d", r"\bdollars\b(?<=\d dollars)"),
    _lf("budget", "resources", 3.5, r"\bbudget(?:s|ary)?\b(?! questions)"),
    _lf(
        "trust_fund",
        "resources",
        4,
        r"\btrust funds?\b",
        r"\bvoluntary (?:financial )?contributions?",
        r"\bpeacebuilding fund",
        r"\bspecial account",
    ),
    _lf(
        "resources_phrase",
        "resources",
        3,
        r"\b(?:financial|human|adequate|necessary|sufficient|additional|extrabudgetary|predictable|budgetary"
        r"|required|appropriate)(?: resources|(?:, [a-z]+)* and financial resources)",
        r"\bresources (?:necessary|required|needed)\b",
        r"\b(?:resources|assistance) (?:necessary|required|needed)",
        r"\bstaff(?:ing)?\b[^;:]{0,40}?\b(?:needed|necessary|required)\b",
    ),
    _lf(
        "funding",
        "resources",
        2.5,
        r"\bfunding\b",
        r"\bfinancing\b",
        r"\bfinancial (?:support|assistance|contributions?|means)",
        r"\bcontribute (?:generously|financially)",
        r"\bdonors?\b",
        r"\b(?:mobilize|mobilizing|mobilization of) (?:\w+ )?(?:resources|funds|financing)",
        r"\bfunds? (?:for|to)\b",
        r"\bstaffing\b",
        r"\bposts?\b(?! of)",
        r"\bcontributions to the",
    ),
    _lf("existing_resources", "resources", 1.5, r"\bwithin (?:existing|available) resources"),
    _lf("troops_resources", "resources", 2.5, *_TROOPS),
    # --- report: reports, briefings, studies, information
    _lf(
        "submit_report",
        "report",
        4,
        r"\b(?:submit|present|prepare|provide|transmit|include|produce|make available)\b[^;:]{0,90}?\b(?:reports?"
        r"|study|studies|briefings?|updates?|information|recommendations|proposals|analysis|assessment|findings)\b",
        families=ASK_OR_DECIDE | {"aspire", NO_FAMILY},
    ),
    _lf(
        "to_report",
        "report",
        4,
        r"\breport\b(?<=\bto report)",
        r"\breport(?:s|ing)? (?:thereon|back|regularly|on progress)",
        r"\binform (?:the|it|them|member states)\b",
        r"\baddress the (?:council|general assembly|assembly)\b",
        r"\b(?:conduct|undertake|carry out)\b[^;:]{0,50}?\b(?:review|study|assessment|analysis|survey|evaluation)\b",
    ),
    _lf("keep_informed", "report", 4, r"\bkeep\b[^;:]{0,60}?\b(?:informed|apprised|updated|briefed)\b"),
    _lf("brief", "report", 3, r"\bbrief(?:ing|ings)?\b", r"\boral update", families=ASK_OR_DECIDE),
    _lf("look_forward_report", "report", 3, r"\breports?\b", r"\bbriefings?\b", families={"aspire"}),
    _lf(
        "in_report",
        "report",
        2,
        r"\b(?:in|to) (?:his|her|its|their|the) (?:next |annual |regular |final )?reports?\b",
        families=ASK_OR_DECIDE,
    ),
    _lf(
        "recalled_request",
        "report",
        3.5,
        r"\b(?:request|requested|asked|invitation)\b[^;:]{0,120}?\b(?:report|briefing|information)\b",
        families={"recall", "reaffirm"},
        head_only=True,
    ),
    # --- implementation: States and others asked to act
    _lf(
        "ratify",
        "implementation",
        4,
        r"\bratif(?:y|ying|ication)\b",
        r"\baccede",
        r"\baccession\b",
        r"\b(?:become|becoming) (?:a )?part(?:y|ies)",
        families=ASK | {"decide", "emphasize", "reaffirm", NO_FAMILY},
    ),
    _lf(
        "take_measures",
        "implementation",
        3,
        r"\btake (?:all |further |the |concrete |effective |urgent |immediate |appropriate |necessary |practical "
        r"|additional |[a-z]+ and [a-z]+ )*(?:measures|steps|action)\b",
        families=ASK | {"decide", "emphasize", NO_FAMILY},
    ),
    _lf(
        "comply",
        "implementation",
        3,
        r"\b(?:comply|compliance)\b",
        r"\brefrain from\b",
        r"\bcease\b",
        r"\bput an end\b",
        r"\bfully respect",
        r"\bobligations under",
        r"\babide by\b",
        r"\bnational (?:legislation|laws?|action plans?)",
        r"\b(?:legislation|legislative)\b",
        r"\b(?:implement|implements|implementing)\b",
        families=ASK | {"decide", "emphasize", NO_FAMILY},
    ),
    _lf("states_shall", "implementation", 2.5, r"\b(?:states|governments|parties) shall\b", families={"decide"}),
    # --- cooperation: cooperation, assistance, capacity-building, partnerships, coordination ("in cooperation
    # with" is a manner, not an act of cooperation)
    _lf(
        "cooperation",
        "cooperation",
        3,
        r"\b(?:cooperate|cooperating|collaborate)\b",
        r"\bcooperation(?<!in cooperation)(?<!in close cooperation)(?<!in full cooperation)\b(?! with)",
        r"\bsouth-south\b",
        r"\btriangular\b",
        r"\bwork (?:closely|together)",
        head_only=COOPERATION_HEAD_ONLY,
    ),
    _lf(
        "technical_assistance",
        "cooperation",
        3.5,
        r"\btechnical (?:assistance|cooperation|support)",
        r"\bcapacity[- ]?build",
    ),
    _lf(
        "partnership",
        "cooperation",
        2.5,
        r"\bpartnerships?\b",
        r"\b(?:coordinate|coordination|coordinating)\b(?! with)",
        head_only=COOPERATION_HEAD_ONLY,
    ),
    _lf(
        "share_practice",
        "cooperation",
        3,
        r"\b(?:share|sharing|exchange)(?: of)? [a-z ,]{0,40}?(?:information|experiences?|practices|lessons"
        r"|expertise|knowledge|data)",
    ),
    _lf(
        "assistance_among_states",
        "cooperation",
        3,
        r"\binformation-sharing\b",
        r"\bmutual legal assistance",
        r"\bextradition\b",
    ),
    _lf("good_practices", "cooperation", 1.5, r"\b(?:best|good) practices", r"\blessons learned"),
    # --- appreciation
    _lf(
        "praise_words",
        "appreciation",
        3,
        r"\b(?:pay|pays) tribute",
        r"\bcommends?\b",
        r"\bthanks?\b",
        r"\bgratitude\b",
        r"\bappreciation\b",
        r"\bcongratulat",
        r"\bsalutes?\b",
        r"\bsatisfaction\b",
        r"\bpraises?\b",
        head_only=True,
    ),
    _lf(
        "welcome_work",
        "appreciation",
        1.5,
        r"\b(?:efforts|work|progress|contribution|contributions|role|commitment|achievement|achievements"
        r"|initiative|initiatives|leadership|steps taken|measures taken|engagement|dedication|activities"
        r"|support provided|cooperation extended)\b",
        families={"welcome", "support", "endorse", "recognize"},
        head_only=True,
    ),
    # --- concern
    _lf(
        "concern_words",
        "concern",
        2,
        r"\b(?:concern|concerned|alarm|alarmed)\b",
        r"\bdeplor",
        r"\bcondemn",
        r"\bregrets?\b",
        r"\bcondolences\b",
        r"\bsympathy\b",
        families=STATE | {"note", "welcome", "decide", NO_FAMILY},
    ),
    # --- position
    _lf(
        "principle_words",
        "position",
        1,
        r"\bthe right (?:of|to)\b",
        r"\bprinciples? of\b",
        r"\bsovereignty\b",
        r"\bterritorial integrity\b",
        r"\binternational law\b",
        r"\bcharter of the united nations\b",
        r"\bcommitment to\b",
        families=STATE | {NO_FAMILY},
        head_only=True,
    ),
    _lf(
        "note_principle",
        "position",
        2.5,
        r"\bthe right (?:of|to)\b",
        r"\bprinciples?\b",
        r"\bresponsibility\b",
        r"\bis (?:essential|crucial|critical|key|vital|fundamental|important)\b",
        families={"note"},
        head_only=True,
    ),
    _lf(
        "own_commitment",
        "position",
        2.5,
        r"^\W*(?:we )?(?:reaffirm|reiterate|affirm|stress|recogni[sz]e|underline|commit|will\b|pledge|resolve"
        r"|undertake|are determined|recommit|rejects|strongly rejects)",
        families={NO_FAMILY},
    ),
    _lf("confirms_that", "position", 3, r"^\W*(?:also |further )?confirms (?:that|its)\b", families={"endorse"}),
    # --- adoption: adopts, approves or endorses a text
    _lf(
        "adopt_text",
        "adoption",
        4,
        r"\b(?:adopts|adopt|approves|approve|endorses|endorse|to adopt|to approve|to endorse|accepts|accept)\b"
        r"(?: [a-z-]+){0,8}? (?:" + _TEXTS + r")\b",
        families={"endorse", "decide", "welcome", "support", "recommend", NO_FAMILY},
        head_only=True,
        decision=True,
    ),
    _lf(
        "for_adoption",
        "adoption",
        4,
        r"\bfor (?:its |their )?adoption\b",
        r"\bthat the [a-z ]{3,40} adopt\b",
        families={"recommend"},
    ),
    _lf(
        "annexed",
        "adoption",
        2,
        r"\bannexed (?:to the present resolution|hereto)",
        r"\bcontained in the annex",
        families={"endorse", "decide"},
    ),
    _lf("opens_signature", "adoption", 3, r"\bopen(?:s|ed)? for signature"),
    # --- acknowledgement: takes note neutrally
    _lf(
        "take_note_of",
        "acknowledgement",
        3,
        r"^\W*(?:also |further )?(?:takes note of|notes|taking note of)\b",
        families={"note", NO_FAMILY},
    ),
    _lf(
        "notes_that",
        "position",
        2.5,
        r"^\W*(?:also |further )?notes that\b",
        r"^\W*(?:also |further )?notes (?:with interest )?the (?:importance|role|need|value|relevance|contribution)\b",
        families={"note"},
    ),
    _lf(
        "concern_opening",
        "concern",
        3.5,
        r"^\W*(?:[a-z-]+ ){1,4}?(?:concern|concerned|alarm|alarmed|condemnation|regret|dismay|outrage|indignation)\b",
    ),
    _lf(
        "actor_efforts",
        "appreciation",
        3,
        r"^\W*(?:also |further )?(?:acknowledges|recognizes|notes|supports|encourages) "
        r"(?:with appreciation |with satisfaction )?the (?:[\w-]+ ){0,3}?"
        r"(?:efforts|work|progress|achievements|steps taken)\b",
        r"^\W*(?:[a-z]+ ){1,2}(?:its|their) (?:[a-z]+ ){0,2}support (?:for|to)\b",
    ),
    _lf(
        "coercive_measures",
        "sanctions",
        4,
        r"\b(?:unilateral|coercive) (?:economic )?(?:coercive )?measures",
        bodies={"GA", "HRC", None},
    ),
    _lf(
        "financial_obligations",
        "resources",
        4,
        r"\bfinancial obligations",
        r"\b(?:pay|payment of) their (?:\w+ )?contributions",
        r"\bin full,? on time",
        r"\bcontributions (?:in full|on time)",
    ),
)


def _head_end(low: str) -> int:
    """The end of the paragraph's head: the first clause break, or ``HEAD_CHARS`` characters."""
    match = _HEAD_END.search(low, 0, HEAD_CHARS)
    return match.start() if match else min(len(low), HEAD_CHARS)


def family_from_text(text: str) -> str | None:
    """The family of a paragraph without a marked lead, from its first words."""
    words = _WORDS.findall(text[:80])
    if words and words[0].lower() == "we":
        words = words[1:]
    return load_labels().family_of_lead(" ".join(words[:5])) if words else None


class _Entry(NamedTuple):
    """A branch of a candidate LF."""

    position: int  # the LF's position among the candidates
    pattern: re.Pattern[str]
    head_only: bool  # as its LF
    decision: bool  # as its LF


_Group = tuple[str | None, tuple[_Entry, ...]]  # the branches that open with one literal (None: unknown)


@dataclass(frozen=True)
class _Candidates:
    """The LFs that may fire for one family and body, with their branches grouped by trigger, then by literal."""

    lfs: tuple[LabellingFunction, ...]
    always: tuple[_Group, ...]  # the branches without a trigger
    by_trigger: dict[str, tuple[_Group, ...]]
    triggers: frozenset[str]

    def eligible(self, prefixes: set[str], low: str) -> list[_Entry]:
        """The branches (in no particular order) that ``low`` may match: each branch's trigger is among
        the paragraph's word ``prefixes`` and its literal occurs in ``low``."""
        groups = chain(self.always, *map(self.by_trigger.__getitem__, prefixes & self.triggers))
        return [entry for literal, entries in groups if literal is None or literal in low for entry in entries]

    def matches(self, low: str, head: int) -> dict[int, bool]:
        """The positions of the LFs that match ``low`` (within the head for a head-only LF), each with
        whether its vote counts fully: a match starts in the head, or the LF is a decision."""
        full: dict[int, bool] = {}
        end = len(low)
        for position, pattern, head_only, decision in self.eligible(word_prefixes(low), low):
            if full.get(position):
                continue  # a further match changes nothing
            match = pattern.search(low, 0, head if head_only else end)
            if match:
                full[position] = match.start() < head or decision
        return full


def _grouped(entries: list[tuple[str | None, _Entry]]) -> tuple[_Group, ...]:
    """(literal, entry) pairs grouped by literal."""
    groups: dict[str | None, list[_Entry]] = {}
    for literal, entry in entries:
        groups.setdefault(literal, []).append(entry)
    return tuple((literal, tuple(group)) for literal, group in groups.items())


@cache
def _candidates_for(family: str, body: str | None) -> _Candidates:
    """The LFs that may fire for a family and body (cached: the filters run once per pair)."""
    lfs = tuple(
        lf
        for lf in LABELLING_FUNCTIONS
        if (lf.families is None or family in lf.families) and (lf.bodies is None or body in lf.bodies)
    )
    by_trigger: dict[str | None, list[tuple[str | None, _Entry]]] = {}
    for position, lf in enumerate(lfs):
        for trigger, literal, pattern in lf.branches:
            entry = _Entry(position, pattern, lf.head_only, lf.decision)
            # a literal that is its own trigger needs no test: a word opens with the trigger
            by_trigger.setdefault(trigger, []).append((None if literal == trigger else literal, entry))
    always = _grouped(by_trigger.pop(None, []))
    grouped = {trigger: _grouped(entries) for trigger, entries in by_trigger.items()}
    return _Candidates(lfs, always, grouped, frozenset(grouped))


_FIRST_FOUR = operator.itemgetter(slice(0, 4))
_NOT_LETTER = bytes.maketrans(bytes(range(256)), bytes(c if 97 <= c <= 122 else 32 for c in range(256)))


def word_prefixes(low: str) -> set[str]:
    """The first letters (at most four) of every run of letters a-z in a lower-case text."""
    runs = low.encode("ascii", "replace").translate(_NOT_LETTER).decode("ascii").split()
    return set(map(_FIRST_FOUR, runs))


def addressee_kind(text: str, start: int, end: int) -> str | None:
    """Who the paragraph asks, from ``text[start:end]``: "un" (a UN entity), "actors" (States...) or None."""
    span = text[start:end]
    low = span.lower()
    found = [(m.start(), "un") for m in (_UN_ENTITY.search(low), _UN_ACRONYM.search(span)) if m]
    found += [(m.start(), "actors") for m in (_ACTORS.search(low),) if m]
    return min(found)[1] if found else None  # the first named: "States members of the Committee" are actors


def _family(text: str, lead: str | None, family: str | None) -> str:
    if family is None:
        family = (load_labels().family_of_lead(lead) if lead else None) or family_from_text(text)
    return family or NO_FAMILY


def _addressee_votes(text: str, low: str, head: int, lead: str | None, family: str) -> tuple[str | None, str | None]:
    """The addressee's kind ("un", "actors" or None) and the governing verb's intent, for asking families."""
    verb = _VERB.search(low, 0, head)
    if family == "decide":
        that = _THAT_SHALL.search(low, 0, head)  # "Decides that the Mission shall ..."
        kind = addressee_kind(text, that.start(1), that.end(1)) if that else None
    else:
        kind = addressee_kind(text, len(lead) if lead else 0, verb.start() if verb else head)
    return kind, VERB_INTENTS.get(verb.group(1)) if verb else None


def _votes(text: str, lead: str | None, family: str | None, body: str | None) -> tuple[dict[str, float], dict]:
    """The weighted votes per intent, and the part of each vote that only the "who must act" priors gave.

    Priors: the family's default intent, the governing verb and the addressee vote for
    ``implementation``; a task given to a United Nations entity turns them, and the phrase votes for
    ``implementation``, into ``mandate`` (guidelines 3.7).
    """
    family = _family(text, lead, family)
    low = text.lower()
    head = _head_end(low)
    scores: dict[str, float] = {}
    priors: dict[str, float] = {}

    def vote(intent: str, weight: float, prior: bool = False) -> None:
        scores[intent] = scores.get(intent, 0.0) + weight
        if prior:
            priors[intent] = priors.get(intent, 0.0) + weight

    default = FAMILY_DEFAULTS.get(family)
    un_task = False
    asks = family in ASK_OR_DECIDE or family == NO_FAMILY
    need = _NEED.search(low, 0, head) if family in STATE | {"note", NO_FAMILY} else None
    that = _THAT_SHALL.search(low, 0, head) if family in STATE and not need else None
    if that and addressee_kind(text, that.start(1), that.end(1)) == "un":  # "Stresses that UNMIR shall ..."
        vote("mandate", STATE_TASK_WEIGHT)
    if need:  # a statement that says someone has to act is an ask
        verb = _VERB.search(low, need.end(), head)
        un_task = addressee_kind(text, need.end(), verb.start() if verb else head) == "un"
        vote("mandate" if un_task else GENERIC, NEED_WEIGHT, prior=True)
        default = ("position", NEED_POSITION) if default else None
        asks = True
    if family in ASK_OR_DECIDE:
        kind, verb_intent = _addressee_votes(text, low, head, lead, family)
        un_task = kind == "un" and family != "demand"
        if kind == "actors":
            vote(GENERIC, ADDRESSEE_WEIGHT, prior=True)
        if verb_intent:
            generic = verb_intent == GENERIC
            vote("mandate" if un_task and generic else verb_intent, VERB_WEIGHT, prior=generic)
    if default:
        generic = default[0] == GENERIC
        vote("mandate" if un_task and generic else default[0], default[1], prior=generic)
    candidates = _candidates_for(family, body)
    phrases: dict[str, list[float]] = {}
    for position, full in sorted(candidates.matches(low, head).items()):  # in the LFs' order
        lf = candidates.lfs[position]
        weight = lf.weight if full else lf.weight * TAIL_FACTOR
        weight *= 1.0 if asks or lf.decision else NONASK_FACTOR
        intent = "mandate" if un_task and lf.intent == GENERIC else lf.intent
        phrases.setdefault(intent, []).append(weight)
    for intent, weights in phrases.items():  # LFs of one intent are correlated: the strongest counts fully
        strongest = max(weights)
        vote(intent, strongest + STACK_FACTOR * (sum(weights) - strongest))
    return scores, priors


def intent_scores(
    text: str, lead: str | None = None, family: str | None = None, body: str | None = None
) -> dict[str, float]:
    """The weighted votes per intent for one operative paragraph (intents without a vote left out)."""
    return _votes(text, lead, family, body)[0]


def _rank(vote: tuple[str, float]) -> tuple[bool, float]:
    """Sorts votes main one first: strong sanctions, then the highest score (ties: the first voted)."""
    intent, score = vote
    return intent != "sanctions" or score < SANCTIONS_FIRST, -score


def decide(scores: dict[str, float], priors: dict | None = None) -> tuple[list[str], list[float]]:
    """One to three intents from the votes, main one first, each with its share of the votes.

    ``priors`` is the part of a vote that only says someone must act (family, verb, addressee). A
    further intent needs ``SECOND_RATIO`` of the main one's score and at least ``SECOND_MIN``; after
    a specific main intent (report, agenda, mandate, resources, cooperation) that much evidence
    beyond its priors (guidelines 1.5: a specific act replaces the generic ask). No vote at all
    gives ``NO_VOTE``.
    """
    if not scores:
        return [NO_VOTE[0]], [NO_VOTE[1]]
    priors = priors or {}
    ranked = sorted(scores.items(), key=_rank)
    main, top = ranked[0]
    total = sum(scores.values()) + 1.0
    floor = max(SECOND_MIN, SECOND_RATIO * top)
    chosen = [(main, top)]
    for intent, score in ranked[1:]:
        evidence = score - priors.get(intent, 0.0) if main in SPECIFIC else score
        if evidence >= floor and len(chosen) < MAX_INTENTS:
            chosen.append((intent, score))
    return [k for k, _ in chosen], [round(s / total, 3) for _, s in chosen]


def silver_intents(
    text: str, lead: str | None = None, family: str | None = None, body: str | None = None
) -> tuple[list[str], list[float]]:
    """Silver intents of an operative paragraph, main one first, and a confidence per intent.

    ``family`` defaults to the family of ``lead`` (or of the text's first words); ``body`` is
    "GA", "SC" or "HRC" when known (a bare "Committee" means a sanctions committee in the SC).
    """
    return decide(*_votes(text, lead, family, body))


def silver_intents_many(
    texts: Sequence[str],
    leads: Sequence[str | None] | None = None,
    families: Sequence[str | None] | None = None,
    bodies: Sequence[str | None] | None = None,
    sections: Sequence[str | None] | None = None,
) -> tuple[list[list[str]], list[list[float]]]:
    """Silver intents of many paragraphs (columns of equal length); non-operative rows get none."""
    n = len(texts)
    none: list[None] = [None] * n
    intents: list[list[str]] = []
    confidences: list[list[float]] = []
    rows = zip(
        texts,
        leads if leads is not None else none,
        families if families is not None else none,
        bodies if bodies is not None else none,
        sections if sections is not None else [OPERATIVE] * n,
        strict=True,
    )
    for text, lead, family, body, section in rows:
        if section != OPERATIVE:
            intents.append([])
            confidences.append([])
            continue
        found, conf = silver_intents(text, lead, family, body)
        intents.append(found)
        confidences.append(conf)
    return intents, confidences


RULE_SCALE = 0.3  # votes are squashed with tanh(RULE_SCALE * score) into features


def rule_features(texts: Sequence[str], families: Sequence[str | None]) -> np.ndarray:
    """Features for the linear model's intent head: each intent's squashed vote, then the rules' main
    intent one-hot (2 x 12 columns per operative paragraph)."""
    intents = load_labels().intents
    position = {intent: j for j, intent in enumerate(intents)}
    out = np.zeros((len(texts), 2 * len(intents)), dtype=np.float32)
    for row, (text, family) in enumerate(zip(texts, families, strict=True)):
        scores = intent_scores(text, None, family, None)
        if not scores:
            continue
        for intent, score in scores.items():
            out[row, position[intent]] = np.tanh(RULE_SCALE * score)
        main = min(scores.items(), key=_rank)[0]  # decide()'s main intent: min() keeps the first of ties too
        out[row, len(intents) + position[main]] = 1.0
    return out
