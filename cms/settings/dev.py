"""Local development: DEBUG on, a fixed development-only key unless SECRET_KEY is set."""

from .base import *  # noqa: F403
from .env import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
