"""Typed text is matched as text: LIKE's wildcards in it are escaped."""
import pytest

from webapp.services.text_match import escape_like


@pytest.mark.parametrize(
    ("typed", "pattern"),
    [
        ("shirt", "shirt"),
        ("100%", "100\\%"),
        ("tee_shirt", "tee\\_shirt"),
        ("back\\slash", "back\\\\slash"),
        ("%_\\", "\\%\\_\\\\"),
        ("", ""),
    ],
)
def test_like_wildcards_in_typed_text_are_escaped(typed, pattern):
    assert escape_like(typed) == pattern
