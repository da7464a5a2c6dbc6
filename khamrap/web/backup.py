"""Backup and restore of a whole khamrap: the database and the files its rows name, together.

A database restored alone leaves every evidence download a 404 and every finished job's download a
500: the rows name files that are not there. So one archive holds both:

- `database/khamrap.pgdump`: PostgreSQL, `pg_dump --format=custom` (one consistent snapshot), or
  `database/khamrap.sqlite3`: SQLite, a copy made through the sqlite3 online backup API;
- `evidence/...`: the evidence storage folder (settings.STORAGES["evidence"]);
- `media/...`: the default storage folder (MEDIA_ROOT), where background jobs keep their files;
- `manifest.json`, last: the format and its version, what the archive holds, and the size and
  SHA-256 of every member.

The database is dumped first and the folders copied after it: files are only ever added under new
random names or removed, so a file stored during the backup is an orphan no row names (harmless),
while every file the dump's rows name is still there unless it was removed in those seconds (the
backup says how many vanished). Storage that is not a folder (an S3 bucket) is skipped and the
manifest says so: the bucket's own versioning is its backup.

Restore reads and checks the whole archive before it changes anything, refuses a database that
holds people or organizations unless forced, replaces the database (PostgreSQL: every table of the
schema dropped and the dump loaded in one transaction, through pg_restore and psql; SQLite: the
backup API copies the archived database over the live one), then writes the files into the folders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khamrap.documents.models import DocumentJob, JobStatus
from khamrap.reporting.models import EvidenceFile

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


# --- shared ---------------------------------------------------------------------------------------


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


def _vendor() -> str:
    vendor = connections["default"].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(
            _("Backup and restore know PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def _size(number: int) -> str:
    return filesizeformat(number)


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """A file that hashes what is read from it (tarfile reads a member's bytes through it)."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


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


# --- backup ---------------------------------------------------------------------------------------


def backup(archive: Path) -> Summary:
    """Write the database and the storage folders into `archive` (a tar file; .tar.gz compresses)."""
    vendor = _vendor()
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
            (_dump_postgres if vendor == "postgresql" else _dump_sqlite)(dump)
            # Readable by its owner only: it holds every password hash and every evidence file.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode=mode) as tar:
                entry = _add(tar, dump, DATABASE_MEMBERS[vendor])
                entries.append(entry)
                summary.lines.append(
                    _("database: %(vendor)s, %(size)s")
                    % {"vendor": VENDOR_NAMES[vendor], "size": _size(entry["size"])}
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


def _dump_postgres(target: Path) -> None:
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


def _dump_sqlite(target: Path) -> None:
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
        % {"what": folder.label, "count": count, "size": _size(total), "folder": folder.location}
    )
    if vanished:
        summary.warnings.append(
            _("%(what)s: %(count)s files were removed while the backup ran and are not in it.")
            % {"what": folder.label, "count": vanished}
        )
    return {"stored": "folder", "files": count, "bytes": total}


# --- restore --------------------------------------------------------------------------------------


def restore(archive: Path, *, force: bool = False) -> Summary:
    """Check `archive` whole, then put its database and files back; see the module's docstring."""
    vendor = _vendor()
    archive = Path(archive)
    summary = Summary()
    with _open_archive(archive) as tar:
        manifest = _read_manifest(tar, archive)
        entries = {entry["path"]: entry for entry in manifest["files"]}
        _check_members(tar, manifest, entries)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                _(
                    "This archive holds a %(archived)s database and this khamrap uses %(used)s. "
                    "Nothing was restored."
                )
                % {
                    "archived": VENDOR_NAMES.get(manifest["database"]["vendor"], "?"),
                    "used": VENDOR_NAMES[vendor],
                }
            )
        if not force:
            _refuse_unless_empty()
        targets = {folder.key: folder for folder in folders()}
        with tempfile.TemporaryDirectory() as scratch:
            member = manifest["database"]["member"]
            dump = Path(scratch) / Path(member).name
            _extract(tar, entries[member], dump)
            (_load_postgres if vendor == "postgresql" else _load_sqlite)(dump)
        summary.lines.append(
            _("Restored the database (%(vendor)s) from the backup made at %(created)s.")
            % {"vendor": VENDOR_NAMES[vendor], "created": describe_created(manifest["created_at"])}
        )
        for key in FOLDERS:
            _restore_folder(tar, manifest, entries, targets[key], summary)
    _check_named_files(summary)
    if _pending_migrations():
        summary.warnings.append(
            _("The restored database is older than this code: run `khamrap migrate` now.")
        )
    return summary


