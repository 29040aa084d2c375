"""flask recommender index | train | evaluate | purge-uploads."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
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
    from recommender.pipeline import PhotoPipeline

recommender_cli = AppGroup("recommender", help="Look-alikes: the image index, the tuned head, its evaluation, "
                                              "uploaded photos.")

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
    if report.head:
        click.echo(f"Vectors tuned by {report.head} ({report.classifier_labels} article types).")
    else:
        click.echo(f"Untuned vectors: {report.untuned_reason}.")
        if report.classifier_labels:
            click.echo(f"Category classifier trained on {report.classifier_labels} article types.")
    if report.unreadable:
        click.echo(f"Skipped {len(report.unreadable)} unreadable pictures, e.g. {', '.join(report.unreadable[:5])}.")


@recommender_cli.command("train")
def train_command() -> None:
    """Train the catalogue-tuned head on the shop's labelled products, then index with it (untuned: says why)."""
    from webapp.services.visual_search.tuning import train_catalogue_head

    def bar(label: str) -> Callable[[int], AbstractContextManager]:
        return lambda total: progress_bar(label, length=total)

    report = train_catalogue_head(bar("Embedding pictures"), bar("Imitating customer photos"),
                                  bar("Training the head (epochs)"))
    if report.head:
        click.echo(f"Trained {report.head} on {report.products} products in {report.seconds:.0f} s.")
    else:
        click.echo(f"Not tuned: {report.refused}. The index keeps the untuned vectors.")
    index_command.callback()


def _embedded_rows(embedder: Embedder, folder: Path, label: str) -> tuple[list[StyleRow], np.ndarray]:
    from recommender import embed_files

    rows = _labelled_rows(folder)
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
@click.option("--queries", "queries_dirs", multiple=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Query folder in the Kaggle layout (photos searched as /search/photo searches them); give it "
                   "again to score several folders against one trained head.")
@click.option("--similar-products", "similar", is_flag=True,
              help="Score the product pages' look-alike lists instead, leaving each catalogue item out in turn.")
