"""A tiny invented corpus of clauses (written for the tests, never taken from real resolutions)."""

from __future__ import annotations

from pathlib import Path

from resolute.model.labels import load_labels
from resolute.training.train_linear import Example, train_linear
from resolute.training.workflow import write_artifact_meta

P, O = "preambular", "operative"

CLAUSES: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("Recalling its resolution 12/34 of 5 May 2011 on coastal fisheries,", P, "recall", ()),
    ("Recalling also the declaration on mountain villages adopted in 2015,", P, "recall", ()),
    ("Further recalling the work of the committee on river basins,", P, "recall", ()),
    ("Reaffirming the principles of the Charter of the United Nations,", P, "reaffirm", ()),
    ("Reaffirming its commitment to the sovereignty of all States,", P, "reaffirm", ()),
    ("Welcoming the progress made by the regional commission on desert roads,", P, "welcome", ()),
    ("Welcoming also the convening of the workshop on rural libraries,", P, "welcome", ()),
    ("Deeply concerned about the spread of locust swarms in the region,", P, "concern", ()),
    ("Gravely concerned at the lack of clean water in refugee camps,", P, "concern", ()),
    ("Noting the report of the Special Rapporteur on tidal energy,", P, "note", ()),
    ("Noting also the efforts of the Organization to reduce paper use,", P, "note", ()),
    ("Recognizing the role of women in the management of forests,", P, "recognize", ()),
    ("Recognizing also the importance of local languages in schools,", P, "recognize", ()),
    ("Stressing the need to protect archives from floods,", P, "emphasize", ()),
    ("Emphasizing the value of open data for island States,", P, "emphasize", ()),
    ("Requests the Secretary-General to submit a report on rural libraries at its next session;", O, "request",
     ("report",)),
    ("Also requests the Secretary-General to report on the implementation of the present resolution;", O,
     "request", ("report",)),
    ("Requests the Secretary-General to provide the resources necessary for the workshop;", O, "request",
     ("resources",)),
    ("Decides to include in the provisional agenda of its next session the item on desert roads;", O, "decide",
     ("agenda",)),
    ("Decides to extend the mandate of the observer mission until 31 March 2030;", O, "decide", ("mandate",)),
    ("Decides that all States shall freeze the funds of the listed persons;", O, "decide", ("sanctions",)),
    ("Urges all States to ratify the convention on tidal energy;", O, "urge", ("implementation",)),
    ("Urges Member States to cease the dumping of waste at sea;", O, "urge", ("implementation",)),
    ("Calls upon States to strengthen cooperation on river basins;", O, "call_upon", ("cooperation",)),
    ("Calls upon Member States to share good practice on rural libraries;", O, "call_upon", ("cooperation",)),
    ("Welcomes the work of the regional commission on desert roads;", O, "welcome", ("appreciation",)),
    ("Commends the volunteers for their contribution to the clean-up;", O, "appreciate", ("appreciation",)),
    ("Condemns the attacks on the water facilities;", O, "condemn", ("concern",)),
    ("Expresses deep concern at the spread of locust swarms;", O, "concern", ("concern",)),
    ("Takes note of the report of the Special Rapporteur on tidal energy;", O, "note", ("acknowledgement",)),
    ("Notes the convening of the meeting on coastal fisheries;", O, "note", ("acknowledgement",)),
    ("Reaffirms the right of every person to clean water;", O, "reaffirm", ("position",)),
    ("Reaffirms that local languages deserve protection;", O, "reaffirm", ("position",)),
    ("Adopts the programme of action on mountain villages annexed to the present resolution;", O, "endorse",
     ("adoption",)),
    ("Endorses the recommendations of the committee on river basins;", O, "endorse", ("adoption",)),
    ("Encourages States to contribute to the trust fund for rural libraries;", O, "encourage", ("resources",)),
    ("Encourages the entities of the system to coordinate their work on forests;", O, "encourage",
     ("cooperation",)),
    ("Invites States to provide information on tidal energy to the Secretary-General;", O, "invite", ("report",)),
    ("Decides to remain seized of the matter.", O, "decide", ("agenda",)),
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
