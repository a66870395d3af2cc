"""Phrase lists: loading them from data files and matching them against lines.

Each boilerplate family keeps one TOML file per language in
``cleaner/phrases/<family>/<lang>.toml``. Adding a language means adding a file.
Lines and phrases are compared in *folded* form: NFKC, case-folded, punctuation
dropped, words joined by single spaces, so that "Log Out / Change )" and
"( Log Out / Change )" are the same words. In a phrase, ``%s`` (WordPress's own
placeholder) stands for up to `WILDCARD_WORDS` words and ``%d`` for one number.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PHRASES_DIR = Path(__file__).parent / "phrases"
_PLACEHOLDERS = {"%s": r"\S+", "%d": r"\d+"}
WILDCARD_WORDS = 5
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Words of `text`, case-folded and NFKC-normalised, joined by single spaces."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _unspaced(char: str) -> bool:
    """True for scripts written without spaces between words (Chinese, Japanese, Thai)."""
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI", "KHMER", "LAO"))


def phrase_pattern(phrase: str) -> str:
    """A regex, over folded text, for one phrase; words must match whole.

    Edges in unspaced scripts carry no word boundary: there, words are not spaced.
    """
    tokens: list[str] = []  # words, and placeholders as they are
    for piece in re.split(r"(%s|%d)", phrase):
        tokens.extend([piece] if piece in _PLACEHOLDERS else fold(piece).split())
    words = [t for t in tokens if t not in _PLACEHOLDERS]
    if not words:
        raise ValueError(f"phrase {phrase!r} has no words")
    body, need_space = "", False
    for token in tokens:
        if token in _PLACEHOLDERS:  # one leading the phrase eats its own trailing space
            word, count = _PLACEHOLDERS[token], (WILDCARD_WORDS if token == "%s" else 1)
            need_space = bool(body)
            body += rf"(?: {word}){{0,{count}}}" if body else rf"(?:{word} ){{0,{count}}}"
        else:
            body += (" " if need_space else "") + re.escape(token)
            need_space = True
    start = "" if tokens[0] in _PLACEHOLDERS or _unspaced(words[0][0]) else r"(?<!\S)"
    end = "" if tokens[-1] in _PLACEHOLDERS or _unspaced(words[-1][-1]) else r"(?!\S)"
    return start + body + end


class PhraseSet:
    """Many phrases matched at once; tells how much of a line they cover."""

    def __init__(self, phrases: list[str]) -> None:
        self.phrases = sorted(set(phrases), key=len, reverse=True)
        patterns = [phrase_pattern(p) for p in self.phrases]
        self._regex = re.compile("|".join(patterns)) if patterns else None

    def coverage(self, folded: str) -> float:
        """Share of the folded line's characters that phrases match (0 to 1)."""
        if not folded or self._regex is None:
            return 0.0
        covered = sum(m.end() - m.start() for m in self._regex.finditer(folded))
        return covered / len(folded)

    def search(self, folded: str) -> re.Match[str] | None:
        return self._regex.search(folded) if self._regex else None

    def finditer(self, folded: str) -> list[re.Match[str]]:
        return list(self._regex.finditer(folded)) if self._regex else []


class StemSet:
    """Word stems found anywhere in a folded line: "translat" finds "translated".

    A stem must start a word, except in unspaced scripts; a stem of at most
    `WHOLE_WORD_CHARS` characters ("ai") must be a whole word.
    """

    WHOLE_WORD_CHARS = 3

    def __init__(self, stems: list[str]) -> None:
        patterns = [self._pattern(fold(s)) for s in sorted(set(stems), key=len, reverse=True)]
        self._regex = re.compile("|".join(p for p in patterns if p)) if patterns else None

    def _pattern(self, stem: str) -> str:
        if not stem:
            return ""
        start = "" if _unspaced(stem[0]) else r"(?<!\S)"
        end = r"(?!\S)" if len(stem) <= self.WHOLE_WORD_CHARS and not _unspaced(stem[-1]) else ""
        return start + re.escape(stem) + end

    def search(self, folded: str) -> re.Match[str] | None:
        return self._regex.search(folded) if self._regex else None

    def finditer(self, folded: str) -> list[re.Match[str]]:
        return list(self._regex.finditer(folded)) if self._regex else []


@dataclass(frozen=True)
class PhraseFile:
    family: str
    lang: str
    path: Path
    data: dict[str, Any]


@cache
def load_family(family: str) -> tuple[PhraseFile, ...]:
    """Every language file of one family, sorted by language for determinism."""
    folder = PHRASES_DIR / family
    files = []
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            try:
                data = tomllib.load(handle)
            except tomllib.TOMLDecodeError as error:
                raise ValueError(f"{path}: not valid TOML: {error}") from error
        files.append(PhraseFile(family, path.stem, path, data))
    if not files:
        raise FileNotFoundError(f"no phrase files for family {family!r} in {folder}")
    return tuple(files)


def family_list(family: str, key: str) -> list[str]:
    """One list (e.g. ``anchors``) gathered from every language of a family."""
    gathered: list[str] = []
    for phrase_file in load_family(family):
        value = phrase_file.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{phrase_file.path}: {key!r} must be a list of strings")
        gathered.extend(value)
    return gathered
