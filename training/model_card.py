"""The model card (README.md of an artifact folder), written from its metrics and meta."""

from __future__ import annotations

from collections.abc import Mapping


def _row(name: str, scores: Mapping) -> str:
    return (
        f"| {name} | {scores['clauses_changed']} | {scores['model_macro_f1']:.4f} | {scores['model_micro_f1']:.4f} "
        f"| {scores['baseline_macro_f1']:.4f} | {scores['baseline_micro_f1']:.4f} |"
    )


def _intent_source(config: Mapping) -> str:
    """Where the intent head's targets came from, as the training config says."""
    splits = " and ".join(config.get("gold_splits", ["train"]))
    if float(config.get("silver_weight", 1.0)) > 0:
        return f"intents come from our gold annotations ({splits} parts) where present, else from weak supervision."
    return f"intents are learnt from our gold annotations ({splits} parts) alone, the intent rules' votes as features."


def model_card(metrics: Mapping, meta: Mapping, split: str) -> str:
    """Markdown model card: data, splits, metrics, intended use and limitations."""
    family = metrics["family"]
    baseline = metrics["family_baseline"]
    lines = [
        f"# resolute clause classifier ({meta.get('backend', '?')})",
        "",
        f"Created {meta.get('created', '?')}; training data fingerprint `{meta.get('training_data', '?')}`; "
        f"labels.json version {meta.get('labels_version', '?')}.",
        "",
        "## Data and splits",
        "Trained on the clauses of UN General Assembly, Security Council and Human Rights Council resolutions "
        "(AKN4UN XML, see the corpus builder), split by session or year: validation = GA 78, SC 2023, HRC 57; "
        "test = GA 79, SC 2024, HRC 58; train = earlier sessions and years. Families are silver labels from the "
        f"marked-up opening phrase; {_intent_source(meta.get('config', {}))} Training adds perturbed copies "
        f"({', '.join(meta.get('config', {}).get('augmentations', [])) or 'none'}).{_unseen_lead_note(meta)}",
        "",
        f"## Metrics on the {split} split ({metrics['clauses']} clauses)",
        "",
        "| measure | model | rule baseline (lead lookup in labels.json) |",
        "|---|---|---|",
        f"| section accuracy | {metrics['section_accuracy']:.4f} | |",
        f"| family macro-F1 | {family['macro_f1']:.4f} | {baseline['macro_f1']:.4f} |",
        f"| family micro-F1 | {family['micro_f1']:.4f} | {baseline['micro_f1']:.4f} |",
        "",
        "By body: "
        + ", ".join(
            f"{body} macro-F1 {m['macro_f1']:.4f} ({m['clauses']} clauses)"
            for body, m in metrics["family_by_body"].items()
        ),
        "",
        "### Robustness (family, on perturbed copies of the test clauses that the perturbation changed)",
        "",
        "| perturbation | clauses | model macro-F1 | model micro-F1 | baseline macro-F1 | baseline micro-F1 |",
        "|---|---|---|---|---|---|",
        *[_row(name, scores) for name, scores in metrics["robustness"].items()],
        "",
        *_thesaurus_note(metrics.get("held_out_in_thesaurus")),
        "### Intents (operative paragraphs of the gold test part only)",
        "",
    ]
    gold = metrics.get("intents_gold")
    if gold:
        lines += [
            f"{gold['n']} paragraphs: micro-F1 {gold['micro_f1']:.4f}, main-intent accuracy "
            f"{gold['main_intent_accuracy']:.4f}.",
            "",
            "| intent | precision | recall | F1 | support |",
            "|---|---|---|---|---|",
            *[
                f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
                for name, m in gold["per_intent"].items()
            ],
        ]
    else:
        lines.append("No gold intent labels in this split yet: intent quality is not measured.")
    lines += [
        "",
        "![family confusion matrix](confusion.png)",
        "",
        "## Intended use",
        "Labelling the clauses of UN resolutions and drafts in English (section, family, intents) for analysis, "
        "and supporting drafters' checks. Scores are the model's probabilities.",
        "",
        "## Limitations",
        "- Families are measured against silver labels derived from the markup's opening phrase, not human labels.",
        "- Texts other than GA, SC and HRC resolutions (decisions, presidential statements, other organs) are "
        "outside the training data.",
        "- The section of a lone clause is guessed from its form; within a document the reader's or segmenter's "
        "section is used.",
        "",
    ]
    return "\n".join(lines)


def _unseen_lead_note(meta: dict) -> str:
    """A sentence on the second family head, when the model has one."""
    if not meta.get("config", {}).get("unseen_lead_head"):
        return ""
    return (
        " A clause whose lead word is unfamiliar (no known lead word, no word that opens training clauses, nor "
        "one edit from one) gets its family from a second head, trained on clauses whose lead was replaced, so "
        "that it reads the rest of the clause."
    )


def _thesaurus_note(coverage: dict | None) -> list[str]:
    """A caveat on the held-out synonyms row when the model reads leads through a thesaurus."""
    if not coverage:
        return []
    return [
        f"The model's lead thesaurus (from WordNet) lists {coverage['listed']} of the {coverage['phrases']} "
        f"held-out synonyms, {coverage['listed_with_their_family']} of them with the family the evaluation "
        "expects: the held_out_synonym row measures that coverage as much as the model's reading of the clause.",
        "",
    ]
