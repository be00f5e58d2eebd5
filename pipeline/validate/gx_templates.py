"""Great Expectations' Data Docs templates compiled once per process, not once per page view.

Each of GX's Data Docs views (``DefaultJinjaView`` and its subclasses) makes a jinja
``Environment`` of its own, and an environment compiles every template it renders: a build of
the docs compiles some 50 templates (34 distinct), about a third of its time, and a second
build in the same process compiles them all again. :func:`install` gives every such
environment one :class:`SharedTemplates` cache (jinja's ``bytecode_cache``, its documented
hook), so a template is compiled the first time any view renders it. The views' environments
are made alike (the same loaders, autoescaping and extension), so one compiled template
serves them all; a template is known by its name, file and source's checksum (jinja's own
bucket key), so a changed template is compiled again.

The compiled templates are also kept on disk, in :data:`TEMPLATES_CACHE`, as Python keeps a
module's bytecode beside it: a build's process then loads them (0.07 s less CPU for the pages of
a build). Like Python's bytecode they are written as a process compiles them, unless
``PYTHONDONTWRITEBYTECODE`` is set; ``make all`` writes them all beforehand
(``python -m pipeline.validate.gx_templates``). jinja checks each against its template's
checksum and its own version, so a file of another GX or jinja is compiled again.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

from great_expectations.render.view.view import DefaultJinjaView
from jinja2 import BytecodeCache, FileSystemBytecodeCache, TemplateSyntaxError
from jinja2.bccache import Bucket

from pipeline.validate.gx_kwargs import replace_in_gx

TEMPLATES_CACHE = Path(__file__).resolve().parent / "__pycache__" / "gx-templates"
"""Where the compiled templates are kept between processes (git-ignored, as ``__pycache__``)."""


class SharedTemplates(BytecodeCache):
    """Compiled templates kept in memory for every environment of this process, and in
    ``directory`` (when given) for the next processes."""

    def __init__(self, directory: Path | None = None) -> None:
        self.compiled: dict[tuple[str, str], Any] = {}
        self.directory = directory

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code
        elif self.directory is not None:
            FileSystemBytecodeCache(str(self.directory)).load_bytecode(bucket)  # None if stale
            if bucket.code is not None:
                self.compiled[(bucket.key, bucket.checksum)] = bucket.code

    def dump_bytecode(self, bucket: Bucket, *, to_disk: bool | None = None) -> None:
        self.compiled[(bucket.key, bucket.checksum)] = bucket.code
        if self.directory is not None and (to_disk or not sys.dont_write_bytecode):
            with contextlib.suppress(OSError):  # a folder it cannot write: memory only
                self.directory.mkdir(parents=True, exist_ok=True)
                FileSystemBytecodeCache(str(self.directory)).dump_bytecode(bucket)

    def clear(self) -> None:
        """Forget the templates compiled in this process (the files stay)."""
        self.compiled.clear()


SHARED = SharedTemplates(TEMPLATES_CACHE)
"""The one cache :func:`install` gives GX's views."""


_MADE = DefaultJinjaView.__init__
"""GX's own ``DefaultJinjaView.__init__``."""


def _made_with_shared_templates(self: DefaultJinjaView, *args: Any, **kwargs: Any) -> None:
    _MADE(self, *args, **kwargs)
    self.env.bytecode_cache = SHARED


def install() -> bool:
    """Every GX view made from now on compiles its templates into :data:`SHARED`
    (``gx_kwargs.replace_in_gx``); whether it does."""
    return replace_in_gx([(DefaultJinjaView, "__init__", _made_with_shared_templates)])


def compile_all(cache: SharedTemplates = SHARED) -> int:
    """Compile every template GX's views can load into ``cache``'s folder, written even where
    ``PYTHONDONTWRITEBYTECODE`` is set (``make all`` runs it, as it compiles the package's
    modules); how many."""
    env = DefaultJinjaView(custom_styles_directory=None, custom_views_directory=None).env
    env.bytecode_cache = None  # compiled here, written below
    written = 0
    for name in env.list_templates():
        source, filename, _ = env.loader.get_source(env, name)
        with contextlib.suppress(TemplateSyntaxError, UnicodeDecodeError):  # not a template
            bucket = Bucket(
                env, cache.get_cache_key(name, filename), cache.get_source_checksum(source)
            )
            bucket.code = env.compile(source, name, filename)
            cache.dump_bytecode(bucket, to_disk=True)
            written += 1
    return written


if __name__ == "__main__":
    print(f"{compile_all()} Data Docs templates compiled into {TEMPLATES_CACHE}")
