"""Great Expectations' metric ids made without its JSON conversion where the values need none.

GX 1.24.1 knows every metric it computes by an id (``IDDict.to_id``): the MD5 of the JSON of
the metric's kwargs, each value first passed through ``convert_to_json_serializable``, which
tries a dozen types (pydantic models, NaN, numpy, pandas, dates) on every value it meets. The
13 suites make some 11,000 ids a build, about a fifth of their time. The kwargs are nearly
always plain JSON already (strings, numbers, lists of them): for those :func:`to_id` hashes
them as they are, which gives the same JSON and so the same id; any other value takes GX's own
way. ``tests/validate/test_gx_ids.py`` compares the two on every id the suites make.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from great_expectations.core.id_dict import IDDict

from pipeline.validate.gx_kwargs import plain, replace_in_gx

ORIGINAL = IDDict.to_id
"""GX's own method, as it was before :func:`install`."""


def to_id(self: IDDict, id_keys: Any = None, id_ignore_keys: Any = None) -> str | tuple[()]:
    """``IDDict.to_id``: GX's, with the conversion left out where the values are
    ``gx_kwargs.plain``: JSON writes them as the conversion would give them."""
    keys = set(self.keys() if id_keys is None else id_keys)
    keys -= set(self._id_ignore_keys if id_ignore_keys is None else id_ignore_keys)
    if len(keys) < 2:  # no key, or one: GX names it without any conversion
        return ORIGINAL(self, id_keys, id_ignore_keys)
    values = {key: self[key] for key in keys}
    if not plain(values):
        return ORIGINAL(self, id_keys, id_ignore_keys)
    text = json.dumps(values, sort_keys=True)
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def install() -> bool:
    """Put :func:`to_id` in GX's place (``gx_kwargs.replace_in_gx``); whether it did."""
    return replace_in_gx([(IDDict, "to_id", to_id)])
