"""A deterministic demo catalogue whose product pictures the project draws itself.

We may not ship real product photos, so every demo product is a flat "studio shot" drawn with
Pillow: the silhouette of its article type in its base colour and pattern, on a white background.
The taxonomy follows the Kaggle fashion dataset's styles.csv so the shop, its filters and the
recommender treat demo products exactly like imported ones.

Everything is seeded from constants or the SKU: the catalogue and every picture are byte-for-byte
reproducible, which keeps seeding idempotent and lets image-based tests compare pictures.
"""
from __future__ import annotations

import itertools
import math
import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from PIL import Image, ImageDraw, ImageFilter

RGB = tuple[int, int, int]
Point = tuple[float, float]
Box = tuple[float, float, float, float]

# Every drawing is designed on a 600×800 board and scaled uniformly into the requested size.
DESIGN_WIDTH, DESIGN_HEIGHT = 600, 800
CX = DESIGN_WIDTH / 2
BACKGROUND: RGB = (255, 255, 255)

# Kaggle colour names → the RGB a picture of that colour is painted in. White is kept just off
# pure white so a white garment is still distinguishable from the background.
BASE_COLOURS: dict[str, RGB] = {
    "Black": (33, 33, 33),
    "White": (246, 246, 246),
    "Navy Blue": (32, 45, 88),
    "Blue": (45, 100, 190),
    "Red": (200, 36, 48),
    "Green": (38, 130, 72),
    "Grey": (128, 128, 130),
    "Brown": (116, 72, 42),
    "Pink": (238, 150, 180),
    "Yellow": (244, 204, 52),
    "Olive": (108, 114, 52),
    "Maroon": (122, 26, 42),
    "Beige": (226, 206, 170),
    "Purple": (112, 62, 152),
    "Orange": (240, 130, 40),
    "Silver": (192, 192, 198),
    "Gold": (212, 172, 60),
    "Tan": (198, 150, 100),
    "Khaki": (190, 172, 130),
    "Teal": (0, 128, 128),
}

PATTERNS = ("solid", "striped", "checked", "dotted", "colourblock")
_PATTERN_WORDS = {"solid": "", "striped": "Striped", "checked": "Checked", "dotted": "Polka Dot",
                  "colourblock": "Colourblocked"}

# Pattern accents must contrast with the base, so dark bases get light accents and vice versa.
_LIGHT_ACCENTS: tuple[RGB, ...] = ((246, 246, 246), (236, 226, 200), (244, 204, 52))
_DARK_ACCENTS: tuple[RGB, ...] = ((32, 45, 88), (33, 33, 33), (122, 26, 42))
_METALS = {name: BASE_COLOURS[name] for name in ("Silver", "Gold")}
_LACE_LIGHT: RGB = (246, 246, 246)
_SOLE_WHITE: RGB = (244, 244, 242)
_SOLE_GREY: RGB = (214, 214, 214)
_INK: RGB = (28, 28, 30)

_SHADOW_OFFSET = (10, 14)  # design units: light comes from the top left
_SHADOW_STRENGTH = 0.40
_SHADOW_CUTOFF = 80  # mask level (0-255) below which the blurred shadow is dropped


# --------------------------------------------------------------------------------------------
# Colour helpers
# --------------------------------------------------------------------------------------------


def _luminance(colour: RGB) -> float:
    red, green, blue = colour
    return 0.299 * red + 0.587 * green + 0.114 * blue


def _mix(colour: RGB, other: RGB, amount: float) -> RGB:
    red, green, blue = (round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))
    return (red, green, blue)


def _outline_for(colour: RGB) -> RGB:
    # Near-black cannot get a darker edge, so it gets a lighter one; white gets light grey.
    if _luminance(colour) < 50:
        return _mix(colour, BACKGROUND, 0.32)
    return _mix(colour, (0, 0, 0), 0.25 if _luminance(colour) > 200 else 0.42)


def _tone_for(colour: RGB) -> RGB:
    """A neighbouring tone of the base for trims (straps, cuffs, heels) that must read as separate."""
    if _luminance(colour) < 60:
        return _mix(colour, BACKGROUND, 0.2)
    return _mix(colour, (0, 0, 0), 0.22)


def _accent_for(base: RGB, sku: str) -> RGB:
    options = _LIGHT_ACCENTS if _luminance(base) < 150 else _DARK_ACCENTS
    return options[_digest(sku, "accent") % len(options)]


def _digest(sku: str, salt: str) -> int:
    # crc32, not hash(): str hashes are salted per process and would break reproducibility.
    return zlib.crc32(f"{salt}:{sku}".encode())


# --------------------------------------------------------------------------------------------
# Geometry helpers (design units)
# --------------------------------------------------------------------------------------------


