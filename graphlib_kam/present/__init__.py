"""What people read and other tools take in: the graph page, reports and exports.

* :mod:`~graphlib_kam.present.viz` — the graph's nodes, edges and legend for a view;
* :mod:`~graphlib_kam.present.graph_page` — the one module that writes the graph HTML
  (offline, CSP-locked);
* :mod:`~graphlib_kam.present.report` — influence reports (HTML, Markdown, PDF, XLSX);
* :mod:`~graphlib_kam.present.export` — GraphML, GEXF, node-link JSON, Cypher, CSV and
  Kumu files;
* :mod:`~graphlib_kam.present.output` — files written atomically, all or none.

Nothing here computes analysis: callers pass what :func:`graphlib_kam.algorithms.analyze`
returned.
"""
