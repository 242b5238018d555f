"""The transformer backend on a tiny BERT trained from scratch on invented clauses (no real weights)."""

from __future__ import annotations

import json
import shutil
import string
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from resolute.model.artifact import ModelError  # noqa: E402
from resolute.model.classify import load_classifier  # noqa: E402
from resolute.model.labels import load_labels  # noqa: E402
from resolute.training.workflow import write_artifact_meta  # noqa: E402
from tests.tiny_corpus import CLAUSES, TINY_CONFIG, tiny_examples  # noqa: E402

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

TINY_TRANSFORMER_CONFIG = {
    **TINY_CONFIG,
    "backend": "transformer",
    "max_len": 40,
    "max_train_clauses": None,
    "epochs": 25,
    "batch_size": 16,
    "lr": 0.003,
    "head_lr": 0.003,
    "warmup_fraction": 0.05,
    "dropout": 0.0,
    "log_every": 1000,
}


def _tiny_tokenizer():
    """A WordPiece tokenizer over the words of the tiny corpus, plus single characters for anything else."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    normalizer = normalizers.BertNormalizer(lowercase=True)
    splitter = pre_tokenizers.BertPreTokenizer()
    words = {word for text, *_ in CLAUSES for word, _ in splitter.pre_tokenize_str(normalizer.normalize_str(text))}
    characters = string.ascii_lowercase + string.digits + string.punctuation
    tokens = [*SPECIALS, *characters, *(f"##{c}" for c in characters), *sorted(words - set(characters))]
    tokenizer = Tokenizer(models.WordPiece({t: i for i, t in enumerate(tokens)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizer
    tokenizer.pre_tokenizer = splitter
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    )


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """One torch thread: the tiny model runs many small operations, which a second thread only slows down
    (tenfold on a busy 2-core machine, where torch's waiting threads spin)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialised two-layer BERT (hidden size 32) and its tokenizer, as a base model folder."""
    from transformers import BertConfig, BertModel

    folder = tmp_path_factory.mktemp("tiny-base")
    tokenizer = _tiny_tokenizer()
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_transformer(tiny_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A transformer artifact fine-tuned from the tiny base on the tiny corpus."""
    from resolute.training.train_transformer import train_transformer

    out = tmp_path_factory.mktemp("tiny-transformer")
    config = {**TINY_TRANSFORMER_CONFIG, "base_model": str(tiny_base)}
    summary, files = train_transformer(tiny_examples(), load_labels(), config, out)
    write_artifact_meta(out, "transformer", config, summary, "tiny", files)
    return out


def _copy(model: Path, tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(model, target)
    return target


def test_an_artifact_loads_through_load_classifier_and_learns_the_families(tiny_transformer: Path) -> None:
    from resolute.model.transformer import TransformerClauseClassifier

    classifier = load_classifier(tiny_transformer)
    assert isinstance(classifier, TransformerClauseClassifier)
    texts = [text for text, *_ in CLAUSES]
    predictions = classifier.predict(texts)
    families = [p.family for p in predictions]
    right = sum(f == family for f, (_, _, family, _) in zip(families, CLAUSES, strict=True))
    assert right >= 0.9 * len(CLAUSES)
    sections_right = sum(p.section == section for p, (_, section, _, _) in zip(predictions, CLAUSES, strict=True))
    assert sections_right >= 0.9 * len(CLAUSES)
    for prediction in predictions:
        assert 0.0 <= prediction.scores["family"] <= 1.0
        assert 0.0 <= prediction.scores["section"] <= 1.0
        if prediction.section == "preambular":
            assert prediction.intents == ()
        else:
            assert 1 <= len(prediction.intents) <= 3
            assert set(prediction.scores["intents"]) == set(load_labels().intents)


def test_unseen_clauses_with_known_leads(tiny_transformer: Path) -> None:
    classifier = load_classifier(tiny_transformer)
    predictions = classifier.predict(
        [
            "Recalling its resolution 99/1 on coastal fisheries,",
            "Urges all States to ratify the convention on river basins;",
        ]
    )
    assert [p.family for p in predictions] == ["recall", "urge"]
    assert [p.section for p in predictions] == ["preambular", "operative"]


def test_a_known_section_is_kept_and_empty_input_gives_nothing(tiny_transformer: Path) -> None:
    classifier = load_classifier(tiny_transformer)
    [prediction] = classifier.predict(["Requests the Secretary-General to report on rural libraries;"], ["preambular"])
    assert prediction.section == "preambular"
    assert prediction.intents == ()
    assert classifier.predict([]) == []


def test_batching_and_padding_do_not_change_the_scores(tiny_transformer: Path) -> None:
    from resolute.model.transformer import TransformerClauseClassifier

    texts = [text for text, *_ in CLAUSES]
    meta = json.loads((tiny_transformer / "meta.json").read_text())
    one_by_one = TransformerClauseClassifier(tiny_transformer, meta, load_labels(), batch_size=1)
    all_at_once = TransformerClauseClassifier(tiny_transformer, meta, load_labels(), batch_size=64)
    for a, b in zip(one_by_one.probabilities(texts), all_at_once.probabilities(texts), strict=True):
        assert a == pytest.approx(b, abs=1e-4)


def test_meta_hashes_every_model_file_and_stores_the_thresholds(tiny_transformer: Path) -> None:
    meta = json.loads((tiny_transformer / "meta.json").read_text())
    assert meta["backend"] == "transformer"
    on_disk = {p.name for p in tiny_transformer.iterdir()} - {"meta.json"}
    assert set(meta["files"]) == on_disk
    assert {"model.safetensors", "config.json", "tokenizer.json"} <= on_disk
    classifier = load_classifier(tiny_transformer)
    assert classifier.intent_thresholds.tolist() == pytest.approx([TINY_CONFIG["intent_threshold"]] * 12)


@pytest.mark.parametrize("name", ["model.safetensors", "tokenizer.json", "config.json"])
def test_a_tampered_model_file_is_refused(tiny_transformer: Path, tmp_path: Path, name: str) -> None:
    model = _copy(tiny_transformer, tmp_path)
    with (model / name).open("ab") as stream:
        stream.write(b" ")
    with pytest.raises(ModelError, match=f"{name} does not match its hash"):
        load_classifier(model)


def test_unreadable_weights_with_a_matching_hash_give_a_model_error(tiny_transformer: Path, tmp_path: Path) -> None:
    model = _copy(tiny_transformer, tmp_path)
    (model / "model.safetensors").write_bytes(b"not a safetensors file")
    meta = json.loads((model / "meta.json").read_text())
    files = list(meta.pop("files"))
    meta.pop("schema_version")
    from resolute.model.artifact import write_meta

    write_meta(model, meta, files)
    with pytest.raises(ModelError, match="cannot be loaded"):
        load_classifier(model)
