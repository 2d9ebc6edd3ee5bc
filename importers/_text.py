"""Bytes to text for the row pipeline: the encoding found, bytes that fit none kept.

A byte-order mark decides (UTF-8, UTF-16, UTF-32); then UTF-8; then GB18030 (what
Chinese Excel writes) when the text reads as Chinese. A few bytes that fit the encoding
found are kept as ``�`` and listed with their line, so the rows that hold them can be
reported; a file full of them is refused with the encodings to try.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphlib_kam.errors import InputError, NotFoundError

__all__ = ["BAD_CHAR", "MAX_IMPORT_BYTES", "Decoded", "InputFile", "decode_bytes", "encoding_name",
           "input_bytes", "input_file", "read_bytes", "read_text", "text_from_bytes"]

MAX_IMPORT_BYTES = 50 * 1024 * 1024
BAD_CHAR = "\ufffd"


@dataclass
class Decoded:
    """Text decoded from bytes: the encoding used and the bytes that did not fit it.

    ``bad`` lists ``(line, byte)`` for each byte kept as ``�``.
    """

    text: str
    encoding: str
    bad: list[tuple[int, int]] = field(default_factory=list)
    guessed: bool = False


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_ESCAPED = re.compile("[\udc00-\udcff]")
_ESCAPE = "graphlib_kam.escape"


def _escape_bytes(err: UnicodeError) -> tuple[str, int]:
    """Each byte that does not decode as U+DC00 + byte: ``surrogateescape`` does so for
    bytes from 0x80 only and raises on a lower one (a UTF-16 text cut in the middle of a
    character ends on one)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return "".join(chr(0xDC00 + b) for b in err.object[err.start:err.end]), err.end


codecs.register_error(_ESCAPE, _escape_bytes)
_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GB18030",
                   "utf-16": "UTF-16", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16",
                   "utf-32": "UTF-32"}
_ADVICE = ("save it as CSV UTF-8, or name its encoding, for example --encoding cp1252 "
           "(Western Excel) or --encoding big5")


def encoding_name(encoding: str) -> str:
    return _ENCODING_NAMES.get(encoding, encoding)


def _decode_escaped(raw: bytes, encoding: str) -> tuple[str, list[tuple[int, int]]]:
    """Decode keeping each byte that does not fit as ``�``: the text and (offset, byte)."""
    text = raw.decode(encoding, errors=_ESCAPE)
    bad = [(m.start(), ord(m.group()) - 0xDC00) for m in _ESCAPED.finditer(text)]
    if bad:
        text = _ESCAPED.sub(BAD_CHAR, text)
    return text, bad


