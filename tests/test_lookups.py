"""Views look things up in one way: the thing, or a 404 that says what was not found."""
import pytest
from werkzeug.exceptions import NotFound

from webapp.lookups import found_or_404, get_or_404
from webapp.models import Product


@pytest.mark.parametrize("found", [0, "", [], "photo.jpg", 42])
def test_anything_but_none_is_found_as_it_is(found):
    assert found_or_404(found, "No such thing.") == found


def test_none_is_a_404_saying_what_was_not_found():
    with pytest.raises(NotFound) as refused:
        found_or_404(None, "No such thing.")
    assert refused.value.description == "No such thing."


def test_a_row_is_got_by_its_id(make_product):
    product = make_product()
    assert get_or_404(Product, product.id, "No such product.") is product


def test_a_missing_row_is_a_404_saying_what_was_not_found(app):
    with pytest.raises(NotFound) as refused:
        get_or_404(Product, 424242, "No such product.")
    assert refused.value.description == "No such product."
