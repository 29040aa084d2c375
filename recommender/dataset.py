"""Read a folder in the Kaggle "Fashion Product Images" layout.

Layout: ``<folder>/styles.csv`` plus ``<folder>/images/<id>.jpg``. ``read_styles``
never raises on bad rows: it returns the good rows and a list of problems.

Values are kept as written in the file, including the literal ``"NA"`` that the
Kaggle file uses for a missing ``usage``/``baseColour``/``productDisplayName``;
only ``year`` is parsed (to ``int``, or ``None`` when empty or not a number).
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

COLUMNS = (
    "id",
    "gender",
    "masterCategory",
    "subCategory",
    "articleType",
    "baseColour",
    "season",
    "year",
    "usage",
    "productDisplayName",
)
REQUIRED_COLUMNS = ("id", "gender", "masterCategory", "subCategory", "articleType")
_FIELD_BY_COLUMN = {
    "id": "id",
    "gender": "gender",
    "masterCategory": "master_category",
    "subCategory": "sub_category",
    "articleType": "article_type",
    "baseColour": "base_colour",
    "season": "season",
    "year": "year",
    "usage": "usage",
    "productDisplayName": "product_display_name",
}


class DatasetError(FileNotFoundError):
    """The dataset folder or its styles.csv is missing or unusable."""


@dataclass(frozen=True)
class StyleRow:
    id: int
    gender: str
    master_category: str
    sub_category: str
    article_type: str
    base_colour: str
    season: str
    year: int | None
    usage: str
    product_display_name: str
    image_path: Path

    def value(self, column: str) -> str:
        """The value under a styles.csv column name, e.g. ``row.value("articleType")``."""
        return str(getattr(self, _FIELD_BY_COLUMN[column]))


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line number in styles.csv, the header being line 1
    reason: str
    skipped: bool  # False when the row was repaired and returned


def read_styles(path: str | os.PathLike, check_images: bool = False) -> tuple[list[StyleRow], list[Problem]]:
    """Parse ``styles.csv`` (``path`` is the file or the folder holding it).

    Rows with too few fields, an empty required field, a non-integer or duplicate id
    (the first occurrence wins) or, with ``check_images``, no image file are skipped
    and reported. Rows with *too many* fields are the Kaggle file's unquoted commas
    in ``productDisplayName`` (the last column): they are repaired by re-joining the
    surplus fields, and reported with ``skipped=False``.
    """
    csv_path = _styles_csv_path(Path(path))
    rows: list[StyleRow] = []
    problems: list[Problem] = []
    seen_ids: set[int] = set()
    with open(csv_path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        header = _read_header(reader, csv_path)
        for fields in reader:
            line = reader.line_num
            if not any(field.strip() for field in fields):
                continue
            values, problem = _fields_to_values(fields, header, line)
            if problem is not None:
                problems.append(problem)
                if problem.skipped:
                    continue
            row, reason = _make_row(values, csv_path.parent / "images", seen_ids, check_images)
            if row is None:
                problems.append(Problem(line, reason, skipped=True))
                continue
            seen_ids.add(row.id)
            rows.append(row)
    return rows, problems


def style_labels(rows: Sequence[StyleRow], columns: Sequence[str]) -> dict[str, list[str]]:
    """Labels per styles.csv column, in the shape ``evaluate_retrieval`` takes."""
    return {column: [row.value(column) for row in rows] for column in columns}


def split_catalog_queries(
    rows: Sequence[StyleRow], query_fraction: float = 1 / 6, seed: int = 0
) -> tuple[list[StyleRow], list[StyleRow]]:
    """Split rows into (catalogue, queries), stratified by articleType.

    The query count is ``round(len(rows) * query_fraction)`` exactly (largest
    remainder across types). Every type keeps at least one row in the catalogue, so
    each query has a same-type item to find.
    """
    if not 0 <= query_fraction < 1:
        raise ValueError("query_fraction must be in [0, 1)")
    rng = np.random.default_rng(seed)
    by_type: dict[str, list[StyleRow]] = defaultdict(list)
    for row in rows:
        by_type[row.article_type].append(row)
    groups = [[by_type[name][i] for i in rng.permutation(len(by_type[name]))] for name in sorted(by_type)]
    quotas = _stratified_quotas([len(g) for g in groups], round(len(rows) * query_fraction), rng)
    catalog: list[StyleRow] = []
    queries: list[StyleRow] = []
    for group, quota in zip(groups, quotas, strict=True):
        queries.extend(group[:quota])
        catalog.extend(group[quota:])
    return catalog, queries


def _stratified_quotas(sizes: list[int], total: int, rng: np.random.Generator) -> list[int]:
    capacity = [max(0, size - 1) for size in sizes]
    total = min(total, sum(capacity))
    exact = [total * size / sum(sizes) for size in sizes]
    quotas = [min(int(share), cap) for share, cap in zip(exact, capacity, strict=True)]
    # Random tie-breaking among equal remainders keeps small types from always losing.
    order = sorted(range(len(sizes)), key=lambda i: (quotas[i] - exact[i], rng.random()))
    while sum(quotas) < total:
        for i in order:
            if sum(quotas) < total and quotas[i] < capacity[i]:
                quotas[i] += 1
    return quotas


def _styles_csv_path(path: Path) -> Path:
    csv_path = path / "styles.csv" if path.is_dir() else path
    if not csv_path.is_file():
        raise DatasetError(f"styles.csv not found at {csv_path} (expected a Kaggle-layout folder or the CSV itself)")
    return csv_path


def _read_header(reader, csv_path: Path) -> list[str]:
    header = [name.strip() for name in next(reader, [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise DatasetError(f"{csv_path}: header lacks required column(s) {', '.join(missing)}; got {header}")
    return header


def _fields_to_values(fields: list[str], header: list[str], line: int) -> tuple[dict[str, str], Problem | None]:
    problem = None
    if len(fields) > len(header) and header[-1] == "productDisplayName":
        reason = f"expected {len(header)} fields, saw {len(fields)}: extra commas re-joined into productDisplayName"
        fields = [*fields[: len(header) - 1], ",".join(fields[len(header) - 1 :])]
        problem = Problem(line, reason, skipped=False)
    elif len(fields) != len(header):
        return {}, Problem(line, f"expected {len(header)} fields, saw {len(fields)}", skipped=True)
    values = {column: field.strip() for column, field in zip(header, fields, strict=True)}
    return values, problem


def _make_row(
    values: dict[str, str], images_dir: Path, seen_ids: set[int], check_images: bool
) -> tuple[StyleRow | None, str]:
    empty = [column for column in REQUIRED_COLUMNS if not values.get(column)]
    if empty:
        return None, f"empty required field(s): {', '.join(empty)}"
    try:
        item_id = int(values["id"])
    except ValueError:
        return None, f"id is not an integer: {values['id']!r}"
    if item_id in seen_ids:
        return None, f"duplicate id {item_id}"
    image_path = images_dir / f"{item_id}.jpg"
    if check_images and not image_path.is_file():
        return None, f"image missing: {image_path}"
    row = StyleRow(
        id=item_id,
        gender=values["gender"],
        master_category=values["masterCategory"],
        sub_category=values["subCategory"],
        article_type=values["articleType"],
        base_colour=values.get("baseColour", ""),
        season=values.get("season", ""),
        year=_parse_year(values.get("year", "")),
        usage=values.get("usage", ""),
        product_display_name=values.get("productDisplayName", ""),
        image_path=image_path,
    )
    return row, ""


def _parse_year(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None
