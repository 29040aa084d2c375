"""Photo search in a real browser: choose a photo, see it with a crop box, frame the item, see five look-alikes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def photo_on_a_bed(tmp_path: Path) -> Path:
    """A red T-shirt on a striped blanket, off to the left, the way customers photograph clothes."""
    photo = Image.new("RGB", (800, 600), (70, 90, 140))
    draw = ImageDraw.Draw(photo)
    for y in range(0, 600, 40):
        draw.rectangle((0, y, 799, y + 19), fill=(90, 110, 160))
    draw.polygon([(60, 160), (160, 100), (300, 100), (400, 160), (360, 250), (320, 230), (320, 520), (140, 520),
                  (140, 230), (100, 250)], fill=(210, 30, 40))
    path = tmp_path / "bed.jpg"
    photo.save(path, quality=90)
    return path


def test_a_guest_frames_a_photo_and_sees_five_look_alikes(page, live_server, photo_on_a_bed, artifacts):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Photo search").click()
    expect(page.get_by_role("heading", name="Find look-alikes from a photo")).to_be_visible()

    page.set_input_files("#photo-input", str(photo_on_a_bed))
    preview = page.locator("#photo-preview")
    expect(preview).to_be_visible()
    expect(preview).to_have_attribute("src", re.compile(r"^blob:"))
    page.wait_for_function("document.getElementById('photo-preview').naturalWidth > 0")
    expect(page.locator("#crop-box")).to_be_visible()

    # Drag the box's corner in, to frame the T-shirt on the left.
    handle = page.locator("#crop-handle").bounding_box()
    frame = page.locator("#crop-frame").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(frame["x"] + frame["width"] * 0.55, frame["y"] + frame["height"] * 0.9, steps=8)
    page.mouse.up()
    crop_width = float(page.locator("#crop_w").input_value())
    assert 0.45 < crop_width < 0.65
    page.screenshot(path=str(artifacts / "photo-search-crop.png"), full_page=True)

    page.get_by_role("button", name="Find look-alikes").click()
    results = page.locator("#photo-results .card")
    expect(results).to_have_count(5)
    expect(page.locator("#predicted-category")).to_be_visible()
    expect(results.first).to_contain_text("% similar")
    # The results are at the top of the viewport, the kept photo below with its crop box where it was.
    assert page.locator("#look-alikes").bounding_box()["y"] < page.viewport_size["height"] / 2
    page.wait_for_function("document.getElementById('photo-preview').naturalWidth > 0")
    expect(page.locator("#crop-box")).to_be_visible()
    assert 0.45 < float(page.locator("#crop_w").input_value()) < 0.65
    page.screenshot(path=str(artifacts / "photo-search-results.png"), full_page=True)


def test_a_photo_chosen_before_the_page_script_arrives_is_previewed(page, live_server, photo_on_a_bed):
    held = []
    page.route("**/js/photo-search.js", lambda route: held.append(route))
    page.goto(live_server + "/search/photo", wait_until="commit")
    page.locator("#photo-input").wait_for(state="attached")
    page.set_input_files("#photo-input", str(photo_on_a_bed))
    page.wait_for_function("document.getElementById('photo-input').files.length === 1")

    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(20)
    held[0].continue_()
    expect(page.locator("#photo-preview")).to_be_visible()
    expect(page.locator("#crop-box")).to_be_visible()


def drag_corner_to(page, x_share: float, y_share: float) -> None:
    page.locator("#crop-frame").scroll_into_view_if_needed()
    handle = page.locator("#crop-handle").bounding_box()
    frame = page.locator("#crop-frame").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(frame["x"] + frame["width"] * x_share, frame["y"] + frame["height"] * y_share, steps=8)
    page.mouse.up()


def test_a_shopper_crops_again_searches_again_and_switches_the_type(page, live_server, photo_on_a_bed, artifacts):
    page.goto(live_server + "/search/photo")
    page.set_input_files("#photo-input", str(photo_on_a_bed))
    page.wait_for_function("document.getElementById('photo-preview').naturalWidth > 0")
    page.get_by_role("button", name="Find look-alikes").click()
    expect(page.locator("#photo-results .card")).to_have_count(5)

    # No new upload: the kept photo is framed anew and searched again.
    page.wait_for_function("document.getElementById('photo-preview').naturalWidth > 0")
    drag_corner_to(page, 0.5, 0.9)
    assert 0.4 < float(page.locator("#crop_w").input_value()) < 0.6
    assert page.locator("#photo-input").evaluate("input => input.files.length") == 0
    page.get_by_role("button", name="Search again").click()
    expect(page.locator("#photo-results .card")).to_have_count(5)
    assert 0.4 < float(page.locator("#crop_w").input_value()) < 0.6

    # Another of the likeliest types: the search keeps to it.
    chips = page.locator("#category-chips .chip")
    second = chips.nth(1)
    chosen = second.get_attribute("value")
    second.click()
    expect(page.locator("#category-chips .chip[aria-pressed='true']")).to_have_attribute("value", chosen)
    expect(page.locator("#photo-results .card")).to_have_count(5)
    page.screenshot(path=str(artifacts / "photo-search-chip.png"), full_page=True)


def test_a_product_page_shows_five_similar_products(page, live_server, artifacts):
    page.goto(live_server + "/products")
    page.locator(".card a").first.click()
    expect(page.get_by_role("heading", name="Similar products")).to_be_visible()
    expect(page.locator("#similar-products .card")).to_have_count(5)
    page.screenshot(path=str(artifacts / "product-similar.png"), full_page=True)
