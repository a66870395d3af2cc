"""Language identification with langdetect, deterministic and of bounded cost.

langdetect samples n-grams at random: with a fixed `seed` the same text gets the
same answer in every run and every process. Only the first `sample_chars`
characters are read, so a long document costs no more than a short one. A text
with nothing to go on (digits, symbols) gets ``None``.

langdetect's own detector reads its text one character at a time in Python;
`_BulkDetector` gives the same answers (same n-grams in the same order, same random
draws, same arithmetic) from bulk string operations, n-grams cached per word and the
probabilities kept as a numpy vector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import ClassVar

import numpy
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from cleaner.document import Document

LATIN = re.compile("[A-z]")  # langdetect's own test: 'A' <= ch <= 'z'
NON_LATIN = re.compile("[\u0300-\U0010ffff]")  # langdetect counts every char >= U+0300
SPACES = re.compile(" +")
CACHED_WORDS = 1 << 16  # words whose n-grams are kept
CACHED_PROFILES = 1 << 13  # n-grams whose probability vectors are kept


@cache
def _factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


class _Normalized(dict):
    """A `str.translate` table that maps each character as `NGram.normalize` does."""

    def __missing__(self, code: int) -> str:
        self[code] = NGram.normalize(chr(code))
        return self[code]


_NORMALIZED = _Normalized()


@lru_cache(maxsize=CACHED_WORDS)
def _word_ngrams(word: str, spaced: bool) -> tuple[str, ...]:
    """The known 1- to 3-grams `NGram` yields for a normalised word (and a space after it)."""
    if not word:
        return ()
    known, found = _factory().word_lang_prob_map, []
    grams, capital = " ", False
    for char in word + " " * spaced:
        last = grams[-1]
        grams = (" " if last == " " else grams[-2:] if len(grams) >= 3 else grams) + char
        capital = (capital or last.isupper()) if char.isupper() else False
        if not capital:
            found.extend(
                w for n in (1, 2, 3) if len(grams) >= n and (w := grams[-n:]) != " " and w in known
            )
    return tuple(found)


@lru_cache(maxsize=CACHED_PROFILES)
def _profile(gram: str) -> numpy.ndarray:
    """The n-gram's probability in each language, as a vector (read-only: it is shared)."""
    vector = numpy.array(_factory().word_lang_prob_map[gram])
    vector.flags.writeable = False
    return vector


class _BulkDetector(Detector):
    """langdetect's `Detector`, its per-character loops done in bulk (same results)."""

    def append(self, text: str) -> None:
        text = self.MAIL_RE.sub(" ", self.URL_RE.sub(" ", text))
        self.text += SPACES.sub(" ", NGram.normalize_vi(text)[: self.max_text_length])

    def cleaning_text(self) -> None:
        if len(LATIN.findall(self.text)) * 2 < len(NON_LATIN.findall(self.text)):
            self.text = LATIN.sub("", self.text)

    def _extract_ngrams(self) -> list[str]:
        words = self.text.translate(_NORMALIZED).split(" ")
        last = len(words) - 1
        return [gram for i, word in enumerate(words) for gram in _word_ngrams(word, i < last)]

    def _detect_block(self) -> None:
        """langdetect's trials: the same draws, each update and normalisation the same
        IEEE operations, element by element, on a numpy vector."""
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        self.random.seed(self.seed)
        total = numpy.zeros(len(self.langlist))
        for _ in range(self.n_trial):
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            total += self._trial(ngrams, alpha) / self.n_trial
        self.langprob = total.tolist()

    def _trial(self, ngrams: list[str], alpha: float) -> numpy.ndarray:
        """Update with random n-grams until a check (every fifth update) finds a language
        above `CONV_THRESHOLD`, or `ITERATION_LIMIT`; the probabilities then."""
        prob = numpy.array(self._init_probability())
        factor = numpy.empty_like(prob)
        weight, choice = alpha / self.BASE_FREQ, self.random.choice
        i = 0
        while True:
            numpy.add(weight, _profile(choice(ngrams)), out=factor)
            prob *= factor
            if i % 5 == 0:
                prob /= sum(prob.tolist())  # Python's sum, in langdetect's order
                if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                    return prob
            i += 1


def detect_language(text: str, sample_chars: int = 2000, seed: int = 0) -> str | None:
    """The language code of `text` (``en``, ``zh-cn``), or None if it cannot tell."""
    detector = _BulkDetector(_factory())
    detector.seed = seed
    detector.set_max_text_length(sample_chars)
    detector.append(text[:sample_chars])
    try:
        return detector.detect()
    except LangDetectException:
        return None


@dataclass
class DetectLanguage:
    """Set `doc.language` from the text left after removals."""

    runs_once: ClassVar[bool] = True  # after the removal rounds settle
    name: str = "language"
    sample_chars: int = 2000
    seed: int = 0

    def __call__(self, doc: Document) -> None:
        doc.language = detect_language(doc.text, self.sample_chars, self.seed)
