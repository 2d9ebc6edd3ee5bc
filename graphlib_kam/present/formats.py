"""Which report or export format a file name asks for, by its suffix.

Kept apart from the writers so that ``kam`` can list the formats in its help, and check
an output name before any work, without loading networkx or the report renderers.
"""

from __future__ import annotations

import os
from pathlib import Path

from graphlib_kam.errors import InputError

__all__ = ["EXPORT_FORMATS", "REPORT_FORMATS", "export_format", "report_format"]

REPORT_FORMATS: dict[str, str] = {
    ".html": "HTML page (interactive graph, prints tidily)",
    ".pdf": "PDF, A4",
    ".md": "Markdown",
    ".xlsx": "Excel workbook, one sheet per section",
}

EXPORT_FORMATS: dict[str, str] = {
    ".graphml": "GraphML (Gephi, yEd, Cytoscape)",
    ".gexf": "GEXF (Gephi)",
    ".json": "node-link JSON (networkx, D3)",
    ".cypher": "Cypher script (Neo4j)",
    ".csv": "CSV tables, UTF-8 with BOM (Excel)",
    ".kumu.json": "Kumu blueprint JSON",
    ".kumu.xlsx": "Kumu workbook (Elements and Connections sheets)",
}


def report_format(path: str | os.PathLike) -> str:
    """The report format a file name asks for (a key of :data:`REPORT_FORMATS`).

    Raises
    ------
    InputError
        For any other suffix, listing the supported ones.

    Examples
    --------
    >>> report_format("acme.PDF")
    '.pdf'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_FORMATS or Path(path).name.lower() == suffix:
        raise InputError(f"{path}: cannot tell the report format from the file name; use "
                         "one of " + ", ".join(REPORT_FORMATS))
    return suffix


def export_format(path: str | os.PathLike) -> str:
    """The export format a file name asks for: one of :data:`EXPORT_FORMATS`' keys.

    The longest matching suffix wins (``x.kumu.json`` is Kumu, ``x.json`` node-link).

    Raises
    ------
    InputError
        For any other suffix, listing the supported ones.

    Examples
    --------
    >>> export_format("acme.kumu.json"), export_format("ACME.GraphML")
    ('.kumu.json', '.graphml')
    """
    name = Path(path).name.lower()
    for suffix in sorted(EXPORT_FORMATS, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    raise InputError(
        f"{path}: cannot tell the export format from the file name; use one of "
        + ", ".join(EXPORT_FORMATS)
    )
