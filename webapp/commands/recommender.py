"""flask recommender index | evaluate | purge-uploads."""
from __future__ import annotations

import json
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import click
import numpy as np
from flask import current_app
from flask.cli import AppGroup

from webapp.commands.progress import progress_bar

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
        return progress_bar("Embedding pictures", length=total)

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
    with progress_bar(f"Embedding {label}", length=len(rows), to_stderr=True) as bar:
        for start in range(0, len(rows), EMBED_CHUNK):
            chunk = rows[start : start + EMBED_CHUNK]
            parts.append(embed_files(embedder, [row.image_path for row in chunk]))
            bar.update(len(chunk))
    return rows, np.concatenate(parts)


@recommender_cli.command("evaluate")
@click.option("--catalog", "catalog_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Catalogue folder in the Kaggle layout (styles.csv + images/).")
@click.option("--queries", "queries_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Query folder in the Kaggle layout.")
@click.option("--k", default=5, show_default=True, type=click.IntRange(min=1), help="Cut-off of the results.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
def evaluate_command(catalog_dir: Path, queries_dir: Path, k: int, as_json: bool) -> None:
    """Score look-alike search on a labelled split, in memory: the shop's database is not touched."""
    from recommender import describe_embedder, evaluate_retrieval, load_embedder, style_labels

    embedder = load_embedder(current_app.config["RECOMMENDER_WEIGHTS"], current_app.logger)
    catalogue, catalogue_vectors = _embedded_rows(embedder, catalog_dir, "the catalogue")
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
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"{result['catalog_items']} catalogue items, {result['queries']} queries, embedder {embedder.name}")
    click.echo(f"{'same ...':<28} {f'precision@{k}':>12} {f'mAP@{k}':>10}")
    for key, values in result["metrics"].items():
        click.echo(f"{key.replace('+', ' and '):<28} {values['precision']:>12.3f} {values['map']:>10.3f}")


@recommender_cli.command("purge-uploads")
def purge_uploads_command() -> None:
    """Remove customers' photos older than UPLOAD_TTL_SECONDS."""
    from webapp.services.visual_search.uploads import purge_expired_uploads

    removed = purge_expired_uploads()
    click.echo(f"Removed {removed} uploaded photos older than {current_app.config['UPLOAD_TTL_SECONDS']} seconds.")
