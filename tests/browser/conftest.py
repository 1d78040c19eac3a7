"""Fixtures of other test folders that browser tests share."""

from tests.reach.conftest import world  # noqa: F401 - two countries, two organisations, roles