def _open_archive(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, "r:*")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(
            _("%(archive)s is not a khamrap backup: %(error)s")
            % {"archive": archive, "error": error}
        ) from error


def _damaged(archive: Path, reason: str) -> BackupError:
    return BackupError(
        _("%(archive)s is not a usable khamrap backup: %(reason)s. Nothing was restored.")
        % {"archive": archive, "reason": reason}
    )


def _read_manifest(tar: tarfile.TarFile, archive: Path) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, AttributeError, ValueError, tarfile.TarError) as error:
        raise _damaged(archive, _("it has no readable manifest")) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(archive, _("its manifest is not a khamrap manifest"))
    if manifest.get("version") != VERSION:
        raise _damaged(
            archive,
            _("its format version is %(found)s and this khamrap reads version %(known)s")
            % {"found": manifest.get("version"), "known": VERSION},
        )
    try:
        member = manifest["database"]["member"]
        assert member == DATABASE_MEMBERS[manifest["database"]["vendor"]]
        assert all({"path", "size", "sha256"} <= set(entry) for entry in manifest["files"])
        assert isinstance(manifest["folders"], dict)
    except (KeyError, TypeError, AssertionError) as error:
        raise _damaged(archive, _("its manifest is incomplete")) from error
    manifest["archive"] = str(archive)
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and len(path.parts) >= 2
        and path.parts[0] in {"database", *FOLDERS}
    )


def _check_members(tar: tarfile.TarFile, manifest: dict, entries: dict) -> None:
    """The archive holds exactly what the manifest lists, each file with its size and SHA-256."""
    archive = Path(manifest["archive"])
    members = [m for m in tar.getmembers() if m.name != MANIFEST]
    names = [m.name for m in members]
    if len(set(names)) != len(names) or set(names) != set(entries):
        differing = sorted(set(names) ^ set(entries))[:5]
        raise _damaged(
            archive,
            _("it does not hold what its manifest lists (%(names)s)")
            % {"names": ", ".join(differing) or _("a file twice")},
        )
    if manifest["database"]["member"] not in entries:
        raise _damaged(archive, _("it holds no database"))
    for member in members:
        entry = entries[member.name]
        if not member.isreg() or not _safe_name(member.name) or member.size != entry["size"]:
            raise _damaged(archive, _("%(name)s is not a plain file") % {"name": member.name})
        if _sha256(tar.extractfile(member)) != entry["sha256"]:
            raise _damaged(
                archive,
                _("the SHA-256 of %(name)s does not match its manifest") % {"name": member.name},
            )


def _refuse_unless_empty() -> None:
    """Refuse a database that holds people or organizations (only what `migrate` makes is empty)."""
    connection = connections["default"]
    tables = set(connection.introspection.table_names())
    counts = {}
    for label in (settings.AUTH_USER_MODEL, "organizations.Organization"):
        model = apps.get_model(label)
        counts[label] = model.objects.count() if model._meta.db_table in tables else 0
    people, organizations = counts.values()
    if people or organizations:
        raise BackupError(
            _(
                "The database is not empty: it holds %(people)s people and %(organizations)s "
                "organizations. A restore replaces all of it; run again with --force to do so. "
                "Nothing was restored."
            )
            % {"people": people, "organizations": organizations}
        )


