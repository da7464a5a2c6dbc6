"""The text layer of the PDFs: what copy, search and screen readers read, equal to what was typeset.

typst's PDF writer gives each Thai letter cluster its text (an /ActualText span, or the glyph's
ToUnicode entry). In a cluster whose upper vowel carries a tone mark or thanthakhat (ทั้ง, ฤทธิ์),
Sarabun's mark-to-mark positioning lifts the mark a little; the writer then draws that mark in a
text object of its own, outside the span, whose glyph repeats the whole cluster's text, and
every extractor reads the cluster twice (ทั้ทั้ง, ฤทธิ์ธิ์). A ZERO WIDTH JOINER between the vowel
and the mark keeps the cluster in one piece (the mark is then placed from the letter, which in
Sarabun looks the same), and drop_joiners takes the joiner out of the PDF's text again, so copy,
search and screen readers get exactly the text that was typeset. Measured with both poppler and
PDFium by scripts/pdf_engines.py; guarded by documents/tests/pdf/.

The invisible characters typesetting adds (ZWJ here, WJ and ZWSP by the line breaking in
typesetting.py) all leave the text layer the same way: drop_joiners rewrites the /ActualText
strings and ToUnicode maps of the PDF typst wrote, leaving the drawing as it is.
"""

import logging
import re
import zlib

logger = logging.getLogger(__name__)

ZWJ = "\u200d"
# Upper vowels (ั ิ ี ึ ื ็) followed by an upper mark (่ ้ ๊ ๋ ์ ํ).
_STACKED = re.compile("([\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47])(?=[\u0e48-\u0e4d])")
WJ = "\u2060"  # WORD JOINER: no line break here
ZWSP = "\u200b"  # ZERO WIDTH SPACE: a line may break here
# The invisible characters typesetting adds, in the UTF-16 hex that PDF text strings use.
_INVISIBLE_HEX = (b"200D", b"2060", b"200B")


def join_stacked_marks(text: str) -> str:
    """Put a ZERO WIDTH JOINER between an upper vowel and the mark stacked on it (ทั้ง → ทั‍้ง)."""
    return _STACKED.sub(r"\1" + ZWJ, text)


class _Unexpected(ValueError):
    """The PDF is not laid out as typst writes it; it is then left as it is."""


def drop_joiners(pdf: bytes) -> bytes:
    """The PDF with ZWJ, WJ and ZWSP taken out of its text layer (/ActualText and ToUnicode);
    drawing unchanged.

    Rewrites the streams that name the joiner and the cross-reference table after them. A file not
    laid out as typst writes it (an xref stream, an incremental update) is returned unchanged.
    """
    try:
        return _rewrite_text_layer(pdf)
    except (_Unexpected, ValueError, zlib.error) as error:
        logger.warning("PDF text layer left with joiners: %s", error)
        return pdf


def _rewrite_text_layer(pdf: bytes) -> bytes:
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    if found is None:
        raise _Unexpected("no startxref")
    xref_at = int(found.group(1))
    offsets, trailer = _read_xref(pdf, xref_at)
    if b"/Prev" in trailer or b"/XRefStm" in trailer:
        raise _Unexpected("incremental update")
    size = re.search(rb"/Size\s+(\d+)", trailer)
    if size is None or int(size.group(1)) <= max(offsets, default=0):
        raise _Unexpected("bad /Size")
    order = sorted(offsets.items(), key=lambda item: item[1])
    out = bytearray(pdf[: order[0][1]])
    new_offsets: dict[int, int] = {}
    for index, (number, start) in enumerate(order):
        end = order[index + 1][1] if index + 1 < len(order) else xref_at
        chunk = pdf[start:end]
        if not chunk.startswith(b"%d " % number):
            raise _Unexpected(f"object {number} is not where the xref says")
        new_offsets[number] = len(out)
        out += _rewrite_object(chunk) if b"stream" in chunk else chunk
    xref = len(out)
    total = int(size.group(1))
    out += b"xref\n0 %d\n" % total
    for number in range(total):
        if number in new_offsets:
            out += b"%010d 00000 n \n" % new_offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _read_xref(pdf: bytes, at: int) -> tuple[dict[int, int], bytes]:
    """{object number: offset} of the objects in use, and the trailer dictionary."""
    if not pdf.startswith(b"xref", at):
        raise _Unexpected("cross-reference stream")
    position = at + 4
    offsets: dict[int, int] = {}
    section = re.compile(rb"\s*(\d+)\s+(\d+)\s*?\r?\n")
    entry = re.compile(rb"(\d{10}) (\d{5}) ([nf])\s{1,2}")
    while True:
        header = section.match(pdf, position)
        if header is None:
            break
        first, count = int(header.group(1)), int(header.group(2))
        position = header.end()
        for number in range(first, first + count):
            row = entry.match(pdf, position)
            if row is None:
                raise _Unexpected("bad xref entry")
            if row.group(3) == b"n":
                offsets[number] = int(row.group(1))
            position = row.end()
    trailer = re.compile(rb"\s*trailer\s*").match(pdf, position)
    if trailer is None or not offsets:
        raise _Unexpected("no trailer")
    start = trailer.end()
    return offsets, pdf[start : _dict_end(pdf, start)]


