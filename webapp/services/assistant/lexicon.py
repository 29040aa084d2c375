"""Typo tolerance: a word the assistant does not know is corrected to the nearest catalogue word.

RapidFuzz's Jaro-Winkler similarity, with two guards against false matches: the word must be at least
four letters, start with the same letter as the correction and differ from it in length by at most
two letters (one for short words). People rarely mistype the first letter: without that rule "bag"
and "rag" trade places; without the length rule Jaro-Winkler's bonus for a shared beginning makes
"browsing" brown and "stock" socks. Words the intent model knows ("cart", "order", "cancel"), common
English words and numbers are never corrected.
"""
from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

MIN_LENGTH = 4
MIN_SIMILARITY = 0.86
# Everyday words that sit close to a catalogue word ("stock" / "socks", "even" / "evening").
_COMMON_TEXT = """
about after again against also always another anything around available away back because been before being
below best better between both bring brought can't carry clothes colour colours come coming could different
does doing done down during each either else even ever every everything find first from give going good great
have having here just keep kind know last like little long look looking lovely made make many maybe might more
most much must need never next nice nothing only other over please pretty probably quite rather really right
same show should since size some something soon still stock stuff such sure take than thank thanks that their
them then there these they thing things think this those though through today together tomorrow too under
until very want wanted watching well were what when where which while will wish with without would wrong year
years yesterday your yours
"""
COMMON_WORDS = frozenset(_COMMON_TEXT.split())


class Lexicon:
    def __init__(self, catalogue_words: Iterable[str], known_words: Iterable[str]) -> None:
        self.catalogue_words = sorted(set(catalogue_words))
        self.known = frozenset(known_words) | frozenset(self.catalogue_words) | COMMON_WORDS
        self._by_letter: dict[str, list[str]] = {}
        for word in self.catalogue_words:
            self._by_letter.setdefault(word[0], []).append(word)
        self._cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        """The word as typed when known, too short or not a word; else the closest catalogue word, if close enough."""
        if word in self.known or len(word) < MIN_LENGTH or not word.isalpha():
            return word
        if word not in self._cache:
            if len(self._cache) > 5000:
                self._cache.clear()
            self._cache[word] = self._nearest(word)
        return self._cache[word]

    def _nearest(self, word: str) -> str:
        slack = 1 if len(word) <= 5 else 2
        candidates = [c for c in self._by_letter.get(word[0], []) if abs(len(c) - len(word)) <= slack]
        found = process.extractOne(word, candidates, scorer=JaroWinkler.similarity, score_cutoff=MIN_SIMILARITY)
        return found[0] if found else word

    def correct_all(self, words: list[str]) -> list[str]:
        return [self.correct(word) for word in words]
