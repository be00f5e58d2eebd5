"""``pipeline.validate.gx_templates``: GX's Data Docs views share one cache of compiled
templates, so a template is compiled once a process; the pages are those GX makes without it."""

from __future__ import annotations

import re

from great_expectations.render.components import RenderedDocumentContent
from great_expectations.render.view.view import DefaultJinjaPageView, DefaultJinjaView
from jinja2 import Environment

from pipeline.validate import expectations, gx_templates

PAGE = RenderedDocumentContent(
    sections=[],
    page_title="kkr",
    utm_medium="validation-page",
    renderer_type="ValidationResults",
    expectation_suite_name="meetings",
)


def timeless(page: str) -> str:
    """A page without the times GX puts in its links (``?d=20261125T092802.981190Z``)."""
    return re.sub(r"\d{8}T\d{6}\.\d+Z", "", page)


def compiled(view: DefaultJinjaView, monkeypatch) -> list[str]:
    """The templates ``view`` compiles while it renders a page."""
    names: list[str] = []
    compile_ = Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(filename or name or "")
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counted)
    view.render(PAGE)
    return names


def test_a_second_view_compiles_nothing_and_renders_the_same_page(monkeypatch):
    gx_templates.SHARED.clear()
    first = DefaultJinjaPageView()
    assert expectations.gx_templates is gx_templates
    assert first.env.bytecode_cache is gx_templates.SHARED  # installed as the suites import
    assert len(compiled(first, monkeypatch)) > 3
    second = DefaultJinjaPageView()
    assert compiled(second, monkeypatch) == []
    assert timeless(second.render(PAGE)) == timeless(first.render(PAGE))


def test_the_pages_are_those_gx_makes_alone(monkeypatch):
    ours = DefaultJinjaPageView().render(PAGE)
    monkeypatch.setattr(DefaultJinjaView, "__init__", gx_templates._MADE)
    plain = DefaultJinjaPageView()
    assert plain.env.bytecode_cache is None
    assert timeless(plain.render(PAGE)) == timeless(ours)


def test_installed_only_in_the_gx_version_it_was_written_for(monkeypatch):
    import great_expectations as gx

    monkeypatch.setattr(DefaultJinjaView, "__init__", gx_templates._MADE)
    monkeypatch.setattr(gx, "__version__", "1.99.0")
    assert not gx_templates.install()
    assert DefaultJinjaView.__init__ is gx_templates._MADE
