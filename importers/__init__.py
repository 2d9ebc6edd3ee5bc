"""Importers: CRM exports, spreadsheets, org charts and network files into account maps.

Installed as ``graphlib_kam.importers``. Every importer returns an :class:`ImportResult`:
a map valid under kam/1 and a report of the rows or values that were skipped or
defaulted (``problems``, each with its file, row and column) and of the decisions taken
(``notes``). Pure ``read_*``/``parse_*`` functions work on rows already read; the
``import_*`` functions read files through one row pipeline (:func:`tables_from_bytes`:
encodings and delimiters detected, sizes and zip bombs refused). Every ``import_*``
takes paths or :class:`InputFile` objects — bytes and the name every message gives
them, for uploads — and :func:`import_files` takes ``(name, bytes)`` pairs too; reading
a path is a thin wrapper (:func:`tables_from_file`) over reading its bytes.

=============  ==============================================================
format         reads
=============  ==============================================================
``table``      CSV or Excel: stakeholders (English or Chinese headers), and
               optionally relationships, team and coverage tables
``orgchart``   org-chart tables (PersonID/SupervisorID, ID/Boss ID,
               Email/SupervisorEmail, Name/Reports To)
``salesforce`` Contact + OpportunityContactRole (+ Opportunity, Account, User)
               CSV exports; one map per opportunity (or per account)
``hubspot``    a HubSpot contacts export with buying roles
``kumu``       a Kumu map: blueprint JSON, or a workbook (Elements, Connections)
``edgelist``   edge lists (``source target [weight]``), one relation a file,
               with an optional attributes table
``matrix``     square adjacency matrices, one relation a file, with an
               optional attributes table
=============  ==============================================================

:func:`detect_format` tells which of these reads a set of files from their headers,
sheets and keys (module :mod:`~graphlib_kam.importers.detect`); :func:`localize_problem`
gives a report's English problems and notes in another language.

Activities go into a map that exists (:func:`import_activities`, module
:mod:`~graphlib_kam.importers.activities`): ``ics`` (iCalendar meetings),
``salesforce-activities`` (Task/Event exports) and ``hubspot-activities`` (meetings and
calls exports).

>>> sorted(FORMATS)  # doctest: +NORMALIZE_WHITESPACE
['edgelist', 'hubspot', 'hubspot-activities', 'ics', 'kumu', 'matrix', 'orgchart',
 'salesforce', 'salesforce-activities', 'table']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import BinaryIO

from graphlib_kam.errors import InputError
from graphlib_kam.importers._build import ImportResult
from graphlib_kam.importers._fields import FieldSpec, parse_field_option, slug
from graphlib_kam.importers._merge import merge_into
from graphlib_kam.importers._rows import (
    RowProblem,
    Table,
    decode_bytes,
    parse_delimited,
    parse_delimiter_option,
    tables_from_bytes,
    tables_from_file,
)
from graphlib_kam.importers._text import InputFile, input_file
from graphlib_kam.importers.activities import (
    ACTIVITY_FORMATS,
    NEW_LINK_STRENGTH,
    apply_activities,
    import_activities,
    read_ics,
)
from graphlib_kam.importers.detect import DETECTABLE, Detection, detect_format
from graphlib_kam.importers.hubspot import import_hubspot, read_hubspot
from graphlib_kam.importers.kumu import (
    import_kumu,
    parse_kumu,
    read_kumu_tables,
)
from graphlib_kam.importers.messages import localize, localize_problem, localize_where
from graphlib_kam.importers.network import (
    TIE_KINDS,
    TieFile,
    import_edge_lists,
    import_matrices,
    parse_tie_option,
)
from graphlib_kam.importers.orgchart import import_orgchart, read_orgchart
from graphlib_kam.importers.salesforce import GROUPS, import_salesforce, read_salesforce
from graphlib_kam.importers.table import ROLE_UNKNOWN_TAG, classify_table, import_table, read_tables
from graphlib_kam.model import Account

__all__ = [
    "ACTIVITY_FORMATS",
    "DETECTABLE",
    "FORMATS",
    "GROUPS",
    "ROLE_UNKNOWN_TAG",
    "TIE_KINDS",
    "FieldSpec",
    "Detection",
    "ImportResult",
    "InputFile",
    "NEW_LINK_STRENGTH",
    "RowProblem",
    "Table",
    "TieFile",
    "apply_activities",
    "classify_table",
    "decode_bytes",
    "detect_format",
    "import_activities",
    "import_edge_lists",
    "import_files",
    "import_hubspot",
    "import_kumu",
    "import_matrices",
    "import_orgchart",
    "import_salesforce",
    "import_table",
    "localize",
    "localize_problem",
    "localize_where",
    "merge_into",
    "normalize_format",
    "parse_delimited",
    "parse_delimiter_option",
    "parse_field_option",
    "parse_kumu",
    "parse_tie_option",
    "read_hubspot",
    "read_ics",
    "read_kumu_tables",
    "read_orgchart",
    "read_salesforce",
    "read_tables",
    "slug",
    "tables_from_bytes",
    "tables_from_file",
]

FORMATS: dict[str, str] = {
    "table": "CSV or Excel sheets: stakeholders, and optionally relationships, team, coverage",
    "orgchart": "org-chart tables: PersonID/SupervisorID, ID/Boss ID, Email/SupervisorEmail "
                "or Name/Reports To",
    "salesforce": "Salesforce CSV exports: Contact and OpportunityContactRole (+ Opportunity, "
                  "Account, User); one map per opportunity",
    "hubspot": "a HubSpot contacts export (buying roles, owners)",
    "kumu": "a Kumu map: blueprint JSON, or a workbook with Elements and Connections",
    "edgelist": "edge lists, FILE=KIND (" + ", ".join(TIE_KINDS) + "), with --attributes",
    "matrix": "adjacency matrices, FILE=KIND (" + ", ".join(TIE_KINDS) + "), with --attributes",
    **ACTIVITY_FORMATS,
}
_ALIASES = {"csv": "table", "xlsx": "table", "excel": "table", "spreadsheet": "table",
            "sfdc": "salesforce", "edges": "edgelist", "edge-list": "edgelist",
            "adjacency": "matrix", "org-chart": "orgchart", "org": "orgchart",
            "hierarchy": "orgchart", "ical": "ics", "icalendar": "ics",
            "sfdc-activities": "salesforce-activities",
            "salesforce-tasks": "salesforce-activities",
            "hubspot-meetings": "hubspot-activities", "hubspot-calls": "hubspot-activities"}


def normalize_format(name: str) -> str:
    """The importer called ``name`` (``csv`` and ``xlsx`` are ``table``).

    Raises
    ------
    InputError
        An unknown format, listing the known ones.
    """
    key = name.strip().casefold()
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise InputError(f"unknown import format {name!r}; expected one of "
                         + ", ".join(FORMATS))
    return key


def _field_specs(fields: Iterable[str | FieldSpec] | Mapping[str, FieldSpec] | None
                 ) -> dict[str, FieldSpec]:
    if not fields:
        return {}
    if isinstance(fields, Mapping):
        return dict(fields)
    specs = [f if isinstance(f, FieldSpec) else parse_field_option(f) for f in fields]
    return {spec.field: spec for spec in specs}


def import_files(
    format: str,
    paths: list[str | os.PathLike | InputFile | tuple[str, bytes] | BinaryIO],
    *,
    account_id: str | None = None,
    account_name: str | None = None,
    industry: str = "",
    fields: Iterable[str | FieldSpec] | Mapping[str, FieldSpec] | None = None,
    attributes: str | os.PathLike | InputFile | tuple[str, bytes] | None = None,
    select: str | None = None,
    opportunity: str | None = None,
    group: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> list[ImportResult]:
    """Import ``paths`` with the importer ``format``; one result per account map.

    Parameters
    ----------
    format : str
        One of :data:`FORMATS` (or ``csv``/``xlsx`` for ``table``).
    paths : list
        The input files: paths, or the content of each as an :class:`InputFile`, a
        ``(name, bytes)`` pair or a binary file object — read from its bytes, the name
        used in every message. For ``edgelist`` and ``matrix`` a path may be
        ``FILE=KIND``; the kind of bytes comes from their name.
    account_id, account_name, industry : str, keyword-only
        The account the map is about (Salesforce and HubSpot take them from the export,
        unless given here and the import makes one map).
    fields : keyword-only
        ``--field`` options (``FIELD=COLUMN[:CODE=TERM,…]``) or :class:`FieldSpec` objects,
        for ``table`` and for the attributes of ``edgelist`` and ``matrix``.
    attributes : path-like or bytes as ``paths``, keyword-only
        The attributes table of ``edgelist`` and ``matrix``.
    select : str, keyword-only
        ``salesforce``: one account or opportunity, by id or name; ``hubspot``: one
        company, by name.
    opportunity : str, keyword-only
        ``salesforce`` only: one opportunity, by id or name.
    group : {"opportunity", "account"}, keyword-only
        ``salesforce`` only: one map per opportunity (default) or per account.
    encoding : str, keyword-only
        The encoding of text inputs (detected by default: UTF-8, UTF-16, GB18030).
    delimiter : str, keyword-only
        The delimiter of text inputs (detected by default), one character or a name
        (``tab``, ``semicolon`` …).

    Raises
    ------
    InputError
        An unknown format, an option the format does not take, or unusable input.
    NotFoundError
        A missing file, or a ``select``/``opportunity`` that matches nothing.

    Examples
    --------
    >>> [r] = import_files("table", [("c.csv", b"name,power\\nAnn,9\\n")], account_id="acme")
    >>> r.map.account.id, r.problems[0].where
    ('acme', 'c.csv row 2 (power)')
    """
    kind = normalize_format(format)
    if kind in ACTIVITY_FORMATS:
        raise InputError(f"{kind}: activities are imported into a map that exists "
                         "(import_activities, or kam import with -o that map)")
    paths = [p if isinstance(p, TieFile) else input_file(p) for p in paths]
    if attributes is not None:
        attributes = input_file(attributes)
    if not paths:
        raise InputError(f"{kind}: give at least one input file")
    specs = _field_specs(fields)
    if select and kind not in ("salesforce", "hubspot"):
        raise InputError("--select is for the salesforce and hubspot formats")
    if (opportunity or group) and kind != "salesforce":
        raise InputError("--opportunity and --by are for the salesforce format")
    if attributes is not None and kind not in ("edgelist", "matrix"):
        raise InputError("--attributes is for the edgelist and matrix formats")
    if specs and kind not in ("table", "edgelist", "matrix"):
        raise InputError(f"--field is not used by the {kind} format")
    if delimiter is not None:
        delimiter = parse_delimiter_option(delimiter)
    account = Account(id=account_id or "imported", name=account_name or account_id or "",
                      industry=industry)
    if kind == "table":
        return [import_table(paths, account=account, fields=specs, encoding=encoding,
                             delimiter=delimiter)]
    if kind == "orgchart":
        return [import_orgchart(paths, account=account, encoding=encoding,
                                delimiter=delimiter)]
    if kind == "kumu":
        if len(paths) != 1:
            raise InputError("kumu: give one map file (blueprint JSON or workbook)")
        return [import_kumu(paths[0], account=account, encoding=encoding)]
    if kind in ("edgelist", "matrix"):
        ties = [p if isinstance(p, TieFile) else TieFile.named(p) if isinstance(p, InputFile)
                else parse_tie_option(os.fspath(p)) for p in paths]
        reader = import_edge_lists if kind == "edgelist" else import_matrices
        return [reader(ties, account=account, attributes=attributes, fields=specs,
                       encoding=encoding, delimiter=delimiter)]
    if kind == "hubspot":
        results = import_hubspot(paths, account=account, select=select, encoding=encoding,
                                 delimiter=delimiter)
    else:
        results = import_salesforce(paths, select=select, opportunity=opportunity,
                                    group=group or "opportunity", encoding=encoding,
                                    delimiter=delimiter)
    if len(results) == 1:
        found = results[0].map.account
        found.id = account_id or found.id
        found.name = account_name or found.name
        found.industry = industry or found.industry
    return results
