"""Text columns told apart without a Python call per point (models/columns.py)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from deterrence.models.columns import is_none, isin_text, text_codes, text_column

WORDS = st.sampled_from(["ok", "invalid", "error", "maxmin", "a much longer message = 3", None])


@given(st.lists(WORDS, max_size=300), st.booleans())
def test_text_codes_give_the_values_back(values, copies):
    """Codes and categories reproduce the column, None as code -1, each category once,
    also when equal strings are different objects."""
    column = np.empty(len(values), dtype=object)
    column[:] = [("".join(v) if copies and v else v) for v in values]
    codes, categories = text_codes(column)
    assert len(set(categories)) == len(categories) and None not in categories
    back = [None if c < 0 else categories[c] for c in codes]
    assert back == list(values)
    np.testing.assert_array_equal(is_none(column), [v is None for v in values])


def test_many_distinct_values_are_sorted_not_scanned():
    column = np.array([f"message {i % 500}" for i in range(5000)] + [None], dtype=object)
    codes, categories = text_codes(column)
    assert len(categories) == 500 and codes[-1] == -1
    assert all(categories[codes[i]] == column[i] for i in range(5000))


def test_a_shared_value_is_one_category():
    column = text_column(10, "contest")
    assert column[0] is column[9]
    codes, categories = text_codes(column)
    assert categories == ["contest"] and not codes.any()
    column[4] = "lanchester_square"
    np.testing.assert_array_equal(isin_text(column, ("contest",)), [i != 4 for i in range(10)])
