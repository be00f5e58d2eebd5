"""Great Expectations' model classes made without deep-copying every field they inherit.

GX 1.24.1's models are pydantic v1 models (``pydantic.v1``). As each model class is made,
pydantic v1 deep-copies every field it inherits (``ModelMetaclass.__new__``:
``smart_deepcopy(base.__fields__)``), so that what the class then does to them (its config,
its validators) stays its own: for GX's 325 model classes some 3,800 fields and 455,000 calls
of ``copy.deepcopy``, a quarter of importing GX (0.21 of 0.82 s, in the validation process
while the workers read the referater). :func:`inherited_fields` copies each field as pydantic
needs it: the field, its ``FieldInfo`` (with its default and its extra deep-copied), its class
validators, its lists of validators and its sub-fields are new; its default is deep-copied;
the types it names, which nothing changes, are shared (``deepcopy`` would rebuild each typing
alias). GX's model classes come out with the same fields (``tests/validate/test_gx_models.py``
compares every field of every one of them made both ways), and a subclass's validators stay
its own. Only in the pydantic version it was written from (:data:`FOR_PYDANTIC`). Installed as
this module is imported, which ``pipeline.validate.expectations`` does before it imports GX.
"""

from __future__ import annotations

import copy
from typing import Any

import pydantic
import pydantic.v1.main
from pydantic.v1.fields import ModelField

FOR_PYDANTIC = "2.14.3"
"""The pydantic version whose ``pydantic.v1`` this was written from (``requirements.lock``)."""

ORIGINAL = pydantic.v1.main.smart_deepcopy
"""pydantic's own copy, as it was before :func:`install`."""


def inherited_fields(fields: Any) -> Any:
    """``smart_deepcopy`` where ``ModelMetaclass.__new__`` copies a base's ``__fields__``: each
    field copied by :func:`_field_copy` (anything else: pydantic's own copy)."""
    if type(fields) is not dict or not all(type(f) is ModelField for f in fields.values()):
        return ORIGINAL(fields)
    made: dict[int, ModelField] = {}
    return {name: _field_copy(field, made) for name, field in fields.items()}


def _field_copy(field: ModelField, made: dict[int, ModelField]) -> ModelField:
    """A new ``field`` whose parts a class may change are its own (see the module); ``made``
    keeps a field that two others share shared in the copies too, as ``deepcopy`` does."""
    if id(field) in made:
        return made[id(field)]
    new = made[id(field)] = copy.copy(field)
    new.field_info = copy.copy(field.field_info)
    new.field_info.default = copy.deepcopy(field.field_info.default)
    new.field_info.extra = copy.deepcopy(field.field_info.extra)
    new.default = copy.deepcopy(field.default)
    new.class_validators = {name: copy.copy(v) for name, v in field.class_validators.items()}
    for name in ("validators", "pre_validators", "post_validators"):
        if (found := getattr(field, name)) is not None:
            setattr(new, name, list(found))
    if field.sub_fields is not None:
        new.sub_fields = [_field_copy(sub, made) for sub in field.sub_fields]
    if field.sub_fields_mapping is not None:
        new.sub_fields_mapping = {
            key: _field_copy(sub, made) for key, sub in field.sub_fields_mapping.items()
        }
    if field.key_field is not None:
        new.key_field = _field_copy(field.key_field, made)
    return new


def install() -> bool:
    """Put :func:`inherited_fields` in pydantic v1's place, when pydantic is
    :data:`FOR_PYDANTIC`; whether it did. Before GX is imported: its classes are made then."""
    if pydantic.VERSION != FOR_PYDANTIC:
        return False
    pydantic.v1.main.smart_deepcopy = inherited_fields  # type: ignore[assignment]
    return True


install()
