"""What a file is, read from its content, never from its name or the browser's word.

Evidence uploads (reporting.evidence) and Excel imports (documents.excel) both ask. puremagic names
the simple formats by their first bytes; a ZIP or an OLE2 signature says only "container", so the
container is opened: Office Open XML names its main part in [Content_Types].xml, and an old Office
file (an OLE2 compound file, read with olefile) has a Word or Excel stream at its root.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

import olefile
import puremagic


@dataclass(frozen=True)
class FileType:
    """A kind of file: the extension it is stored under and its content type."""

    extension: str
    content_type: str
    # Extensions a person may already have given the file for this type.
    known_extensions: tuple[str, ...]


PDF = FileType(".pdf", "application/pdf", (".pdf",))
PNG = FileType(".png", "image/png", (".png",))
JPEG = FileType(".jpg", "image/jpeg", (".jpg", ".jpeg", ".jpe", ".jfif"))
GIF = FileType(".gif", "image/gif", (".gif",))
WEBP = FileType(".webp", "image/webp", (".webp",))
DOC = FileType(".doc", "application/msword", (".doc",))
XLS = FileType(".xls", "application/vnd.ms-excel", (".xls",))
DOCX = FileType(
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileType(
    ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)

# Formats whose first bytes say everything: identified by puremagic's content type.
SIMPLE_TYPES = {t.content_type: t for t in (PDF, PNG, JPEG, GIF, WEBP)}

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = olefile.MAGIC

# Office Open XML: the content type of the main part, in [Content_Types].xml. The macro-enabled
# variants (.docm, .xlsm) and templates have other content types and are not recognized.
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
CONTENT_TYPES_MAX_BYTES = 1024 * 1024

# Legacy Office (OLE2 compound files): the root stream that makes a file Word or Excel. PowerPoint
# ("PowerPoint Document"), installers and Outlook messages have none of them.
OLE2_STREAMS = {"WordDocument": DOC, "Workbook": XLS, "Book": XLS}


def detect_type(file: IO[bytes]) -> FileType | None:
    """The type that the content of `file` shows, or None; leaves the file at its start."""
    file.seek(0)
    head = file.read(len(ZIP_SIGNATURE))
    file.seek(0)
    try:
        if head.startswith(ZIP_SIGNATURE):
            return _office_open_xml_type(file)
        if olefile.isOleFile(file):
            return _ole2_type(file)
        return _simple_type(file)
    finally:
        file.seek(0)


def _simple_type(file: IO[bytes]) -> FileType | None:
    try:
        matches = puremagic.magic_stream(file)
    except (puremagic.PureError, ValueError):
        return None
    if not matches:
        return None
    # Several formats may share a signature with the same confidence (PDF and FDF): take the
    # known one among the best, never a weaker guess.
    best = matches[0].confidence
    for match in matches:
        if match.confidence < best:
            break
        if match.mime_type in SIMPLE_TYPES:
            return SIMPLE_TYPES[match.mime_type]
    return None


def _office_open_xml_type(file: IO[bytes]) -> FileType | None:
    """.docx or .xlsx when [Content_Types].xml names a Word or Excel main part that is present."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            with archive.open(info) as part:
                xml = part.read(CONTENT_TYPES_MAX_BYTES + 1)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        # KeyError: no [Content_Types].xml, so a plain ZIP; RuntimeError: encrypted, or (as
        # NotImplementedError, a subclass) compressed by a method Python does not read.
        return None
    if len(xml) > CONTENT_TYPES_MAX_BYTES:
        return None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return None
    for override in root.iter(f"{CONTENT_TYPES_NS}Override"):
        file_type = OOXML_MAIN_PARTS.get(override.get("ContentType", ""))
        part_name = override.get("PartName", "").lstrip("/")
        if file_type is not None and part_name in names:
            return file_type
    return None


def _ole2_type(file: IO[bytes]) -> FileType | None:
    """.doc or .xls when the compound file has a Word or Excel stream at its root.

    Only the root counts: a Word or PowerPoint file with an Excel chart inside holds a Workbook
    stream in a storage of its own, and is no Excel file for that.
    """
    try:
        with olefile.OleFileIO(file) as ole:
            for name, file_type in OLE2_STREAMS.items():
                if ole.get_type(name) == olefile.STGTY_STREAM:
                    return file_type
    except (OSError, ValueError):
        # A broken compound file: olefile raises OleFileError (an OSError), or ValueError for a
        # table whose size is no whole number of entries.
        return None
    return None
