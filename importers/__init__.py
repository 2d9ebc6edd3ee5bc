"""Importers: CRM exports, spreadsheets and network files into account maps.

Installed as ``graphlib_kam.importers``. Every importer returns an :class:`ImportResult`:
a map valid under kam/1 and a report of the rows or values that were skipped or
defaulted (``problems``) and of the decisions taken (``notes``).

=============  ==============================================================
format         reads
=============  ==============================================================
``table``      CSV or Excel: stakeholders (English or Chinese headers), and
               optionally relationships, team and coverage tables
``salesforce`` OpportunityContactRole + Contact + Opportunity (+ Account)
               CSV exports; one map per account
``kumu``       a Kumu blueprint JSON map
``edgelist``   edge lists (``source target [weight]``), one relation a file,
               with an optional attributes table
``matrix``     square adjacency matrices, one relation a file, with an
               optional attributes table
=============  ==============================================================

>>> sorted(FORMATS)
['edgelist', 'kumu', 'matrix', 'salesforce', 'table']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from graphlib_kam.errors import InputError
from graphlib_kam.model import Account

from ._build import ImportResult
from ._fields import FieldSpec, parse_field_option, slug
from ._rows import Table, parse_delimited, tables_from_file
from .kumu import import_kumu, parse_kumu
from .network import TIE_KINDS, TieFile, import_edge_lists, import_matrices, parse_tie_option
from .salesforce import import_salesforce, read_salesforce
from .table import ROLE_UNKNOWN_TAG, classify_table, import_table, read_tables

__all__ = [
    "FORMATS",
    "ROLE_UNKNOWN_TAG",
    "TIE_KINDS",
    "FieldSpec",
    "ImportResult",
    "Table",
    "TieFile",
    "classify_table",
    "import_edge_lists",
    "import_files",
    "import_kumu",
    "import_matrices",
    "import_salesforce",
    "import_table",
    "normalize_format",
    "parse_delimited",
    "parse_field_option",
    "parse_kumu",
    "parse_tie_option",
    "read_salesforce",
    "read_tables",
    "slug",
    "tables_from_file",
]

FORMATS: dict[str, str] = {
    "table": "CSV or Excel sheets: stakeholders, and optionally relationships, team, coverage",
    "salesforce": "Salesforce CSV exports: OpportunityContactRole, Contact, Opportunity "
                  "(+ Account); one map per account",
    "kumu": "a Kumu blueprint JSON map",
    "edgelist": "edge lists, FILE=KIND (" + ", ".join(TIE_KINDS) + "), with --attributes",
    "matrix": "adjacency matrices, FILE=KIND (" + ", ".join(TIE_KINDS) + "), with --attributes",
}
_ALIASES = {"csv": "table", "xlsx": "table", "excel": "table", "spreadsheet": "table",
            "sfdc": "salesforce", "edges": "edgelist", "edge-list": "edgelist",
            "adjacency": "matrix"}


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
    paths: list[str | os.PathLike],
    *,
    account_id: str | None = None,
    account_name: str | None = None,
    industry: str = "",
    fields: Iterable[str | FieldSpec] | Mapping[str, FieldSpec] | None = None,
    attributes: str | os.PathLike | None = None,
    select: str | None = None,
    encoding: str | None = None,
) -> list[ImportResult]:
    """Import ``paths`` with the importer ``format``; one result per account map.

    Parameters
    ----------
    format : str
        One of :data:`FORMATS` (or ``csv``/``xlsx`` for ``table``).
    paths : list of path-like
        The input files; for ``edgelist`` and ``matrix`` each may be ``FILE=KIND``.
    account_id, account_name, industry : str, keyword-only
        The account the map is about (Salesforce takes them from the export, unless
        given here and the import makes one map).
    fields : keyword-only
        ``--field`` options (``FIELD=COLUMN[:CODE=TERM,…]``) or :class:`FieldSpec` objects,
        for ``table`` and for the attributes of ``edgelist`` and ``matrix``.
    attributes : path-like, keyword-only
        The attributes table of ``edgelist`` and ``matrix``.
    select : str, keyword-only
        ``salesforce`` only: one account or opportunity, by id or name.
    encoding : str, keyword-only
        The encoding of text inputs (UTF-8 by default).

    Raises
    ------
    InputError
        An unknown format, an option the format does not take, or unusable input.
    NotFoundError
        A missing file, or a ``select`` that matches nothing.
    """
    kind = normalize_format(format)
    if not paths:
        raise InputError(f"{kind}: give at least one input file")
    specs = _field_specs(fields)
    if select and kind != "salesforce":
        raise InputError("--select is for the salesforce format")
    if attributes is not None and kind not in ("edgelist", "matrix"):
        raise InputError("--attributes is for the edgelist and matrix formats")
    if specs and kind in ("salesforce", "kumu"):
        raise InputError(f"--field is not used by the {kind} format")
    account = Account(id=account_id or "imported", name=account_name or account_id or "",
                      industry=industry)
    if kind == "table":
        return [import_table(paths, account=account, fields=specs, encoding=encoding)]
    if kind == "kumu":
        if len(paths) != 1:
            raise InputError("kumu: give one map file")
        return [import_kumu(paths[0], account=account, encoding=encoding)]
    if kind in ("edgelist", "matrix"):
        ties = [p if isinstance(p, TieFile) else parse_tie_option(os.fspath(p)) for p in paths]
        reader = import_edge_lists if kind == "edgelist" else import_matrices
        return [reader(ties, account=account, attributes=attributes, fields=specs,
                       encoding=encoding)]
    results = import_salesforce(paths, select=select, encoding=encoding)
    if len(results) == 1:
        found = results[0].map.account
        found.id = account_id or found.id
        found.name = account_name or found.name
        found.industry = industry or found.industry
    return results
