"""`backup`: the database dumped first, then the storage folders copied, into one archive.

Files are only ever added under new random names or removed, so a file stored during the backup is
an orphan no row names (harmless), while every file the dump's rows name is still there unless it
was removed in those seconds (the backup says how many vanished). Storage that is not a folder (an
S3 bucket) is skipped and the manifest says so: the bucket's own versioning is its backup.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .archive import (
    DATABASE_MEMBERS,
    FORMAT,
    MANIFEST,
    VENDOR_NAMES,
    VERSION,
    Folder,
    Summary,
    database_vendor,
    folders,
)
from .database import dump_postgres, dump_sqlite


def backup(archive: Path) -> Summary:
    """Write the database and the storage folders into `archive` (a tar file; .tar.gz compresses)."""
    vendor = database_vendor()
    archive = Path(archive).resolve()
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    summary = Summary()
    entries: list[dict] = []
    manifest: dict = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "khamrap_version": _khamrap_version(),
        "database": {"vendor": vendor, "member": DATABASE_MEMBERS[vendor]},
        "folders": {},
        "files": entries,
    }
    mode = "w:gz" if archive.name.endswith((".gz", ".tgz")) else "w"
    try:
        with tempfile.TemporaryDirectory(dir=archive.parent) as scratch:
            dump = Path(scratch) / Path(DATABASE_MEMBERS[vendor]).name
            (dump_postgres if vendor == "postgresql" else dump_sqlite)(dump)
            # Readable by its owner only: it holds every password hash and every evidence file.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode=mode) as tar:
                entry = _add(tar, dump, DATABASE_MEMBERS[vendor])
                entries.append(entry)
                summary.lines.append(
                    _("database: %(vendor)s, %(size)s")
                    % {"vendor": VENDOR_NAMES[vendor], "size": filesizeformat(entry["size"])}
                )
                dump.unlink()
                for folder in folders():
                    manifest["folders"][folder.key] = _add_folder(tar, folder, entries, summary)
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
                tar.addfile(info, _BytesReader(data))
        os.replace(partial, archive)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    summary.lines.append(_("Backup written to %(archive)s.") % {"archive": archive})
    return summary


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.position = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.position + size
        chunk, self.position = self.data[self.position : end], min(end, len(self.data))
        return chunk


def _khamrap_version() -> str:
    try:
        return metadata.version("khamrap")
    except metadata.PackageNotFoundError:
        return ""


def _add(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    """Add one file, hashing it as it is read; its manifest entry."""
    with path.open("rb") as stream:
        stat = os.fstat(stream.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        reader = _HashingReader(stream)
        tar.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def _files_under(location: Path, skip: set[Path]) -> Iterator[Path]:
    for root, dirs, names in os.walk(location):
        here = Path(root)
        # Another backed-up folder inside this one (EVIDENCE_DIR under MEDIA_ROOT) is archived once.
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() not in skip)
        for name in sorted(names):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path


def _add_folder(tar: tarfile.TarFile, folder: Folder, entries: list, summary: Summary) -> dict:
    if folder.location is None:
        summary.lines.append(
            _(
                "%(what)s: skipped, kept in the bucket “%(bucket)s”: the bucket's own versioning "
                "is its backup"
            )
            % {"what": folder.label, "bucket": folder.bucket}
        )
        return {"stored": "bucket", "bucket": folder.bucket, "files": 0}
    others = {f.location for f in folders() if f.location and f.location != folder.location}
    count = total = vanished = 0
    if folder.location.is_dir():
        for path in _files_under(folder.location, others):
            name = str(PurePosixPath(folder.key, *path.relative_to(folder.location).parts))
            try:
                entry = _add(tar, path, name)
            except FileNotFoundError:
                vanished += 1  # removed since the database was dumped
                continue
            entries.append(entry)
            count, total = count + 1, total + entry["size"]
    summary.lines.append(
        ngettext(
            "%(what)s: %(count)s file, %(size)s from %(folder)s",
            "%(what)s: %(count)s files, %(size)s from %(folder)s",
            count,
        )
        % {
            "what": folder.label,
            "count": count,
            "size": filesizeformat(total),
            "folder": folder.location,
        }
    )
    if vanished:
        summary.warnings.append(
            _("%(what)s: %(count)s files were removed while the backup ran and are not in it.")
            % {"what": folder.label, "count": vanished}
        )
    return {"stored": "folder", "files": count, "bytes": total}


class _HashingReader:
    """A file that hashes what is read from it (tarfile reads a member's bytes through it)."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data