def _bezier(start: Point, control: Point, end: Point, steps: int = 10) -> list[Point]:
    """Points on a quadratic curve, both ends included."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        points.append((u * u * start[0] + 2 * u * t * control[0] + t * t * end[0],
                       u * u * start[1] + 2 * u * t * control[1] + t * t * end[1]))
    return points


def _arc(centre: Point, radius_x: float, radius_y: float, start: float, end: float,
         steps: int = 16) -> list[Point]:
    """Points on an ellipse arc; angles in degrees, clockwise from 3 o'clock like Pillow's."""
    points = []
    for i in range(steps + 1):
        angle = math.radians(start + (end - start) * i / steps)
        points.append((centre[0] + radius_x * math.cos(angle), centre[1] + radius_y * math.sin(angle)))
    return points


def _mirror(points: Sequence[Point]) -> list[Point]:
    return [(2 * CX - x, y) for x, y in points]


def _symmetric(right_half: Sequence[Point]) -> list[Point]:
    """Close a right-half outline running from the centre line back to it into a symmetric polygon."""
    left_half = _mirror(right_half)[::-1]
    return [*right_half, *left_half[1:-1]]


def _shift(points: Sequence[Point], dx: float = 0, dy: float = 0) -> list[Point]:
    return [(x + dx, y + dy) for x, y in points]


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _dashes(points: Sequence[Point], dash: float, gap: float) -> list[tuple[Point, Point]]:
    """Split a polyline into dash segments; used for visible stitching."""
    segments: list[tuple[Point, Point]] = []
    drawing, left = True, dash
    for a, b in itertools.pairwise(points):
        length = math.dist(a, b)
        done = 0.0
        while length - done > 1e-6:
            step = min(left, length - done)
            p, q = _lerp(a, b, done / length), _lerp(a, b, (done + step) / length)
            if drawing:
                segments.append((p, q))
            done += step
            left -= step
            if left <= 1e-6:
                drawing = not drawing
                left = dash if drawing else gap
    return segments


# --------------------------------------------------------------------------------------------
# Sketch: collects shapes in design units, then paints shadow, fabric and details
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    kind: str  # "polygon", "oval", "rounded", "line" or "arc"
    geometry: tuple
    colour: RGB | None  # None means the product's fabric: base colour plus pattern
    edge: bool
    width: float


class _Variation:
    """Per-SKU jitter of shape parameters: one SKU always yields the same shape."""

    def __init__(self, sku: str) -> None:
        self._rng = random.Random(_digest(sku, "shape"))  # noqa: S311 - drawing jitter, not security

    def between(self, low: float, high: float) -> float:
        return self._rng.uniform(low, high)

    def chance(self, probability: float) -> bool:
        return self._rng.random() < probability


class _Sketch:
    """Drawing functions describe a product here; render() paints it in one go.

    Recording first lets the soft shadow be cast by the whole silhouette before any part is drawn,
    and lets every fabric part share one pattern layer so stripes line up across seams.
    """

    def __init__(self, size: tuple[int, int], base: RGB, accent: RGB, pattern: str,
                 vertical_stripes: bool) -> None:
        self.size = size
        self.base = base
        self.accent = accent
        self.pattern = pattern
        self.vertical_stripes = vertical_stripes
        self.outline = _outline_for(base)
        self.tone = _tone_for(base)
        self.inside = _mix(base, (0, 0, 0), 0.3) if _luminance(base) > 60 else _mix(base, BACKGROUND, 0.12)
        self._scale = min(size[0] / DESIGN_WIDTH, size[1] / DESIGN_HEIGHT)
        self._origin = ((size[0] - DESIGN_WIDTH * self._scale) / 2, (size[1] - DESIGN_HEIGHT * self._scale) / 2)
        self._parts: list[_Part] = []

    # -- recording ---------------------------------------------------------------------------

    def shape(self, points: Sequence[Point], colour: RGB | None = None, *, edge: bool = True,
              width: float = 4) -> None:
        self._parts.append(_Part("polygon", tuple(points), colour, edge, width))

    def oval(self, box: Box, colour: RGB | None = None, *, edge: bool = True, width: float = 4) -> None:
        self._parts.append(_Part("oval", box, colour, edge, width))

    def rounded(self, box: Box, radius: float, colour: RGB | None = None, *, edge: bool = True,
                width: float = 4) -> None:
        self._parts.append(_Part("rounded", (box, radius), colour, edge, width))

    def line(self, points: Sequence[Point], colour: RGB, width: float = 4) -> None:
        self._parts.append(_Part("line", tuple(points), colour, False, width))

    def arc(self, box: Box, start: float, end: float, colour: RGB, width: float) -> None:
        self._parts.append(_Part("arc", (box, start, end), colour, False, width))

    def dot(self, centre: Point, radius: float, colour: RGB) -> None:
        x, y = centre
        self.oval((x - radius, y - radius, x + radius, y + radius), colour, edge=False)

    def stitches(self, points: Sequence[Point], colour: RGB, width: float = 3) -> None:
        for segment in _dashes(points, dash=11, gap=7):
            self.line(segment, colour, width)

    # -- painting ----------------------------------------------------------------------------

    def render(self) -> Image.Image:
        image = Image.new("RGB", self.size, BACKGROUND)
        self._cast_shadow(image)
        draw = ImageDraw.Draw(image)
        fabric = self._fabric_layer() if any(p.colour is None for p in self._parts) else None
        for part in self._parts:
            colour = part.colour or self.base
            edge = _outline_for(colour) if part.edge else None
            if part.colour is None and fabric is not None:
                self._paste_through(image, fabric, part)
                self._trace(draw, part, None, edge)
            else:
                self._trace(draw, part, colour, edge)
        return image

    def _px(self, point: Point) -> tuple[float, float]:
        return (self._origin[0] + point[0] * self._scale, self._origin[1] + point[1] * self._scale)

    def _px_box(self, box: Box) -> tuple[float, float, float, float]:
        x0, y0 = self._px((box[0], box[1]))
        x1, y1 = self._px((box[2], box[3]))
        return (x0, y0, max(x0, x1), max(y0, y1))

    def _px_width(self, width: float) -> int:
        return max(1, round(width * self._scale))

    def _trace(self, draw: ImageDraw.ImageDraw, part: _Part, fill: RGB | int | None,
               edge: RGB | int | None) -> None:
        width = self._px_width(part.width)
        if part.kind == "polygon":
            draw.polygon([self._px(p) for p in part.geometry], fill=fill, outline=edge, width=width)
        elif part.kind == "oval":
            draw.ellipse(self._px_box(part.geometry), fill=fill, outline=edge, width=width)
        elif part.kind == "rounded":
            box, radius = part.geometry
            draw.rounded_rectangle(self._px_box(box), radius * self._scale, fill=fill, outline=edge, width=width)
        elif part.kind == "line" and fill is not None:
            draw.line([self._px(p) for p in part.geometry], fill=fill, width=width, joint="curve")
        elif part.kind == "arc" and fill is not None:
            box, start, end = part.geometry
            draw.arc(self._px_box(box), start, end, fill=fill, width=width)

    def _silhouette(self, parts: Sequence[_Part]) -> Image.Image:
        mask = Image.new("L", self.size, 0)
        draw = ImageDraw.Draw(mask)
        for part in parts:
            self._trace(draw, part, 255, 255 if part.edge else None)
        return mask

    def _cast_shadow(self, image: Image.Image) -> None:
        # Blurring a quarter-size mask is ~16× cheaper than blurring at full size and looks the same.
        width, height = self.size
        small_size = (max(1, width // 4), max(1, height // 4))
        small = self._silhouette(self._parts).resize(small_size, Image.Resampling.BILINEAR)
        blurred = small.filter(ImageFilter.GaussianBlur(radius=3)).resize(self.size, Image.Resampling.BILINEAR)
        shadow = Image.new("L", self.size, 0)
        shadow.paste(blurred, (round(_SHADOW_OFFSET[0] * self._scale), round(_SHADOW_OFFSET[1] * self._scale)))
        # Cutting off the blur's faint tail keeps the shadow close and stops a wide near-white halo
        # from outweighing the product itself in colour statistics.
        alpha = shadow.point(lambda value: int(max(0, value - _SHADOW_CUTOFF) * _SHADOW_STRENGTH))
        image.paste((60, 60, 66), None, alpha)

    def _paste_through(self, image: Image.Image, fabric: Image.Image, part: _Part) -> None:
        mask = self._silhouette([_Part(part.kind, part.geometry, part.colour, False, part.width)])
        box = mask.getbbox()
        if box:
            image.paste(fabric.crop(box), box[:2], mask.crop(box))

    def _fabric_layer(self) -> Image.Image:
        layer = Image.new("RGB", self.size, self.base)
        region = self._silhouette([p for p in self._parts if p.colour is None]).getbbox()
        if region and self.pattern != "solid":
            _PATTERN_PAINTERS[self.pattern](ImageDraw.Draw(layer), region, self._scale, self)
        return layer


# --------------------------------------------------------------------------------------------
# Patterns: painted over the fabric layer's region in pixels, phase-locked to the canvas
# --------------------------------------------------------------------------------------------


def _grid(start: int, stop: int, period: float) -> list[float]:
    first = math.floor(start / period) * period
    return [first + i * period for i in range(int((stop - first) / period) + 2)]


def _paint_stripes(draw: ImageDraw.ImageDraw, region: tuple[int, int, int, int], scale: float,
                   sketch: _Sketch) -> None:
    x0, y0, x1, y1 = region
    # Pinstripes on tailoring, bolder bands on casual wear; either way the base keeps ~70% of the area.
    period, thick = (26 * scale, 6 * scale) if sketch.vertical_stripes else (36 * scale, 11 * scale)
    if sketch.vertical_stripes:
        for x in _grid(x0, x1, period):
            draw.rectangle((x, y0, x + thick - 1, y1), fill=sketch.accent)
    else:
        for y in _grid(y0, y1, period):
            draw.rectangle((x0, y, x1, y + thick - 1), fill=sketch.accent)


def _paint_checks(draw: ImageDraw.ImageDraw, region: tuple[int, int, int, int], scale: float,
                  sketch: _Sketch) -> None:
    # Gingham: half-tone bands with full accent where they cross, base still the largest share.
    x0, y0, x1, y1 = region
    period, band = 44 * scale, 12 * scale
    half_tone = _mix(sketch.base, sketch.accent, 0.45)
    xs, ys = _grid(x0, x1, period), _grid(y0, y1, period)
    for y in ys:
        draw.rectangle((x0, y, x1, y + band - 1), fill=half_tone)
    for x in xs:
        draw.rectangle((x, y0, x + band - 1, y1), fill=half_tone)
    for y in ys:
        for x in xs:
            draw.rectangle((x, y, x + band - 1, y + band - 1), fill=sketch.accent)


def _paint_dots(draw: ImageDraw.ImageDraw, region: tuple[int, int, int, int], scale: float,
                sketch: _Sketch) -> None:
    x0, y0, x1, y1 = region
    period, radius = 32 * scale, 6 * scale
    for row, y in enumerate(_grid(y0, y1, period)):
        offset = period / 2 if row % 2 else 0
        for x in _grid(x0, x1, period):
            cx = x + offset
            draw.ellipse((cx - radius, y - radius, cx + radius, y + radius), fill=sketch.accent)


def _paint_colourblock(draw: ImageDraw.ImageDraw, region: tuple[int, int, int, int], scale: float,
                       sketch: _Sketch) -> None:
    # One contrasting band across the middle: bold enough to read, small enough to keep the base dominant.
    x0, y0, x1, y1 = region
    height = y1 - y0
    draw.rectangle((x0, y0 + 0.40 * height, x1, y0 + 0.62 * height), fill=sketch.accent)


_PATTERN_PAINTERS: dict[str, Callable[[ImageDraw.ImageDraw, tuple[int, int, int, int], float, _Sketch], None]] = {
    "striped": _paint_stripes,
    "checked": _paint_checks,
    "dotted": _paint_dots,
    "colourblock": _paint_colourblock,
}


# --------------------------------------------------------------------------------------------
# Drawing functions: one per shape family, all in design units on the 600×800 board
# --------------------------------------------------------------------------------------------


def _draw_tshirt(sk: _Sketch, style: str, v: _Variation) -> None:
    half, hem, sleeve = v.between(128, 150), v.between(625, 665), v.between(92, 122)
    neck_w, neck_y = 54.0, 168.0
    if style == "V-Neck":
        neckline = [(CX, 252.0), (CX + neck_w, neck_y)]
    else:
        neckline = _bezier((CX, 212), (CX + neck_w - 6, 212), (CX + neck_w, neck_y), 8)
    shoulder = (CX + half + 12, 196)
    direction = (0.62, 0.78)  # sleeves fall outwards and down from the shoulder
    outer = (shoulder[0] + direction[0] * sleeve, shoulder[1] + direction[1] * sleeve)
    inner = (outer[0] - 64, outer[1] + 50)
    armpit = (CX + half + 2, 330)
    sk.shape(_symmetric([*neckline, shoulder, outer, inner, armpit, (CX + half, hem), (CX, hem + 4)]))

    full_neck = [*_mirror(neckline)[::-1], *neckline[1:]]
    back_neck = _bezier((CX - neck_w, neck_y), (CX, neck_y - 16), (CX + neck_w, neck_y), 8)
    sk.shape([*back_neck, *full_neck[::-1]], sk.inside)  # the back panel's inside shows through
    sk.line(_shift(full_neck, dy=10), sk.outline, 3)
    setback = (-direction[0] * 16, -direction[1] * 16)
    sleeve_seam = _shift([outer, inner], *setback)
    sk.line(sleeve_seam, sk.outline, 3)
    sk.line(_mirror(sleeve_seam), sk.outline, 3)
    sk.line([(CX - half + 4, hem - 16), (CX + half - 4, hem - 16)], sk.outline, 3)


def _draw_shirt(sk: _Sketch, style: str, v: _Variation) -> None:
    half = v.between(122, 132) if style == "Slim Fit" else v.between(138, 150)
    hem, cuff_y = v.between(650, 680), v.between(600, 625)
    shoulder = (CX + half + 12, 194)
    sleeve_out = (CX + half + 84, cuff_y)
    sleeve_in = (CX + half + 36, cuff_y + 6)
    armpit = (CX + half, 320)
    tail = _bezier((CX + half, hem - 45), (CX + half - 8, hem + 10), (CX, hem + 12), 8)
    sk.shape(_symmetric([(CX, 205), (CX + 46, 166), shoulder, sleeve_out, sleeve_in, armpit, *tail]))

    cuff = [_lerp(shoulder, sleeve_out, 0.9), sleeve_out, sleeve_in, _lerp(armpit, sleeve_in, 0.87)]
    cuff_button = _lerp(cuff[0], cuff[2], 0.5)
    for side in (cuff, _mirror(cuff)):
        sk.shape(side)
    for button in (cuff_button, _mirror([cuff_button])[0]):
        sk.dot(button, 5, sk.tone)
    sk.shape([(CX - 50, 168), (CX, 150), (CX + 50, 168), (CX + 44, 184), (CX, 172), (CX - 44, 184)], sk.inside)
    wing = [(CX + 2, 214), (CX + 50, 162), (CX + 66, 176), (CX + 44, 248)]
    sk.shape(wing)
    sk.shape(_mirror(wing))
    sk.line([(CX + 8, 230), (CX + 8, hem + 6)], sk.outline, 3)
    for y in range(258, int(hem) - 20, 66):
        sk.dot((CX, y), 6.5, _mix(sk.base, BACKGROUND, 0.55))
    if style == "Regular Fit":
        sk.rounded((CX + 40, 290, CX + 100, 360), 6, width=3)  # chest pocket


def _legs(top: float, hem: float, leg: float, gap: float, crotch: float, hip: float = 126) -> list[Point]:
    """Outline below the waistband: hips, two legs and the crotch between them."""
    return _symmetric([(CX, top), (CX + 118, top), (CX + hip, top + 120), (CX + gap + leg, hem),
                       (CX + gap, hem), (CX, crotch)])


def _waistband(sk: _Sketch, top: float) -> None:
    sk.rounded((CX - 120, top, CX + 120, top + 34), 6)
    for x in (-92, -40, 40, 92):
        sk.rounded((CX + x - 6, top - 4, CX + x + 6, top + 38), 3, sk.tone, width=2)
    sk.dot((CX, top + 17), 8, _METALS["Silver"])


_TROUSER_FITS = {  # style → (leg width at hem, gap between legs)
    "Slim Fit": (84, 10), "Regular Fit": (100, 14), "Wide Leg": (126, 18),
    "Skinny Fit": (74, 10), "Straight Fit": (94, 12), "Bootcut": (112, 16),
}


def _draw_trousers(sk: _Sketch, style: str, v: _Variation, *, denim: bool = False) -> None:
    top, hem = 120.0, v.between(705, 730)
    leg, gap = _TROUSER_FITS[style]
    leg += v.between(-5, 5)
    sk.shape(_legs(top + 34, hem, leg, gap, 370))
    _waistband(sk, top)
    seam = (214, 150, 60) if denim else sk.outline  # denim's contrast stitching is its signature
    fly = [(CX + 16, top + 36), (CX + 16, 300), (CX, 330)]
    pocket = _bezier((CX - 78, top + 36), (CX - 80, top + 95), (CX - 124, top + 110), 6)
    if denim:
        sk.stitches(fly, seam)
        for side in (pocket, _mirror(pocket)):
            sk.line(side, sk.outline, 3)
            sk.stitches(_shift(side[:-1], dx=8 if side is pocket else -8), seam)
        for x in (-1, 1):
            sk.stitches([(CX + x * (gap + leg - 4), hem - 18), (CX + x * (gap + 4), hem - 18)], seam)
    else:
        sk.line(fly, seam, 3)
        for side in (pocket, _mirror(pocket)):
            sk.line(side, seam, 3)
        for x in (-1, 1):  # pressed crease down the middle of each leg
            sk.line([(CX + x * 66, top + 60), (CX + x * (gap + leg / 2), hem - 6)], sk.tone, 3)
    for x in (-1, 1):
        sk.line([(CX + x * (gap + leg - 2), hem - 12), (CX + x * (gap + 2), hem - 12)], sk.outline, 2)


def _draw_shorts(sk: _Sketch, style: str, v: _Variation) -> None:
    top, hem = 210.0, v.between(520, 565)
    leg, gap = v.between(118, 132), 6.0
    sk.shape(_legs(top + 34, hem, leg, gap, top + 210, hip=128))
    _waistband(sk, top)
    sk.line([(CX + 16, top + 36), (CX + 16, top + 150), (CX, top + 175)], sk.outline, 3)
    pocket = _bezier((CX - 78, top + 36), (CX - 82, top + 92), (CX - 126, top + 104), 6)
    sk.line(pocket, sk.outline, 3)
    sk.line(_mirror(pocket), sk.outline, 3)
    for x in (-1, 1):
        inner, outer = CX + x * (gap + 4), CX + x * (gap + leg - 4)
        sk.line([(outer, hem - 26), (inner, hem - 26)], sk.outline, 3)  # turn-up cuff
        if style == "Cargo":
            left, right = sorted((CX + x * (gap + leg - 12), CX + x * (gap + leg - 74)))
            sk.rounded((left, top + 190, right, hem - 50), 6, width=3)
            sk.line([(left, top + 215), (right, top + 215)], sk.outline, 3)


def _draw_skirt(sk: _Sketch, style: str, v: _Variation) -> None:
    top = 190.0
    if style == "Pencil":  # hugs the hips, then narrows towards the knee
        spread, hem = v.between(106, 114), v.between(570, 610)
    else:
        spread, hem = v.between(178, 200), v.between(580, 640)
    hip = 126 if style == "Pencil" else 118
    hem_curve = _bezier((CX + spread, hem), (CX + spread * 0.5, hem + 18), (CX, hem + 18), 8)
    sk.shape(_symmetric([(CX, top + 30), (CX + 104, top + 30), (CX + hip, top + 120), *hem_curve]))
    sk.rounded((CX - 108, top, CX + 108, top + 34), 8)
    sk.dot((CX + 80, top + 17), 6, _mix(sk.base, BACKGROUND, 0.5))
    if style == "Pencil":
        sk.line([(CX, hem + 18), (CX, hem - 70)], sk.outline, 3)  # back vent
    else:
        folds = 7 if style == "Pleated" else 3
        for i in range(1, folds):
            t = i / folds
            sk.line([(CX - 104 + 208 * t, top + 36), (CX - spread * 0.92 + spread * 1.84 * t, hem + 8)],
                    sk.outline if style == "Pleated" else sk.tone, 3)


_DRESS_LENGTHS = {"Mini": (585, 165), "Midi": (630, 180), "Maxi": (730, 200)}  # hem y, hem half-width


def _draw_dress(sk: _Sketch, style: str, v: _Variation) -> None:
    hem, spread = _DRESS_LENGTHS[style]
    hem += v.between(-15, 15)
    spread += v.between(-12, 12)
    waist_y = v.between(360, 385)
    if v.chance(0.45):  # cap sleeves
        sleeve = [(CX + 74, 138), (CX + 146, 178), (CX + 138, 236), (CX + 106, 250)]
        sk.shape(sleeve)
        sk.shape(_mirror(sleeve))
    neck = _bezier((CX, 222), (CX + 40, 220), (CX + 46, 140), 8)
    armhole = _bezier((CX + 80, 138), (CX + 88, 238), (CX + 118, 262), 8)
    skirt = _bezier((CX + 94, waist_y), (CX + spread * 0.75, hem - 120), (CX + spread, hem), 8)
    sk.shape(_symmetric([*neck, *armhole, *skirt, (CX, hem + 10)]))
    sk.shape([(CX - 96, waist_y - 12), (CX + 96, waist_y - 12), (CX + 95, waist_y + 10),
              (CX - 95, waist_y + 10)], sk.tone)
    for x in (-0.45, 0.0, 0.45):
        sk.line([(CX + x * 150, waist_y + 40), (CX + x * spread * 1.5, hem - 10)], sk.tone, 3)


def _draw_sneaker(sk: _Sketch, style: str, v: _Variation, *, sporty: bool) -> None:
    # A tall upper on a slim sole keeps the base colour the biggest area, as in real product shots.
    s, sole_bottom = (478.0, 538.0) if sporty else (486.0, 532.0)  # s: top of the sole
    collar = v.between(172, 186)
    toe = _bezier((70, s + 6), (40, s - 66), (150, s - 74), 8)
    vamp = _bezier((150, s - 74), (240, s - 86), (300, s - 156), 8)
    tongue = [*_bezier((300, s - 154), (298, s - 198), (336, s - 198), 6),
              *_bezier((336, s - 198), (360, s - 196), (350, s - 166), 6)]
    ankle = _bezier((350, s - 166), (420, s - 136), (480, s - collar), 8)
    heel = _bezier((480, s - collar), (556, s - 176), (540, s + 6), 8)
    sk.shape([*toe, *vamp, *tongue, *ankle, *heel])
    sk.line(ankle, sk.outline, 7)  # padded ankle collar
    sk.line(_bezier((175, s), (160, s - 70), (100, s - 66), 6), sk.outline, 3)  # toe cap seam
    sk.line(_bezier((440, s), (468, s - 90), (484, s - collar + 8), 6), sk.outline, 3)  # heel counter
    _laces(sk, vamp)
    if sporty:
        swoosh = [*_bezier((196, s - 26), (330, s - 6), (466, s - 140), 8),
                  *_bezier((466, s - 140), (330, s - 40), (196, s - 26), 8)]
        sk.shape(swoosh, sk.accent if sk.pattern == "solid" else sk.tone, width=2)
    sole_colour = _SOLE_GREY if _luminance(sk.base) > 225 else _SOLE_WHITE
    sk.rounded((52, s, 550, sole_bottom), 22, sole_colour)
    if sporty:  # cushioned midsole line and tread
        sk.line(_bezier((72, s + 30), (300, s + 8), (536, s + 28), 10), _SOLE_GREY, 4)
        for x in range(80, 530, 26):
            sk.line([(x, sole_bottom - 4), (x + 12, sole_bottom - 12)], (150, 150, 150), 3)
    else:
        sk.stitches([(70, s + 20), (534, s + 20)], (170, 170, 170), 3)


def _laces(sk: _Sketch, vamp: Sequence[Point]) -> None:
    """Criss-cross lacing on the eyestay, which runs just inside the vamp's top edge."""
    lace = _LACE_LIGHT if _luminance(sk.base) < 200 else (170, 170, 175)
    rows: list[tuple[Point, Point]] = []
    eyestay: list[Point] = []
    for t in (0.18, 0.38, 0.58, 0.78, 0.96):
        index = min(t * (len(vamp) - 1), len(vamp) - 1.001)
        a, b = vamp[int(index)], vamp[int(index) + 1]
        x, y = _lerp(a, b, index - int(index))
        length = math.dist(a, b)
        nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length  # normal pointing into the shoe
        rows.append(((x + nx * 12, y + ny * 12), (x + nx * 40, y + ny * 40)))
        eyestay.append((x + nx * 54, y + ny * 54))
    sk.line(eyestay, sk.outline, 3)
    for (top_a, bottom_a), (top_b, bottom_b) in itertools.pairwise(rows):
        sk.line([top_a, bottom_b], lace, 6)
        sk.line([bottom_a, top_b], lace, 6)
    for top, bottom in rows:
        sk.dot(top, 4, sk.outline)
        sk.dot(bottom, 4, sk.outline)


