"""flask catalog import."""
from __future__ import annotations

import contextlib
from pathlib import Path

import click
from flask.cli import AppGroup

from webapp.commands.progress import progress_bar
from webapp.services.catalog.importer import ImportReport, import_catalog

catalog_cli = AppGroup("catalog", help="Catalogue maintenance.")


def _print_report(report: ImportReport) -> None:
    click.echo(
        f"Imported {report.imported} products: {report.created} new, {report.updated} updated, "
        f"{report.unchanged} unchanged."
    )
    if report.repaired:
        click.echo(f"Repaired {len(report.repaired)} rows (unquoted commas in the product name re-joined).")
    if report.skipped:
        click.echo(f"Skipped {len(report.skipped)} rows:")
        for kind, count in report.skipped_by_kind().most_common():
            click.echo(f"  {count:>5}  {kind}")
        for entry in report.skipped[:20]:
            click.echo(f"         {entry.where}: {entry.detail}")
        if len(report.skipped) > 20:
            click.echo(f"         ... and {len(report.skipped) - 20} more")


@catalog_cli.command("import")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Import PATH in the Kaggle layout: PATH/styles.csv and PATH/images/<id>.jpg."""
    from recommender.dataset import DatasetError

    with contextlib.ExitStack() as stack:

        def progress(rows: list) -> object:
            return stack.enter_context(progress_bar("Importing", rows))

        try:
            report = import_catalog(path, progress=progress)
        except DatasetError as exc:
            raise click.ClickException(str(exc)) from exc
    _print_report(report)
