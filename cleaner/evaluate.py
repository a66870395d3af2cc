"""Measuring the cleaner on the development sets of ``../shared/data`` (see its README).

Three evaluations, each reproducing the data set's own scoring:

- **residual**: text a crawler's extractor left, each line labelled ``article`` or
  ``boilerplate``. *Boilerplate recall* is the share of boilerplate lines removed,
  *article retention* the share of article lines kept.
- **catalog**: real articles with real boilerplate blocks attached (each line tagged
  with its family and language) and one lookalike sentence that must stay.
  Boilerplate lines of fewer than `MIN_SCORED_WORDS` words, or whose words also
  occur in the article, are not scored. Adds *lookalike retention*.
- **htmlbench**: pages with their true article text; token-4-gram shingle precision,
  recall and F1 of the extracted text (see `cleaner.evaluate_html`).

A line counts as *kept* when its words, lower-cased and joined by single spaces,
still occur as a run in the cleaned text. Lines without a language tag take the
language of their document's article lines.

Example::

    cleaner eval residual ../shared/data/residual-dev.jsonl.gz --misses
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.pipeline import Cleaner
from cleaner.steps.language import detect_language

MIN_SCORED_WORDS = 2  # catalog: shorter boilerplate lines are not scored
_WORD = re.compile(r"\w+")

# kind of line -> the figure it counts towards; boilerplate must go, the others stay
FIGURES = {
    "boilerplate": "boilerplate_recall",
    "article": "article_retention",
    "negative": "lookalike_retention",
}


def fold(text: str) -> str:
    """Words of `text`, lower-cased and joined by single spaces.

    >>> fold("Share this:\\n( Log Out / Change )")
    'share this log out change'
    """
    return " ".join(_WORD.findall(text.lower()))


def is_kept(line: str, output: str) -> bool:
    """True when the words of `line` occur as a run in `output` (both raw text).

    >>> is_kept("Like this:", "Share it. Like this: and more")
    True
    >>> is_kept("Like this:", "Unlike this")
    False
    """
    return f" {fold(line)} " in f" {fold(output)} "


@dataclass(frozen=True)
class Labelled:
    """One scored line of a development document."""

    text: str
    kind: str  # "article", "boilerplate" or "negative" (a lookalike that must stay)
    family: str = ""
    lang: str = ""


@dataclass(frozen=True)
class LabelledDoc:
    id: str
    text: str
    lines: list[Labelled]
    url: str | None = None


@dataclass(frozen=True)
class LineCheck:
    """What the cleaner did with one labelled line."""

    doc: str
    line: Labelled
    kept: bool

    @property
    def right(self) -> bool:
        return self.kept != (self.line.kind == "boilerplate")


@dataclass(frozen=True)
class Rate:
    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


def rates(checks: Iterable[LineCheck]) -> dict[str, Rate]:
    """Boilerplate recall, article retention and lookalike retention of these lines.

    >>> bp = Labelled("Share this:", "boilerplate")
    >>> rates([LineCheck("d", bp, kept=False), LineCheck("d", bp, kept=True)])
    {'boilerplate_recall': Rate(hits=1, total=2)}
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for check in checks:
        count = counts[FIGURES[check.line.kind]]
        count[0] += check.right
        count[1] += 1
    return {name: Rate(*counts[name]) for name in FIGURES.values() if name in counts}


@dataclass
class LineReport:
    """Every labelled line's fate, and the figures over them."""

    checks: list[LineCheck]

    def overall(self) -> dict[str, Rate]:
        return rates(self.checks)

    def by(self, key: str) -> dict[str, dict[str, Rate]]:
        """Figures per value of a line attribute (``family`` or ``lang``), sorted."""
        groups: dict[str, list[LineCheck]] = defaultdict(list)
        for check in self.checks:
            groups[getattr(check.line, key) or "-"].append(check)
        return {name: rates(groups[name]) for name in sorted(groups)}

    def misses(self) -> list[LineCheck]:
        return [check for check in self.checks if not check.right]

    def figures(self) -> dict[str, float]:
        """Flat figures: overall ones, and ``boilerplate_recall.<family>`` for each family."""
        flat = {name: rate.value for name, rate in self.overall().items()}
        for family, family_rates in self.by("family").items():
            recall = family_rates.get("boilerplate_recall")
            if family != "-" and recall is not None:
                flat[f"boilerplate_recall.{family}"] = recall.value
        return {name: value for name, value in flat.items() if value is not None}


def evaluate_lines(cleaner: Cleaner, docs: Iterable[LabelledDoc]) -> LineReport:
    """Clean each document and check each of its labelled lines against the output."""
    checks = []
    for doc in docs:
        output = f" {fold(cleaner.clean(doc.text, url=doc.url, id=doc.id).text)} "
        checks += [LineCheck(doc.id, line, f" {fold(line.text)} " in output) for line in doc.lines]
    return LineReport(checks)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines file, gzip-compressed or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _with_language(lines: list[Labelled]) -> list[Labelled]:
    """Give untagged lines the language of the document's article lines."""
    article = "\n".join(line.text for line in lines if line.kind == "article")
    lang = detect_language(article) or "und"
    return [
        line if line.lang else Labelled(line.text, line.kind, line.family, lang) for line in lines
    ]


def load_residual(path: Path) -> list[LabelledDoc]:
    """residual-dev: a label per ``\\n``-split line; ``unsure`` and ``blank`` are not scored."""
    docs = []
    for record in read_jsonl(path):
        pairs = zip(record["text"].split("\n"), record["labels"], strict=True)
        lines = [Labelled(text, label) for text, label in pairs if label in FIGURES]
        docs.append(LabelledDoc(record["id"], record["text"], _with_language(lines), record["url"]))
    return docs


def load_catalog(path: Path) -> list[LabelledDoc]:
    """catalog-dev: lines as ``[text, kind, family, lang]``; some boilerplate is not scored."""
    docs = []
    for record in read_jsonl(path):
        lines = [Labelled(*line) for line in record["lines"]]
        article = "\n".join(line.text for line in lines if line.kind == "article")
        scored = [line for line in lines if line.kind != "boilerplate" or _scorable(line, article)]
        docs.append(LabelledDoc(record["id"], record["text"], _with_language(scored)))
    return docs


def _scorable(line: Labelled, article: str) -> bool:
    words = fold(line.text)
    return len(words.split()) >= MIN_SCORED_WORDS and not is_kept(line.text, article)