def _draw_heels(sk: _Sketch, style: str, v: _Variation) -> None:
    ground = 545.0
    seat_y = ground - v.between(150, 180)
    toe_x = v.between(56, 76)  # pointed toes reach further forward
    throat, back_top = (250, ground - 100), (490, seat_y - 40)
    # The near side's topline dips low between throat and heel; the far side's lining shows above it.
    topline = _bezier(throat, (400, ground - 58), back_top, 10)
    sk.shape([(112, ground), *_bezier((112, ground), (toe_x - 10, ground), (toe_x + 6, ground - 30), 6),
              *_bezier((toe_x + 6, ground - 30), (toe_x + 40, ground - 86), throat, 8), *topline,
              *_bezier(back_top, (512, seat_y - 6), (484, seat_y + 14), 6),
              (484, seat_y + 14), *_bezier((446, seat_y + 16), (380, ground - 16), (232, ground), 10)])
    sk.shape([*_bezier(throat, (390, ground - 104), back_top, 10), *topline[::-1]], sk.inside, width=2)
    if style == "Block":
        heel = [(446, seat_y + 14), (488, seat_y + 14), (484, ground), (452, ground)]
    else:
        heel = [(450, seat_y + 14), (488, seat_y + 14), (478, ground), (468, ground)]
    sk.shape(heel, sk.tone)
    sk.shape([heel[2], heel[3], (heel[3][0], ground + 6), (heel[2][0], ground + 6)], _INK, edge=False)
    sk.line([(114, ground + 2), (232, ground + 2)], _INK, 5)


