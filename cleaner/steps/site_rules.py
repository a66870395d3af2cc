"""Site rules: the precise, per-site removals, run before the generic detectors.

The step finds the document's site among the loaded rule files (``rules/*.toml``
and ``--rules DIR``; the format is in ``cleaner.rules`` and ``rules/README.md``):
by the host of ``doc.url``, or, when no site owns the URL, by a marker found in a
line. It sets ``doc.site`` and applies the site's rules in file order; each
removal's reason is ``rule:<site>/<rule id>``, so a footer the rule takes is
credited to the rule rather than to a generic detector.

Operations on lines (blank lines never count):

- ``drop``: every line the pattern matches;
- ``strip``: only the matched spans inside a line (each recorded as a removal);
- ``cut_from``: the first matching line and everything after it;
- ``cut_before``: everything before the first matching line.

``where = "head"`` (or ``"tail"``) limits a rule to the first (or last)
`EDGE_SHARE` of the document's non-blank lines, at least one line.

For HTML input, ``identify`` can run before extraction: it also puts the site's
``prune_xpath`` expressions in ``doc.metadata["prune_xpath"]``, for
``trafilatura.extract(..., prune_xpath=...)``.

Example: a rule file for ``meduza.io`` with ``[[rule]] id = "copyright"``,
``drop = '^\\(C\\)\\s*MEDUZA \\d{4}$'`` removes the line "(C)MEDUZA 2021" with
the reason ``rule:meduza/copyright``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cleaner.document import Document

if TYPE_CHECKING:
    from cleaner.ruleset import Rule, RuleSet, Site

EDGE_SHARE = 1 / 3  # share of the non-blank lines that `where = "head" | "tail"` covers


@dataclass
class SiteRules:
    """Apply the rules of the document's site (rules/*.toml, --rules DIR)."""

    rules: RuleSet
    name: str = "site_rules"

    def identify(self, doc: Document) -> Site | None:
        """The document's site, by URL or marker; sets `doc.site` and the site's prune_xpath."""
        site = self.rules.get(doc.site) if doc.site else None
        site = site or self.rules.match(doc.url, [line.text for line in doc.lines])
        if site:
            doc.site = site.id
            if site.prune_xpath:
                doc.metadata["prune_xpath"] = site.prune_xpath
        return site

    def __call__(self, doc: Document) -> None:
        site = self.identify(doc)
        if site:
            apply_site(site, doc)


def apply_site(site: Site, doc: Document) -> None:
    """Apply every text rule of `site` to `doc`, in file order."""
    for rule in site.rules:
        if rule.operation:
            OPERATIONS[rule.operation](rule, doc, f"rule:{site.id}/{rule.id}")


def where_lines(doc: Document, where: str | None) -> list[int]:
    """Positions of the non-blank lines a rule with this `where` may act on."""
    filled = [i for i, line in enumerate(doc.lines) if line.text.strip()]
    if where is None:
        return filled
    edge = max(1, math.ceil(len(filled) * EDGE_SHARE))
    return filled[:edge] if where == "head" else filled[-edge:]


def _first_match(rule: Rule, doc: Document) -> int | None:
    return next(
        (i for i in where_lines(doc, rule.where) if rule.pattern.search(doc.lines[i].text)), None
    )


def drop(rule: Rule, doc: Document, reason: str) -> None:
    matched = [i for i in where_lines(doc, rule.where) if rule.pattern.search(doc.lines[i].text)]
    doc.remove_lines(matched, reason)


def strip(rule: Rule, doc: Document, reason: str) -> None:
    for i in where_lines(doc, rule.where):
        spans = [m.span() for m in rule.pattern.finditer(doc.lines[i].text) if m.end() > m.start()]
        if spans:
            doc.strip_spans(i, spans, reason)


def cut_from(rule: Rule, doc: Document, reason: str) -> None:
    first = _first_match(rule, doc)
    if first is not None:
        doc.remove_lines(range(first, len(doc.lines)), reason)


def cut_before(rule: Rule, doc: Document, reason: str) -> None:
    first = _first_match(rule, doc)
    if first is not None:
        doc.remove_lines(range(first), reason)


OPERATIONS: dict[str, Callable[[Rule, Document, str], None]] = {
    "drop": drop,
    "strip": strip,
    "cut_from": cut_from,
    "cut_before": cut_before,
}
