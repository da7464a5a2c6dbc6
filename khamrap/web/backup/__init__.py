"""Backup and restore of a whole khamrap: the database and the files its rows name, together.

A database restored alone leaves every evidence download a 404 and every finished job's download a
500: the rows name files that are not there. So one archive holds both:

- `database/khamrap.pgdump`: PostgreSQL, `pg_dump --format=custom` (one consistent snapshot), or
  `database/khamrap.sqlite3`: SQLite, a copy made through the sqlite3 online backup API;
- `evidence/...`: the evidence storage folder (settings.STORAGES["evidence"]);
- `media/...`: the default storage folder (MEDIA_ROOT), where background jobs keep their files;
- `manifest.json`, last: the format and its version, what the archive holds, and the size and
  SHA-256 of every member.

The modules:

- `archive`: the format (members, manifest, storages backed up), `BackupError` and `Summary`;
- `database`: the database into one file and back (pg_dump, pg_restore and psql; sqlite3's API);
- `writer`: `backup`, the database dumped first and the folders copied after it;
- `restorer`: `restore`, the whole archive checked before anything changes, then put back.
"""

from .archive import DATABASE_MEMBERS, BackupError, Summary
from .restorer import restore
from .writer import backup

__all__ = ["DATABASE_MEMBERS", "BackupError", "Summary", "backup", "restore"]
