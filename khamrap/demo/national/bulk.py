"""Rows written and removed in bulk, many thousands at a time, without Django's per-row work."""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection

from .data import BATCH


def insert(model, objects: list, now: dt.datetime) -> None:
    """bulk_create for rows nothing refers to while the dataset is built; on PostgreSQL a COPY,
    which skips Django's per-value SQL preparation (most of the time bulk_create takes here)."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for obj in objects:
            for f in stamped:
                setattr(obj, f.attname, now)
            copy.write_row(
                [
                    None
                    if (value := getattr(obj, f.attname)) is None
                    else json.dumps(value)
                    if f.attname in json_fields
                    else value
                    for f in fields
                ]
            )


def raw_delete(queryset) -> None:
    """One DELETE for a big table, without Django collecting every row first."""
    queryset._raw_delete(queryset.db)
