"""The report's templates (retrain_gate/templates/*.html.j2, package data) and how they are
rendered.

* Escaping: every text a template writes with {{ }} is escaped as `html.escape` does (quotes
  included, as &quot; and &#x27;); Markup (a rendered section, an SVG chart) is written as it is.
* Whitespace: the page is written without any between its elements. The templates are written
  one element or statement per line; each line is stripped of its indentation and line break
  before Jinja reads it, so a statement ({% ... %}) must stay on one line, and so must a text
  whose words would otherwise lose the space between them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup

from retrain_gate.report.page import STATUS_COLORS
from retrain_gate.verdicts import VERDICT_COLORS


@dataclass(frozen=True)
class Key:
    """One entry of a chart's legend: a swatch (`style`: "", "line", "dashed" or "outlined")
    and its label."""

    color: str
    label: str
    style: str = ""


class _Compact(Extension):
    """Joins each template's lines, stripped of indentation, into one (see the module doc)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return "".join(line.strip() for line in source.splitlines())


def _escape(value: Any) -> Any:
    """Text as html.escape writes it; Markup, numbers and dates as they are (autoescape then
    writes them unchanged)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(html.escape(value))
    return value


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("retrain_gate", "templates"),
        autoescape=True,
        finalize=_escape,
        undefined=StrictUndefined,
        extensions=[_Compact],
    )
    env.globals.update(verdict_colors=VERDICT_COLORS, status_colors=STATUS_COLORS)
    return env


def render(template: str, **context: Any) -> Markup:
    """The template (a file name in retrain_gate/templates) rendered with `context`."""
    return Markup(_environment().get_template(template).render(**context))


@cache
def css() -> Markup:
    """The page's style sheet (templates/report.css), opened with a line break as the page
    always wrote it."""
    text = resources.files("retrain_gate").joinpath("templates/report.css").read_text("utf-8")
    return Markup("\n" + text)