def _footbed(cx: float, inner_side: int) -> list[Point]:
    """A foot-shaped sole seen from above; the arch is carved out of the inner side."""
    toe = _arc((cx, 270), 72, 76, 180, 360, 14)
    heel = _arc((cx, 600), 58, 62, 0, 180, 12)
    arch_right = (cx + 60 - (22 if inner_side > 0 else 0), 440)
    arch_left = (cx - 60 + (22 if inner_side < 0 else 0), 440)
    return [*toe, arch_right, *heel, arch_left]


def _draw_sandals(sk: _Sketch, style: str, v: _Variation) -> None:
    spread = v.between(102, 112)
    for cx, inner in ((CX - spread, 1), (CX + spread, -1)):
        sk.shape(_footbed(cx, inner))
        sk.line(_shift(_arc((cx, 276), 56, 60, 200, 340, 10), dy=4), sk.outline, 3)  # insole edge
        if style == "Thong":
            post = (cx + 14 * inner, 262)
            sk.line([post, (cx - 70, 400)], sk.tone, 22)
            sk.line([post, (cx + 70, 400)], sk.tone, 22)
            sk.dot(post, 12, sk.tone)
        else:
            sk.shape([(cx - 80, 340), (cx + 80, 322), (cx + 80, 372), (cx - 80, 392)], sk.tone)
            sk.shape([(cx - 76, 450), (cx + 76, 432), (cx + 76, 478), (cx - 76, 496)], sk.tone)
            sk.line(_bezier((cx - 60, 560), (cx, 490), (cx + 60, 560), 8), sk.tone, 16)
            sk.rounded((cx + 46, 530, cx + 70, 556), 3, _METALS["Gold"], width=2)


