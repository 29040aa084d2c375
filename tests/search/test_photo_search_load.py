"""What one photo search may cost a worker: pixels decoded, and how many searches decode at once."""
from __future__ import annotations

import pytest
from PIL import Image

from tests.support.search import card_ids, drawing, encoded, search_with_photo
from webapp.services.catalog.pictures import verify_image
from webapp.services.visual_search.search_slots import search_slot
from webapp.services.visual_search.uploads import QUERY_PHOTO_LIMITS


def red_tshirt_photo() -> bytes:
    return encoded(drawing((205, 35, 35), "Tshirts"))


# A JPEG decodes at 1/2, 1/4 or 1/8 of its size straight from the file; other formats decode whole.
PHOTOS_BY_DECODED_SIZE = {
    "a 24 MP phone JPEG (decoded at 1/4: 1.5 MP)": ("phone.jpg", encoded(Image.new("L", (6000, 4000), 90)), 200),
    "a 12 MP PNG": ("photo.png", encoded(Image.new("L", (4000, 3000), 90), "PNG"), 200),
    "a 24 MP PNG": ("photo.png", encoded(Image.new("1", (6000, 4000)), "PNG"), 400),
}


@pytest.mark.parametrize(("filename", "data", "status"), PHOTOS_BY_DECODED_SIZE.values(),
                         ids=PHOTOS_BY_DECODED_SIZE.keys())
def test_a_photo_is_refused_only_when_decoding_it_would_exceed_16_megapixels(
    photo_client, indexed_catalogue, filename, data, status
):
    response = search_with_photo(photo_client, data, filename)
    assert response.status_code == status
    if status == 400:
        assert "the limit is 16 megapixels" in response.text


@pytest.mark.parametrize(
    ("image", "format", "decoded_size"),
    [
        (Image.new("RGB", (4000, 3000), "red"), "JPEG", (1024, 768)),
        (Image.new("RGBA", (3000, 2000), "red"), "PNG", (1024, 683)),
        (Image.new("P", (1500, 3000)), "GIF", (512, 1024)),
        (Image.new("RGB", (400, 533), "red"), "JPEG", (400, 533)),
    ],
    ids=["phone JPEG", "RGBA PNG", "palette GIF", "small photo"],
)
def test_a_query_photo_is_decoded_no_larger_than_1024_pixels_a_side(app, image, format, decoded_size):
    verified = verify_image(encoded(image, format), limits=QUERY_PHOTO_LIMITS)
    assert (verified.image.size, verified.format) == (decoded_size, format)


def test_when_every_search_slot_stays_taken_a_search_is_turned_away_with_a_503(
    app, photo_client, indexed_catalogue, monkeypatch
):
    monkeypatch.setitem(app.config, "PHOTO_SEARCH_WAIT_SECONDS", 0)
    with search_slot(), search_slot():  # PHOTO_SEARCHES_PER_WORKER is 2: both are held
        busy = search_with_photo(photo_client, red_tshirt_photo())
    assert busy.status_code == 503
    assert "Photo search is busy with other photos right now" in busy.text
    assert busy.headers["Retry-After"] == "5"
    freed = search_with_photo(photo_client, red_tshirt_photo())
    assert freed.status_code == 200 and len(card_ids(freed.text, "photo-results")) == 5
