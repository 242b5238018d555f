"""Silver intents: invented operative paragraphs per intent, hard cases of the guidelines, the batch API."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolute.model.intent_rules import (
    FAMILY_DEFAULTS,
    LABELLING_FUNCTIONS,
    MAX_INTENTS,
    NO_FAMILY,
    _candidates_for,
    _compile_branch,
    _head_end,
    _word,
    silver_intents,
    silver_intents_many,
    word_prefixes,
)
from resolute.model.labels import load_labels
from resolute.model.records import OPERATIVE, PREAMBULAR

# (paragraph, lead, body, expected main intent); all texts invented in UN style.
MAIN_INTENT_CASES = [
    # report
    (
        "Requests the Secretary-General to submit to the General Assembly at its eighty-second session a report "
        "on the implementation of the present resolution;",
        "Requests",
        "GA",
        "report",
    ),
    (
        "Requests the Secretary-General to keep the Council regularly informed of developments in Ruritania;",
        "Requests",
        "SC",
        "report",
    ),
    (
        "Invites the Independent Expert to brief the Council at its sixty-fourth session on the findings of the "
        "visit to Arcadia;",
        "Invites",
        "HRC",
        "report",
    ),
    # agenda
    (
        "Decides to include in the provisional agenda of its eighty-third session the item entitled "
        "“Coastal resilience”;",
        "Decides",
        "GA",
        "agenda",
    ),
    ("Decides to remain actively seized of the matter.", "Decides", "SC", "agenda"),
    (
        "Decides to convene, in 2029, a high-level meeting on water security, to be held at United Nations "
        "Headquarters;",
        "Decides",
        "GA",
        "agenda",
    ),
    ("Decides to proclaim 9 October the International Day of Coastal Communities;", "Decides", "GA", "agenda"),
    # mandate
    (
        "Decides to extend the mandate of the United Nations Mission in Ruritania until 31 March 2031;",
        "Decides",
        "SC",
        "mandate",
    ),
    (
        "Decides to establish an open-ended working group to draft the elements of a future instrument on the "
        "safety of seafarers;",
        "Decides",
        "GA",
        "mandate",
    ),
    (
        "Requests UNMIR to continue to support the Government of Ruritania in the demobilization of former combatants;",
        "Requests",
        "SC",
        "mandate",
    ),
    # resources
    (
        "Decides to appropriate to the Special Account for UNMIR the amount of 412,300,000 United States dollars "
        "for the period from 1 July 2030 to 30 June 2031;",
        "Decides",
        "GA",
        "resources",
    ),
    (
        "Requests the Secretary-General to provide the Special Rapporteur with all the human and financial "
        "resources necessary to discharge the mandate;",
        "Requests",
        "HRC",
        "resources",
    ),
    (
        "Appeals to donors to make early and predictable voluntary contributions to the Arcadia Landmine Victims "
        "Trust Fund;",
        "Appeals",
        "GA",
        "resources",
    ),
    # implementation
    (
        "Urges States that are not yet parties to the Seafarers Convention to ratify or accede to it without delay;",
        "Urges",
        "GA",
        "implementation",
    ),
    (
        "Demands that all parties to the conflict in Ruritania immediately cease attacks against civilians;",
        "Demands",
        "SC",
        "implementation",
    ),
    (
        "Calls upon States to take effective measures to protect journalists, including through international "
        "cooperation;",
        "Calls upon",
        "GA",
        "implementation",
    ),
    # cooperation
    (
        "Encourages Member States to share good practices and lessons learned in preventing desertification, "
        "including through South-South and triangular cooperation;",
        "Encourages",
        "GA",
        "cooperation",
    ),
    (
        "Requests the Office of the High Commissioner to provide the Government of Arcadia, at its request, with "
        "technical assistance in drafting its new penal code;",
        "Requests",
        "HRC",
        "cooperation",
    ),
    # sanctions
    (
        "Decides that all Member States shall freeze without delay the funds, other financial assets and economic "
        "resources owned by the individuals designated by the Committee;",
        "Decides",
        "SC",
        "sanctions",
    ),
    (
        "Calls upon all States to apply without exception the arms embargo on Ruritania;",
        "Calls upon",
        "SC",
        "sanctions",
    ),
    # appreciation
    (
        "Commends the head of UNMIR and its military and civilian staff for their dedication in difficult conditions;",
        "Commends",
        "SC",
        "appreciation",
    ),
    (
        "Welcomes the progress made by the Government of Arcadia in establishing a national human rights institution;",
        "Welcomes",
        "HRC",
        "appreciation",
    ),
    # concern
    (
        "Strongly condemns the attack of 3 March 2030 on a UNMIR convoy, which killed two peacekeepers;",
        "Strongly condemns",
        "SC",
        "concern",
    ),
    (
        "Expresses deep concern at the persistently high rates of maternal mortality in least developed countries;",
        "Expresses deep concern",
        "GA",
        "concern",
    ),
    # position
    (
        "Reaffirms that the primary responsibility for protecting civilians rests with States;",
        "Reaffirms",
        "SC",
        "position",
    ),
    (
        "Stresses the importance of an independent judiciary for the rule of law;",
        "Stresses",
        "HRC",
        "position",
    ),
    # adoption
    (
        "Adopts the Arcadia Declaration on Coastal Resilience, annexed to the present resolution;",
        "Adopts",
        "GA",
        "adoption",
    ),
    (
        "Approves the revised terms of reference for the Ruritania Contact Group annexed hereto;",
        "Approves",
        "SC",
        "adoption",
    ),
    # acknowledgement
    (
        "Takes note of the third annual report of the Arcadia Coastal Commission;",
        "Takes note of",
        "GA",
        "acknowledgement",
    ),
    (
        "Notes that the second session of the Working Group was held in Geneva from 4 to 8 May 2030;",
        "Notes",
        "HRC",
        "acknowledgement",
    ),
    # hard cases from the guidelines
    (
        "Requests the Secretary-General to provide the resources necessary for the implementation of the present "
        "resolution;",
        "Requests",
        "GA",
        "resources",
    ),
    (
        "Decides to prolong the Panel of Experts on Ruritania until 1 May 2031, and requests the Panel to deliver "
        "its final findings to the Committee by 15 March 2031;",
        "Decides",
        "SC",
        "sanctions",
    ),
    (
        "Decides that UNMIR shall comprise up to 12,000 military personnel and 1,400 police personnel;",
        "Decides",
        "SC",
        "mandate",
    ),
    (
        "Stresses the need for States to hold to account those who attack humanitarian workers;",
        "Stresses",
        "GA",
        "implementation",
    ),
    (
        "Welcomes the agreement reached by the parties, and decides to extend the mandate of UNMIR for a further "
        "twelve months;",
        "Welcomes",
        "SC",
        "mandate",
    ),
    (
        "Welcomes the adoption of the Arcadia Programme of Action by the Fourth Conference on Coastal States;",
        "Welcomes",
        "GA",
        "appreciation",
    ),
    (
        "Requests the Secretary-General to make sure that all staff of UNMIR abide by the zero-tolerance policy;",
        "Requests",
        "SC",
        "mandate",
    ),
    (
        "Approves the proposed budget of the Commission for the biennium 2031-2032 in the amount of 8,400,000 dollars;",
        "Approves",
        "GA",
        "resources",
    ),
    (
        "Expresses its intention to review the situation in Ruritania at its next meeting on the question;",
        "Expresses its intention",
        "SC",
        "agenda",
    ),
]


@pytest.mark.parametrize(("text", "lead", "body", "expected"), MAIN_INTENT_CASES)
def test_main_intent(text: str, lead: str, body: str, expected: str) -> None:
    intents, _ = silver_intents(text, lead, None, body)
    assert intents[0] == expected, intents


def test_every_intent_has_a_case() -> None:
    assert {case[3] for case in MAIN_INTENT_CASES} == set(load_labels().intents)


def test_troop_ceiling_is_mandate_then_resources() -> None:
    text = "Decides that UNMIR shall comprise up to 12,000 military personnel and 1,400 police personnel;"
    assert silver_intents(text, "Decides", None, "SC")[0][:2] == ["mandate", "resources"]


def test_specific_intent_replaces_generic_implementation() -> None:
    text = "Calls upon Member States to cooperate closely with one another in tracing illicit small arms;"
    assert silver_intents(text, "Calls upon", None, "GA")[0] == ["cooperation"]


def test_output_shape() -> None:
    known = set(load_labels().intents)
    for text, lead, body, _ in MAIN_INTENT_CASES:
        intents, confidences = silver_intents(text, lead, None, body)
        assert 1 <= len(intents) <= MAX_INTENTS
        assert len(set(intents)) == len(intents)
        assert set(intents) <= known
        assert len(confidences) == len(intents)
        assert all(0 < c <= 1 for c in confidences)
        assert confidences == sorted(confidences, reverse=True)


def test_paragraph_without_votes_gets_low_confidence_position() -> None:
    intents, confidences = silver_intents("Lorem ipsum dolor sit amet;")
    assert intents == ["position"] and confidences[0] < 0.5


def test_family_argument_overrides_the_lead() -> None:
    text = "Notes with deep alarm the rising number of attacks on schools in Ruritania;"
    assert silver_intents(text, "Notes", "concern", "SC")[0][0] == "concern"


def test_committee_is_sanctions_machinery_in_the_security_council_only() -> None:
    text = "Requests the Committee to consider the matter at its next meeting;"
    assert "sanctions" in silver_intents(text, "Requests", None, "SC")[0]
    assert "sanctions" not in silver_intents(text, "Requests", None, "GA")[0]


def test_lead_less_paragraph_gets_its_family_from_the_text() -> None:
    text = "We call upon all States to ratify the Seafarers Convention without delay;"
    assert silver_intents(text)[0][0] == "implementation"


def test_many_matches_one_by_one_and_skips_preambular_rows() -> None:
    texts = [case[0] for case in MAIN_INTENT_CASES[:5]] + ["Recalling its resolution 80/1,"]
    leads = [case[1] for case in MAIN_INTENT_CASES[:5]] + ["Recalling"]
    bodies = [case[2] for case in MAIN_INTENT_CASES[:5]] + ["GA"]
    sections = [OPERATIVE] * 5 + [PREAMBULAR]
    intents, confidences = silver_intents_many(texts, leads, None, bodies, sections)
    assert intents[:5] == [silver_intents(t, le, None, b)[0] for t, le, b in zip(texts, leads, bodies, strict=True)][:5]
    assert intents[5] == [] and confidences[5] == []


def test_many_needs_columns_of_equal_length() -> None:
    with pytest.raises(ValueError):
        silver_intents_many(["Decides to remain seized of the matter."], leads=[])


def test_compiled_branches_keep_word_boundaries() -> None:
    [(trigger, literal, pattern)] = _compile_branch(r"\bembargo")
    assert (trigger, literal) == ("emba", "embargo")
    assert pattern.search("the arms embargo") and not pattern.search("the armsembargo")
    branches = _compile_branch(r"\b(?:extend|renew)(?:s|ed)?\b mandate")
    assert [(b.trigger, b.literal) for b in branches] == [("exte", "extend"), ("rene", "renew")]
    assert any(b.pattern.search("renewed mandate") for b in branches)
    assert not any(b.pattern.search("extending mandate") for b in branches)


def test_quantified_last_letter_stays_optional() -> None:
    [(trigger, literal, pattern)] = _compile_branch(r"\bsanctions?\b")
    assert literal == "sanction"
    assert trigger == "sanc"
    assert pattern.search("sanction regime") and pattern.search("targeted sanctions")


def test_every_labelling_function_names_a_known_intent() -> None:
    known = set(load_labels().intents)
    assert {lf.intent for lf in LABELLING_FUNCTIONS} <= known
    assert len({lf.name for lf in LABELLING_FUNCTIONS}) == len(LABELLING_FUNCTIONS)


@pytest.mark.parametrize(
    "text",
    [
        "co-operation of l'état, réunion",
        "résolution 12/34 (2024) — the un-women’s office",
        "",
        "   ",
        "abcdefgh ij 3kl",
    ],
)
def test_word_prefixes_are_the_first_four_letters_of_every_letter_run(text: str) -> None:
    assert word_prefixes(text) == set(re.findall(r"(?<![a-z])[a-z]{1,4}", text))
    assert word_prefixes("co-operation of l'état") == {"co", "oper", "of", "l", "tat"}


# Pieces of paragraphs: the branches' literals, a few words around them, separators and odd characters.
_LITERALS = sorted({b.literal for lf in LABELLING_FUNCTIONS for b in lf.branches if b.literal})
_PIECES = [*_LITERALS, "also ", "notes ", "expresses concern ", "the ", "s", "ed ", "$ 5", "; ", ", including "]
_PIECES += ["x", "é", "_", "-", " "]


def _every_branch(family: str, body: str | None, low: str, head: int) -> dict[int, bool]:
    """What ``_Candidates.matches`` computes, searching every branch of every candidate LF."""
    candidates = _candidates_for(family, body)
    found = {}
    for position, lf in enumerate(candidates.lfs):
        end = head if lf.head_only else len(low)
        starts = [m.start() for b in lf.branches if (m := b.pattern.search(low, 0, end))]
        if starts:
            found[position] = min(starts) < head or lf.decision
    return found


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
    st.sampled_from([*FAMILY_DEFAULTS, NO_FAMILY]),
    st.sampled_from(["GA", "SC", "HRC", None]),
)
def test_prefilters_never_skip_a_match(low: str, family: str, body: str | None) -> None:
    head = _head_end(low)
    assert _candidates_for(family, body).matches(low, head) == _every_branch(family, body, low, head)


@settings(max_examples=300, deadline=None)
@given(st.text("the s_é-", max_size=12), st.integers(0, 12))
def test_word_matches_like_a_word_boundary(text: str, end: int) -> None:
    fast, plain = re.compile(_word("the") + " s"), re.compile(r"\bthe s")
    assert [m.span() for m in fast.finditer(text, 0, end)] == [m.span() for m in plain.finditer(text, 0, end)]