def _draw_handbag(sk: _Sketch, style: str, v: _Variation) -> None:
    if style == "Tote":
        top, bottom, top_half, bottom_half = 330.0, 660.0, v.between(172, 182), 150.0
    else:
        top, bottom, top_half, bottom_half = 380.0, 650.0, v.between(128, 138), 172.0
    handle_top = top - v.between(150, 175)
    sk.arc((CX - 112, handle_top, CX + 112, 2 * top - handle_top), 180, 360, sk.inside, 16)  # back handle
    sk.arc((CX - 98, handle_top + 14, CX + 98, 2 * top - handle_top - 14), 180, 360, sk.tone, 18)
    corner = _bezier((CX + bottom_half, bottom - 36), (CX + bottom_half, bottom), (CX + bottom_half - 36, bottom), 6)
    sk.shape(_symmetric([(CX, top), (CX + top_half, top), *corner, (CX, bottom)]))
    for x in (-98, 98):
        sk.rounded((CX + x - 14, top - 6, CX + x + 14, top + 30), 5, sk.tone, width=2)
    if style == "Tote":
        sk.stitches([(CX - top_half + 12, top + 24), (CX + top_half - 12, top + 24)], sk.outline)
        sk.rounded((CX - 30, top + 60, CX + 30, top + 84), 4, _METALS["Gold"], width=2)
    else:
        flap = [(CX - top_half - 4, top), (CX + top_half + 4, top), (CX + top_half + 8, top + 96),
                *_bezier((CX + top_half + 8, top + 96), (CX + 60, top + 150), (CX, top + 150), 6),
                *_bezier((CX, top + 150), (CX - 60, top + 150), (CX - top_half - 8, top + 96), 6)]
        sk.shape(flap)
        sk.rounded((CX - 18, top + 124, CX + 18, top + 160), 6, _METALS["Gold"], width=2)


