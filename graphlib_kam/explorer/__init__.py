"""The Streamlit explorer: ``app`` (widgets and session state) over ``session`` (the
library calls it makes), ``sources`` (where maps come from), ``rows`` (tables to show)
and ``edit`` (the editable tables and back).

Only ``app`` imports streamlit; the root ``app.py`` runs it.
"""
