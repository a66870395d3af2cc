"""Language identification with langdetect, deterministic and of bounded cost.

langdetect samples n-grams at random: with a fixed `seed` the same text gets the
same answer in every run and every process. Only the first `sample_chars`
characters are read, so a long document costs no more than a short one. A text
with nothing to go on (digits, symbols) gets ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

from cleaner.document import Document


@cache
def _factory(seed: int) -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(seed)
    return factory


def detect_language(text: str, sample_chars: int = 2000, seed: int = 0) -> str | None:
    """The language code of `text` (``en``, ``zh-cn``), or None if it cannot tell."""
    detector = _factory(seed).create()
    detector.set_max_text_length(sample_chars)
    detector.append(text[:sample_chars])
    try:
        return detector.detect()
    except LangDetectException:
        return None


@dataclass
class DetectLanguage:
    """Set `doc.language` from the text left after removals."""

    name: str = "language"
    sample_chars: int = 2000
    seed: int = 0

    def __call__(self, doc: Document) -> None:
        doc.language = detect_language(doc.text, self.sample_chars, self.seed)
