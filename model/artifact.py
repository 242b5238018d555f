"""Artifact folders: ``meta.json`` describes and fingerprints the model files beside it.

Loading reads and verifies ``meta.json`` (schema version, label sets, file hashes) before any
model file is opened, and refuses a mismatch with a one-line ``ModelError``.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

from resolute.model.labels import LabelSet

SCHEMA_VERSION = 3  # 3: linear weights as int8 with a scale per feature
META = "meta.json"


class ModelError(Exception):
    """A model folder that cannot be used; the message is one line naming the folder."""


def default_model_path() -> Path:
    """The folder of the model that ships with resolute."""
    return Path(str(resources.files("resolute.model").joinpath("artifacts", "default")))


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_meta(folder: str | Path, labels: LabelSet) -> dict:
    """Read and verify ``meta.json`` of an artifact folder against ``labels`` and the file hashes."""
    folder = Path(folder)
    meta_path = folder / META
    if not meta_path.is_file():
        raise ModelError(f"{folder}: not a resolute model (no {META})")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{meta_path}: unreadable ({error})") from None
    if not isinstance(meta, dict) or meta.get("schema_version") != SCHEMA_VERSION:
        found = meta.get("schema_version") if isinstance(meta, dict) else None
        raise ModelError(f"{folder}: model schema version {found!r}, this resolute reads {SCHEMA_VERSION}")
    if list(meta.get("families", [])) != list(labels.families) or list(meta.get("intents", [])) != list(labels.intents):
        raise ModelError(f"{folder}: the model's label set differs from labels.json version {labels.version}")
    files = meta.get("files")
    if not isinstance(files, dict) or not files:
        raise ModelError(f"{folder}: {META} lists no model files")
    for name, expected in files.items():
        path = folder / name
        if Path(name).name != name or not path.is_file():
            raise ModelError(f"{folder}: model file {name} is missing")
        if file_sha256(path) != expected:
            raise ModelError(f"{folder}: model file {name} does not match its hash in {META} (changed or tampered)")
    return meta


def write_meta(folder: str | Path, meta: dict, files: list[str]) -> None:
    """Write ``meta.json`` with the schema version and the hashes of ``files``."""
    folder = Path(folder)
    meta = {"schema_version": SCHEMA_VERSION, **meta}
    meta["files"] = {name: file_sha256(folder / name) for name in files}
    (folder / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
