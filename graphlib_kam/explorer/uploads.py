"""The explorer's upload: tell the format, read every map, preview, save to the portfolio.

The steps ``app.py`` shows, as plain library calls (nothing here imports streamlit):

* :func:`detect_upload` — each file checked by content
  (:func:`~graphlib_kam.explorer.sources.check_upload`), then the format of the set
  (:func:`graphlib_kam.importers.detect_format`: a Salesforce bundle, HubSpot, an org
  chart, Kumu, a table …);
* :func:`read_upload` — the import, one map per account or opportunity, in the detected
  format or the one the user chose; a single map takes the name the user gives it;
* :func:`preview_rows`, :func:`file_rows`, :func:`report_rows` — what the preview shows,
  in the reader's language (the importers' problems and notes too);
* :func:`save_to_portfolio` — every map of the upload into the folder the explorer runs
  on, through :func:`graphlib_kam.workflows.import_into`, the same call and the same
  checks as ``kam import FORMAT FILES -o FOLDER/`` (a map already there is merged into,
  with the revision check; accounts of one import that would share a file are refused,
  and so is a map that would be replaced by an import of its own bytes).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graphlib_kam.errors import InputError
from graphlib_kam.explorer.sources import check_upload
from graphlib_kam.importers import (
    ACTIVITY_FORMATS,
    Detection,
    ImportResult,
    InputFile,
    detect_format,
    import_activities,
    import_files,
    localize_problem,
    slug,
)
from graphlib_kam.model import AccountMap
from graphlib_kam.store import FileStore, loads_map
from graphlib_kam.text import DEFAULT_LANG, t

__all__ = [
    "Upload",
    "detect_upload",
    "existing_accounts",
    "file_rows",
    "preview_rows",
    "read_upload",
    "report_rows",
    "save_to_portfolio",
]


_NAMED_BY_EXPORT = ("salesforce", "hubspot")
"""The formats whose exports name their accounts (an opportunity, a company)."""


@dataclass(frozen=True)
class Upload:
    """Uploaded files checked by content, and what they were found to be.

    Attributes
    ----------
    files : tuple of InputFile
        Each file's name, bytes and kind (``json``, ``xlsx``, ``text``).
    detection : Detection
        The format of the set (:func:`graphlib_kam.importers.detect_format`).
    """

    files: tuple[InputFile, ...]
    detection: Detection

    @property
    def stem(self) -> str:
        """The first file's name without its suffixes: the default account name."""
        name = Path(self.files[0].name).name
        for suffix in (".kam.json", ".json", ".csv", ".xlsx", ".txt", ".dat"):
            name = name.removesuffix(suffix)
        return name.strip() or "imported"


def detect_upload(files: Sequence[tuple[str, bytes]]) -> Upload:
    """Check each uploaded file by its content, then tell the format of the set.

    Raises
    ------
    InputError
        No file, or a file :func:`~graphlib_kam.explorer.sources.check_upload` refuses
        (too large, empty, binary).

    Examples
    --------
    >>> up = detect_upload([("chart.csv", b"PersonID,Name,SupervisorID\\n1,Ada,\\n2,Bo,1\\n")])
    >>> up.detection.format, up.stem
    ('orgchart', 'chart')
    """
    if not files:
        raise InputError("no file was uploaded")
    checked = tuple(InputFile(name, data, check_upload(name, data)) for name, data in files)
    return Upload(checked, detect_format([(f.name, f.data) for f in checked]))


def _inputs(upload: Upload, fmt: str) -> tuple[list[InputFile], InputFile | None]:
    """The files the importer ``fmt`` reads, and the attributes table of network data;
    files the detection left out are not read when the detected format is used."""
    detection = upload.detection
    attributes = None
    files = list(upload.files)
    if fmt == detection.format:
        files = [f for f in files if f.name not in detection.ignored]
        if detection.attributes is not None:
            attributes = next(f for f in files if f.name == detection.attributes)
            files = [f for f in files if f is not attributes]
    return files, attributes


