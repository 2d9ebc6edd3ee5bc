"""kam/1 JSON text to an :class:`~graphlib_kam.model.AccountMap` and back.

Both stores, the importers' JSON path and the explorer use these two functions, so a map
reads the same wherever it comes from.
"""

from __future__ import annotations

import codecs
import json
import re

from graphlib_kam.errors import MapFormatError
from graphlib_kam.model.account_map import AccountMap, parse_map

__all__ = ["MAX_MAP_BYTES", "dumps_map", "loads_map", "map_text", "map_too_large"]

MAX_MAP_BYTES = 16 * 1024 * 1024


def loads_map(raw: bytes | str, *, source: str = "map") -> AccountMap:
    """Decode and validate kam/1 JSON given as bytes or text.

    Raises
    ------
    MapFormatError
        Empty input, bytes that are not UTF-8, invalid JSON (with line and column), a key
        twice in one object (named), a document over :data:`MAX_MAP_BYTES`, or a schema
        newer than kam/1.
    MapValidationError
        Every rule the map breaks.
    """
    if len(raw) > MAX_MAP_BYTES:
        raise map_too_large(source, len(raw))
    if isinstance(raw, bytes):
        raw = raw.removeprefix(codecs.BOM_UTF8)  # the "utf-8-sig" codec is slower
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            raise MapFormatError(
                f"{source}: line {line}: byte 0x{raw[err.start]:02x} is not UTF-8; save the "
                "file as UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8)"
            ) from err
    else:
        text = raw.removeprefix("\ufeff")
    if not text.strip():
        raise MapFormatError(f"{source}: the file is empty; expected a kam/1 JSON object")
    try:
        data = json.loads(text, object_pairs_hook=_object_without_duplicate_keys)
    except _DuplicateKey as err:
        raise MapFormatError(f"{source}: {err}") from None
    except json.JSONDecodeError as err:
        raise MapFormatError(
            f"{source}: invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}"
        ) from err
    except RecursionError as err:
        raise MapFormatError(
            f"{source}: the JSON is nested too deeply to be an account map"
        ) from err
    except ValueError as err:  # a number too long to read, for one
        raise MapFormatError(f"{source}: invalid JSON: {err}") from err
    _check_lone_surrogates(text, source)
    return parse_map(data, source=source)


class _DuplicateKey(ValueError):
    """A JSON object that holds one key twice (``json`` would keep the last silently)."""


def _object_without_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    data = dict(pairs)
    if len(data) == len(pairs):
        return data
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            break
        seen.add(key)
    owner = data.get("id")
    where = f" (the one with the id {owner!r})" if isinstance(owner, str) else ""
    raise _DuplicateKey(
        f"the key {key!r} appears twice in one object{where}; JSON readers would keep only "
        "one of its values, so remove or rename the other")


# A \uD800-\uDFFF escape that is not half of a pair decodes to a string that can be
# neither printed nor saved as UTF-8 (a truncated emoji from some exporters).
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _check_lone_surrogates(text: str, source: str) -> None:
    # Looking for one character is a memchr; looking for "\\u" in a long text is not.
    if "\\" not in text or "\\u" not in text:
        return
    for match in _LONE_SURROGATE.finditer(text):
        start = backslash = match.start()
        while backslash > 0 and text[backslash - 1] == "\\":
            backslash -= 1
        if (start - backslash) % 2:  # an escaped backslash followed by "u…": plain text
            continue
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        raise MapFormatError(
            f"{source}: line {line}, column {column}: {match.group()} is half of a character "
            "(an unpaired surrogate); remove it or write the whole character"
        )


def map_too_large(source: str, size: int) -> MapFormatError:
    """The error for a map of ``size`` bytes, over :data:`MAX_MAP_BYTES` (every reader and
    writer of maps says it so)."""
    return MapFormatError(
        f"{source}: the map is {size / 1048576:.1f} MB; maps up to "
        f"{MAX_MAP_BYTES // 1048576} MB are accepted (a 2,000-person account is about 1 MB)"
    )


def dumps_map(amap: AccountMap) -> str:
    """The map as indented kam/1 JSON text (UTF-8, non-ASCII kept readable)."""
    return json.dumps(amap.to_dict(), ensure_ascii=False, indent=2) + "\n"


def map_text(amap: AccountMap, *, source: str = "map") -> str:
    """:func:`dumps_map` of ``amap``, refused when it is over :data:`MAX_MAP_BYTES` (it
    could not be loaded again): what a store saves and an import checks before writing.

    Raises
    ------
    MapFormatError
        The map is too large (:func:`map_too_large`, naming ``source``).

    >>> from graphlib_kam.model import parse_map
    >>> map_text(parse_map({"account": {"id": "a"}})).startswith("{")
    True
    """
    text = dumps_map(amap)
    if len(text) > MAX_MAP_BYTES // 4:  # cheap: a character is at most 4 bytes
        size = len(text.encode("utf-8"))
        if size > MAX_MAP_BYTES:
            raise map_too_large(source, size)
    return text