def _draw_backpack(sk: _Sketch, style: str, v: _Variation) -> None:
    half, top, bottom = v.between(128, 142), 190.0, v.between(680, 700)
    for x in (-1, 1):  # shoulder straps peek out behind the body
        sk.line([(CX + x * (half - 20), top + 40), (CX + x * (half + 34), top + 160),
                 (CX + x * (half + 36), bottom - 160), (CX + x * (half - 6), bottom - 40)], sk.inside, 28)
    sk.arc((CX - 44, top - 52, CX + 44, top + 36), 180, 360, sk.tone, 14)
    sk.rounded((CX - half, top, CX + half, bottom), 92)
    zip_line = _arc((CX, top + 120), half - 26, 96, 180, 360, 16)
    sk.line(zip_line, sk.outline, 4)
    sk.rounded((zip_line[-1][0] - 6, zip_line[-1][1], zip_line[-1][0] + 6, zip_line[-1][1] + 34), 3,
               _METALS["Silver"], width=2)
    pocket_top = v.between(430, 450)
    sk.rounded((CX - half + 30, pocket_top, CX + half - 30, bottom - 24), 42)
    sk.line([(CX - half + 56, pocket_top + 30), (CX + half - 56, pocket_top + 30)], sk.outline, 4)
    sk.rounded((CX + half - 76, pocket_top + 30, CX + half - 64, pocket_top + 64), 3, _METALS["Silver"], width=2)
    sk.rounded((CX - 28, top + 160, CX + 28, top + 186), 5, sk.tone, width=2)


def _draw_watch(sk: _Sketch, style: str, v: _Variation) -> None:
    strap = v.between(58, 64)
    metallic = sk.base in _METALS.values()
    metal = sk.base if metallic else _METALS["Gold" if v.chance(0.3) else "Silver"]
    sk.rounded((CX - strap, 48, CX + strap, 330), 22)
    sk.rounded((CX - strap, 470, CX + strap, 752), 22)
    sk.line([(CX - strap - 8, 78), (CX + strap + 8, 78), (CX + strap + 8, 116), (CX - strap - 8, 116),
             (CX - strap - 8, 78)], metal, 7)  # buckle
    if metallic:  # a metal bracelet is made of links, a strap has holes
        for y in [*range(140, 320, 26), *range(486, 740, 26)]:
            sk.line([(CX - strap + 4, y), (CX + strap - 4, y)], sk.outline, 3)
    else:
        for y in range(560, 720, 30):
            sk.dot((CX, y), 5, sk.inside)
    sk.rounded((CX - strap + 6, 282, CX + strap - 6, 518), 12, metal)  # lugs
    if style == "Square Dial":
        sk.rounded((CX - 112, 288, CX + 112, 512), 38, metal, width=3)
        dial_box: Box = (CX - 90, 310, CX + 90, 490)
        sk.rounded(dial_box, 28, _dial_colour(sk.base), width=2)
    else:
        sk.oval((CX - 120, 280, CX + 120, 520), metal, width=3)
        dial_box = (CX - 98, 302, CX + 98, 498)
        sk.oval(dial_box, _dial_colour(sk.base), width=2)
    sk.rounded((CX + 112, 384, CX + 136, 416), 5, metal, width=2)  # crown
    _watch_face(sk, _dial_colour(sk.base))


def _dial_colour(base: RGB) -> RGB:
    return (246, 246, 242) if _luminance(base) < 150 else (30, 34, 48)


def _watch_face(sk: _Sketch, dial: RGB) -> None:
    ink = _INK if _luminance(dial) > 128 else (236, 236, 236)
    for hour in range(12):
        angle = math.radians(hour * 30)
        inner = 64 if hour % 3 == 0 else 74
        sk.line([(CX + inner * math.sin(angle), 400 - inner * math.cos(angle)),
                 (CX + 84 * math.sin(angle), 400 - 84 * math.cos(angle))], ink, 6 if hour % 3 == 0 else 3)
    sk.line([(CX, 400), (CX - 38, 374)], ink, 9)  # hour hand at ten
    sk.line([(CX, 400), (CX + 56, 356)], ink, 6)  # minute hand at ten past
    sk.line([(CX, 400), (CX + 10, 474)], (200, 36, 48), 2)
    sk.dot((CX, 400), 8, ink)


