"""The transformer backend: a fine-tuned encoder with three heads, loaded from an artifact folder.

Needs the ``transformer`` extra (torch, transformers); ``load_classifier`` imports this module only
for transformer artifacts. The folder holds ``model.safetensors`` (encoder and heads, no pickles),
the encoder's ``config.json``, the tokenizer files and ``meta.json``, whose hashes are checked
before anything is loaded. A GPU is used when present, never required.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing is ever downloaded: every file is in the folder
# Threads that sleep instead of spinning while they wait: on a shared 2-core machine spinning threads
# made a training step 3 to 4 times slower. Takes effect only when torch is not yet imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file
from transformers import AutoConfig, AutoModel, AutoTokenizer, PreTrainedTokenizerBase

from resolute.model.artifact import ModelError
from resolute.model.classify import Prediction, assemble_predictions
from resolute.model.labels import LabelSet

WEIGHTS = "model.safetensors"
ENCODER_CONFIG = "config.json"
DEFAULT_MAX_LEN = 96
BATCH_SIZE = 64


class ClauseEncoder(torch.nn.Module):
    """A shared encoder, mean pooling over the tokens, and the section, family and intent heads."""

    def __init__(self, encoder: torch.nn.Module, families: int, intents: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.dropout = torch.nn.Dropout(dropout)
        self.section = torch.nn.Linear(hidden, 1)
        self.family = torch.nn.Linear(hidden, families)
        self.intents = torch.nn.Linear(hidden, intents)
        self.register_buffer("intent_thresholds", torch.full((intents,), 0.5))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Logits of the operative section (n), of the families (n, F) and of the intents (n, I)."""
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        pooled = self.dropout(pooled)
        return self.section(pooled).squeeze(-1), self.family(pooled), self.intents(pooled)


def best_device() -> torch.device:
    """The GPU when one is present, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def save_model_files(model: ClauseEncoder, tokenizer: PreTrainedTokenizerBase, folder: Path) -> list[str]:
    """Write the weights, the encoder config and the tokenizer into ``folder``; the names written."""
    folder.mkdir(parents=True, exist_ok=True)
    state = {name: tensor.detach().cpu().contiguous() for name, tensor in model.state_dict().items()}
    save_file(state, str(folder / WEIGHTS))
    model.encoder.config.save_pretrained(folder)
    written = tokenizer.save_pretrained(folder)
    names = {WEIGHTS, ENCODER_CONFIG, *(Path(path).name for path in written)}
    return sorted(name for name in names if (folder / name).is_file())


class TransformerClauseClassifier:
    """The transformer backend; the same predict API as the linear one."""

    def __init__(self, folder: Path, meta: dict, labels: LabelSet, batch_size: int = BATCH_SIZE) -> None:
        self.folder = folder
        self.meta = meta
        self.labels = labels
        self.batch_size = batch_size
        self.max_len = int(meta.get("config", {}).get("max_len", DEFAULT_MAX_LEN))
        self.device = best_device()
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(folder)
            encoder = AutoModel.from_config(AutoConfig.from_pretrained(folder))
            self.model = ClauseEncoder(encoder, len(labels.families), len(labels.intents))
            self.model.load_state_dict(load_file(str(folder / WEIGHTS)))
        except (OSError, ValueError, RuntimeError, KeyError, SafetensorError) as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ModelError(f"{folder}: the transformer model cannot be loaded ({first_line})") from None
        self.model.to(self.device).eval()
        self.intent_thresholds = self.model.intent_thresholds.cpu().numpy()

    def probabilities(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Probabilities of the operative section, of each family and of each intent."""
        section = np.zeros(len(texts), dtype=np.float32)
        family = np.zeros((len(texts), len(self.labels.families)), dtype=np.float32)
        intents = np.zeros((len(texts), len(self.labels.intents)), dtype=np.float32)
        order = np.argsort([len(text) for text in texts], kind="stable")  # similar lengths pad less
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                rows = order[start : start + self.batch_size]
                batch = self.tokenizer(
                    [texts[i] for i in rows],
                    truncation=True,
                    max_length=self.max_len,
                    padding=True,
                    return_tensors="pt",
                )
                logits = self.model(batch["input_ids"].to(self.device), batch["attention_mask"].to(self.device))
                section[rows] = torch.sigmoid(logits[0]).float().cpu().numpy()
                family[rows] = torch.softmax(logits[1], dim=-1).float().cpu().numpy()
                intents[rows] = torch.sigmoid(logits[2]).float().cpu().numpy()
        return section, family, intents

    def predict(self, texts: Sequence[str], sections: Sequence[str | None] | None = None) -> list[Prediction]:
        """Label clause texts; a known section (from the markup or the segmenter) is kept."""
        if not texts:
            return []
        section, family, intents = self.probabilities(texts)
        return assemble_predictions(section, family, intents, sections, self.labels, self.intent_thresholds)
