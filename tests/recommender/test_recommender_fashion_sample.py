"""Quality floor of the fallback embedder on the shared 3,000-image sample."""

from __future__ import annotations

import numpy as np
import pytest

from recommender.dataset import read_styles, split_catalog_queries, style_labels
from recommender.embedder import ColourShapeEmbedder, embed_files
from recommender.evaluate import evaluate_retrieval

pytestmark = pytest.mark.shared_data

# Measured 0.579 on this split (2,500 catalogue / 500 queries, seed 0); 0.03 of slack.
MIN_ARTICLE_TYPE_PRECISION_AT_5 = 0.549


def test_fallback_precision_at_5_for_article_type_stays_above_the_measured_floor(fashion_sample):
    rows, problems = read_styles(fashion_sample, check_images=True)
    assert len(rows) == 3000
    assert problems == []
    catalogue, queries = split_catalog_queries(rows, query_fraction=1 / 6, seed=0)
    assert (len(catalogue), len(queries)) == (2500, 500)
    embedder = ColourShapeEmbedder()
    scores = evaluate_retrieval(
        embed_files(embedder, [row.image_path for row in catalogue]),
        style_labels(catalogue, ["articleType"]),
        embed_files(embedder, [row.image_path for row in queries]),
        style_labels(queries, ["articleType"]),
        k=5,
    )
    assert scores["articleType"]["precision"] > MIN_ARTICLE_TYPE_PRECISION_AT_5
    assert np.isfinite(scores["articleType"]["map"])
