"""Reporting tests share the reach world (two countries, an organisation each, a user per role):
see tests/reach/conftest.py."""

from tests.reach.conftest import fresh_world, world, world_data  # noqa: F401
