"""``pipeline.validate.gx_templates``: GX's Data Docs views share one cache of compiled
templates, so a template is compiled once a process; the pages are those GX makes without it."""

from __future__ import annotations

import re
import sys

import pytest
from great_expectations.render.components import RenderedDocumentContent
from great_expectations.render.view.view import DefaultJinjaPageView, DefaultJinjaView
from jinja2 import Environment
from jinja2.bccache import Bucket

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
    monkeypatch.setattr(gx_templates, "SHARED", gx_templates.SharedTemplates())  # memory only
    first = DefaultJinjaPageView()
    assert expectations.gx_templates is gx_templates
    assert isinstance(first.env.bytecode_cache, gx_templates.SharedTemplates)  # installed
    assert len(compiled(first, monkeypatch)) > 3
    second = DefaultJinjaPageView()
    assert second.env.bytecode_cache is first.env.bytecode_cache
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


def test_the_shared_cache_is_kept_beside_the_package_bytecode():
    assert gx_templates.SHARED.directory == gx_templates.TEMPLATES_CACHE
    assert gx_templates.TEMPLATES_CACHE.parent.name == "__pycache__"  # git-ignored


def test_templates_compiled_beforehand_are_loaded_not_compiled(tmp_path, monkeypatch):
    """``compile_all`` (``make all``) writes every template; a new process's views load them
    and render the same page."""
    written = gx_templates.compile_all(gx_templates.SharedTemplates(tmp_path))
    assert written > 20 and len(list(tmp_path.glob("__jinja2_*.cache"))) == written
    expected = timeless(DefaultJinjaPageView().render(PAGE))
    monkeypatch.setattr(gx_templates, "SHARED", gx_templates.SharedTemplates(tmp_path))
    view = DefaultJinjaPageView()
    assert compiled(view, monkeypatch) == []
    assert timeless(view.render(PAGE)) == expected


@pytest.mark.parametrize("dont_write", [True, False])
def test_templates_compiled_in_a_build_are_written_as_python_writes_bytecode(
    tmp_path, monkeypatch, dont_write
):
    monkeypatch.setattr(sys, "dont_write_bytecode", dont_write)
    monkeypatch.setattr(gx_templates, "SHARED", gx_templates.SharedTemplates(tmp_path / "c"))
    assert len(compiled(DefaultJinjaPageView(), monkeypatch)) > 3
    files = list((tmp_path / "c").glob("__jinja2_*.cache"))
    assert (len(files) > 3) is not dont_write


def test_a_template_changed_since_it_was_kept_is_compiled_again(tmp_path):
    env = Environment()
    kept = gx_templates.SharedTemplates(tmp_path)
    old = Bucket(env, "key", "checksum of the old source")
    old.code = env.compile("old", "page.j2")
    kept.dump_bytecode(old, to_disk=True)
    fresh = gx_templates.SharedTemplates(tmp_path)
    changed = Bucket(env, "key", "checksum of the new source")
    fresh.load_bytecode(changed)
    assert changed.code is None
    same = Bucket(env, "key", "checksum of the old source")
    fresh.load_bytecode(same)
    assert same.code is not None


def test_a_folder_it_cannot_write_leaves_the_templates_in_memory(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = gx_templates.SharedTemplates(blocked / "c")
    bucket = Bucket(Environment(), "key", "sum")
    bucket.code = Environment().compile("x", "x.j2")
    cache.dump_bytecode(bucket, to_disk=True)
    again = Bucket(Environment(), "key", "sum")
    cache.load_bytecode(again)
    assert again.code is bucket.code
