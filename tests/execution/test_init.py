"""The package's lazy exports: every name it lists resolves (a moved module breaks none)."""

import pytest

from scwres_helpers import execution


@pytest.mark.parametrize("name", execution.__all__)
def test_every_listed_name_resolves(name):
    assert getattr(execution, name) is not None


def test_an_unlisted_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        execution.no_such_name  # noqa: B018
