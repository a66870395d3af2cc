"""Orphan headings: a short heading left standing after the block under it was removed.

"Something to Consider" over a membership appeal, "How to listen to The Tennis
Podcast" over a list of podcast links: once the steps before have removed everything
below such a line down to the end of the document, the heading has nothing left to
head. It is removed when it has at most `max_words` words made of letters only (a
date, a count or a "credit: Getty" line is content, not a heading). Only a heading whose following lines were *all* removed goes, so a
subheading over article text always stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.document import Document
from cleaner.phrases import word_count

PLAIN_WORDS = re.compile(r"^[^\W\d_]+(?:[\s'’&-]+[^\W\d_]+)*$")


@dataclass
class OrphanHeadings:
    """Remove the last line when it is a short heading over removed boilerplate."""

    name: str = "orphan_heading"
    reason: str = "orphan_heading"
    max_words: int = 8

    def __call__(self, doc: Document) -> None:
        filled = [i for i, line in enumerate(doc.lines) if line.text.strip()]
        if len(filled) < 2:
            return
        last = doc.lines[filled[-1]]
        removed_below = any(removal.line > last.number for removal in doc.removals)
        if removed_below and self.is_heading(last.text):
            doc.remove_lines([filled[-1]], self.reason)

    def is_heading(self, text: str) -> bool:
        text = text.strip()
        return word_count(text) <= self.max_words and bool(PLAIN_WORDS.match(text))
