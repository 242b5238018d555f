"""Invented input files for the tagging tests: AKN resolutions and plain-text drafts (never corpus text)."""

from __future__ import annotations

import gzip
from pathlib import Path

TOPICS = ("lighthouses", "rural libraries", "coastal fisheries", "desert roads", "mountain villages", "tidal energy")
PREAMBLE = (
    "Recalling its resolution {n}/1 on {topic},",
    "Welcoming the work of the regional commission on {topic},",
    "Deeply concerned about the neglect of {topic} in island States,",
)
OPERATIVE = (
    "Requests the Secretary-General to submit a report on {topic} at its next session;",
    "Urges all States to ratify the convention on {topic};",
    "Decides to include in the provisional agenda of its next session the item on {topic}.",
)


def akn(n: int, preamble: int = 2, operative: int = 3) -> bytes:
    """An AKN4UN resolution "A/RES/99/{n}" with italic leads, numbered paragraphs and a footnote."""
    topic = TOPICS[n % len(TOPICS)]
    containers = "".join(
        f'<container name="{lead}"><p><span class="italic">{lead}</span> {rest}</p></container>'
        for lead, rest in (PREAMBLE[i % 3].format(n=n, topic=topic).split(" ", 1) for i in range(preamble))
    )
    paragraphs = "".join(
        f'<paragraph><num>{i + 1}.</num><content><p><span class="italic">{lead}</span> {rest}'
        f"{'<authorialNote><p>A footnote.</p></authorialNote>' if i == 0 else ''}</p></content></paragraph>"
        for i, (lead, rest) in enumerate(
            OPERATIVE[i % 3].format(n=n, topic=topic).split(" ", 1) for i in range(operative)
        )
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <meta><identification source="#test"><FRBRWork>
      <FRBRthis value="/akn/un/statement/deliberation/unga/2099-12-01/99-{n}/!main/"/>
    </FRBRWork></identification></meta>
    <preamble><formula name="enactingFormula"><p>The General Assembly,</p></formula>{containers}</preamble>
    <mainBody>{paragraphs}</mainBody>
  </statement>
</akomaNtoso>
""".encode()


def draft(topic: str = "lighthouses") -> str:
    """A plain-text draft resolution with two preambular and three operative paragraphs."""
    return f"""The General Assembly,

Recalling its resolution 98/7 on {topic},

Deeply concerned about the neglect of {topic} in island States,

1. Requests the Secretary-General to submit a report on {topic} at its next session;

2. Urges all States to ratify the convention on {topic};

3. Decides to remain seized of the matter.
"""


def write_akn_folder(folder: Path, count: int, compressed: bool = True) -> list[Path]:
    """Write ``count`` AKN resolutions into ``folder`` (gzip-compressed by default); their paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        data = akn(n)
        path = folder / f"A_RES_99_{n:05d}.xml{'.gz' if compressed else ''}"
        path.write_bytes(gzip.compress(data, mtime=0) if compressed else data)
        paths.append(path)
    return sorted(paths)
