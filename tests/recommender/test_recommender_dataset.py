from __future__ import annotations

from collections import Counter

import pytest

from recommender.dataset import DatasetError, read_styles, split_catalog_queries, style_labels

HEADER = "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName\n"
ROWS = [
    "1,Men,Apparel,Topwear,Tshirts,Navy Blue,Fall,2011,Casual,Turtle Check Men Navy Blue Shirt",  # line 2
    "2,Women,Apparel,Topwear,Tops,Red,Summer,2012,Casual,Tops, Tees and more",  # line 3: extra comma
    "3,Women,Footwear,Shoes,Heels,Black,Winter,,NA,NA",  # line 4: empty year, NA kept
    "4,Men,Apparel,Topwear,,Blue,Fall,2011,Casual,No article type",  # line 5: empty required field
    "x5,Men,Apparel,Topwear,Shirts,Blue,Fall,2011,Casual,Bad id",  # line 6
    "1,Men,Apparel,Topwear,Shirts,Blue,Fall,2011,Casual,Duplicate id",  # line 7
    "6,Men,Apparel,Topwear",  # line 8: too few fields
    "",  # line 9: blank, ignored
    "7,Unisex,Accessories,Watches,Watches,Silver,Winter,2016,Casual,Fossil Watch",  # line 10
]


@pytest.fixture
def styles_folder(tmp_path):
    (tmp_path / "styles.csv").write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    (tmp_path / "images").mkdir()
    for good_id in (1, 2, 3):
        (tmp_path / "images" / f"{good_id}.jpg").write_bytes(b"")
    return tmp_path


def test_bad_rows_are_reported_with_line_and_reason_and_good_rows_returned(styles_folder):
    rows, problems = read_styles(styles_folder)
    assert [row.id for row in rows] == [1, 2, 3, 7]
    reported = {problem.line: (problem.reason, problem.skipped) for problem in problems}
    assert reported[3][0].startswith("expected 10 fields, saw 11")
    assert reported[3][1] is False  # repaired, not skipped
    assert reported[5] == ("empty required field(s): articleType", True)
    assert reported[6] == ("id is not an integer: 'x5'", True)
    assert reported[7] == ("duplicate id 1", True)
    assert reported[8] == ("expected 10 fields, saw 4", True)
    assert set(reported) == {3, 5, 6, 7, 8}


def test_extra_comma_row_is_repaired_into_the_display_name(styles_folder):
    rows, _ = read_styles(styles_folder)
    assert rows[1].product_display_name == "Tops, Tees and more"
    assert rows[1].article_type == "Tops"


def test_values_are_kept_as_written_and_year_parsed(styles_folder):
    rows, _ = read_styles(styles_folder / "styles.csv")
    shoe = rows[2]
    assert (shoe.year, shoe.usage, shoe.product_display_name) == (None, "NA", "NA")
    assert rows[0].year == 2011
    assert rows[0].image_path == styles_folder / "images" / "1.jpg"


def test_check_images_reports_rows_without_a_picture(styles_folder):
    rows, problems = read_styles(styles_folder, check_images=True)
    assert [row.id for row in rows] == [1, 2, 3]
    assert any(problem.reason.startswith("image missing") and problem.line == 10 for problem in problems)


def test_missing_styles_csv_raises_a_clear_dataset_error(tmp_path):
    with pytest.raises(DatasetError, match=r"styles\.csv not found"):
        read_styles(tmp_path)
    assert issubclass(DatasetError, FileNotFoundError)


def test_header_without_required_columns_raises(tmp_path):
    (tmp_path / "styles.csv").write_text("id,name\n1,x\n")
    with pytest.raises(DatasetError, match="articleType"):
        read_styles(tmp_path)


def test_style_labels_are_keyed_by_csv_column(styles_folder):
    rows, _ = read_styles(styles_folder)
    assert style_labels(rows[:2], ["articleType", "baseColour"]) == {
        "articleType": ["Tshirts", "Tops"],
        "baseColour": ["Navy Blue", "Red"],
    }


def test_split_is_exact_stratified_disjoint_and_reproducible(tmp_path):
    lines = [f"{i},Men,Apparel,Topwear,{'ABC'[i % 3] if i < 45 else 'D'},Red,Fall,2011,Casual,n" for i in range(60)]
    (tmp_path / "styles.csv").write_text(HEADER + "\n".join(lines))
    rows, _ = read_styles(tmp_path)
    catalogue, queries = split_catalog_queries(rows, query_fraction=0.2, seed=0)
    assert (len(catalogue), len(queries)) == (48, 12)
    assert not {row.id for row in catalogue} & {row.id for row in queries}
    assert Counter(row.article_type for row in queries) == {"A": 3, "B": 3, "C": 3, "D": 3}
    again = split_catalog_queries(rows, query_fraction=0.2, seed=0)
    assert [row.id for row in again[1]] == [row.id for row in queries]


def test_split_keeps_every_type_in_the_catalogue(tmp_path):
    lines = [f"{i},Men,Apparel,Topwear,{'single' if i == 0 else 'many'},Red,Fall,2011,Casual,n" for i in range(10)]
    (tmp_path / "styles.csv").write_text(HEADER + "\n".join(lines))
    rows, _ = read_styles(tmp_path)
    catalogue, queries = split_catalog_queries(rows, query_fraction=0.5, seed=1)
    assert "single" in {row.article_type for row in catalogue}
    assert len(queries) == 5
