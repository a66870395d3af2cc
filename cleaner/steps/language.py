"""Language identification with langdetect, deterministic and of bounded cost.

langdetect samples n-grams at random: with a fixed `seed` the same text gets the
same answer in every run and every process. Only the first `sample_chars`
characters are read, so a long document costs no more than a short one. A text
with nothing to go on (digits, symbols) gets ``None``.

langdetect's own detector reads its text one character at a time in Python and
updates its probabilities one n-gram at a time; `_BulkDetector` gives the same
answers (same n-grams in the same order, same random draws, same arithmetic) from
bulk string operations, n-grams cached per word, the profiles as one matrix and the
updates between two convergence checks as one numpy product.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import ClassVar

import numpy
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.lang_profile import LangProfile
from langdetect.utils.ngram import NGram

from cleaner.document import Document

LATIN = re.compile("[A-z]")  # langdetect's own test: 'A' <= ch <= 'z'
# Counted in UTF-8: a character in A-z is one byte in A-z, and every byte of other
# characters is 0x80 or above; a character from U+0300 on starts with a byte >= 0xCC,
# and no other byte is that high (continuation bytes are 0x80-0xBF).
NOT_LATIN_BYTES = bytes(b for b in range(256) if not ord("A") <= b <= ord("z"))
BELOW_U0300_BYTES = bytes(range(0xCC))
SPACE_RUN = re.compile(" {2,}")
CACHED_WORDS = 1 << 16  # words whose n-grams are kept
CACHED_WORD_CHARS = 40  # longer words are not kept
CHECK_EVERY = 5  # langdetect normalises and checks for convergence every fifth update


class _MatrixFactory(DetectorFactory):
    """langdetect's factory, its profiles gathered into one matrix (a row per n-gram, a
    column per language) where langdetect keeps a list per n-gram: a trial then takes
    the rows it draws in one call.

    `word_lang_prob_map` maps each n-gram to its row, so langdetect's own `Detector`
    cannot use this factory: it makes `_BulkDetector`s.
    """

    def __init__(self) -> None:
        super().__init__()
        self.matrix = numpy.zeros((0, 0))
        # The matrix's non-zero cells, gathered while the profiles load.
        self._rows, self._columns, self._cells = array("q"), array("q"), array("d")

    def add_profile(self, profile: LangProfile, index: int, langsize: int) -> None:
        """langdetect's `add_profile`, each probability the same division, into a cell."""
        self.langlist.append(profile.name)
        rows = self.word_lang_prob_map
        for word, count in profile.freq.items():
            row = rows.setdefault(word, len(rows))
            if 1 <= len(word) <= 3:
                self._rows.append(row)
                self._columns.append(index)
                self._cells.append(1.0 * count / profile.n_words[len(word) - 1])

    def load_profile(self, profile_directory: str) -> None:
        super().load_profile(profile_directory)
        self.matrix = numpy.zeros((len(self.word_lang_prob_map), len(self.langlist)))
        self.matrix[self._rows, self._columns] = self._cells
        self.matrix.flags.writeable = False  # shared by every detector and thread
        self._rows, self._columns, self._cells = array("q"), array("q"), array("d")

    def _create_detector(self) -> Detector:
        return _BulkDetector(self)


@cache
def _factory() -> _MatrixFactory:
    factory = _MatrixFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


class _Normalized(dict):
    """A `str.translate` table that maps each character as `NGram.normalize` does."""

    def __missing__(self, code: int) -> str:
        self[code] = NGram.normalize(chr(code))
        return self[code]


_NORMALIZED = _Normalized()


def _word_rows(word: str, spaced: bool = True) -> tuple[int, ...]:
    """The rows of the known 1- to 3-grams `NGram` yields for a word (and the space
    after it, if `spaced`), normalised here.

    After a space `NGram` starts afresh, so a text's n-grams are its words' in turn, and
    a word that normalising splits ("don't") is read as the text would read it.
    """
    if not word:
        return ()
    word = word.translate(_NORMALIZED)
    known, found = _factory().word_lang_prob_map, []
    grams, capital = " ", False
    for char in word + " " * spaced:
        last = grams[-1]
        grams = (" " if last == " " else grams[-2:] if len(grams) >= 3 else grams) + char
        capital = (capital or last.isupper()) if char.isupper() else False
        if not capital:
            for n in (1, 2, 3):
                if len(grams) >= n and (gram := grams[-n:]) != " " and gram in known:
                    found.append(known[gram])
    return tuple(found)


