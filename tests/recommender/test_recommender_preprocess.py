from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from recommender.preprocess import letterbox, load_image, prepare_image, to_rgb

RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)
EXIF_ORIENTATION = 0x0112
ROTATE_90_CLOCKWISE_TO_DISPLAY = 6


def two_colour_portrait() -> Image.Image:
    """30 wide, 60 tall: red top half, blue bottom half."""
    image = Image.new("RGB", (30, 60), BLUE)
    image.paste(RED, (0, 0, 30, 30))
    return image


def jpeg_bytes(image: Image.Image, **save_options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95, **save_options)
    return buffer.getvalue()


def pixel(image: Image.Image, x: int, y: int) -> tuple[int, int, int]:
    return tuple(int(v) for v in np.asarray(image)[y, x])


def test_exif_rotated_photo_comes_out_upright():
    upright = two_colour_portrait()
    # A camera stores the pixels sideways and records how to turn them for display.
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = ROTATE_90_CLOCKWISE_TO_DISPLAY
    image = to_rgb(load_image(jpeg_bytes(stored, exif=exif)))
    assert image.size == (30, 60)
    assert np.allclose(pixel(image, 15, 5), RED, atol=12)
    assert np.allclose(pixel(image, 15, 55), BLUE, atol=12)


def test_load_image_accepts_path_bytes_and_file_object(tmp_path):
    path = tmp_path / "portrait.jpg"
    path.write_bytes(jpeg_bytes(two_colour_portrait()))
    from_path = load_image(path)
    from_bytes = load_image(path.read_bytes())
    with open(path, "rb") as handle:
        from_file = load_image(handle)
    assert np.array_equal(np.asarray(from_path), np.asarray(from_bytes))
    assert np.array_equal(np.asarray(from_path), np.asarray(from_file))


def test_cmyk_converts_to_rgb():
    assert pixel(to_rgb(Image.new("CMYK", (2, 2), (0, 255, 255, 0))), 0, 0) == RED


def test_cmyk_jpeg_decodes_to_the_right_colour():
    decoded = to_rgb(load_image(jpeg_bytes(Image.new("CMYK", (16, 16), (0, 255, 255, 0)))))
    assert np.allclose(pixel(decoded, 8, 8), RED, atol=12)


def test_palette_transparency_becomes_white():
    image = Image.new("P", (2, 1))
    image.putpalette([*RED, *BLUE] + [0] * (256 * 3 - 6))
    image.putpixel((1, 0), 1)
    image.info["transparency"] = 1
    converted = to_rgb(image)
    assert pixel(converted, 0, 0) == RED
    assert pixel(converted, 1, 0) == WHITE


def test_rgba_alpha_is_composited_on_white():
    image = Image.new("RGBA", (3, 1))
    image.putdata([(255, 0, 0, 255), (255, 0, 0, 0), (0, 0, 0, 128)])
    converted = to_rgb(image)
    assert pixel(converted, 0, 0) == RED
    assert pixel(converted, 1, 0) == WHITE
    assert np.allclose(pixel(converted, 2, 0), (127, 127, 127), atol=1)


def test_la_alpha_is_composited_on_white():
    assert pixel(to_rgb(Image.new("LA", (1, 1), (0, 0))), 0, 0) == WHITE


def test_greyscale_l_becomes_grey_rgb():
    assert pixel(to_rgb(Image.new("L", (1, 1), 100)), 0, 0) == (100, 100, 100)


def test_one_bit_becomes_black_and_white():
    image = Image.new("1", (2, 1), 0)
    image.putpixel((1, 0), 1)
    converted = to_rgb(image)
    assert pixel(converted, 0, 0) == (0, 0, 0)
    assert pixel(converted, 1, 0) == WHITE


@pytest.mark.parametrize("mode", ["I;16", "I"])
def test_sixteen_bit_greyscale_is_scaled_not_clipped(mode):
    image = Image.new(mode, (3, 1))
    for x, value in enumerate((0, 32896, 65535)):
        image.putpixel((x, 0), value)
    converted = to_rgb(image)
    assert [pixel(converted, x, 0) for x in range(3)] == [(0, 0, 0), (128, 128, 128), WHITE]


def test_sixteen_bit_png_round_trip_is_scaled():
    buffer = io.BytesIO()
    image = Image.new("I;16", (2, 1))
    image.putpixel((1, 0), 65535)
    image.save(buffer, format="PNG")
    converted = to_rgb(load_image(buffer.getvalue()))
    assert [pixel(converted, x, 0) for x in range(2)] == [(0, 0, 0), WHITE]


def test_letterbox_of_portrait_keeps_aspect_and_pads_white_left_and_right():
    boxed = letterbox(Image.new("RGB", (300, 400), RED), size=224)
    assert boxed.shape == (224, 224, 3)
    assert boxed.dtype == np.uint8
    # 300x400 scaled by 224/400 is 168x224: 28 white columns each side.
    assert (boxed[:, :28] == 255).all()
    assert (boxed[:, 196:] == 255).all()
    assert (boxed[:, 28:196] == RED).all()


def test_letterbox_of_landscape_pads_white_top_and_bottom():
    boxed = letterbox(Image.new("RGB", (400, 300), BLUE), size=224)
    assert (boxed[:28] == 255).all()
    assert (boxed[196:] == 255).all()
    assert (boxed[28:196] == BLUE).all()


def test_letterbox_rejects_non_rgb_input():
    with pytest.raises(ValueError, match="to_rgb"):
        letterbox(Image.new("RGBA", (10, 10)))


def test_prepare_image_converts_then_letterboxes():
    transparent_square = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    assert (prepare_image(transparent_square, size=32) == 255).all()