def _draw_cap(sk: _Sketch, style: str, v: _Variation) -> None:
    base_y, height, tip_x = 470.0, v.between(180, 205), v.between(40, 62)
    brim_colour = sk.accent if sk.pattern == "colourblock" else sk.tone
    brim = [*_bezier((290, base_y), (170, base_y - 6), (tip_x, base_y + 38), 10),
            *_bezier((tip_x, base_y + 38), (tip_x - 14, base_y + 62), (tip_x + 18, base_y + 66), 4),
            *_bezier((tip_x + 18, base_y + 66), (180, base_y + 58), (290, base_y + 14), 10)]
    sk.shape(brim, brim_colour)
    sk.stitches(_shift(_bezier((200, base_y + 2), (130, base_y + 8), (tip_x + 14, base_y + 44), 8), dy=6),
                _outline_for(brim_colour), 2)
    sk.shape(_arc((340, base_y), 170, height, 180, 360, 24))
    apex = (340, base_y - height)
    for bottom_x, bend_x in ((215, 250), (305, 315), (455, 430)):  # panel seams meet at the button
        sk.line(_bezier(apex, (bend_x, base_y - height * 0.5), (bottom_x, base_y), 10), sk.outline, 3)
    sk.line(_bezier((170, base_y), (340, base_y + 12), (510, base_y), 10), sk.outline, 5)
    sk.oval((326, apex[1] - 12, 354, apex[1] + 8), sk.tone, width=2)
    for x, y in ((262, base_y - height * 0.7), (410, base_y - height * 0.7)):
        sk.dot((x, y), 5, sk.inside)
    badge = sk.accent if sk.pattern == "solid" else _SOLE_WHITE
    sk.rounded((244, base_y - 68, 294, base_y - 36), 6, badge, width=2)


def _lens(style: str) -> list[Point]:
    """The right-hand lens outline; the left one is its mirror image."""
    if style == "Round":
        return _arc((CX + 112, 405), 80, 76, 0, 360, 32)
    if style == "Wayfarer":
        top = _bezier((CX + 34, 336), (CX + 120, 322), (CX + 206, 330), 8)
        outer = _bezier((CX + 206, 330), (CX + 210, 420), (CX + 170, 440), 8)
        bottom = _bezier((CX + 170, 440), (CX + 100, 452), (CX + 48, 428), 8)
        inner = _bezier((CX + 48, 428), (CX + 28, 400), (CX + 34, 336), 8)
        return [*top, *outer, *bottom, *inner]
    top = _bezier((CX + 36, 344), (CX + 120, 320), (CX + 200, 340), 8)
    outer = _bezier((CX + 200, 340), (CX + 222, 480), (CX + 120, 486), 10)
    inner = _bezier((CX + 120, 486), (CX + 34, 470), (CX + 36, 344), 10)
    return [*top, *outer, *inner]


def _draw_sunglasses(sk: _Sketch, style: str, v: _Variation) -> None:
    aviator = style == "Aviator"
    frame = _METALS["Gold" if v.chance(0.5) else "Silver"] if aviator else _INK
    rim = 6 if aviator else 14
    temple = [(CX + 200, 350), (CX + 246, 346), (CX + 262, 372)]
    glint = [(CX + 70, 356), (CX + 92, 352), (CX + 60, 400), (CX + 50, 396)]
    lens = _lens(style)
    for flip in (list, _mirror):
        sk.line(flip(temple), frame, rim)
        sk.shape(flip(lens), edge=False)
        sk.line([*flip(lens), flip(lens)[0]], frame, rim)
        sk.shape(flip(glint), _mix(sk.base, BACKGROUND, 0.35), edge=False)
    sk.line(_bezier((CX - 36, 356), (CX, 330), (CX + 36, 356), 8), frame, rim)
    if aviator:  # the double bridge is what makes an aviator read as one
        sk.line([(CX - 40, 340), (CX + 40, 340)], frame, rim)


# --------------------------------------------------------------------------------------------
# Taxonomy table: article type → Kaggle categories, drawing function and what varies
# --------------------------------------------------------------------------------------------

Drawer = Callable[[_Sketch, str, _Variation], None]


@dataclass(frozen=True)
class ArticleSpec:
    master_category: str
    sub_category: str
    noun: str
    draw: Drawer
    genders: tuple[str, ...]
    colours: tuple[str, ...]
    patterns: tuple[str, ...]
    usages: tuple[str, ...]
    seasons: tuple[str, ...]
    brands: tuple[str, ...]
    styles: tuple[str, ...] = ("",)  # named in the product name and honoured by the drawing
    vertical_stripes: bool = False


_APPAREL_BRANDS = ("Norvane", "Urbanfield", "Marlowe & Reed", "Tidewell")
_FOOTWEAR_BRANDS = ("Kestrova", "Stridelle", "Copperleaf")
_ACCESSORY_BRANDS = ("Solenne", "Asterly", "Hollis Row")

