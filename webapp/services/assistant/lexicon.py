"""Typo tolerance: a word the assistant does not know is corrected to the nearest catalogue word.

RapidFuzz's Jaro-Winkler similarity, with two guards against false matches: the word must be at least
four letters, and start with the same letter as the correction (people rarely mistype the first
letter; without the rule "bag" and "rag", "tops" and "mops" trade places). Words the intent model
knows ("cart", "order", "cancel") and numbers are never corrected.
"""
from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

MIN_LENGTH = 4
MIN_SIMILARITY = 0.86


class Lexicon:
    def __init__(self, catalogue_words: Iterable[str], known_words: Iterable[str]) -> None:
        self.catalogue_words = sorted(set(catalogue_words))
        self.known = frozenset(known_words) | frozenset(self.catalogue_words)
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
        candidates = self._by_letter.get(word[0], [])
        found = process.extractOne(word, candidates, scorer=JaroWinkler.similarity, score_cutoff=MIN_SIMILARITY)
        return found[0] if found else word

    def correct_all(self, words: list[str]) -> list[str]:
        return [self.correct(word) for word in words]
