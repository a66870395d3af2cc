"""`cleaner eval`: the figures of the development sets, as tables or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cleaner import evaluate, evaluate_html
from cleaner.evaluate import LineReport, Rate
from cleaner.pipeline import Cleaner

eval_app = typer.Typer(
    help="Measure the cleaner on the development sets (see ../shared/data/README.md).",
    no_args_is_help=True,
)
out = Console(highlight=False)

FileArgument = Annotated[
    Path, typer.Argument(help="The data set (.jsonl or .jsonl.gz).", exists=True)
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")]
MissesOption = Annotated[
    bool,
    typer.Option("--misses", help="List the lines scored wrong: boilerplate kept, others removed."),
]


@eval_app.command()
def residual(file: FileArgument, json_: JsonOption = False, misses: MissesOption = False) -> None:
    """Boilerplate recall and article retention on residual-dev lines."""
    _report_lines(evaluate.evaluate_lines(Cleaner(), evaluate.load_residual(file)), json_, misses)


@eval_app.command()
def catalog(file: FileArgument, json_: JsonOption = False, misses: MissesOption = False) -> None:
    """Recall per family, article and lookalike retention on catalog-dev."""
    _report_lines(evaluate.evaluate_lines(Cleaner(), evaluate.load_catalog(file)), json_, misses)


@eval_app.command()
def htmlbench(file: FileArgument, json_: JsonOption = False, misses: MissesOption = False) -> None:
    """Shingle precision, recall and F1 of cleaner and bare trafilatura on HTML pages."""
    pages = evaluate_html.load_htmlbench(file)
    report = evaluate_html.evaluate_html(pages, evaluate_html.html_systems(Cleaner()))
    if json_:
        typer.echo(json.dumps(report.figures(), indent=2))
        return
    table = Table("system", "precision", "recall", "F1", title=f"htmlbench: {file.name}")
    for system, score in report.scores().items():
        table.add_row(system, *(f"{v:.3f}" for v in (score.precision, score.recall, score.f1)))
    out.print(table)
    if misses:
        _print_worst_pages(report)


def _report_lines(report: LineReport, as_json: bool, misses: bool) -> None:
    if as_json:
        figures = {
            "overall": _values(report.overall()),
            "family": {k: _values(v) for k, v in report.by("family").items()},
            "lang": {k: _values(v) for k, v in report.by("lang").items()},
        }
        typer.echo(json.dumps(figures, indent=2))
        return
    out.print(_table("overall", {"all": report.overall()}))
    for key, title in (("family", "per family"), ("lang", "per language")):
        groups = report.by(key)
        if len(groups) > 1:
            out.print(_table(title, groups))
    if misses:
        _print_misses(report)


def _values(rates: dict[str, Rate]) -> dict[str, dict[str, float | int | None]]:
    return {name: {"value": r.value, "hits": r.hits, "total": r.total} for name, r in rates.items()}


def _table(title: str, groups: dict[str, dict[str, Rate]]) -> Table:
    names = list(evaluate.FIGURES.values())
    table = Table("", *(name.replace("_", " ") for name in names), title=title)
    for group, rates in groups.items():
        table.add_row(group, *(_cell(rates.get(name)) for name in names))
    return table


def _cell(rate: Rate | None) -> str:
    if rate is None or rate.value is None:
        return ""
    return f"{rate.value:.3f} ({rate.hits}/{rate.total})"


def _print_misses(report: LineReport) -> None:
    table = Table("doc", "kind", "family", "lang", "line", title="misses")
    for check in report.misses():
        line = check.line
        what = "kept" if check.kept else "removed"
        table.add_row(check.doc[:12], f"{line.kind} {what}", line.family, line.lang, line.text)
    out.print(table)


def _print_worst_pages(report: evaluate_html.HtmlReport, count: int = 15) -> None:
    """The pages with the lowest F1 for the first system, with every system's figures."""
    systems = list(report.pages)
    table = Table("page", *systems, title=f"worst {count} pages (precision / recall)")
    rows = zip(*report.pages.values(), strict=True)
    ranked = sorted(rows, key=lambda row: row[0].f1)
    for row in ranked[:count]:
        table.add_row(row[0].id[:12], *(_page_cell(page) for page in row))
    out.print(table)


def _page_cell(page: evaluate_html.PageScore) -> str:
    precision = "-" if page.precision is None else f"{page.precision:.2f}"
    return f"{precision} / {page.recall:.2f}"
