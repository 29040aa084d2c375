"""What the assistant understands from a message, on a catalogue vocabulary written out here (no database):
slots grounded in the catalogue's values, typos, prices, quantities, positions, order numbers, codes."""
from __future__ import annotations

from pathlib import Path

import pytest

from webapp.services.assistant import classifier
from webapp.services.assistant.evaluation import read_examples
from webapp.services.assistant.interpreter import Interpreter
from webapp.services.assistant.vocabulary import build_vocabulary, phrase_of

HELD_OUT = Path(__file__).resolve().parents[2] / "bench" / "data" / "assistant_test.tsv"
CATALOGUE = {
    "gender": ("Boys", "Girls", "Men", "Unisex", "Women"),
    "masterCategory": ("Accessories", "Apparel", "Footwear"),
    "subCategory": ("Bags", "Bottomwear", "Dress", "Shoes", "Topwear", "Watches"),
    "articleType": ("Casual Shoes", "Dresses", "Handbags", "Jeans", "Sports Shoes", "Tshirts", "Watches"),
    "baseColour": ("Black", "Blue", "Navy Blue", "Red", "White"),
    "season": ("Fall", "Summer", "Winter"),
    "usage": ("Casual", "Formal", "Sports"),
}


@pytest.fixture(scope="module")
def interpreter() -> Interpreter:
    return Interpreter(build_vocabulary(CATALOGUE))


@pytest.mark.parametrize(("text", "intent", "slots"), [
    ("red dresses under 50", "search", {"baseColour": "Red", "articleType": "Dresses", "max_price": 50}),
    ("blck jeens for men", "search", {"baseColour": "Black", "articleType": "Jeans", "gender": "Men"}),
    ("something casual for summer", "search", {"usage": "Casual", "season": "Summer"}),
    ("women's watches", "search", {"gender": "Women", "articleType": "Watches"}),
    ("navy blue tshirt", "search", {"baseColour": "Navy Blue", "articleType": "Tshirts"}),
    ("white sneakers", "search", {"baseColour": "White", "articleType": "Casual Shoes"}),
    ("jeans between 20 and 40", "search", {"articleType": "Jeans", "min_price": 20, "max_price": 40}),
    ("handbags below €60", "search", {"articleType": "Handbags", "max_price": 60}),
    ("dresses from 19.50 to 30 euros", "search", {"articleType": "Dresses", "min_price": 19.5, "max_price": 30}),
    ("cheaper", "search", {"cheaper": True}),
    ("add the second one", "add_to_cart", {"position": 2}),
    ("add 2 of these", "add_to_cart", {"quantity": 2}),
    ("remove the shoes", "remove_from_cart", {"subCategory": "Shoes"}),
    ("any offers on shoes?", "deals", {"subCategory": "Shoes"}),
    ("apply WELCOME10", "apply_coupon", {"code": "WELCOME10"}),
    ("use code save5 please", "apply_coupon", {"code": "SAVE5"}),
    ("status of order 12", "order_status", {"order": 12}),
    ("cancel order #7", "cancel_order", {"order": 7}),
    ("how long does home delivery take", "faq_shipping", {}),
])
def test_a_message_is_understood_as_its_intent_with_its_slots(interpreter, text, intent, slots):
    understood = interpreter.understand(text)
    assert (understood.intent, understood.slots) == (intent, slots)


@pytest.mark.parametrize(("typed", "meant"), [("blck", "black"), ("jeens", "jeans"), ("hanbags", "handbags"),
                                               ("watchs", "watches"), ("sumer", "summer")])
def test_a_misspelt_catalogue_word_is_corrected(interpreter, typed, meant):
    assert interpreter.lexicon.correct(typed) == meant


@pytest.mark.parametrize("word", ["cart", "order", "cancel", "bags", "rags", "mops", "hi", "WELCOME10"])
def test_known_words_short_words_and_words_of_another_first_letter_stay_as_typed(interpreter, word):
    assert interpreter.lexicon.correct(word) == word


def test_a_synonym_counts_only_for_a_value_the_catalogue_has():
    without_sports = build_vocabulary({**CATALOGUE, "articleType": ("Sports Shoes",)})
    assert without_sports.terms["sneakers"].value == "Sports Shoes"
    without_shoes = build_vocabulary({"articleType": ("Tshirts",)})
    assert "sneakers" not in without_shoes.terms


def test_the_fingerprint_follows_the_catalogue_values():
    same = build_vocabulary(dict(CATALOGUE))
    more = build_vocabulary({**CATALOGUE, "baseColour": ("Black", "Blue", "Green", "Navy Blue", "Red", "White")})
    assert build_vocabulary(CATALOGUE).fingerprint == same.fingerprint != more.fingerprint


def test_nothing_but_emoji_is_unknown(interpreter):
    assert interpreter.understand("🙂🙂🙂").intent == "unknown"


def test_the_training_phrases_are_hundreds_over_every_intent():
    phrases = classifier.read_phrases()
    assert len(phrases) >= 500
    assert {phrase.intent for phrase in phrases} == set(classifier.INTENTS)


def test_no_held_out_utterance_is_a_training_phrase():
    vocabulary = build_vocabulary(CATALOGUE)
    phrases = classifier.read_phrases()
    trained = {phrase_of(p.text) for p in phrases} | {phrase_of(p.text) for p in classifier.expand(phrases, vocabulary)}
    held_out = read_examples(HELD_OUT)
    assert len(held_out) >= 150
    assert [e.utterance for e in held_out if phrase_of(e.utterance) in trained] == []
