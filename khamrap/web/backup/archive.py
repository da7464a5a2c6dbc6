"""The archive's format and what backup and restore share: its members and manifest, the storages
it holds, the error and the summary both directions report.

An archive is a tar file (`.tar.gz` compresses) holding `database/khamrap.pgdump` (PostgreSQL) or
`database/khamrap.sqlite3` (SQLite), the folders `evidence/` and `media/`, and `manifest.json` last:
the format and its version, what the archive holds, and the size and SHA-256 of every member.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "khamrap-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {
    "postgresql": "database/khamrap.pgdump",
    "sqlite": "database/khamrap.sqlite3",
}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# Archive folder -> storage alias. Evidence first: it is what people would miss most.
FOLDERS = {"evidence": "evidence", "media": "default"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in the active language."""


@dataclass
class Folder:
    """Where one archive folder comes from or goes to: a local folder, or a storage skipped."""

    key: str
    alias: str
    location: Path | None
    bucket: str = ""

    @property
    def label(self) -> str:
        return _("evidence") if self.key == "evidence" else _("job files")


@dataclass
class Summary:
    """What a backup wrote or a restore put back, for the command to say."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def folders() -> list[Folder]:
    """The storages backed up, as this server is configured."""
    found = []
    for key, alias in FOLDERS.items():
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            found.append(Folder(key, alias, Path(storage.location).resolve()))
        else:
            bucket = getattr(storage, "bucket_name", "") or type(storage).__name__
            found.append(Folder(key, alias, None, bucket=bucket))
    return found


def database_vendor() -> str:
    """The default database's vendor, refused unless backup and restore know it."""
    vendor = connections["default"].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(
            _("Backup and restore know PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def sha256(stream: IO[bytes]) -> str:
    """The SHA-256 of what is left in `stream`, read a chunk at a time."""
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def describe_created(manifest_created: str) -> str:
    """The manifest's time of backup, in Bangkok time, for messages."""
    when = dt.datetime.fromisoformat(manifest_created)
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
