"""The intent model: scikit-learn TF-IDF over words and character n-grams, then logistic regression (fitted by SGD).

It is trained on training_phrases.tsv, whose placeholders ({colour}, {type} ...) are filled from the
catalogue's own values, so the model knows the shop's words; character n-grams carry it over typos
the lexicon did not fix. Training takes about a second. A message the model is unsure about
(top probability under MIN_CONFIDENCE) is "unknown".
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from webapp.services.assistant.vocabulary import SYNONYMS, Vocabulary, number_forms, phrase_of

TRAINING_PHRASES = Path(__file__).with_name("training_phrases.tsv")
INTENTS = (
    "greeting", "goodbye", "search", "similar", "add_to_cart", "remove_from_cart", "cart", "deals", "apply_coupon",
    "order_status", "cancel_order", "faq_returns", "faq_shipping", "feedback", "human", "unknown",
)
MIN_CONFIDENCE = 0.30
FILLS_PER_TEMPLATE = 3  # each templated phrase is trained with this many drawings of catalogue values
SEED = 20261202
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_FALLBACK_VALUES = {  # a catalogue without some value still trains on sensible words
    "colour": ("red", "black", "blue"), "type": ("shirts", "shoes", "bags"), "gender": ("men", "women"),
    "usage": ("casual", "formal"), "season": ("summer", "winter"), "category": ("apparel", "accessories"),
    "sub": ("topwear", "bags"),
}
_SLOT_OF_PLACEHOLDER = {"colour": "baseColour", "type": "articleType", "gender": "gender", "usage": "usage",
                        "season": "season", "category": "masterCategory", "sub": "subCategory"}
_CODES = ("WELCOME10", "SAVE5", "SUMMER20", "VIP2026", "FREESHIP", "BLACKFRIDAY", "SPRING15")
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "last", "2nd", "3rd", "1st")


@dataclass(frozen=True)
class Phrase:
    intent: str
    text: str


def read_phrases(path: Path = TRAINING_PHRASES) -> list[Phrase]:
    """The phrases file: intent<TAB>phrase a line; blank lines and # comments are skipped."""
    phrases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        intent, _, text = line.partition("\t")
        if intent not in INTENTS or not text.strip():
            raise ValueError(f"{path.name} line {number}: expected 'intent<TAB>phrase' with a known intent")
        phrases.append(Phrase(intent, text.strip()))
    return phrases


def _surface_forms(vocabulary: Vocabulary) -> dict[str, list[str]]:
    """What shoppers type for each placeholder: the catalogue's values in both numbers, and synonyms."""
    forms: dict[str, list[str]] = {}
    for placeholder, slot in _SLOT_OF_PLACEHOLDER.items():
        words = sorted({form for value in vocabulary.values.get(slot, ()) for form in number_forms(phrase_of(value))
                        if phrase_of(value)})
        words += sorted(p for p, term in vocabulary.terms.items() if term.slot == slot and p in SYNONYMS)
        forms[placeholder] = words or list(_FALLBACK_VALUES[placeholder])
    return forms


def expand(phrases: list[Phrase], vocabulary: Vocabulary) -> list[Phrase]:
    """Every phrase with its placeholders filled from the vocabulary (FILLS_PER_TEMPLATE drawings each)."""
    draw = random.Random(SEED)  # noqa: S311  (a fixed drawing of training fills, not a secret)
    forms = _surface_forms(vocabulary)
    numbers = {
        "price": lambda: str(draw.choice((15, 20, 25, 30, 40, 50, 60, 75, 100))),
        "price2": lambda: str(draw.choice((45, 70, 80, 90, 120, 150))),
        "n": lambda: str(draw.randint(1, 5)),
        "ordinal": lambda: draw.choice(_ORDINAL_WORDS),
        "code": lambda: draw.choice(_CODES),
        "order": lambda: str(draw.randint(1, 999)),
    }
    expanded = []
    for phrase in phrases:
        if not _PLACEHOLDER.search(phrase.text):
            expanded.append(phrase)
            continue
        for _ in range(FILLS_PER_TEMPLATE):
            def fill(match: re.Match[str]) -> str:
                name = match.group(1)
                return numbers[name]() if name in numbers else draw.choice(forms[name])

            expanded.append(Phrase(phrase.intent, _PLACEHOLDER.sub(fill, phrase.text)))
    return expanded


class IntentModel:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def predict(self, text: str) -> tuple[str, float]:
        """The likeliest intent and its probability; "unknown" when no intent is likely enough."""
        probabilities = self.pipeline.predict_proba([text])[0]
        best = int(probabilities.argmax())
        intent, confidence = str(self.pipeline.classes_[best]), float(probabilities[best])
        return (intent if confidence >= MIN_CONFIDENCE else "unknown"), confidence


def model_text(words: list[str]) -> str:
    return " ".join(words)


def train(vocabulary: Vocabulary, phrases: list[Phrase] | None = None) -> IntentModel:
    """Fit the model on the phrases filled from this vocabulary (the file's phrases by default)."""
    examples = expand(phrases if phrases is not None else read_phrases(), vocabulary)
    features = FeatureUnion([
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")),  # noqa: S106
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
    ])
    # Logistic regression fitted by SGD: the same model as LogisticRegression, trained in a fraction of a second
    # (lbfgs took 6 to 14 s on these 7,000 features on a busy 2-core machine).
    model = SGDClassifier(loss="log_loss", alpha=2e-5, max_iter=60, tol=None, class_weight="balanced",
                          random_state=SEED)
    pipeline = Pipeline([("features", features), ("model", model)])
    pipeline.fit([model_text(phrase_of(example.text).split()) for example in examples],
                 [example.intent for example in examples])
    return IntentModel(pipeline)


def training_words(phrases: list[Phrase] | None = None) -> set[str]:
    """The words of the phrases (placeholders aside): words the lexicon must never 'correct'."""
    phrases = phrases if phrases is not None else read_phrases()
    return {word for phrase in phrases for word in phrase_of(_PLACEHOLDER.sub(" ", phrase.text)).split()}
