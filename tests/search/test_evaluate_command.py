"""`flask recommender evaluate --catalog DIR --queries DIR [--k 5] [--json]`: scores search in memory."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.support.kaggle_folders import write_styles
from tests.support.search import COLOURS, SHAPES, drawing, encoded
from webapp.extensions import db
from webapp.models import Product
from webapp.services.visual_search.paths import has_index

pytestmark = pytest.mark.one_database  # the command works in memory (a test below proves it): one database is enough

KEYS = ["articleType", "subCategory", "masterCategory", "articleType+baseColour"]


def drawn_folder(folder: Path, first_id: int, colours: list[str]) -> Path:
    """A Kaggle-layout folder of drawn products: every article type in each colour."""
    rows = []
    for n, (article_type, colour) in enumerate((a, c) for a in SHAPES for c in colours):
        item_id = first_id + n
        rows.append({"id": str(item_id), "gender": "Men", "masterCategory": "Apparel",
                     "subCategory": SHAPES[article_type][0], "articleType": article_type, "baseColour": colour,
                     "season": "Summer", "year": "2020", "usage": "Casual",
                     "productDisplayName": f"{colour} {article_type}"})
    write_styles(folder, rows)
    for row in rows:
        rgb = tuple(max(0, c - 12) for c in COLOURS[row["baseColour"]])
        (folder / "images" / f"{row['id']}.jpg").write_bytes(encoded(drawing(rgb, row["articleType"])))
    return folder


@pytest.fixture
def tiny_split(tmp_path: Path) -> tuple[Path, Path]:
    catalogue = drawn_folder(tmp_path / "catalogue", 1000, list(COLOURS))
    queries = drawn_folder(tmp_path / "queries", 5000, ["Red", "Blue"])
    return catalogue, queries


def evaluate(runner, catalogue: Path, queries: Path | None, *options: str, tuned: bool = False):
    """The command on the folders; untuned unless asked (training a head takes seconds each time)."""
    folders = ["--catalog", str(catalogue)] + (["--queries", str(queries)] if queries is not None else [])
    return runner.invoke(args=["recommender", "evaluate", *folders, *options, *([] if tuned else ["--untuned"])])


def test_json_output_is_one_object_with_every_score(runner, tiny_split):
    result = evaluate(runner, *tiny_split, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["k"], report["catalog_items"], report["queries"]) == (5, 24, 6)
    assert report["embedder"] == "colour-shape-v2"
    assert report["tuned"] == "untuned (--untuned)"
    assert sorted(report["metrics"]) == sorted(KEYS)
    for scores in report["metrics"].values():
        assert set(scores) == {"precision", "map"}
        assert 0.0 <= scores["precision"] <= 1.0 and 0.0 <= scores["map"] <= 1.0
    # Drawn shapes are easy: the article type is found, and the category always matches.
    assert report["metrics"]["articleType"]["precision"] >= 0.6
    assert report["metrics"]["masterCategory"]["precision"] == 1.0


def test_by_default_a_head_is_trained_on_the_catalogue_and_its_vectors_are_scored(runner, tiny_split):
    report = json.loads(evaluate(runner, *tiny_split, "--json", tuned=True).stdout)
    assert report["tuned"].startswith("tuned-colour-shape-v2-")
    assert report["metrics"]["articleType"]["precision"] >= 0.6
    assert report["metrics"]["masterCategory"]["precision"] == 1.0


def test_a_catalogue_too_small_to_train_on_is_scored_untuned_and_says_why(runner, tmp_path):
    catalogue = drawn_folder(tmp_path / "catalogue", 1000, ["Red", "Blue"])
    queries = drawn_folder(tmp_path / "queries", 5000, ["Red"])
    result = evaluate(runner, catalogue, queries, "--json", tuned=True)
    assert "Not tuned: only 6 labelled products with a picture (at least 20 needed)." in result.stderr
    assert json.loads(result.stdout)["tuned"].startswith("untuned (only 6 labelled products")


def test_similar_products_mode_scores_the_product_pages_lists(runner, tiny_split):
    catalogue, _ = tiny_split
    report = json.loads(evaluate(runner, catalogue, None, "--similar-products", "--json").stdout)
    assert report["catalog_items"] == 24
    # 8 of each type, one gender: every list holds 5 of the product's own type.
    assert report["metrics"]["articleType"]["precision"] == 1.0
    assert report["metrics"]["articleType where 5 exist"]["precision"] == 1.0
    assert 0.0 <= report["metrics"]["articleType+baseColour"]["precision"] <= 1.0


def test_queries_or_similar_products_must_be_chosen(runner, tiny_split):
    catalogue, _ = tiny_split
    result = evaluate(runner, catalogue, None)
    assert result.exit_code != 0
    assert "Give either --queries DIR or --similar-products." in result.output


def test_the_cut_off_is_chosen_with_k(runner, tiny_split):
    report = json.loads(evaluate(runner, *tiny_split, "--k", "3", "--json").stdout)
    assert report["k"] == 3


def test_without_json_a_table_is_printed(runner, tiny_split):
    result = evaluate(runner, *tiny_split)
    assert result.exit_code == 0
    assert "24 catalogue items, 6 queries, embedder colour-shape-v2" in result.output
    assert "precision@5" in result.output and "mAP@5" in result.output
    assert "articleType and baseColour" in result.output


def test_the_shops_database_and_index_are_not_touched(runner, tiny_split):
    evaluate(runner, *tiny_split, "--json")
    assert db.session.scalar(select(func.count()).select_from(Product)) == 0
    assert not has_index()


@pytest.mark.parametrize("which", ["catalogue", "queries"])
def test_a_folder_without_styles_csv_is_a_clear_error(runner, tiny_split, tmp_path, which):
    empty = tmp_path / "empty"
    empty.mkdir()
    catalogue, queries = tiny_split
    result = evaluate(runner, empty if which == "catalogue" else catalogue, empty if which == "queries" else queries)
    assert result.exit_code != 0
    assert "styles.csv not found" in result.output


def test_several_query_folders_are_scored_against_one_head_one_json_line_each(runner, tiny_split, tmp_path):
    catalogue, queries = tiny_split
    others = drawn_folder(tmp_path / "others", 7000, ["Green"])
    result = runner.invoke(args=["recommender", "evaluate", "--catalog", str(catalogue), "--queries", str(queries),
                                 "--queries", str(others), "--json"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert (first["queries_dir"], first["queries"]) == (str(queries), 6)
    assert (second["queries_dir"], second["queries"]) == (str(others), 3)
    assert first["tuned"] == second["tuned"] and first["tuned"].startswith("tuned-colour-shape-v2-")


def test_a_bad_query_folder_among_several_fails_before_anything_is_trained(runner, tiny_split, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    catalogue, queries = tiny_split
    result = runner.invoke(args=["recommender", "evaluate", "--catalog", str(catalogue), "--queries", str(queries),
                                 "--queries", str(empty), "--json"])
    assert result.exit_code != 0
    assert "styles.csv not found" in result.output
    assert "Imitating customer photos" not in result.output