def _lines_of(text: str, bad: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, line, last = [], 1, 0
    for offset, byte in bad:
        line += text.count("\n", last, offset)
        last = offset
        out.append((line, byte))
    return out


def _reads_as_chinese(text: str) -> bool:
    """Whether the non-ASCII characters are mostly common Chinese (GB2312) ones."""
    sample = [c for c in text[:200_000] if ord(c) > 127 and c != BAD_CHAR][:5000]
    if not sample:
        return False
    common = 0
    for char in sample:
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common >= 0.8 * len(sample)


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark: zeros in every other byte (Latin text), or
    the one byte order in which the text has line ends and reads as text."""
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    head = head[: len(head) // 2 * 2]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue
        readable = sum(1 for c in text if c.isprintable() or c in "\t\r\n")
        if "\n" in text and "\x00" not in text and readable >= 0.95 * len(text):
            return codec
    return None


def _too_many(bad_lines: list[tuple[int, int]], text: str) -> bool:
    lines = {line for line, _ in bad_lines}
    return len(lines) > max(5, text.count("\n") // 100)


def _refuse(name: str, raw: bytes, encodings: str) -> InputError:
    try:
        raw.decode("utf-8")
        first = None
    except UnicodeDecodeError as err:
        first = err.start
    if first is None:
        return InputError(f"{name}: not text in {encodings}; {_ADVICE}")
    line = raw[:first].count(b"\n") + 1
    return InputError(f"{name}: line {line}: byte 0x{raw[first]:02x} fits neither "
                      f"{encodings}; {_ADVICE}")


def decode_bytes(raw: bytes, *, name: str = "input", encoding: str | None = None) -> Decoded:
    """Decode a text file's bytes, detecting the encoding unless ``encoding`` is given.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); then UTF-8; then GB18030 when
    the result reads as Chinese text. A few bytes that fit the encoding found are kept
    as ``�`` and listed in :attr:`Decoded.bad`, each with its line.

    >>> decode_bytes("王建国".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes(b"\\xff\\xfeA\\x00").text
    'A'
    >>> d = decode_bytes("名\\n王\\xff\\n".encode("utf-8").replace(b"\\xc3\\xbf", b"\\xff"))
    >>> d.encoding, d.bad
    ('utf-8', [(2, 255)])

    Raises
    ------
    InputError
        A binary file, an encoding Python does not know, or text in which more than a
        few lines hold bytes that fit no encoding tried (the message names the first).
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as err:
            raise InputError(f"--encoding {encoding!r} is not an encoding Python knows") \
                from err
        try:
            text, bad = _decode_escaped(raw, encoding)
        except (LookupError, UnicodeError) as err:
            raise InputError(f"{name}: cannot be read as --encoding {encoding!r} ({err}); "
                             "expected a text encoding, such as utf-8, cp1252, gb18030 or "
                             "big5") from err
        text = text.removeprefix("\ufeff")
        lines = _lines_of(text, bad)
        if _too_many(lines, text):
            line, byte = lines[0]
            raise InputError(f"{name}: line {line}: byte 0x{byte:02x} is not {encoding} "
                             f"(nor are bytes on {len({n for n, _ in lines}) - 1} other "
                             f"lines); {_ADVICE}")
        return Decoded(text, encoding, lines)
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text, bad = _decode_escaped(raw, codec)
            return Decoded(text.removeprefix("\ufeff"), codec, _lines_of(text, bad))
    head = raw[:4096]
    if b"\x00" in head:
        codec = _utf16_without_bom(head)
        if codec is None:
            raise InputError(f"{name}: a binary file, not text; expected CSV or text "
                             "(or an .xlsx workbook named .xlsx)")
        text, bad = _decode_escaped(raw, codec)
        return Decoded(text, codec, _lines_of(text, bad), guessed=True)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf8, bad = _decode_escaped(raw, "utf-8")
    utf8_lines = _lines_of(utf8, bad)
    few = not _too_many(utf8_lines, utf8)
    fitting = sum(1 for c in utf8 if ord(c) > 127) - len(bad)
    if few and fitting and fitting >= len(bad):  # UTF-8 with a few stray bytes
        return Decoded(utf8, "utf-8", utf8_lines)
    text, bad = _decode_escaped(raw, "gb18030")
    lines = _lines_of(text, bad)
    if _reads_as_chinese(text) and not _too_many(lines, text):
        return Decoded(text, "gb18030", lines, guessed=True)
    if few:  # plain text with a few bytes that fit nothing tried
        return Decoded(utf8, "utf-8", utf8_lines)
    raise _refuse(name, raw, "UTF-8 nor GB18030 (Chinese Excel)")


@dataclass(frozen=True)
class InputFile:
    """An input given as bytes rather than a path (an upload), and the name every
    message calls it by.

    Attributes
    ----------
    name : str
        The file's name as its user knows it; its suffix tells a workbook (``.xlsx``)
        from text, as a path's does, unless ``kind`` says.
    data : bytes
        The content.
    kind : {"xlsx", "text", "json"}, optional
        What the content was found to be (for an upload named otherwise); None: as the
        name's suffix says.

    Examples
    --------
    >>> import io
    >>> InputFile.read(io.BytesIO(b"name\\nAnn\\n"), name="people.csv").data
    b'name\\nAnn\\n'
    """

    name: str
    data: bytes
    kind: str | None = None

    @classmethod
    def read(cls, fileobj: Any, *, name: str | None = None,
             kind: str | None = None) -> InputFile:
        """The content of a binary file object (read now), named ``name`` or the
        object's own ``name``."""
        data = fileobj.getvalue() if hasattr(fileobj, "getvalue") else fileobj.read()
        return cls(name or os.fspath(getattr(fileobj, "name", "input")), bytes(data), kind)

    @property
    def suffix(self) -> str:
        if self.kind == "xlsx":
            return ".xlsx"
        if self.kind is not None:
            return "." + self.kind if self.kind == "json" else ".txt"
        return Path(self.name).suffix.casefold()


def input_file(item: Any) -> InputFile | str | os.PathLike:
    """``item`` as an input: an :class:`InputFile` for a ``(name, bytes)`` pair or a
    binary file object, a path as it is.

    >>> input_file(("a.csv", b"x")), input_file("a.csv")
    (InputFile(name='a.csv', data=b'x', kind=None), 'a.csv')
    """
    if isinstance(item, InputFile | str | os.PathLike):
        return item
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes | bytearray):
        return InputFile(str(item[0]), bytes(item[1]))
    if hasattr(item, "read"):
        return InputFile.read(item)
    raise InputError(f"{item!r}: expected a path, a (name, bytes) pair or a binary file")


def input_bytes(item: InputFile | str | os.PathLike) -> tuple[str, bytes]:
    """The name to use in messages and the content of a path or an :class:`InputFile`.

    Raises
    ------
    NotFoundError, InputError
        A missing, unreadable or too large file.
    """
    if isinstance(item, InputFile):
        _check_size(item.name, len(item.data))
        return item.name, item.data
    path = Path(item)
    return str(path), read_bytes(path)


def _check_size(name: str | os.PathLike, size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise InputError(
            f"{name}: the file is {size / 1048576:.0f} MB; files up to "
            f"{MAX_IMPORT_BYTES // 1048576} MB are imported (split it, or import only "
            "the columns and rows you need)"
        )


def read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    try:
        _check_size(path, path.stat().st_size)
        if path.is_dir():
            raise IsADirectoryError(path)
        if limit is not None:
            with path.open("rb") as handle:
                return handle.read(limit)
        return path.read_bytes()
    except FileNotFoundError as err:
        raise NotFoundError(f"{path}: no such file") from err
    except IsADirectoryError as err:
        raise InputError(f"{path}: is a folder; expected a file") from err
    except PermissionError as err:
        raise InputError(f"{path}: permission denied") from err


def read_text(path: str | os.PathLike | InputFile, *, encoding: str | None = None) -> str:
    """Read a whole text file (for JSON): the encoding detected as :func:`decode_bytes`.

    Raises
    ------
    NotFoundError
        When there is no such file.
    InputError
        When the file is too large, a folder, unreadable, or holds bytes that fit no
        encoding: the message names the line and byte and suggests encodings to try.
    """
    name, raw = input_bytes(path)
    return text_from_bytes(raw, name=name, encoding=encoding)


def text_from_bytes(raw: bytes, *, name: str = "input", encoding: str | None = None) -> str:
    """The whole text of ``raw`` (as :func:`read_text`), ``name`` used in messages.

    >>> text_from_bytes('{"名": 1}'.encode("utf-8-sig"), name="a.json")
    '{"名": 1}'
    """
    decoded = decode_bytes(raw, name=name, encoding=encoding)
    if decoded.bad:
        line, byte = decoded.bad[0]
        raise InputError(f"{name}: line {line}: byte 0x{byte:02x} is not "
                         f"{encoding_name(decoded.encoding)}; {_ADVICE}")
    return decoded.text