def read_upload(upload: Upload, fmt: str | None = None, *, name: str | None = None,
                amap: AccountMap | None = None) -> list[ImportResult]:
    """The maps of ``upload`` read as ``fmt`` (None: as detected), one per account.

    Parameters
    ----------
    fmt : str, optional
        ``kam`` or an importer of :data:`graphlib_kam.importers.FORMATS`.
    name : str, optional, keyword-only
        The account's name when the import makes one map (its id is made from it);
        default: the export's own name, else the first file's.
    amap : AccountMap, optional, keyword-only
        The open map, which activities (``ics`` and the CRM activity formats) go into.

    Raises
    ------
    InputError, NotFoundError, MapError
        What the importer or the map reader refuses, naming the uploaded file; accounts
        of the upload that share one id, as ``kam import`` refuses them
        (:func:`graphlib_kam.workflows.importing.check_import`).
    """
    fmt = fmt or upload.detection.format
    if fmt is None:
        raise InputError(t("detect.reason.none"))
    if fmt == "kam":
        if len(upload.files) != 1:
            raise InputError("open one kam/1 map at a time")
        first = upload.files[0]
        return [ImportResult(map=loads_map(first.data, source=first.name))]
    files, attributes = _inputs(upload, fmt)
    if fmt in ACTIVITY_FORMATS:
        if amap is None:
            raise InputError(f"{fmt}: activities go into a map; open one first")
        return [import_activities(fmt, files, amap)]
    given = (name or "").strip()
    stem = given or upload.stem
    results = import_files(fmt, files, attributes=attributes,
                           account_id=slug(stem) or "imported", account_name=stem)
    # What kam import refuses is refused here, before the preview offers to open a map:
    # accounts of the upload that share one id would be saved over each other.
    from graphlib_kam.workflows.importing import check_import

    check_import(results, files, [], where=", ".join(f.name for f in files))
    if len(results) > 1 or not given:
        return results
    results[0].map.account.name = given  # the name given wins over the export's
    results[0].map.account.id = slug(given) or "imported"
    return results


def preview_rows(results: Sequence[ImportResult]) -> list[dict]:
    """One row per map: its name and counts, and how many problems and notes."""
    return [{"import_map": r.map.account.name or r.map.account.id,
             "stakeholders": len(r.map.stakeholders),
             "import_relationships": len(r.map.relationships),
             "import_team": len(r.map.team), "import_coverage": len(r.map.coverage),
             "import_problems": len(r.problems), "import_notes": len(r.notes)}
            for r in results]


def file_rows(upload: Upload, lang: str = DEFAULT_LANG) -> list[dict]:
    """One row per file: its name and what it was found to be, in ``lang``."""
    return [{"import_file": name, "import_part": t(f"detect.part.{kind}", lang)}
            for name, kind in upload.detection.files.items()]


def report_rows(problems, lang: str = DEFAULT_LANG) -> list[dict]:
    """An import's problems or notes as ``{"where", "message"}`` rows in ``lang``."""
    return [localize_problem(p, lang) for p in problems]


def existing_accounts(results: Sequence[ImportResult], store, *,
                      name: str | None = None) -> list[str]:
    """The names of the maps of ``results`` already in the folder ``store``: saving
    merges the import into them. ``name`` is the name given to a single map (its id is
    made from it)."""
    if not isinstance(store, FileStore):
        return []
    if name and len(results) == 1:
        return [name] if store.path_for(slug(name) or "imported").exists() else []
    return [r.map.account.name or r.map.account.id for r in results
            if store.path_for(r.map.account.id).exists()]


def save_to_portfolio(upload: Upload, fmt: str | None, folder: str | os.PathLike, *,
                      name: str | None = None, saved_by: str | None = None) -> list:
    """Every map of ``upload`` into the portfolio ``folder``, as ``kam import FORMAT
    FILES -o FOLDER/`` writes them (:func:`graphlib_kam.workflows.import_into`): new
    accounts are created (never over a file that appeared meanwhile), an account there
    already is merged into with the revision check, accounts that would share a file
    are refused and nothing is written.

    ``name`` names the account of an import that makes one map.

    Returns
    -------
    list of ImportedMap
        What became of each map (its file, revision, whether it was merged).

    Raises
    ------
    InputError, ConflictError, MapError
        What ``kam import`` refuses.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> up = detect_upload([("c.csv", b"name,role\\nAnn,decision-maker\\n")])
    >>> [done] = save_to_portfolio(up, None, folder, name="Acme Bank")
    >>> Path(done.output).name, done.revision, done.result.map.account.name
    ('acme-bank.kam.json', 1, 'Acme Bank')
    """
    from graphlib_kam.workflows import import_into

    fmt = fmt or upload.detection.format
    if fmt is None or fmt == "kam" or fmt in ACTIVITY_FORMATS:
        raise InputError(f"{fmt}: not an import of account maps")
    files, attributes = _inputs(upload, fmt)
    given = (name or "").strip()
    if not given and fmt not in _NAMED_BY_EXPORT:
        given = upload.stem  # as read_upload named it
    options = {"account_name": given} if given else {}
    if attributes is not None:
        options["attributes"] = attributes
    return import_into(fmt, files, os.path.join(os.fspath(folder), ""),
                       account_id=(slug(given) or "imported") if given else None,
                       saved_by=saved_by, **options)
