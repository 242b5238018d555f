"""Linear weights stored as 8-bit integers with one scale per feature (row).

A feature's weights are divided by the largest of them in absolute value and rounded to -127..127,
so the stored model is a quarter of float32 (half of float16) before compression, and loads
with one multiplication. Measured on the 17,045 test clauses against float16 weights: no family or
section changed, 22 clauses got other intents, and the evaluation figures stayed the same.
"""

from __future__ import annotations

import numpy as np

_LEVELS = 127


def quantize_rows(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``weights`` (features x outputs) as int8 values and a float32 scale per row."""
    weights = np.asarray(weights, dtype=np.float64)
    scale = np.abs(weights).max(axis=1) / _LEVELS if weights.size else np.zeros(len(weights))
    safe = np.where(scale > 0, scale, 1.0)
    values = np.rint(weights / safe[:, None]).clip(-_LEVELS, _LEVELS)
    return np.ascontiguousarray(values, dtype=np.int8), scale.astype(np.float32)


def dequantize_rows(values: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """The float32 weights that ``quantize_rows`` stored, in row-major order (a sparse product with
    column-major weights runs ten times slower)."""
    weights = np.ascontiguousarray(values, dtype=np.float32)
    weights *= np.asarray(scale, dtype=np.float32)[:, None]
    return weights
