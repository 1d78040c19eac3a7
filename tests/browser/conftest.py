"""Fixtures of other test folders that browser tests share."""

import pytest

from tests.reach.conftest import fresh_world  # noqa: F401 - two countries, two organisations, roles


@pytest.fixture
def world(fresh_world):  # noqa: F811
    """tests/reach's world, built for the test alone: a browser test's live server commits, so it
    cannot share the module world of tests/reach (built once, in a transaction rolled back)."""
    return fresh_world
