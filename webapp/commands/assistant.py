"""flask assistant parse TEXT... and flask assistant evaluate FILE.tsv: for people who tune the training phrases."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from webapp.services.assistant.evaluation import EvaluationFileError, evaluate, read_examples
from webapp.services.assistant.interpreter import current_interpreter

assistant_cli = AppGroup("assistant", help="The shopping assistant's understanding.")


@assistant_cli.command("parse")
@click.argument("texts", nargs=-1, required=True)
def parse_command(texts: tuple[str, ...]) -> None:
    """Print one JSON object per TEXT: the intent, its confidence and the slots, as the catalogue reads them."""
    interpreter = current_interpreter()
    for text in texts:
        understood = interpreter.understand(text)
        click.echo(json.dumps({"text": text, "intent": understood.intent,
                               "confidence": round(understood.confidence, 3), "slots": understood.slots},
                              ensure_ascii=False))


@assistant_cli.command("evaluate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mistakes/--no-mistakes", default=True, help="List the utterances it got wrong.")
def evaluate_command(path: Path, mistakes: bool) -> None:
    """Intent accuracy and slot precision/recall/F1 on PATH (TSV: utterance, intent, slots as JSON)."""
    try:
        examples = read_examples(path)
    except EvaluationFileError as exc:
        raise click.ClickException(str(exc)) from exc
    scores = evaluate(current_interpreter(), examples)
    click.echo(f"utterances       {scores.examples}")
    click.echo(f"intent accuracy  {scores.intent_accuracy:.3f}")
    click.echo(f"slot precision   {scores.slot_precision:.3f}")
    click.echo(f"slot recall      {scores.slot_recall:.3f}")
    click.echo(f"slot F1          {scores.slot_f1:.3f}")
    if mistakes and scores.mistakes:
        click.echo("mistakes (expected -> understood):")
        for example, intent, slots in scores.mistakes:
            click.echo(f"  {example.utterance!r}: {example.intent} {json.dumps(example.slots)} -> "
                       f"{intent} {json.dumps(slots)}")
