"""Copyright and rights lines at the document's edges.

"(C)MEDUZA 2021", "© 2022 Reuters. All rights reserved.", "Copyright © St.Galler
Tagblatt. Alle Rechte vorbehalten.", "This material may not be published, broadcast,
rewritten or redistributed." A line is a copyright line when, among the first
`head_lines` or last `tail_lines` non-blank lines, it is one of:

- a *notice*: a redistribution notice from the ``notices`` list covers at least
  `min_notice_coverage` of it;
- a *rights line*: it starts or ends with a phrase of the ``rights`` list ("All
  rights reserved", "Tous droits réservés") and has at most `max_rights_words` words;
- a *mark*: it holds ©, (C) or ℗, or opens with the word "Copyright" soon followed by
  a year or a mark, and has a year or rights phrase and at most `max_mark_words` words.

A news sentence about copyright law ("Copyright Office's May 2025 report concluded
that...") is long and opens no mark, so it stays. Phrase lists:
``cleaner/phrases/copyright/<lang>.toml``. The holder and years of each removed line
go to ``metadata["copyright"]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cleaner.document import Document
from cleaner.phrases import PhraseSet, family_list, fold, word_count

MARK = re.compile(r"©|\([cC]\)|℗")
COPYRIGHT_WORD = re.compile(
    r"^\W*copyright\b\W*(?:©|\(c\)|\S+\s+)?\W*(?:©|\(c\)|(?:19|20)\d\d\b)", re.I
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
HOLDER_NOISE = re.compile(r"©|\([cC]\)|℗|\bcopyright\b|\b(?:19|20)\d\d\b|[-–—,.|:;]", re.I)


@dataclass
class CopyrightLines:
    """Remove copyright marks, rights lines and redistribution notices at the edges."""

    name: str = "copyright"
    reason: str = "copyright"
    head_lines: int = 2
    tail_lines: int = 6
    max_mark_words: int = 20
    max_rights_words: int = 40
    min_notice_coverage: float = 0.6
    rights: PhraseSet = field(init=False, repr=False)
    notices: PhraseSet = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.rights = PhraseSet(family_list("copyright", "rights"))
        self.notices = PhraseSet(family_list("copyright", "notices"))

    def __call__(self, doc: Document) -> None:
        doomed = [
            i
            for i in doc.edge_indexes(self.head_lines, self.tail_lines)
            if self.is_copyright(doc.lines[i].text)
        ]
        if doomed:
            found = [self.describe(doc.lines[i].text) for i in doomed]
            doc.metadata["copyright"] = [entry for entry in found if entry]
            doc.remove_lines(doomed, self.reason)

    def is_copyright(self, text: str) -> bool:
        folded = fold(text)
        words = word_count(text)
        if self.notices.coverage(folded) >= self.min_notice_coverage:
            return True
        rights = self._rights_at_edge(folded)
        if rights and words <= self.max_rights_words:
            return True
        marked = bool(MARK.search(text) or COPYRIGHT_WORD.search(text))
        return marked and (rights or bool(YEAR.search(text))) and words <= self.max_mark_words

    def _rights_at_edge(self, folded: str) -> bool:
        return any(
            match.start() == 0 or match.end() == len(folded)
            for match in self.rights.finditer(folded)
        )

    def describe(self, text: str) -> dict[str, object]:
        """The holder and years a copyright line names."""
        years = sorted({int(y) for y in YEAR.findall(text)})
        holder = text
        for match in self.rights.finditer(fold(text)):
            holder = re.sub(re.escape(match.group()), " ", holder, flags=re.I)
        holder = " ".join(HOLDER_NOISE.sub(" ", holder).split())
        entry: dict[str, object] = {}
        if holder:
            entry["holder"] = holder
        if years:
            entry["years"] = years
        return entry
