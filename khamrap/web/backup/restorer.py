"""`restore`: the whole archive read and checked before anything changes, then the database replaced
and the files written into their folders.

It refuses a database that holds people or organizations unless forced. PostgreSQL: every table of
the schema is dropped and the dump loaded in one transaction; SQLite: the backup API copies the
archived database over the live one. Afterwards it checks that every file the restored rows name is
in place and whether migrations are pending.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khamrap.documents.models import DocumentJob, JobStatus
from khamrap.reporting.models import EvidenceFile

from .archive import (
    CHUNK,
    DATABASE_MEMBERS,
    FOLDERS,
    FORMAT,
    MANIFEST,
    VENDOR_NAMES,
    VERSION,
    BackupError,
    Folder,
    Summary,
    database_vendor,
    describe_created,
    folders,
    sha256,
)
from .database import load_postgres, load_sqlite


def restore(archive: Path, *, force: bool = False) -> Summary:
    """Check `archive` whole, then put its database and files back; see the module's docstring."""
    vendor = database_vendor()
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
            (load_postgres if vendor == "postgresql" else load_sqlite)(dump)
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
        if sha256(tar.extractfile(member)) != entry["sha256"]:
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
            "size": filesizeformat(total),
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
