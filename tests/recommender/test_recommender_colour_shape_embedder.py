from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from recommender.embedder import ColourShapeEmbedder

RED, DARK_RED, BLUE = (220, 20, 30), (180, 10, 20), (30, 40, 200)


def t_shirt(colour, scale: float = 1.0, size: int = 200) -> Image.Image:
    image = Image.new("RGB", (size, size), "white")
    outline = [
        (60, 30),
        (140, 30),
        (185, 70),
        (160, 95),
        (145, 80),
        (145, 180),
        (55, 180),
        (55, 80),
        (40, 95),
        (15, 70),
    ]
    centre = size / 2
    scaled = [(centre + (x - centre) * scale, centre + (y - centre) * scale) for x, y in outline]
    ImageDraw.Draw(image).polygon(scaled, fill=colour)
    return image


def trousers(colour, size: int = 200) -> Image.Image:
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    draw.polygon([(70, 10), (130, 10), (140, 190), (105, 190), (100, 60), (95, 190), (60, 190)], fill=colour)
    return image


def distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sum((a - b) ** 2))


def test_output_is_unit_rows_of_the_declared_dimension():
    embedder = ColourShapeEmbedder()
    vectors = embedder.embed([t_shirt(RED), trousers(BLUE), Image.new("RGB", (30, 30), "white")])
    assert vectors.shape == (3, embedder.dim)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_no_images_give_an_empty_matrix():
    embedder = ColourShapeEmbedder()
    assert embedder.embed([]).shape == (0, embedder.dim)


def test_same_image_gives_identical_vector():
    embedder = ColourShapeEmbedder()
    first, second = embedder.embed([t_shirt(RED), t_shirt(RED)])
    assert np.array_equal(first, second)


def test_red_shirt_is_nearer_another_red_shirt_than_a_blue_one():
    red, other_red, blue = ColourShapeEmbedder().embed([t_shirt(RED), t_shirt(DARK_RED, scale=0.95), t_shirt(BLUE)])
    assert distance(red, other_red) < distance(red, blue)


def test_shape_outweighs_colour():
    red_shirt, blue_shirt, red_trousers = ColourShapeEmbedder().embed([t_shirt(RED), t_shirt(BLUE), trousers(RED)])
    assert distance(red_shirt, blue_shirt) < distance(red_shirt, red_trousers)


def test_greyscale_and_transparent_inputs_are_accepted():
    embedder = ColourShapeEmbedder()
    vectors = embedder.embed([t_shirt(RED).convert("L"), t_shirt(RED).convert("RGBA")])
    assert np.isfinite(vectors).all()