ARTICLE_SPECS: dict[str, ArticleSpec] = {
    "Tshirts": ArticleSpec(
        "Apparel", "Topwear", "T-shirt", _draw_tshirt, ("Men", "Women", "Boys", "Girls"),
        ("Navy Blue", "White", "Black", "Red", "Grey", "Yellow"),
        ("solid", "solid", "striped", "colourblock", "dotted"), ("Casual", "Sports"),
        ("Summer", "Spring", "Fall"), _APPAREL_BRANDS, ("Round Neck", "V-Neck")),
    "Shirts": ArticleSpec(
        "Apparel", "Topwear", "Shirt", _draw_shirt, ("Men", "Women", "Boys"),
        ("White", "Blue", "Pink", "Olive", "Maroon"), ("solid", "checked", "striped"),
        ("Formal", "Casual", "Party"), ("Fall", "Winter", "Spring", "Summer"), _APPAREL_BRANDS,
        ("Slim Fit", "Regular Fit"), vertical_stripes=True),
    "Jeans": ArticleSpec(
        "Apparel", "Bottomwear", "Jeans", partial(_draw_trousers, denim=True), ("Men", "Women"),
        ("Blue", "Navy Blue", "Black", "Grey"), ("solid",), ("Casual",), ("Fall", "Winter", "Spring"),
        _APPAREL_BRANDS, ("Skinny Fit", "Straight Fit", "Bootcut")),
    "Trousers": ArticleSpec(
        "Apparel", "Bottomwear", "Trousers", _draw_trousers, ("Men", "Women"),
        ("Black", "Grey", "Khaki", "Navy Blue", "Olive"), ("solid", "solid", "checked"), ("Formal", "Casual"),
        ("Fall", "Winter"), _APPAREL_BRANDS, ("Slim Fit", "Regular Fit", "Wide Leg"), vertical_stripes=True),
    "Shorts": ArticleSpec(
        "Apparel", "Bottomwear", "Shorts", _draw_shorts, ("Men", "Women", "Boys"),
        ("Navy Blue", "Khaki", "Olive", "Red", "Grey"), ("solid", "checked", "striped"), ("Casual", "Sports"),
        ("Summer",), _APPAREL_BRANDS, ("", "Cargo")),
    "Skirts": ArticleSpec(
        "Apparel", "Bottomwear", "Skirt", _draw_skirt, ("Women", "Girls"),
        ("Black", "Red", "Pink", "Navy Blue", "Beige"), ("solid", "dotted", "checked"), ("Casual", "Party"),
        ("Summer", "Spring"), _APPAREL_BRANDS, ("A-Line", "Pencil", "Pleated")),
    "Dresses": ArticleSpec(
        "Apparel", "Dress", "Dress", _draw_dress, ("Women", "Girls"),
        ("Red", "Black", "Pink", "Blue", "Purple"), ("solid", "dotted", "striped", "colourblock"),
        ("Casual", "Party"), ("Summer", "Spring"), _APPAREL_BRANDS, ("Mini", "Midi", "Maxi")),
    "Casual Shoes": ArticleSpec(
        "Footwear", "Shoes", "Sneakers", partial(_draw_sneaker, sporty=False), ("Men", "Women", "Unisex"),
        ("White", "Black", "Brown", "Navy Blue", "Grey"), ("solid", "solid", "colourblock"), ("Casual",),
        ("Fall", "Summer", "Winter"), _FOOTWEAR_BRANDS),
    "Sports Shoes": ArticleSpec(
        "Footwear", "Shoes", "Shoes", partial(_draw_sneaker, sporty=True), ("Men", "Women"),
        ("Black", "Blue", "Grey", "Red", "White"), ("solid", "colourblock"), ("Sports",), ("Fall", "Summer"),
        _FOOTWEAR_BRANDS, ("Running", "Training")),
    "Heels": ArticleSpec(
        "Footwear", "Shoes", "Heels", _draw_heels, ("Women",), ("Black", "Red", "Beige", "Gold", "Pink"),
        ("solid",), ("Party", "Casual", "Formal"), ("Summer", "Fall", "Winter"), _FOOTWEAR_BRANDS,
        ("Stiletto", "Block")),
    "Sandals": ArticleSpec(
        "Footwear", "Sandal", "Sandals", _draw_sandals, ("Men", "Women"), ("Brown", "Black", "Tan", "Beige"),
        ("solid",), ("Casual", "Ethnic"), ("Summer",), _FOOTWEAR_BRANDS, ("Strappy", "Thong")),
    "Handbags": ArticleSpec(
        "Accessories", "Bags", "Handbag", _draw_handbag, ("Women",), ("Black", "Brown", "Tan", "Red", "Beige"),
        ("solid", "solid", "checked", "colourblock"), ("Casual", "Formal", "Party"), ("Fall", "Winter", "Summer"),
        _ACCESSORY_BRANDS, ("Satchel", "Tote")),
    "Backpacks": ArticleSpec(
        "Accessories", "Bags", "Backpack", _draw_backpack, ("Unisex", "Men", "Women"),
        ("Black", "Navy Blue", "Grey", "Red", "Olive"), ("solid", "solid", "colourblock", "striped"), ("Casual",),
        ("Fall", "Winter", "Summer"), _ACCESSORY_BRANDS),
    "Watches": ArticleSpec(
        "Accessories", "Watches", "Watch", _draw_watch, ("Men", "Women", "Unisex"),
        ("Black", "Brown", "Silver", "Gold", "Blue"), ("solid",), ("Casual", "Formal", "Sports"),
        ("Winter", "Summer", "Fall"), _ACCESSORY_BRANDS, ("Round Dial", "Square Dial")),
    "Caps": ArticleSpec(
        "Accessories", "Headwear", "Cap", _draw_cap, ("Unisex", "Men"), ("Black", "Navy Blue", "Red", "White", "Olive"),
        ("solid", "solid", "colourblock"), ("Casual", "Sports"), ("Summer",), _ACCESSORY_BRANDS, ("Baseball",)),
    "Sunglasses": ArticleSpec(
        "Accessories", "Eyewear", "Sunglasses", _draw_sunglasses, ("Men", "Women", "Unisex"),
        ("Black", "Brown", "Grey", "Blue", "Green"), ("solid",), ("Casual",), ("Summer",), _ACCESSORY_BRANDS,
        ("Aviator", "Wayfarer", "Round")),
}


# --------------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------------

_CATALOGUE_SEED = 20240611
PRODUCTS_PER_TYPE = 9


def _style_for(sku: str, spec: ArticleSpec) -> str:
    # Derived from the SKU rather than stored, so the name and the drawing can never disagree.
    return spec.styles[_digest(sku, "style") % len(spec.styles)]


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    name: str
    gender: str
    master_category: str
    sub_category: str
    article_type: str
    base_colour: str
    season: str
    usage: str
    year: int
    pattern: str

    @property
    def style(self) -> str:
        return _style_for(self.sku, ARTICLE_SPECS[self.article_type])

    @property
    def noun(self) -> str:
        return ARTICLE_SPECS[self.article_type].noun

    @property
    def pattern_word(self) -> str:
        return _PATTERN_WORDS[self.pattern]

    def render(self, width: int = 600, height: int = 800) -> Image.Image:
        """Draw this product's picture: same product and size always give identical pixels."""
        spec = ARTICLE_SPECS[self.article_type]
        base = BASE_COLOURS[self.base_colour]
        sketch = _Sketch((width, height), base, _accent_for(base, self.sku), self.pattern, spec.vertical_stripes)
        spec.draw(sketch, _style_for(self.sku, spec), _Variation(self.sku))
        return sketch.render()


def _product_name(brand: str, gender: str, colour: str, pattern: str, style: str, noun: str) -> str:
    words = (brand, gender, colour, _PATTERN_WORDS[pattern], style, noun)
    return " ".join(word for word in words if word)


@lru_cache(maxsize=1)
def _catalogue() -> tuple[DemoProduct, ...]:
    # A private generator: the global one is not ours to seed. Demo data, not security.
    rng = random.Random(_CATALOGUE_SEED)  # noqa: S311
    products: list[DemoProduct] = []
    for article_type, spec in ARTICLE_SPECS.items():
        for index in range(PRODUCTS_PER_TYPE):
            sku = f"DEMO-{len(products) + 1:04d}"
            # Cycling colours guarantees several products share a type and colour, like a real range.
            colour = spec.colours[index % len(spec.colours)]
            pattern, gender, brand = rng.choice(spec.patterns), rng.choice(spec.genders), rng.choice(spec.brands)
            products.append(DemoProduct(
                sku=sku,
                name=_product_name(brand, gender, colour, pattern, _style_for(sku, spec), spec.noun),
                gender=gender,
                master_category=spec.master_category,
                sub_category=spec.sub_category,
                article_type=article_type,
                base_colour=colour,
                season=rng.choice(spec.seasons),
                usage=rng.choice(spec.usages),
                year=rng.randint(2011, 2018),
                pattern=pattern,
            ))
    return tuple(products)


def demo_products() -> list[DemoProduct]:
    """The demo catalogue in SKU order; identical on every call and in every process."""
    return list(_catalogue())
