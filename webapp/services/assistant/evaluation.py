"""How well the assistant understands: intent accuracy and slot precision, recall and F1 on a labelled file.

The file is a TSV with the columns utterance, intent, slots (a JSON object), one utterance a line (a
header line and # comments are skipped). A slot counts as right when the name and the value both match.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from webapp.services.assistant.interpreter import Interpreter


class EvaluationFileError(ValueError):
    """A labelled file we cannot read; the message names the line."""


@dataclass(frozen=True)
class Example:
    utterance: str
    intent: str
    slots: dict[str, Any]


@dataclass
class Scores:
    examples: int = 0
    intents_right: int = 0
    slots_right: int = 0
    slots_found: int = 0
    slots_expected: int = 0
    mistakes: list[tuple[Example, str, dict[str, Any]]] = field(default_factory=list)
    confusions: Counter = field(default_factory=Counter)

    @property
    def intent_accuracy(self) -> float:
        return self.intents_right / self.examples if self.examples else 0.0

    @property
    def slot_precision(self) -> float:
        return self.slots_right / self.slots_found if self.slots_found else 1.0

    @property
    def slot_recall(self) -> float:
        return self.slots_right / self.slots_expected if self.slots_expected else 1.0

    @property
    def slot_f1(self) -> float:
        p, r = self.slot_precision, self.slot_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"examples": self.examples, "intent_accuracy": round(self.intent_accuracy, 4),
                "slot_precision": round(self.slot_precision, 4), "slot_recall": round(self.slot_recall, 4),
                "slot_f1": round(self.slot_f1, 4)}


def read_examples(path: Path) -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith("utterance\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise EvaluationFileError(f"{path.name} line {number}: expected utterance<TAB>intent<TAB>slots JSON")
        try:
            slots = json.loads(parts[2]) if parts[2].strip() else {}
        except json.JSONDecodeError as exc:
            raise EvaluationFileError(f"{path.name} line {number}: the slots are not JSON ({exc.msg})") from exc
        if not isinstance(slots, dict):
            raise EvaluationFileError(f"{path.name} line {number}: the slots must be a JSON object")
        examples.append(Example(parts[0].strip(), parts[1].strip(), slots))
    return examples


def _pairs(slots: dict[str, Any]) -> set[tuple[str, str]]:
    return {(name, json.dumps(float(value) if isinstance(value, (int, float)) and not isinstance(value, bool)
                              else value)) for name, value in slots.items()}


def evaluate(interpreter: Interpreter, examples: list[Example]) -> Scores:
    scores = Scores()
    for example in examples:
        understood = interpreter.understand(example.utterance)
        scores.examples += 1
        right_intent = understood.intent == example.intent
        scores.intents_right += right_intent
        found, expected = _pairs(understood.slots), _pairs(example.slots)
        scores.slots_right += len(found & expected)
        scores.slots_found += len(found)
        scores.slots_expected += len(expected)
        if not right_intent or found != expected:
            scores.mistakes.append((example, understood.intent, understood.slots))
        if not right_intent:
            scores.confusions[(example.intent, understood.intent)] += 1
    return scores
