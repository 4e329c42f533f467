"""A text field's validator (:func:`atelier.domain.bounds.text_of`) takes a fast path for
plain text; it accepts and refuses exactly what its full checks do."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from atelier.domain import bounds
from atelier.domain.errors import InvalidInput

_values = st.one_of(st.none(), st.integers(), st.text(max_size=12),
                    st.text(st.sampled_from(" \t\n\x00\x1f\x7f\x85\xa0\u2028é\ud800ab"),
                            max_size=12))


def _full(value: Any, limit: int, *, multiline: bool, optional: bool,
          blank: bool) -> str | None:
    """The checks in full, in their order: the code of the refusal, or None."""
    if optional and value is None:
        return None
    if not isinstance(value, str):
        return "not_text"
    refused = [c for c in value if bounds.has_control(c, multiline=multiline)]
    if refused:
        return "nul_character" if refused[0] == "\x00" else "control_character"
    if not (blank or optional):
        if not value:
            return "empty"
        if not value.strip():
            return "blank"
    if len(value) > limit:
        return "too_long"
    return None


@given(_values, st.integers(0, 8), st.booleans(), st.booleans(), st.booleans())
def test_the_fast_path_accepts_and_refuses_as_the_full_checks(
        value: Any, limit: int, multiline: bool, optional: bool, blank: bool) -> None:
    validate = bounds.text_of(limit, multiline=multiline, optional=optional, blank=blank)
    field = attrs.Attribute(name="title", default=None, validator=None, repr=True,
                            cmp=None, hash=None, init=True, inherited=False)
    try:
        validate(None, field, value)
        code = None
    except InvalidInput as exc:
        code = exc.code
    assert code == _full(value, limit, multiline=multiline, optional=optional, blank=blank)
