"""Training the transformer backend: the stratified subsample that bounds a CPU run.

Training itself, end to end on a tiny BERT, is tested in ``tests/model/test_transformer.py``.
"""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from resolute.training.train_linear import Example
from resolute.training.train_transformer import gold_rule, stratified_subsample, training_subsample


def test_stratified_subsample_keeps_every_family_in_proportion() -> None:
    examples = [Example(f"Recalls {i};", "operative", "recall") for i in range(900)]
    examples += [Example(f"Urges {i};", "operative", "urge") for i in range(90)]
    examples += [Example(f"Directs {i};", "operative", "direct") for i in range(10)]
    chosen = stratified_subsample(examples, 100, seed=3, min_per_family=5)
    counts = {family: sum(e.family == family for e in chosen) for family in ("recall", "urge", "direct")}
    assert counts == {"recall": 90, "urge": 9, "direct": 5}
    assert len({e.text for e in chosen}) == len(chosen)
    assert chosen == stratified_subsample(examples, 100, seed=3, min_per_family=5)
    assert stratified_subsample(examples, None, seed=3) == examples


def test_the_training_subsample_keeps_every_gold_example() -> None:
    silver = [Example(f"Requests {i};", "operative", "request", ("report",), 1.0) for i in range(500)]
    gold = [Example(f"Requests the report {i};", "operative", "request", ("report",), 4.0) for i in range(20)]
    config = {"max_train_clauses": 50, "seed": 1, "gold_weight": 4.0, "silver_weight": 1.0}
    chosen = training_subsample(silver + gold, config)
    assert set(gold) <= set(chosen)
    assert len(chosen) == 50


def test_gold_is_told_apart_when_silver_intents_are_off() -> None:
    is_gold = gold_rule({"gold_weight": 1.0, "silver_weight": 0.0})
    assert is_gold(Example("Requests a report;", "operative", "request", ("report",), 1.0))
    assert not is_gold(Example("Requests a report;", "operative", "request", (), 0.0))
    assert not is_gold(Example("Recalling its resolution,", "preambular", "recall", (), 0.0))
