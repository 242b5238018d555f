"""A tiny invented corpus of clauses (written for the tests, never taken from real resolutions)."""

from __future__ import annotations

from pathlib import Path

from resolute.model.labels import load_labels
from resolute.training.train_linear import Example, train_linear
from resolute.training.workflow import write_artifact_meta

PRE, OP = "preambular", "operative"

CLAUSES: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("Recalling its resolution 12/34 of 5 May 2011 on coastal fisheries,", PRE, "recall", ()),
    ("Recalling also the declaration on mountain villages adopted in 2015,", PRE, "recall", ()),
    ("Further recalling the work of the committee on river basins,", PRE, "recall", ()),
    ("Reaffirming the principles of the Charter of the United Nations,", PRE, "reaffirm", ()),
    ("Reaffirming its commitment to the sovereignty of all States,", PRE, "reaffirm", ()),
    ("Welcoming the progress made by the regional commission on desert roads,", PRE, "welcome", ()),
    ("Welcoming also the convening of the workshop on rural libraries,", PRE, "welcome", ()),
    ("Deeply concerned about the spread of locust swarms in the region,", PRE, "concern", ()),
    ("Gravely concerned at the lack of clean water in refugee camps,", PRE, "concern", ()),
    ("Noting the report of the Special Rapporteur on tidal energy,", PRE, "note", ()),
    ("Noting also the efforts of the Organization to reduce paper use,", PRE, "note", ()),
    ("Recognizing the role of women in the management of forests,", PRE, "recognize", ()),
    ("Recognizing also the importance of local languages in schools,", PRE, "recognize", ()),
    ("Stressing the need to protect archives from floods,", PRE, "emphasize", ()),
    ("Emphasizing the value of open data for island States,", PRE, "emphasize", ()),
    (
        "Requests the Secretary-General to submit a report on rural libraries at its next session;",
        OP,
        "request",
        ("report",),
    ),
    (
        "Also requests the Secretary-General to report on the implementation of the present resolution;",
        OP,
        "request",
        ("report",),
    ),
    (
        "Requests the Secretary-General to provide the resources necessary for the workshop;",
        OP,
        "request",
        ("resources",),
    ),
    (
        "Decides to include in the provisional agenda of its next session the item on desert roads;",
        OP,
        "decide",
        ("agenda",),
    ),
    ("Decides to extend the mandate of the observer mission until 31 March 2030;", OP, "decide", ("mandate",)),
    ("Decides that all States shall freeze the funds of the listed persons;", OP, "decide", ("sanctions",)),
    ("Urges all States to ratify the convention on tidal energy;", OP, "urge", ("implementation",)),
    ("Urges Member States to cease the dumping of waste at sea;", OP, "urge", ("implementation",)),
    ("Calls upon States to strengthen cooperation on river basins;", OP, "call_upon", ("cooperation",)),
    ("Calls upon Member States to share good practice on rural libraries;", OP, "call_upon", ("cooperation",)),
    ("Welcomes the work of the regional commission on desert roads;", OP, "welcome", ("appreciation",)),
    ("Commends the volunteers for their contribution to the clean-up;", OP, "appreciate", ("appreciation",)),
    ("Condemns the attacks on the water facilities;", OP, "condemn", ("concern",)),
    ("Expresses deep concern at the spread of locust swarms;", OP, "concern", ("concern",)),
    ("Takes note of the report of the Special Rapporteur on tidal energy;", OP, "note", ("acknowledgement",)),
    ("Notes the convening of the meeting on coastal fisheries;", OP, "note", ("acknowledgement",)),
    ("Reaffirms the right of every person to clean water;", OP, "reaffirm", ("position",)),
    ("Reaffirms that local languages deserve protection;", OP, "reaffirm", ("position",)),
    (
        "Adopts the programme of action on mountain villages annexed to the present resolution;",
        OP,
        "endorse",
        ("adoption",),
    ),
    ("Endorses the recommendations of the committee on river basins;", OP, "endorse", ("adoption",)),
    ("Encourages States to contribute to the trust fund for rural libraries;", OP, "encourage", ("resources",)),
    ("Encourages the entities of the system to coordinate their work on forests;", OP, "encourage", ("cooperation",)),
    ("Invites States to provide information on tidal energy to the Secretary-General;", OP, "invite", ("report",)),
    ("Decides to remain seized of the matter.", OP, "decide", ("agenda",)),
]


def tiny_examples() -> list[Example]:
    """The clauses as training examples."""
    return [Example(text, section, family, intents) for text, section, family, intents in CLAUSES]


TINY_CONFIG = {
    "backend": "linear",
    "seed": 1,
    "min_df": 1,
    "augment_fraction": 0.5,
    "augmentations": ["typo_in_lead", "lower_case", "wrong_form_lead", "remove_numbers"],
    "section_C": 10.0,
    "family_C": 10.0,
    "intent_C": 10.0,
    "gold_weight": 1.0,
    "max_iter": 200,
    "intent_threshold": 0.3,
}


def train_tiny_model(out: Path) -> Path:
    """Train a linear model on the tiny corpus into ``out`` and write its meta.json."""
    summary, files = train_linear(tiny_examples(), load_labels(), TINY_CONFIG, out)
    write_artifact_meta(out, "linear", TINY_CONFIG, summary, "tiny", files)
    return out
