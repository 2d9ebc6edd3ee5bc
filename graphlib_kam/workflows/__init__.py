"""Workflows that both faces offer — the ``kam`` command and the explorer call these.

* :mod:`~graphlib_kam.workflows.portfolio` — one row per account across a store.
"""
