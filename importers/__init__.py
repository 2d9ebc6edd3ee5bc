"""Importers: CRM exports and spreadsheets into account maps (installed as graphlib_kam.importers)."""
