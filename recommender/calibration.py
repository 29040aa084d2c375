"""Match strength a shopper can trust: a cosine similarity placed between a poor and an excellent match.

A raw cosine says little by itself: with the colour-shape vectors two unrelated products are already
0.8 similar, so every look-alike showed "80-88 %". ``match_calibration`` measures, on the index's own
vectors, what a poor match is (the median similarity of random pairs) and what an excellent one is
(the 90th percentile of each item's nearest other); ``match_strength`` maps a similarity linearly
between the two, clipped to 0..1. A random product then shows about 0 %, a near twin 100 %.
"""

from __future__ import annotations

import numpy as np

PAIRS = 4000
NEAREST_SAMPLE = 500
EXCELLENT_PERCENTILE = 90
UNCALIBRATED = {"poor": 0.0, "excellent": 1.0}


def match_calibration(vectors: np.ndarray, seed: int = 0) -> dict[str, float]:
    """{"poor", "excellent"} similarities measured on ``vectors`` (n, d), unit rows; fixed for fewer than 3 rows."""
    vectors = np.asarray(vectors, dtype=np.float32)
    n = len(vectors)
    if n < 3:
        return dict(UNCALIBRATED)
    rng = np.random.default_rng(seed)
    first, second = rng.integers(0, n, PAIRS), rng.integers(0, n, PAIRS)
    distinct = first != second
    poor = float(np.median((vectors[first[distinct]] * vectors[second[distinct]]).sum(axis=1)))
    sample = rng.choice(n, min(n, NEAREST_SAMPLE), replace=False)
    similarities = vectors[sample] @ vectors.T
    similarities[np.arange(len(sample)), sample] = -np.inf
    excellent = float(np.percentile(similarities.max(axis=1), EXCELLENT_PERCENTILE))
    if excellent <= poor:
        return dict(UNCALIBRATED)
    return {"poor": poor, "excellent": excellent}


def match_strength(similarity: float, calibration: dict[str, float] | None) -> float:
    """0 for a match no better than a random product, 1 for one as close as the catalogue's near twins."""
    calibration = calibration or UNCALIBRATED
    poor, excellent = calibration["poor"], calibration["excellent"]
    return float(min(1.0, max(0.0, (similarity - poor) / (excellent - poor))))