def _rewrite_object(chunk: bytes) -> bytes:
    """One "n 0 obj … endobj": its stream decompressed, cleaned of joiners, compressed again."""
    opening = re.match(rb"\d+ \d+ obj\s*", chunk)
    if opening is None or not chunk.startswith(b"<<", opening.end()):
        return chunk
    dict_start = opening.end()
    dict_end = _dict_end(chunk, dict_start)
    keyword = re.compile(rb"\s*stream(\r\n|\n)").match(chunk, dict_end)
    if keyword is None:
        return chunk
    head = chunk[dict_start:dict_end]
    length = re.search(rb"/Length\s+(\d+)(\s+\d+\s+R)?", head)
    if length is None or length.group(2):
        raise _Unexpected("stream without a direct /Length")
    data_start = keyword.end()
    data_end = data_start + int(length.group(1))
    if not re.match(rb"\s*endstream", chunk[data_end:]):
        raise _Unexpected("stream length does not match")
    flate = re.search(rb"/Filter\s*/FlateDecode", head) is not None
    if (b"/Filter" in head and not flate) or b"/DecodeParms" in head or _NOT_TEXT.search(head):
        return chunk  # images, fonts, colour profiles: no text in them
    data = chunk[data_start:data_end]
    if flate:
        data = zlib.decompress(data)
    cleaned = _clean_stream(data)
    if cleaned == data:
        return chunk
    packed = zlib.compress(cleaned) if flate else cleaned
    head = head[: length.start()] + b"/Length %d" % len(packed) + head[length.end() :]
    return chunk[:dict_start] + head + chunk[dict_end:data_start] + packed + chunk[data_end:]


# The first invisible character of an /ActualText string (UTF-16BE in hex after its byte order
# mark), found on a code unit's boundary; removed again and again until none is left.
_ACTUAL_TEXT_JOINER = re.compile(
    rb"(/ActualText\s*<[Ff][Ee][Ff][Ff](?:[0-9A-Fa-f]{4})*?)(?:200[BbDd]|2060)"
)
_BFCHAR_BLOCK = re.compile(rb"\d+\s+beginbfchar(.*?)endbfchar", re.S)
_BFCHAR_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_INVISIBLE_ANYWHERE = re.compile(rb"20(?:0[BbDd]|60)")
# Streams with no text to clean: font programs, images, colour profiles.
_NOT_TEXT = re.compile(rb"/Length1\b|/Subtype\s*/Image|/N\s+\d")


def _clean_stream(data: bytes) -> bytes:
    if not _INVISIBLE_ANYWHERE.search(data):
        return data
    if b"/ActualText" in data:
        removed = 1
        while removed:
            data, removed = _ACTUAL_TEXT_JOINER.subn(rb"\1", data)
    if b"beginbfchar" in data:
        data = _BFCHAR_BLOCK.sub(_clean_bfchar, data)
    return data


def _clean_bfchar(block: re.Match) -> bytes:
    """A ToUnicode bfchar block with the invisible characters taken out of each glyph's text (and
    the glyphs left with no text dropped)."""
    pairs = []
    for code, text in _BFCHAR_PAIR.findall(block.group(1)):
        text = _without_joiner(text)
        if text:
            pairs.append(b"<%s> <%s>" % (code, text))
    if not pairs:
        return b""
    return b"%d beginbfchar\n%s\nendbfchar" % (len(pairs), b"\n".join(pairs))


def _without_joiner(hex_text: bytes) -> bytes:
    """UTF-16BE in hex, without the code units of the invisible characters."""
    digits = hex_text.translate(None, b" \t\r\n\f").upper()
    if len(digits) % 4:
        return hex_text
    return b"".join(
        digits[i : i + 4]
        for i in range(0, len(digits), 4)
        if digits[i : i + 4] not in _INVISIBLE_HEX
    )


def _dict_end(data: bytes, start: int) -> int:
    """The offset just after the dictionary that opens at `start` (strings and nesting skipped)."""
    depth = 0
    position = start
    while position < len(data):
        if data.startswith(b"<<", position):
            depth += 1
            position += 2
        elif data.startswith(b">>", position):
            depth -= 1
            position += 2
            if depth == 0:
                return position
        elif data[position] == 0x28:  # (
            position = _string_end(data, position)
        elif data[position] == 0x3C:  # < of a hex string
            position = data.index(b">", position) + 1
        else:
            position += 1
    raise _Unexpected("unterminated dictionary")


def _string_end(data: bytes, start: int) -> int:
    depth = 0
    position = start
    while position < len(data):
        byte = data[position]
        if byte == 0x5C:  # backslash escapes the next byte
            position += 2
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    raise _Unexpected("unterminated string")