class _SpacedWordRows(dict):
    """`_word_rows(word)` by word, computed once; emptied when it holds `CACHED_WORDS`.

    A "word" longer than `CACHED_WORD_CHARS` (a run of Chinese or Thai, written without
    spaces) is computed each time: such keys would fill memory, and rarely recur.
    """

    def __missing__(self, word: str) -> tuple[int, ...]:
        rows = _word_rows(word)
        if len(word) <= CACHED_WORD_CHARS:
            if len(self) >= CACHED_WORDS:
                self.clear()
            self[word] = rows
        return rows


_SPACED_WORD_ROWS = _SpacedWordRows()


class _BulkDetector(Detector):
    """langdetect's `Detector`, its per-character loops done in bulk (same results)."""

    def append(self, text: str) -> None:
        text = self.URL_RE.sub(" ", text)
        if "@" in text:  # an e-mail address has one
            text = self.MAIL_RE.sub(" ", text)
        if any(mark in text for mark in NGram.DMARK_CLASS):  # a mark to compose with a letter
            text = NGram.normalize_vi(text)
        text = text[: self.max_text_length]
        self.text += SPACE_RUN.sub(" ", text) if "  " in text else text

    def cleaning_text(self) -> None:
        """Drop Latin letters from a text that has more than twice as many characters
        from U+0300 on (a Russian text quoting an English name)."""
        encoded = self.text.encode("utf-8", "surrogatepass")
        latin = len(encoded.translate(None, NOT_LATIN_BYTES))
        if latin * 2 < len(encoded.translate(None, BELOW_U0300_BYTES)):
            self.text = LATIN.sub("", self.text)

    def _extract_ngrams(self) -> list[int]:
        """The rows of the text's n-grams, in `NGram`'s order."""
        *words, last = self.text.split(" ")
        rows = list(chain.from_iterable(map(_SPACED_WORD_ROWS.__getitem__, words)))
        return rows + list(_word_rows(last, spaced=False))

    def _detect_block(self) -> None:
        """langdetect's trials: the same draws, each update and normalisation the same
        IEEE operations, element by element, on numpy arrays."""
        self.cleaning_text()
        drawn = self._extract_ngrams()
        if not drawn:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        self.random.seed(self.seed)
        total = numpy.zeros(len(self.langlist))
        for _ in range(self.n_trial):
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            total += self._trial(drawn, alpha) / self.n_trial
        self.langprob = total.tolist()

    def _trial(self, drawn: list[int], alpha: float) -> numpy.ndarray:
        """Update with random n-grams until a check finds a language above
        `CONV_THRESHOLD`, or `ITERATION_LIMIT`; the probabilities then.

        langdetect checks after the first update, then after every fifth. The updates
        between two checks are one product down the rows of `block`: the probabilities,
        then one factor per update, multiplied in order as langdetect does one by one.
        """
        block = numpy.empty((1 + CHECK_EVERY, len(self.langlist)))
        block[0] = self._init_probability()
        weight, choice, profiles = alpha / self.BASE_FREQ, self.random.choice, _factory().matrix
        updates, done = 1, 0
        while True:
            factors = block[1 : 1 + updates]
            profiles.take([choice(drawn) for _ in range(updates)], axis=0, out=factors)
            factors += weight
            prob = numpy.multiply.reduce(block[: 1 + updates], axis=0)  # row by row, in order
            prob /= sum(prob.tolist())  # Python's sum, in langdetect's order
            done += updates
            if prob.max() > self.CONV_THRESHOLD or done > self.ITERATION_LIMIT:
                return prob
            block[0], updates = prob, CHECK_EVERY


def detect_language(text: str, sample_chars: int = 2000, seed: int = 0) -> str | None:
    """The language code of `text` (``en``, ``zh-cn``), or None if it cannot tell."""
    detector = _factory().create()
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
