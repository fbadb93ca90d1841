"""What calamine does not say about a workbook, read straight from its XML parts.

calamine gives values only. From the XML we take: which worksheet part holds each sheet, which
cell styles show a number as a percentage, which cells hold a formula with no saved result
(calamine reads those as blank), and which hold a cached Excel error such as #DIV/0! (also blank).
Sheets are searched as bytes for the few markers that matter, so a sheet with no formulas, errors
or percentage styles costs one pass of `bytes.find`, not an XML parse.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from html import unescape

BUILTIN_PERCENT_FORMATS = frozenset({9, 10})
_QUOTED_OR_ESCAPED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")
_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')
_TYPE = re.compile(rb'\st="(\w+)"')
_BARE_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")


class NeedsFullParse(Exception):
    """A cell with no r attribute: its position can only be counted by parsing."""


@dataclass
class SheetXml:
    percent: set[tuple[int, int]] = field(default_factory=set)
    uncalculated: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def read_part(zf: zipfile.ZipFile, path: str) -> bytes:
    """A part's bytes, inflated no further than the size the zip's directory gives it: that size
    is what the zip-bomb check added up, and `zf.read` would inflate up to 2 GB of a part that
    lies about it before finding out. A part that lies fails its CRC check (BadZipFile)."""
    info = zf.getinfo(path)
    with zf.open(info) as part:
        return part.read(info.file_size)


def _xml(zf: zipfile.ZipFile, path: str) -> ET.Element:
    return ET.fromstring(read_part(zf, path))


def _resolve(target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def workbook_parts(zf: zipfile.ZipFile) -> tuple[dict[str, str], str]:
    """Sheet name -> its worksheet part, and the styles part."""
    targets: dict[str, str] = {}
    styles = "xl/styles.xml"
    if "xl/_rels/workbook.xml.rels" in zf.namelist():
        for rel in _xml(zf, "xl/_rels/workbook.xml.rels").iter():
            if _local(rel.tag) == "Relationship" and rel.get("Target"):
                targets[rel.get("Id", "")] = _resolve(rel.get("Target", ""))
                if rel.get("Type", "").endswith("/styles"):
                    styles = targets[rel.get("Id", "")]
    parts = {}
    for sheet in _xml(zf, "xl/workbook.xml").iter():
        if _local(sheet.tag) == "sheet":
            rel_id = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), "")
            if rel_id in targets:
                parts[sheet.get("name", "")] = targets[rel_id]
    return parts, styles


def is_percent_format(code: str) -> bool:
    """Whether a number format shows a percentage: a % outside quotes, escapes and [colours]."""
    return "%" in _QUOTED_OR_ESCAPED.sub("", code).split(";")[0]


def percent_styles(zf: zipfile.ZipFile, path: str) -> frozenset[int]:
    """Indexes of the cell styles (the s="..." of a cell) that show numbers as percentages."""
    if path not in zf.namelist():
        return frozenset()
    custom: dict[int, str] = {}
    formats: list[int] = []
    for part in _xml(zf, path):
        if _local(part.tag) == "numFmts":
            custom.update((_int(f.get("numFmtId")), f.get("formatCode", "")) for f in part)
        elif _local(part.tag) == "cellXfs":
            formats = [_int(xf.get("numFmtId")) for xf in part]
    return frozenset(
        i
        for i, fmt in enumerate(formats)
        if fmt in BUILTIN_PERCENT_FORMATS or (fmt in custom and is_percent_format(custom[fmt]))
    )


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return -1


def _position(letters: bytes, digits: bytes) -> tuple[int, int]:
    col = 0
    for letter in letters:
        col = col * 26 + letter - 64
    return int(digits) - 1, col - 1


_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,7})"')
CHUNK_BYTES = 4 * 1024 * 1024


def far_corner(data: bytes) -> tuple[int, str]:
    """The furthest row (from 1) and column (letters) that a sheet's cells and rows name.

    Read a few megabytes at a time, so the references found never take much memory. Numbers and
    letters of the same length sort as bytes in the order of their values."""
    far_row, far_column = (0, b"0"), (0, b"")
    start = 0
    while start < len(data):
        end = data.find(b"<", start + CHUNK_BYTES)
        end = len(data) if end < 0 else end
        chunk = data[start:end]
        refs = _REF.findall(chunk)
        rows = [digits for _, digits in refs] + _ROW_NUMBER.findall(chunk)
        far_row = max(far_row, *((len(d), d) for d in rows)) if rows else far_row
        far_column = max(far_column, *((len(c), c) for c, _ in refs)) if refs else far_column
        start = end
    return int(far_row[1]), far_column[1].decode()


def column_number(letters: str) -> int:
    """ "A" -> 1, "Z" -> 26, "AA" -> 27, "XFD" -> 16384."""
    return _position(letters.encode(), b"1")[1] + 1


def scan_sheet(data: bytes, percent_xfs: frozenset[int]) -> SheetXml:
    try:
        return _Scanner(data, percent_xfs).scan()
    except NeedsFullParse:
        return _scan_by_parsing(data, percent_xfs)


class _Scanner:
    """Finds the few cells of interest by searching the sheet's bytes."""

    def __init__(self, data: bytes, percent_xfs: frozenset[int]):
        self.data = data
        self.percent_xfs = percent_xfs
        match = _PREFIX.search(data, 0, 4096)
        prefix = (match.group(1) or b"") if match else b""
        self.open_cell = b"<" + prefix + b"c "
        self.close_cell = b"</" + prefix + b"c>"
        self.formula = b"<" + prefix + b"f"
        end = data.find(b"</" + prefix + b"sheetData>")
        self.end = end if end >= 0 else len(data)
        p = re.escape(prefix)
        self.value = re.compile(rb"<" + p + rb"v(?:\s[^>]*)?(?:/>|>([^<]*)</" + p + rb"v>)")
        self.formula_text = re.compile(rb"<" + p + rb"f\b[^>]*?(?:/>|>([^<]*)<)")
        self.result = SheetXml()

    def scan(self) -> SheetXml:
        if self.percent_xfs:
            self._percent_cells()
        self._formulas()
        self._errors()
        return self.result

    def _cell_tag(self, inside: int) -> tuple[int, int, tuple[int, int]] | None:
        """The start and end of the cell tag that contains position inside, and its position."""
        start = self.data.rfind(b"<", 0, inside)
        if not self.data.startswith(self.open_cell, start):
            return None
        end = self.data.find(b">", inside)
        ref = _REF.search(self.data, start, end)
        if ref is None:
            raise NeedsFullParse
        return start, end, _position(*ref.groups())

    def _percent_cells(self) -> None:
        styles = b"|".join(str(i).encode() for i in sorted(self.percent_xfs))
        for match in re.finditer(rb' s="(?:' + styles + rb')"', self.data):
            if match.start() > self.end:
                break
            tag = self._cell_tag(match.start())
            if tag:
                self.result.percent.add(tag[2])

    def _formulas(self) -> None:
        data, pos = self.data, 0
        while (pos := data.find(self.formula, pos, self.end)) >= 0:
            pos += len(self.formula)
            if data[pos : pos + 1] not in (b" ", b">", b"/"):
                continue
            start = data.rfind(self.open_cell, 0, pos)
            if start < 0 or data.find(self.close_cell, start, pos) >= 0:
                continue
            tag = self._cell_tag(start + 1)
            close = data.find(self.close_cell, pos)
            if tag and close >= 0 and self._never_calculated(tag, close):
                text = self.formula_text.match(data, pos - len(self.formula))
                formula = (text.group(1) or b"") if text else b""
                self.result.uncalculated[tag[2]] = unescape(formula.decode("utf-8", "replace"))

    def _never_calculated(self, tag, close: int) -> bool:
        start, end, _ = tag
        value = self.value.search(self.data, end, close)
        if value is not None and (value.group(1) or b"").strip():
            return False
        kind = _TYPE.search(self.data, start, end)
        # Excel saves a formula whose result is the empty string as t="str" with an empty <v>.
        return not (value is not None and kind is not None and kind.group(1) == b"str")

    def _errors(self) -> None:
        data, pos = self.data, 0
        while (pos := data.find(b' t="e"', pos, self.end)) >= 0:
            tag = self._cell_tag(pos)
            pos += 6
            if tag is None:
                continue
            close = data.find(self.close_cell, tag[1])
            value = self.value.search(data, tag[1], close) if close >= 0 else None
            if value is not None and value.group(1):
                self.result.errors[tag[2]] = unescape(value.group(1).decode("utf-8", "replace"))


def _scan_by_parsing(data: bytes, percent_xfs: frozenset[int]) -> SheetXml:
    """The slow, sure way, for sheets whose cells do not all say where they are."""
    result = SheetXml()
    row, col = -1, -1
    for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
        tag = _local(element.tag)
        if event == "start" and tag == "row":
            row = _int(element.get("r")) - 1 if element.get("r") else row + 1
            col = -1
        elif event == "end" and tag == "c":
            ref = element.get("r")
            if ref and (match := _BARE_REF.fullmatch(ref.encode("ascii", "replace"))):
                row, col = _position(*match.groups())
            else:
                col += 1
            _classify(element, (row, col), percent_xfs, result)
        elif event == "end" and tag == "row":
            element.clear()
    return result


def _classify(cell: ET.Element, position, percent_xfs, result: SheetXml) -> None:
    children = {_local(child.tag): child for child in cell}
    value = children.get("v")
    text = (value.text or "").strip() if value is not None else ""
    if cell.get("t") == "e" and text:
        result.errors[position] = text
    elif "f" in children and not text and not (value is not None and cell.get("t") == "str"):
        result.uncalculated[position] = children["f"].text or ""
    if _int(cell.get("s")) in percent_xfs:
        result.percent.add(position)
