"""Linear weights stored as int8 with a scale per feature."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from resolute.model.quantize import dequantize_rows, quantize_rows

finite = st.floats(-50, 50, allow_nan=False, width=32)


@given(arrays(np.float32, st.tuples(st.integers(0, 30), st.integers(1, 6)), elements=finite))
def test_each_weight_comes_back_within_half_a_step_of_its_row(weights: np.ndarray) -> None:
    values, scale = quantize_rows(weights)
    assert values.dtype == np.int8 and scale.shape == (len(weights),)
    restored = dequantize_rows(values, scale)
    assert restored.dtype == np.float32 and restored.shape == weights.shape
    step = np.abs(weights).max(axis=1, keepdims=True) / 127 if weights.size else 0
    assert np.all(np.abs(restored - weights) <= step / 2 + 1e-6)


def test_a_row_of_zeros_stays_zero_and_the_largest_weight_is_exact() -> None:
    weights = np.array([[0.0, 0.0], [2.0, -0.5]], dtype=np.float32)
    restored = dequantize_rows(*quantize_rows(weights))
    assert restored[0].tolist() == [0.0, 0.0]
    assert restored[1, 0] == 2.0


def test_weights_from_a_transposed_matrix_come_back_row_major() -> None:
    coefficients = np.arange(12, dtype=np.float64).reshape(3, 4)  # outputs x features, as scikit-learn fits
    values, scale = quantize_rows(coefficients.T)
    assert values.flags.c_contiguous
    assert dequantize_rows(values, scale).flags.c_contiguous
