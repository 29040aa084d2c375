"""isolate_subject: a casual photo's subject goes on white, cropped to it; studio shots are left alone."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from recommender.subject import has_plain_background, isolate_subject


def on_a_floor() -> Image.Image:
    """A red disc on wooden-looking stripes: the kind of photo customers take."""
    photo = Image.new("RGB", (400, 300))
    draw = ImageDraw.Draw(photo)
    for x in range(0, 400, 20):
        draw.rectangle((x, 0, x + 19, 299), fill=(150, 110, 70) if (x // 20) % 2 else (120, 85, 50))
    draw.ellipse((150, 100, 249, 199), fill=(220, 20, 30))
    return photo


def studio_shot() -> Image.Image:
    photo = Image.new("RGB", (300, 400), "white")
    ImageDraw.Draw(photo).rectangle((100, 120, 200, 300), fill=(30, 60, 200))
    return photo


def test_a_busy_background_is_painted_white_and_the_subject_framed():
    subject = isolate_subject(on_a_floor())
    pixels = np.asarray(subject)
    assert abs(subject.width - subject.height) <= 8 and 95 <= subject.width <= 115
    assert tuple(pixels[subject.height // 2, subject.width // 2]) == (220, 20, 30)
    # The disc's box has floor in its corners: painted white.
    assert all((pixels[y, x] > 240).all() for y, x in ((2, 2), (2, -3), (-3, 2), (-3, -3)))


def test_a_studio_shot_is_left_as_it_is():
    shot = studio_shot()
    assert has_plain_background(shot)
    assert np.array_equal(np.asarray(isolate_subject(shot)), np.asarray(shot))


def test_a_photo_on_a_floor_has_no_plain_background():
    assert not has_plain_background(on_a_floor())


def test_the_result_is_the_same_every_time():
    assert np.array_equal(np.asarray(isolate_subject(on_a_floor())), np.asarray(isolate_subject(on_a_floor())))


def test_a_photo_with_nothing_standing_out_is_kept_whole():
    noise = Image.fromarray(np.random.default_rng(1).integers(0, 256, (120, 160, 3), dtype=np.uint8))
    assert isolate_subject(noise).size == noise.size