@click.option("--k", default=5, show_default=True, type=click.IntRange(min=1), help="Cut-off of the results.")
@click.option("--untuned", is_flag=True, help="Skip training the head: score the backbone's own vectors.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
def evaluate_command(catalog_dir: Path, queries_dirs: tuple[Path, ...], similar: bool, k: int, untuned: bool,
                     as_json: bool) -> None:
    """Score look-alikes on a labelled split, in memory, through the shop's own pipeline: the database is not touched.

    As the shop does, a head is trained on the catalogue's labels first (unless --untuned, or the labels
    cannot train one), the catalogue indexed with its vectors and every query photo searched as
    /search/photo searches it: upright, subject isolated, tuned, scoped to a confident article type.
    Each query folder is reported in turn (with --json, one object per line).
    """
    from recommender import load_embedder

    if bool(queries_dirs) == similar:
        raise click.UsageError("Give either --queries DIR or --similar-products.")
    query_sets = [(folder, _labelled_rows(folder)) for folder in queries_dirs]  # a bad folder fails before training
    embedder = load_embedder(current_app.config["RECOMMENDER_WEIGHTS"], current_app.logger)
    catalogue, features = _embedded_rows(embedder, catalog_dir, "the catalogue")
    pipeline, tuned = _evaluation_pipeline(embedder, catalogue, features, untuned)
    vectors = pipeline.index_vectors(features)
    if similar:
        _report({**_similar_products_result(embedder, catalogue, vectors, k), "tuned": tuned}, k, as_json)
    for queries_dir, queries in query_sets:
        result = _photo_search_result(pipeline, catalogue, vectors, queries, k)
        _report({**result, "queries_dir": str(queries_dir), "tuned": tuned}, k, as_json)


def _labelled_rows(folder: Path) -> list[StyleRow]:
    """The usable rows of a Kaggle-layout folder (catalogue or queries); a clear error when there are none."""
    from recommender import DatasetError, read_styles

    try:
        rows, _problems = read_styles(folder, check_images=True)
    except DatasetError as exc:
        raise click.ClickException(str(exc)) from exc
    if not rows:
        raise click.ClickException(f"{folder} has no usable rows (styles.csv rows with a picture in images/).")
    return rows


def _evaluation_pipeline(embedder: Embedder, rows: list[StyleRow], features: np.ndarray,
                         untuned: bool) -> tuple[PhotoPipeline, str]:
    """The pipeline the shop would run on this catalogue: tuned when its labels can train a head."""
    from recommender import load_image, train_category_classifier
    from recommender.pipeline import PhotoPipeline, training_copies
    from recommender.tuning import TrainingRefused, catalogue_version, check_trainable, train_head

    labels = {"articleType": [r.article_type for r in rows], "baseColour": [r.base_colour for r in rows],
              "gender": [r.gender for r in rows]}
    reason = "--untuned"
    if not untuned:
        try:
            check_trainable(labels)
            copies = int(current_app.config["RECOMMENDER_AUGMENTED_COPIES"])
            parts: list[list[np.ndarray]] = [[] for _ in range(copies)]
            mirrored = []
            with progress_bar("Imitating customer photos", length=len(rows) * copies, to_stderr=True) as bar:
                for start in range(0, len(rows), EMBED_CHUNK):
                    chunk = rows[start : start + EMBED_CHUNK]
                    rngs = [[np.random.default_rng([copy, row.id]) for row in chunk] for copy in range(copies)]
                    images = [load_image(row.image_path) for row in chunk]
                    copies_of_chunk, mirrored_chunk = training_copies(PhotoPipeline(embedder), images, rngs)
                    for copy, vectors in enumerate(copies_of_chunk):
                        parts[copy].append(vectors)
                    mirrored.append(mirrored_chunk)
                    bar.update(len(chunk) * copies)
            augmented = [np.concatenate(copy_parts) for copy_parts in parts]
            version = catalogue_version([str(row.id) for row in rows], labels)
            head = train_head(features, labels, embedder.name, version, augmented, np.concatenate(mirrored))
            return PhotoPipeline(embedder, head), head.name
        except TrainingRefused as refused:
            reason = str(refused)
            click.echo(f"Not tuned: {reason}.", err=True)
    types = labels["articleType"]
    classifier = train_category_classifier(features, types, embedder.name) if len(set(types)) >= 2 else None
    return PhotoPipeline(embedder, None, classifier), f"untuned ({reason})"


def _photo_search_result(pipeline: PhotoPipeline, catalogue: list[StyleRow], vectors: np.ndarray,
                         queries: list[StyleRow], k: int) -> dict:
    """Every query photo searched the way /search/photo searches one, scored against the catalogue's labels."""
    from recommender import build_index, describe_embedder, load_image, style_labels
    from recommender.evaluate import score_results
    from recommender.pipeline import scope, scoped_search, scopes

    index = build_index(vectors, np.arange(len(catalogue), dtype=np.int64), kind="exact")
    types = np.array([row.article_type for row in catalogue])
    colours = np.array([row.base_colour for row in catalogue])
    confidence = float(current_app.config["PHOTO_CATEGORY_CONFIDENCE"])
    positions = np.full((len(queries), k), -1, dtype=np.int64)
    scoped = 0
    with progress_bar("Searching the queries", length=len(queries), to_stderr=True) as bar:
        for start in range(0, len(queries), EMBED_CHUNK):
            chunk = queries[start : start + EMBED_CHUNK]
            found = pipeline.queries([load_image(row.image_path) for row in chunk])
            for offset, query in enumerate(found):
                kept_type, kept_colour = scope(query.categories, confidence), scope(query.colours, confidence)
                scoped += kept_type is not None
                narrowest_first = scopes(None if kept_type is None else types == kept_type,
                                         None if kept_colour is None else colours == kept_colour)
                positions[start + offset] = scoped_search(index, query.vector, k, None, narrowest_first)[1]
            bar.update(len(chunk))
    columns = ["articleType", "subCategory", "masterCategory", "baseColour"]
    scores = score_results(positions, style_labels(catalogue, columns), style_labels(queries, columns),
                           keys=EVALUATION_KEYS)
    return {
        "k": k,
        "embedder": pipeline.embedder.name,
        "embedder_description": describe_embedder(pipeline.embedder),
        "catalog_items": len(catalogue),
        "queries": len(queries),
        "scoped_to_a_type": scoped / len(queries),
        "metrics": {key: {"precision": scores[key]["precision"], "map": scores[key]["map"]} for key in EVALUATION_KEYS},
    }


def _report(result: dict, k: int, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result))
        return
    source = f", queries from {result['queries_dir']}" if "queries_dir" in result else ""
    click.echo(f"{result['catalog_items']} catalogue items, {result['queries']} queries, embedder "
               f"{result['embedder']}{source}")
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
