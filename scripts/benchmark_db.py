"""A new empty database for a benchmark run (temporary SQLite file or PostgreSQL on 127.0.0.1)."""

import os
import tempfile
from pathlib import Path


def fresh_database(postgres: bool, prefix: str):
    """DATABASE_URL of a new empty database, and how to remove it."""
    if not postgres:
        path = Path(tempfile.gettempdir()) / f"{prefix}-{os.getpid()}.sqlite3"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    import psycopg

    name = f"{prefix.replace('-', '_')}_{os.getpid()}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")

    return f"postgres://postgres@127.0.0.1:5432/{name}", drop
