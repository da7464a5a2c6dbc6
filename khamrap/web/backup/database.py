"""The database into one file and back: pg_dump, or pg_restore piped into psql, for PostgreSQL; the
sqlite3 online backup API for SQLite.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _

from .archive import CHUNK, BackupError

# PostgreSQL: drop everything in the schema before loading the dump, in the same transaction, so
# that a restore over a newer or half-restored database leaves no stray table behind.
DROP_SCHEMA_OBJECTS = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT format('%I.%I', schemaname, viewname) AS name FROM pg_views
           WHERE schemaname = current_schema() LOOP
    EXECUTE 'DROP VIEW IF EXISTS ' || r.name || ' CASCADE';
  END LOOP;
  FOR r IN SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
           WHERE schemaname = current_schema() LOOP
    EXECUTE 'DROP TABLE IF EXISTS ' || r.name || ' CASCADE';
  END LOOP;
  FOR r IN SELECT format('%I.%I', sequence_schema, sequence_name) AS name
           FROM information_schema.sequences WHERE sequence_schema = current_schema() LOOP
    EXECUTE 'DROP SEQUENCE IF EXISTS ' || r.name || ' CASCADE';
  END LOOP;
END $$;
"""


def _postgres_env(settings_dict: dict) -> dict[str, str]:
    """libpq's variables for the database Django uses (Django's own psql client builds them)."""
    from django.db.backends.postgresql.client import DatabaseClient

    _args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(env or {})}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s is not on PATH: install the postgresql-client package (Debian).")
            % {"tool": name}
        )
    return path


def dump_postgres(target: Path) -> None:
    """pg_dump in its custom format: one snapshot, compressed, restorable table by table."""
    settings_dict = connections["default"].settings_dict
    completed = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        env=_postgres_env(settings_dict),
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise BackupError(
            _("pg_dump failed: %(error)s") % {"error": completed.stderr.strip()[-2000:]}
        )


def dump_sqlite(target: Path) -> None:
    """The sqlite3 online backup API: a consistent copy while others keep reading and writing."""
    connection = connections["default"]
    if connection.in_atomic_block:
        # sqlite3's backup would wait forever for the transaction this connection holds.
        raise BackupError(_("A backup cannot run inside a database transaction."))
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def load_postgres(dump: Path) -> None:
    """Drop the schema's tables and load the dump, in one transaction: all of it or nothing."""
    connection = connections["default"]
    env = _postgres_env(connection.settings_dict)
    # Django's own connection would hold locks on the tables the restore drops.
    connection.close()
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        pg_restore = subprocess.Popen(
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            env=env,
        )
        psql = subprocess.Popen(
            [
                _tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                "--file=-",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=env,
        )
        try:
            psql.stdin.write(DROP_SCHEMA_OBJECTS.encode())
            shutil.copyfileobj(pg_restore.stdout, psql.stdin, CHUNK)
            if pg_restore.wait() != 0:
                # psql would COMMIT what it got at the end of its input: end it first, so that
                # the server rolls the whole transaction back.
                psql.kill()
            else:
                psql.stdin.write(b"\nANALYZE;\n")
                psql.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error and rolled back: its message follows
        finally:
            if pg_restore.poll() is None:
                pg_restore.kill()  # psql stopped reading
            pg_restore.wait()
            pg_restore.stdout.close()
            with contextlib.suppress(BrokenPipeError):
                psql.stdin.close()
            psql.wait()
        if pg_restore.returncode or psql.returncode:
            restore_errors.seek(0)
            psql_errors.seek(0)
            message = (restore_errors.read() + psql_errors.read()).decode(errors="replace")
            raise BackupError(
                _("Restoring the database failed, and it was left as it was: %(error)s")
                % {"error": message.strip()[-2000:] or psql.returncode}
            )


def load_sqlite(dump: Path) -> None:
    """The backup API copies every page of the archived database over the live one."""
    connection = connections["default"]
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
