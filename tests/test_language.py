"""Language detection: langdetect's answers, exactly, from the faster detector."""

import tomllib
from functools import cache
from pathlib import Path

import pytest
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

from cleaner.steps.language import _BulkDetector, _factory, detect_language

ROOT = Path(__file__).parents[1]


def samples() -> list[str]:
    """Seeds and detector cases: whole texts, their openings and single lines."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted((ROOT / "tests" / "cases").rglob("*.toml")):
        texts += [case["text"] for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]]
    lines = [line for text in texts for line in text.splitlines()[:3] if line.strip()]
    return [*texts, *(text[:150] for text in texts), *lines, *ODDITIES]


ODDITIES = [
    "Home",  # a word this short leaves some trials undecided until ITERATION_LIMIT
    "Menu",
    "Tie\u0302\u0301ng Vie\u0323\u0302t co\u0301 da\u0302\u0301u",  # marks to compose (normalize_vi)
    "Write to news@example.org or see https://example.org/a?b=c for more, don't wait.",
    " a -- b  ,  c\n d   Ｆｕｌｌ width, ș and ț, \u00a0 and \u2009 spaces ",
    "Москва заявила, что Reuters и BBC ошибаются: «это неправда», сказал он.",
    "東京都は月曜日に新しい規則を発表しました。" * 30 + " and some English words",
]


@cache
def langdetects_factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


def probabilities(detector: Detector, text: str) -> list[float] | str:
    detector.seed = 0
    detector.set_max_text_length(2000)
    detector.append(text[:2000])
    try:
        detector.get_probabilities()
    except LangDetectException as error:
        return str(error)
    return detector.langprob


def test_the_bulk_detector_gives_langdetects_probabilities_bit_for_bit() -> None:
    texts = samples()
    assert len(texts) > 300
    for text in texts:
        ours = probabilities(_BulkDetector(_factory()), text)
        assert ours == probabilities(Detector(langdetects_factory()), text), text[:80]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Regierung hat am Montag neue Regeln für den Wohnungsbau beschlossen.", "de"),
        ("Правительство в понедельник утвердило новые правила строительства жилья.", "ru"),
        ("El gobierno aprobó el lunes nuevas normas para la construcción de viviendas.", "es"),
    ],
)
def test_a_sentence_gets_its_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_nothing_to_go_on_is_none_and_only_the_opening_is_read() -> None:
    assert detect_language("12 345 -- 678") is None
    opening = (ROOT / "seeds" / "003_ad3391899b0d350a.txt").read_text(encoding="utf-8")[:2000]
    assert detect_language(opening) == "en"
    assert detect_language(opening + " Привет, как у вас дела сегодня? " * 500) == "en"


def test_the_matrix_factory_makes_bulk_detectors() -> None:
    """Its n-grams map to matrix rows, which langdetect's own `Detector` cannot read."""
    detector = _factory().create()
    assert isinstance(detector, _BulkDetector)
    detector.seed = 0
    detector.append("Die Regierung hat am Montag neue Regeln für den Wohnungsbau beschlossen.")
    assert detector.detect() == "de"
