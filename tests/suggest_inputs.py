"""Invented resolutions for the suggest tests: a small raw corpus of AKN files and a model folder with its index.

Every text here was written for the tests (never taken from the corpus).
"""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

from resolute.model.intent_rules import silver_intents_many
from resolute.model.labels import load_labels
from resolute.model.records import OPERATIVE, PREAMBULAR
from resolute.model.segment import guess_lead
from resolute.training.precedents import MiningConfig, build_precedents

TOPICS = ("lighthouses", "rural libraries", "coastal fisheries", "desert roads", "mountain villages", "tidal energy")
ORDINALS = ("eighty-fifth", "eighty-sixth", "eighty-seventh", "eighty-eighth", "eighty-ninth", "ninetieth")
REPORT = (
    "Requests the Secretary-General to submit to the General Assembly at its {ordinal} session a report on "
    "the implementation of the present resolution;"
)
ONE_OFF = "Welcomes the reopening of the Zemblan lighthouse of Port Ardent by the Government of Zembla;"


def documents() -> list[tuple[str, str, list[str], list[str]]]:
    """(symbol, source, preambular texts, operative texts) of six invented GA resolutions."""
    docs = []
    for n, (topic, ordinal) in enumerate(zip(TOPICS, ORDINALS, strict=True), start=1):
        preamble = [
            f"Recalling its resolution 98/{n} of 12 December 2093 on {topic},",
            f"Deeply concerned about the neglect of {topic} in island States,",
        ]
        operative = [
            f"Urges all States to protect {topic} from storms and floods;",
            f"Encourages States to contribute to the trust fund for {topic};",
            REPORT.format(ordinal=ordinal),
        ]
        if n == 1:
            operative.insert(0, ONE_OFF)
        docs.append((f"A/RES/99/{n}", _source(n), preamble, operative))
    return docs


def _source(n: int) -> str:
    if n == 1:
        return "UNxml__GAresolutions/99session/archive.zip!English/99_1.xml"
    return f"UNxml__GAresolutions/99session/English/A_RES_99_{n}.xml" + (".gz" if n % 2 else "")


def akn(symbol: str, preamble: list[str], operative: list[str]) -> bytes:
    """An AKN4UN resolution with italic leads and numbered operative paragraphs."""
    number = symbol.rsplit("/", 1)[-1]

    def italic(text: str) -> str:
        lead, rest = text.split(" ", 1)
        return f'<span class="italic">{lead}</span> {rest}'

    containers = "".join(f'<container name="{t.split()[0]}"><p>{italic(t)}</p></container>' for t in preamble)
    paragraphs = "".join(
        f"<paragraph><num>{i}.</num><content><p>{italic(t)}</p></content></paragraph>"
        for i, t in enumerate(operative, start=1)
    )
    return (
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">'
        '<meta><identification source="#test"><FRBRWork><FRBRthis '
        f'value="/akn/un/statement/deliberation/unga/2094-12-0{number}/99-{number}/!main/"/></FRBRWork>'
        "</identification></meta>"
        f'<preamble><formula name="enactingFormula"><p>The General Assembly,</p></formula>{containers}</preamble>'
        f"<mainBody>{paragraphs}</mainBody></statement></akomaNtoso>"
    ).encode()


def write_raw(root: Path) -> Path:
    """Write the documents as a raw corpus under ``root``: a zip member, plain and gzip-compressed files."""
    for symbol, source, preamble, operative in documents():
        data = akn(symbol, preamble, operative)
        path, _, member = source.partition("!")
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if member:
            with zipfile.ZipFile(target, "a") as archive:
                archive.writestr(member, data)
        else:
            target.write_bytes(gzip.compress(data, mtime=0) if path.endswith(".gz") else data)
    return root


def rows() -> list[dict]:
    """The documents as clause-corpus rows (the columns ``build_precedents`` reads), with silver labels."""
    labels = load_labels()
    out = []
    for symbol, source, preamble, operative in documents():
        texts = [(PREAMBULAR, None, t) for t in preamble] + [(OPERATIVE, str(i), t) for i, t in enumerate(operative, 1)]
        for index, (section, number, text) in enumerate(texts):
            lead = guess_lead(text)
            out.append(
                {
                    "symbol": symbol,
                    "source": source,
                    "index": index,
                    "number": number,
                    "section": section,
                    "family": labels.family_of_lead(lead) or "other",
                    "text": text,
                    "lead": lead,
                    "body": "GA",
                }
            )
    found, _ = silver_intents_many(
        [r["text"] for r in out],
        [r["lead"] for r in out],
        [r["family"] for r in out],
        None,
        [r["section"] for r in out],
    )
    for row, intents in zip(out, found, strict=True):
        row["intents"] = intents if row["section"] == OPERATIVE else []
    return out


def suggest_model(tiny_model: Path, out: Path) -> Path:
    """A copy of the tiny model with the precedent index and templates of the invented documents."""
    shutil.copytree(tiny_model, out)
    build_precedents(rows(), out, bits=256, config=MiningConfig(min_documents=3, min_words=4))
    return out
