"""flask recommender index | evaluate | purge-uploads."""
from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import click
import numpy as np
from flask import current_app
from flask.cli import AppGroup

if TYPE_CHECKING:
    from recommender import Embedder, StyleRow

recommender_cli = AppGroup("recommender", help="Look-alikes: the image index, its evaluation, uploaded photos.")

# "same articleType", "same subCategory", "same masterCategory", "same articleType and baseColour".
EVALUATION_KEYS = ("articleType", "subCategory", "masterCategory", "articleType+baseColour")
EMBED_CHUNK = 64


@recommender_cli.command("index")
def index_command() -> None:
    """Embed every active product (only new or changed pictures), store each one's look-alikes."""
    from webapp.services.visual_search.building import build_catalogue_index

    def progress(total: int) -> AbstractContextManager:
        return click.progressbar(length=total, label="Embedding pictures", show_pos=True, show_eta=True)

    report = build_catalogue_index(progress=progress)
    click.echo(
        f"Indexed {report.products} products with {report.embedder}: {report.embedded} pictures embedded, "
        f"{report.reused} reused; {report.neighbours} look-alikes stored."
    )
    if report.classifier_labels:
        click.echo(f"Category classifier trained on {report.classifier_labels} article types.")
    if report.unreadable:
        click.echo(f"Skipped {len(report.unreadable)} unreadable pictures, e.g. {', '.join(report.unreadable[:5])}.")


def _embedded_rows(embedder: Embedder, folder: Path, label: str) -> tuple[list[StyleRow], np.ndarray]:
    from recommender import DatasetError, embed_files, read_styles

    try:
        rows, _problems = read_styles(folder, check_images=True)
    except DatasetError as exc:
        raise click.ClickException(str(exc)) from exc
    if not rows:
        raise click.ClickException(f"{folder} has no usable rows (styles.csv rows with a picture in images/).")
    # Progress goes to stderr: with --json, stdout carries the one JSON object and nothing else.
    parts = []
    with click.progressbar(length=len(rows), label=f"Embedding {label}", file=sys.stderr) as bar:
        for start in range(0, len(rows), EMBED_CHUNK):
            chunk = rows[start : start + EMBED_CHUNK]
            parts.append(embed_files(embedder, [row.image_path for row in chunk]))
            bar.update(len(chunk))
    return rows, np.concatenate(parts)


@recommender_cli.command("evaluate")
@click.option("--catalog", "catalog_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Catalogue folder in the Kaggle layout (styles.csv + images/).")
@click.option("--queries", "queries_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Query folder in the Kaggle layout (photos searched as /search/photo searches them).")
@click.option("--similar-products", "similar", is_flag=True,
              help="Score the product pages' look-alike lists instead, leaving each catalogue item out in turn.")
@click.option("--k", default=5, show_default=True, type=click.IntRange(min=1), help="Cut-off of the results.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
def evaluate_command(catalog_dir: Path, queries_dir: Path | None, similar: bool, k: int, as_json: bool) -> None:
    """Score look-alike search on a labelled split, in memory: the shop's database is not touched."""
    from recommender import describe_embedder, evaluate_retrieval, load_embedder, style_labels

    if (queries_dir is None) != similar:
        raise click.UsageError("Give either --queries DIR or --similar-products.")
    embedder = load_embedder(current_app.config["RECOMMENDER_WEIGHTS"], current_app.logger)
    catalogue, catalogue_vectors = _embedded_rows(embedder, catalog_dir, "the catalogue")
    if similar:
        _report(_similar_products_result(embedder, catalogue, catalogue_vectors, k), k, as_json)
        return
    queries, query_vectors = _embedded_rows(embedder, queries_dir, "the queries")
    columns = ["articleType", "subCategory", "masterCategory", "baseColour"]
    scores = evaluate_retrieval(
        catalogue_vectors, style_labels(catalogue, columns), query_vectors, style_labels(queries, columns),
        k=k, keys=EVALUATION_KEYS,
    )
    result = {
        "k": k,
        "embedder": embedder.name,
        "embedder_description": describe_embedder(embedder),
        "catalog_items": len(catalogue),
        "queries": len(queries),
        "metrics": {key: {"precision": scores[key]["precision"], "map": scores[key]["map"]} for key in EVALUATION_KEYS},
    }
    _report(result, k, as_json)


def _report(result: dict, k: int, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"{result['catalog_items']} catalogue items, {result['queries']} queries, embedder {result['embedder']}")
    click.echo(f"{'same ...':<28} {f'precision@{k}':>12} {f'mAP@{k}':>10}")
    for key, values in result["metrics"].items():
        mean_ap = values.get("map", float("nan"))
        click.echo(f"{key.replace('+', ' and '):<28} {values['precision']:>12.3f} {mean_ap:>10.3f}")


def _similar_products_result(embedder: Embedder, rows: list[StyleRow], vectors: np.ndarray, k: int) -> dict:
    """Each catalogue item's product-page list (the shop's same-kind rule, everything in stock), scored against it."""
    from recommender import build_index, describe_embedder
    from webapp.services.visual_search.building import same_kind_lists
    from webapp.services.visual_search.same_kind import Kind, look_alike_tier

    ids = np.arange(len(rows), dtype=np.int64)
    kinds = {n: Kind(row.gender, row.master_category, row.sub_category, row.article_type) for n, row in enumerate(rows)}
    lists = same_kind_lists(build_index(vectors, ids), ids, vectors, k, kinds)
    of_kind = Counter(kinds.values())
    # How many others of the same type and a compatible gender each kind has (asked per pair of kinds).
    same_type_count = {kind: sum(n for other, n in of_kind.items() if look_alike_tier(kind, other) == 1) - 1
                       for kind in of_kind}
    same_type, same_type_and_colour, where_five = [], [], []
    for item, ranked in lists.items():
        shown = [neighbour for neighbour, _ in ranked[:k]]
        types = [rows[n].article_type == rows[item].article_type for n in shown] + [False] * (k - len(shown))
        colours = [rows[n].base_colour == rows[item].base_colour for n in shown] + [False] * (k - len(shown))
        same_type.append(np.mean(types))
        same_type_and_colour.append(np.mean(np.logical_and(types, colours)))
        if same_type_count[kinds[item]] >= k:
            where_five.append(np.mean(types))
    return {
        "k": k,
        "embedder": embedder.name,
        "embedder_description": describe_embedder(embedder),
        "catalog_items": len(rows),
        "queries": len(rows),
        "metrics": {
            "articleType": {"precision": float(np.mean(same_type))},
            "articleType+baseColour": {"precision": float(np.mean(same_type_and_colour))},
            "articleType where 5 exist": {"precision": float(np.mean(where_five)) if where_five else 0.0},
        },
    }


@recommender_cli.command("purge-uploads")
def purge_uploads_command() -> None:
    """Remove customers' photos older than UPLOAD_TTL_SECONDS."""
    from webapp.services.visual_search.uploads import purge_expired_uploads

    removed = purge_expired_uploads()
    click.echo(f"Removed {removed} uploaded photos older than {current_app.config['UPLOAD_TTL_SECONDS']} seconds.")
