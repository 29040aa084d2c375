"""Understanding a message: the intent model and the slot reader together, built once per vocabulary.

The catalogue's vocabulary is read on every message (one query); when its fingerprint changes, a new
interpreter is trained (about a second) and kept. A few are kept, so tests and shops that switch
between catalogues do not train again and again.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from webapp.services.assistant import classifier, slots
from webapp.services.assistant.lexicon import Lexicon
from webapp.services.assistant.slots import Slots
from webapp.services.assistant.vocabulary import Vocabulary, current_vocabulary

KEPT_INTERPRETERS = 4
MAX_TEXT = 500


@dataclass(frozen=True)
class Understanding:
    intent: str
    confidence: float
    slots: Slots  # the slots the intent uses
    everything: Slots  # every slot the message named, whatever the intent
    words: list[str]  # the message as corrected words
    rest: list[str]  # corrected words that named no slot


class Interpreter:
    def __init__(self, vocabulary: Vocabulary) -> None:
        phrases = classifier.read_phrases()
        self.vocabulary = vocabulary
        self.lexicon = Lexicon(vocabulary.words, classifier.training_words(phrases))
        self.model = classifier.train(vocabulary, phrases)

    def understand(self, text: str) -> Understanding:
        reading = slots.read(text[:MAX_TEXT], self.vocabulary, self.lexicon)
        intent, confidence = self.model.predict(classifier.model_text(reading.words))
        if not reading.words and intent != "unknown":
            intent = "unknown"  # nothing but symbols or emoji
        return Understanding(intent, confidence, slots.kept_for(intent, reading.slots), reading.slots,
                             reading.words, reading.rest)


_interpreters: OrderedDict[str, Interpreter] = OrderedDict()
_lock = threading.Lock()


def interpreter_for(vocabulary: Vocabulary) -> Interpreter:
    """The interpreter of this vocabulary, trained on first use (one training at a time per process)."""
    with _lock:
        found = _interpreters.get(vocabulary.fingerprint)
        if found is None:
            found = Interpreter(vocabulary)
            _interpreters[vocabulary.fingerprint] = found
            while len(_interpreters) > KEPT_INTERPRETERS:
                _interpreters.popitem(last=False)
        _interpreters.move_to_end(vocabulary.fingerprint)
        return found


def current_interpreter() -> Interpreter:
    """The interpreter for the catalogue as it is now."""
    return interpreter_for(current_vocabulary())
