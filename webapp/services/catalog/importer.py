"""Import a catalogue in the Kaggle "Fashion Product Images" layout (styles.csv + images/<id>.jpg).

Idempotent by the dataset id: a second import of the same folder changes nothing. Bad rows
and bad pictures are skipped and reported; the good rows are imported.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from recommender.dataset import Problem, StyleRow, read_styles
from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.services.catalog.defaults import starting_price_and_sizes
from webapp.services.catalog.media import store_product_image
from webapp.services.catalog.pictures import ImageRejected, check_picture_size, verify_image
from webapp.signals import products_changed

COMMIT_EVERY = 500
MISSING_MARKERS = {"NA", "N/A", "nan", "None"}
# The dataset's problem sentences, grouped into the kinds the summary counts.
PROBLEM_KINDS = (
    ("expected", "malformed row"),
    ("empty required", "empty required field"),
    ("id is not", "id is not a number"),
    ("duplicate id", "duplicate id"),
)

Progress = Callable[[list[StyleRow]], Iterable[StyleRow]]


@dataclass(frozen=True)
class Skipped:
    where: str  # "line 12" or "id 15970"
    kind: str
    detail: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: list[Skipped] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def skipped_by_kind(self) -> Counter[str]:
        return Counter(s.kind for s in self.skipped)


def _kind_of(problem: Problem) -> str:
    for prefix, kind in PROBLEM_KINDS:
        if problem.reason.startswith(prefix):
            return kind
    return "invalid row"


def _clean(value: str) -> str:
    return "" if value.strip() in MISSING_MARKERS else value.strip()


def _display_name(row: StyleRow) -> str:
    name = _clean(row.product_display_name)
    if name:
        return name[:200]
    return " ".join(p for p in (row.gender, _clean(row.base_colour), row.article_type) if p)


def _attributes(row: StyleRow) -> dict[str, object]:
    return {
        "name": _display_name(row),
        "gender": row.gender[:20],
        "master_category": row.master_category[:40],
        "sub_category": row.sub_category[:40],
        "article_type": row.article_type[:60],
        "base_colour": _clean(row.base_colour)[:40],
        "season": _clean(row.season)[:20],
        "usage": _clean(row.usage)[:30],
        "year": row.year,
    }


def _read_picture(row: StyleRow) -> tuple[bytes, str]:
    """The row's picture bytes and extension; raises ImageRejected with the reason."""
    path = row.image_path
    check_picture_size(path.stat().st_size)  # before reading: an oversized file is never loaded
    data = path.read_bytes()
    return data, verify_image(data).extension


def _upsert(row: StyleRow, image_name: str, existing: Product | None) -> tuple[str, Product]:
    attributes = {**_attributes(row), "image_name": image_name}
    if existing is None:
        price_cents, sizes = starting_price_and_sizes(row.id, row.master_category, row.article_type)
        product = Product(sku=f"KG-{row.id}", dataset_id=row.id, price_cents=price_cents, sizes=sizes, **attributes)
        db.session.add(product)
        return "created", product
    # Price, sizes and stock belong to the shop once a product exists; the dataset only describes it.
    changed = {k: v for k, v in attributes.items() if getattr(existing, k) != v}
    for key, value in changed.items():
        setattr(existing, key, value)
    return ("updated" if changed else "unchanged"), existing


def import_catalog(folder: Path, progress: Progress = lambda rows: rows) -> ImportReport:
    """Create or update one product per good row of `folder`; report everything skipped."""
    rows, problems = read_styles(folder)
    report = ImportReport()
    for problem in problems:
        entry = Skipped(f"line {problem.line}", _kind_of(problem), problem.reason)
        (report.skipped if problem.skipped else report.repaired).append(entry)
    existing = {
        p.dataset_id: p
        for p in db.session.scalars(select(Product).where(Product.dataset_id.in_([r.id for r in rows])))
    } if rows else {}
    touched: list[Product] = []
    for done, row in enumerate(progress(rows), start=1):
        if not row.image_path.is_file():
            report.skipped.append(Skipped(f"id {row.id}", "missing image", f"no file {row.image_path.name}"))
            continue
        try:
            data, extension = _read_picture(row)
        except ImageRejected as exc:
            report.skipped.append(Skipped(f"id {row.id}", "unreadable image", str(exc)))
            continue
        outcome, product = _upsert(row, store_product_image(f"KG-{row.id}", data, extension), existing.get(row.id))
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != "unchanged":
            touched.append(product)
        if done % COMMIT_EVERY == 0:
            db.session.commit()
    db.session.commit()
    if touched:
        products_changed.send(current_app._get_current_object(), product_ids=[p.id for p in touched])
    return report
