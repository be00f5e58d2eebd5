"""``pipeline.validate.gx_models``: GX's model classes made with their inherited fields copied
as pydantic needs them have the fields deep copies give them, and a class's validators and
defaults stay its own."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pydantic
import pydantic.v1.main
import pytest
from pydantic.v1 import BaseModel, validator

from pipeline.validate import gx_models
from tests.conftest import ROOT


def _name(value: Any) -> str:
    return getattr(value, "__qualname__", None) or re.sub(r" at 0x[0-9a-f]+", "", repr(value))


SLOTS = ("name", "alias", "has_alias", "required", "type_", "outer_type_", "annotation", "shape",
         "allow_none", "validate_always", "parse_json", "final", "default", "default_factory",
         "model_config", "discriminator_key", "discriminator_alias", "field_info")  # fmt: skip
"""The parts of a ``ModelField`` read as one value each."""


def _field(field: Any, depth: int = 0) -> tuple:
    """Everything pydantic keeps of a field, as text (an object's address left out)."""
    if field is None or depth > 4:
        return ()
    return (
        *(_name(getattr(field, slot)) for slot in SLOTS),
        tuple(_name(v) for v in field.validators or ()),
        tuple(_name(v) for v in field.pre_validators or ()),
        tuple(_name(v) for v in field.post_validators or ()),
        tuple(
            (key, _name(v.func), v.pre, v.each_item, v.always, v.check_fields, v.skip_on_failure)
            for key, v in sorted(field.class_validators.items())
        ),
        tuple(_field(sub, depth + 1) for sub in field.sub_fields or ()),
        tuple(
            (key, _field(sub, depth + 1)) for key, sub in (field.sub_fields_mapping or {}).items()
        ),
        _field(field.key_field, depth + 1),
    )


def signature() -> list[tuple]:
    """Every field of every pydantic v1 model class of GX, by class."""
    found, stack = {}, [BaseModel]
    while stack:
        cls = stack.pop()
        stack += cls.__subclasses__()
        if cls.__module__.startswith("great_expectations"):
            found[(cls.__module__, cls.__qualname__)] = cls
    return [
        (key, tuple(_field(f) for f in found[key].__fields__.values())) for key in sorted(found)
    ]


MADE = """
import sys
sys.path.insert(0, {root!r})
import pydantic.v1.main
from pipeline.validate import gx_models
if {deep}:
    pydantic.v1.main.smart_deepcopy = gx_models.ORIGINAL
import great_expectations
from tests.validate.test_gx_models import signature
print(repr(signature()))
"""


def test_gx_s_models_have_the_fields_deep_copies_give() -> None:
    made = []
    for deep in (True, False):
        code = MADE.format(root=str(ROOT), deep=deep)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, cwd=ROOT)  # fmt: skip
        made.append(done.stdout)
    assert made[0] == made[1]
    assert made[0].count("great_expectations") > 300  # every model class, by module


class Base(BaseModel):
    x: int = 0
    tags: list = ["a"]

    @validator("x")
    def not_negative(cls, value):
        assert value >= 0
        return value


class Child(Base):
    @validator("x")
    def below_ten(cls, value):
        assert value < 10
        return value


def test_a_subclass_s_validators_and_defaults_stay_its_own() -> None:
    assert pydantic.v1.main.smart_deepcopy is gx_models.inherited_fields  # as imported
    assert set(Base.__fields__["x"].class_validators) == {"not_negative"}
    assert set(Child.__fields__["x"].class_validators) == {"not_negative", "below_ten"}
    assert Base(x=12).x == 12
    with pytest.raises(pydantic.v1.ValidationError):
        Child(x=12)
    Child.__fields__["tags"].default.append("b")
    assert Base().tags == ["a"]
    assert Child.__fields__["x"] is not Base.__fields__["x"]
    assert Child.__fields__["x"].field_info is not Base.__fields__["x"].field_info


def test_anything_but_a_class_s_fields_is_copied_by_pydantic(monkeypatch) -> None:
    copied = []
    monkeypatch.setattr(gx_models, "ORIGINAL", lambda value: copied.append(value) or "deep")
    assert gx_models.inherited_fields({"a": [1]}) == "deep"
    assert gx_models.inherited_fields([1]) == "deep"
    assert copied == [{"a": [1]}, [1]]


def test_installed_only_in_the_version_it_was_written_from(monkeypatch) -> None:
    monkeypatch.setattr(pydantic.v1.main, "smart_deepcopy", gx_models.ORIGINAL)
    monkeypatch.setattr(pydantic, "VERSION", "2.99.0")
    assert not gx_models.install()
    assert pydantic.v1.main.smart_deepcopy is gx_models.ORIGINAL