def _extract(tar: tarfile.TarFile, entry: dict, target: Path, mode: int | None = None) -> None:
    """Write one member to `target` through a temporary file, checking its SHA-256 again."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.restoring")
    digest = hashlib.sha256()
    with tar.extractfile(tar.getmember(entry["path"])) as source, temporary.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != entry["sha256"]:
        temporary.unlink()
        raise BackupError(
            _("The SHA-256 of %(name)s changed while it was restored.") % {"name": entry["path"]}
        )
    if mode is not None:
        os.chmod(temporary, mode)
    os.replace(temporary, target)


def _load_postgres(dump: Path) -> None:
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


def _load_sqlite(dump: Path) -> None:
    """The backup API copies every page of the archived database over the live one."""
    connection = connections["default"]
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_folder(
    tar: tarfile.TarFile, manifest: dict, entries: dict, target: Folder, summary: Summary
) -> None:
    key = target.key
    archived = manifest["folders"].get(key, {})
    prefix = f"{key}/"
    wanted = [entry for path, entry in entries.items() if path.startswith(prefix)]
    if archived.get("stored") == "bucket":
        summary.lines.append(
            _(
                "%(what)s: not in this archive (kept in the bucket “%(bucket)s”, whose versioning "
                "is its backup)"
            )
            % {"what": target.label, "bucket": archived.get("bucket", "")}
        )
        return
    if target.location is None:
        summary.warnings.append(
            _(
                "%(what)s: %(count)s files not restored: this server keeps them in the bucket "
                "“%(bucket)s”; copy them there from the archive's %(folder)s/ folder."
            )
            % {"what": target.label, "count": len(wanted), "bucket": target.bucket, "folder": key}
        )
        return
    storage = storages[target.alias]
    file_mode = getattr(storage, "file_permissions_mode", None)
    directory_mode = getattr(storage, "directory_permissions_mode", None)
    total = 0
    for entry in wanted:
        relative = PurePosixPath(entry["path"]).relative_to(key)
        destination = target.location.joinpath(*relative.parts)
        _make_folders(destination.parent, target.location, directory_mode)
        _extract(tar, entry, destination, file_mode)
        total += entry["size"]
    summary.lines.append(
        ngettext(
            "%(what)s: restored %(count)s file, %(size)s into %(folder)s",
            "%(what)s: restored %(count)s files, %(size)s into %(folder)s",
            len(wanted),
        )
        % {
            "what": target.label,
            "count": len(wanted),
            "size": _size(total),
            "folder": target.location,
        }
    )


def _make_folders(folder: Path, root: Path, mode: int | None) -> None:
    missing = []
    while not folder.exists() and folder != root.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        if mode is not None:
            os.chmod(path, mode)


def _check_named_files(summary: Summary) -> None:
    """Every evidence file and finished job file the restored rows name is in its storage."""
    checks: list[tuple[str, Callable[[], Iterator[str]]]] = [
        ("evidence", lambda: EvidenceFile.objects.values_list("file", flat=True).iterator()),
        (
            "default",
            lambda: (
                DocumentJob.objects.filter(status=JobStatus.DONE)
                .exclude(file_name="")
                .values_list("file_name", flat=True)
                .iterator()
            ),
        ),
    ]
    missing = []
    for alias, names in checks:
        storage = storages[alias]
        if not isinstance(storage, FileSystemStorage):
            continue  # a bucket is checked by its own tools
        missing += [name for name in names() if not storage.exists(name)]
    if missing:
        summary.warnings.append(
            _("%(count)s files that the database names are missing: %(names)s")
            % {"count": len(missing), "names": ", ".join(missing[:10])}
        )
    else:
        summary.lines.append(_("Every file that the database names is in place."))


def _pending_migrations() -> bool:
    connection = connections["default"]
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def describe_created(manifest_created: str) -> str:
    """The manifest's time of backup, in Bangkok time, for messages."""
    when = dt.datetime.fromisoformat(manifest_created)
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
