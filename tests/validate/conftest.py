"""Have pytest rewrite the asserts in :mod:`tests.validate.helpers`, as it does in test modules."""

import pytest

pytest.register_assert_rewrite("tests.validate.helpers")
