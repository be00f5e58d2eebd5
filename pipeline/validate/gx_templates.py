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
"""

from __future__ import annotations

from typing import Any

from great_expectations.render.view.view import DefaultJinjaView
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from pipeline.validate.gx_kwargs import replace_in_gx


class SharedTemplates(BytecodeCache):
    """Compiled templates kept in memory for every environment of this process."""

    def __init__(self) -> None:
        self.compiled: dict[tuple[str, str], Any] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[(bucket.key, bucket.checksum)] = bucket.code

    def clear(self) -> None:
        self.compiled.clear()


SHARED = SharedTemplates()
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
