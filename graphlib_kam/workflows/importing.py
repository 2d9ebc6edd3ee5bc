"""Import into a map: read files with an importer, merge into the map that is there (or
make one), save with the revision check — or write one map per account into a folder.

``kam import`` calls :func:`import_into`; the explorer reads uploads with the same
importers (:func:`graphlib_kam.importers.import_files` takes ``(name, bytes)`` pairs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphlib_kam.algorithms.personnel import personnel_alerts
from graphlib_kam.errors import InputError, MapError
from graphlib_kam.files import is_same_file, read_regular_file
from graphlib_kam.importers import (
    ACTIVITY_FORMATS,
    ImportResult,
    InputFile,
    import_activities,
    import_files,
    merge_into,
    normalize_format,
    slug,
)
from graphlib_kam.model import AccountMap, Stakeholder
from graphlib_kam.model.codec import MAX_MAP_BYTES, map_text, map_too_large
from graphlib_kam.store.file import FileStore, load_map, save_map
from graphlib_kam.text import DEFAULT_LANG, Msg

__all__ = ["ImportedMap", "check_import", "default_account_id", "import_into",
           "import_targets"]

_LISTED_ACCOUNTS = 8

_CRM_FORMATS = ("table", "orgchart", "salesforce", "hubspot")
"""The exports whose re-import raises personnel-change alerts."""


@dataclass(frozen=True)
class ImportedMap:
    """One map of an import and what became of it.

    Attributes
    ----------
    result : ImportResult
        The map (merged, when it was merged into one that existed) and the importer's
        problems and notes.
    output : str or None
        The file written; None when nothing was written (``strict`` and problems).
    revision : int or None
        The revision the map was saved at; None when nothing was written.
    merged : bool
        Whether it was merged into a map that was already there.
    alerts : list of dict
        Personnel changes the export shows against the map it was merged into
        (:func:`~graphlib_kam.algorithms.personnel.personnel_alerts`), each with
        ``applied``: whether the person was marked as left (``may-have-left`` with
        ``apply_departures``) and ``status``, a line saying so.
    """

    result: ImportResult
    output: str | None = None
    revision: int | None = None
    merged: bool = False
    alerts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """One entry of the ``kam import --format json`` report."""
        return {"output": self.output, **self.result.to_dict(), "revision": self.revision,
                "merged": self.merged, "alerts": self.alerts}


def default_account_id(output: str | os.PathLike) -> str:
    """The account id a map file's name suggests.

    >>> default_account_id("maps/Acme Bank.kam.json"), default_account_id("x/.json")
    ('acme-bank', 'imported')
    """
    name = Path(output).name
    for suffix in (".kam.json", ".json"):
        name = name.removesuffix(suffix)
    return slug(name) or "imported"


def import_targets(results: list[ImportResult], output: str | os.PathLike, *,
                   is_folder: bool) -> list[Path]:
    """The file each result goes to: ``output`` itself, or one file per account in the
    folder ``output`` (made when its parent exists).

    Raises
    ------
    InputError
        Several accounts for one file (the message lists them), or a folder whose
        parent does not exist.
    """
    output = Path(output)
    if is_folder:
        if not output.is_dir():
            if not output.parent.is_dir():
                raise InputError(f"{output.parent}: no such folder")
            output.mkdir()
        _refuse_shared_ids(results, output)
        store = FileStore(output)
        paths: list[Path] = []
        for result in results:
            paths.append(store.path_for(result.account.id, taken=paths))
        return paths
    if len(results) > 1:
        listed = ", ".join(f"{r.account.name} ({r.account.id}, "
                           f"{r.counts()['stakeholders']} people)"
                           for r in results[:_LISTED_ACCOUNTS])
        more = (f" and {len(results) - _LISTED_ACCOUNTS} more"
                if len(results) > _LISTED_ACCOUNTS else "")
        raise InputError(
            f"the input holds {len(results)} accounts; give a folder as -o to write one map "
            f"each, or --select one of them: {listed}{more}"
        )
    return [output]


def check_import(results: list[ImportResult], files: list, targets: list, *,
                 where: str | os.PathLike) -> None:
    """Refuse an import that would lose data, before anything is written: what ``kam
    import`` checks and the explorer checks of an upload.

    * accounts of the import that share one id (``'Acme Corp'``, ``'ACME CORP'``): they
      would be saved to one file, each over the other;
    * a target that is one of the inputs: a path naming the same file (``FILE=KIND``
      too), or an uploaded ``(name, bytes)`` pair or :class:`InputFile` holding exactly
      the bytes of the target (the map itself, uploaded to be imported over itself).

    Parameters
    ----------
    results : list of ImportResult
    files : list
        The inputs, as :func:`import_into` takes them.
    targets : list of path-like
        The files the results would be saved to (those that exist are compared).
    where : path-like
        What the messages name for the import as a whole (the output, or the uploads).

    Raises
    ------
    InputError
        Naming the accounts that share an id, or the input a target is.
    """
    _refuse_shared_ids(results, where)
    for target in targets:
        _refuse_own_input(Path(target), files)


def _refuse_own_input(target: Path, files: list) -> None:
    """Refuse a map file that is one of the inputs (``FILE=KIND`` names the file too)."""
    content: bytes | None = None
    for item in files:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            item = InputFile(str(item[0]), item[1])
        if isinstance(item, InputFile):
            if content is None:
                content = _content_of(target)
            if content is not None and content == item.data:
                raise InputError(f"{target}: is the upload {item.name}; it would be replaced by "
                                 "an import of itself (nothing was written)")
            continue
        if not isinstance(item, (str, os.PathLike)):
            continue
        name = os.fspath(item)
        for candidate in {name, name.rpartition("=")[0] or name}:
            if is_same_file(target, candidate):
                raise InputError(f"{target}: is the input {candidate}; give another file "
                                 "as -o (nothing was written)")


def _content_of(path: Path) -> bytes | None:
    """The bytes of the map file ``path``; None when there is none that can be read."""
    try:
        return read_regular_file(path, limit=MAX_MAP_BYTES, too_large=InputError)
    except (OSError, InputError):
        return None


def _refuse_shared_ids(results: list[ImportResult], output: str | os.PathLike) -> None:
    """Refuse accounts of one import that have one id (they would be saved to one file)."""
    names: dict[str, list[str]] = {}
    for result in results:
        names.setdefault(result.account.id, []).append(result.account.name)
    shared = {i: n for i, n in names.items() if len(n) > 1}
    if shared:
        listed = "; ".join(f"{', '.join(map(repr, n))} all have the id {i!r}"
                           for i, n in list(shared.items())[:_LISTED_ACCOUNTS])
        raise InputError(f"{output}: accounts of this import would overwrite each other: "
                         f"{listed}; make their names differ by more than case and "
                         "punctuation in the input, or --select one (nothing was written)")


def _existing(path: Path) -> AccountMap:
    try:
        return load_map(path)
    except MapError as err:
        raise InputError(f"{path}: exists but cannot be merged into ({err}); --replace "
                         "overwrites it") from err


def _import_activities(format: str, files: list, target: Path, *, strict: bool,
                       saved_by: str | None, encoding: str | None = None,
                       delimiter: str | None = None, **options: Any) -> ImportedMap:
    """Activities into the map ``target`` (which must exist); saved only when they add
    something, so re-importing a file leaves the map and its revision as they were."""
    given = [name.replace("_", "-") for name, value in options.items() if value]
    if given:
        raise InputError(f"{format}: --{', --'.join(given)} not used when importing "
                         "activities")
    if target.is_dir() or not target.exists():
        raise InputError(f"{target}: no such map; activities are imported into a map that "
                         "exists (import its people first)")
    old = _existing(target)
    result = import_activities(format, files, old, encoding=encoding, delimiter=delimiter)
    if strict and result.problems:
        return ImportedMap(result)
    if result.map == old:
        return ImportedMap(result, str(target), old.revision, True)
    saved = save_map(result.map, target, check_revision=True, saved_by=saved_by)
    return ImportedMap(result, str(target), saved.revision, True)


def import_into(
    format: str,
    files: list,
    output: str | os.PathLike,
    *,
    replace: bool = False,
    strict: bool = False,
    account_id: str | None = None,
    saved_by: str | None = None,
    apply_departures: bool = False,
    lang: str = DEFAULT_LANG,
    **options: Any,
) -> list[ImportedMap]:
    """Import ``files`` and write the maps to ``output``, merging into what is there.

    Parameters
    ----------
    format : str
        An importer of :data:`graphlib_kam.importers.FORMATS`.
    files : list
        Paths, or ``(name, bytes)`` pairs (see
        :func:`~graphlib_kam.importers.import_files`).
    output : path-like
        The map file to write or merge into; a folder (one that exists, or a name
        ending in ``/``) for one map per account.
    replace : bool, keyword-only
        Overwrite a map that exists instead of merging into it (its revision continues).
    strict : bool, keyword-only
        Write nothing if the importer reports any problem.
    account_id : str, keyword-only
        The account's id; by default the output file's name (:func:`default_account_id`),
        or the export's own ids for a folder.
    saved_by : str, optional, keyword-only
        Who imports, as the map's history records it (default:
        :func:`~graphlib_kam.store.history.who_saves`).
    apply_departures : bool, keyword-only
        Mark the people a re-imported CRM export (table, orgchart, salesforce, hubspot)
        no longer holds as left, with the suggested successor; by default they are only
        reported (``ImportedMap.alerts``).
    lang : str, keyword-only
        Language of the alerts ("en" or "zh").
    **options
        The other keyword options of :func:`~graphlib_kam.importers.import_files`.

    Returns
    -------
    list of ImportedMap
        One per account, in the importer's order; with ``strict`` and problems, none
        written (``output`` None).

    Raises
    ------
    InputError, NotFoundError
        What the importer refuses; several accounts for one file; a map there that
        cannot be merged into.
    ConflictError
        A map file changed by someone else while the import ran; it is left as it was.
    MapFormatError
        A map over the store's limit (:data:`~graphlib_kam.model.codec.MAX_MAP_BYTES`);
        nothing is written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> people = ("people.csv", "name,role\\nAnn Lee,decision-maker\\n".encode())
    >>> [first] = import_into("table", [people], folder / "acme.kam.json")
    >>> first.result.map.account.id, first.revision, first.merged
    ('acme', 1, False)
    >>> [again] = import_into("table", [people], folder / "acme.kam.json")
    >>> again.revision, again.merged
    (2, True)
    """
    text = os.fspath(output)
    target = Path(text)
    _refuse_own_input(target, files)
    if normalize_format(format) in ACTIVITY_FORMATS:
        return [_import_activities(normalize_format(format), files, target, strict=strict,
                                   saved_by=saved_by, **options)]
    is_folder = target.is_dir() or text.endswith(("/", os.sep))
    if account_id is None and not is_folder:
        account_id = default_account_id(target)
    results = import_files(format, files, account_id=account_id, **options)
    paths = import_targets(results, target, is_folder=is_folder)
    check_import(results, files, paths, where=target)
    if strict and any(r.problems for r in results):
        return [ImportedMap(r) for r in results]
    olds = [None if replace or not path.exists() else _existing(path) for path in paths]
    kind = normalize_format(format)
    merged = []
    for result, path, old in zip(results, paths, olds, strict=True):
        alerts: list[dict[str, Any]] = []
        if old is not None:
            imported = result.map
            result = merge_into(old, result)
            if kind in _CRM_FORMATS:
                alerts = _alerts(kind, old, imported, result, apply_departures, lang)
            text = None
        else:  # a new map: its text comes from the importer (by columns, for large tables)
            text = _fitting(result.kam_json(), source=str(path))
        if text is None:
            map_text(result.map, source=str(path))  # every map fits before any is written
        merged.append((result, alerts, text))
    done = []
    for (result, alerts, text), path, old in zip(merged, paths, olds, strict=True):
        # Not there when read is checked too: a file that appeared since is not replaced.
        saved = save_map(result.map, path, check_revision=not replace, saved_by=saved_by,
                         create=old is None and not replace, text=text)
        done.append(ImportedMap(result, str(path), saved.revision, old is not None, alerts))
    return done


def _fitting(text: str, *, source: str) -> str:
    """``text``, a map's kam/1 JSON, unless it is over the store's limit.

    Raises
    ------
    MapFormatError
        As :func:`~graphlib_kam.model.codec.map_text` does.
    """
    if len(text) > MAX_MAP_BYTES // 4:  # cheap: a character is at most 4 bytes
        size = len(text.encode("utf-8"))
        if size > MAX_MAP_BYTES:
            raise map_too_large(source, size)
    return text


def _source(person: Stakeholder) -> str:
    """The export a stakeholder came from, as far as what the importers keep tells."""
    if "opportunity_roles" in person.extra:
        return "salesforce"
    if person.id.startswith("hs-") or "hubspot_buying_roles" in person.extra:
        return "hubspot"
    return "table"


def _alerts(kind: str, old: AccountMap, imported: AccountMap, merged: ImportResult,
            apply_departures: bool, lang: str) -> list[dict[str, Any]]:
    """The personnel alerts of one merge; with ``apply_departures`` the people who may
    have left are marked as left in ``merged.map`` (with the suggested successor)."""
    ids = merged.matched
    managers: dict[str, set[str]] = {}
    for r in imported.relationships:
        if r.kind == "reports-to":
            managers.setdefault(ids[r.source], set()).add(ids[r.target])
    source = "table" if kind == "orgchart" else kind
    alerts = personnel_alerts(
        old, merged.map, present=set(ids.values()), managers=managers,
        tracked={p.id for p in old.stakeholders if _source(p) == source}, lang=lang)
    people = merged.map.stakeholders_by_id()
    for alert in alerts:
        applied = apply_departures and alert["change"] == "may-have-left"
        if applied:
            person = people[alert["stakeholder"]]
            person.status = "left"
            person.successor = alert["successor"]
        alert["applied"] = applied
        alert["status"] = (Msg("personnel.left.applied" if applied else "personnel.left.ask")
                           .render(lang) if alert["change"] == "may-have-left" else None)
    return alerts
