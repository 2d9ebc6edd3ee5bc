"""Streamlit entry point (``streamlit run app.py``): the explorer is graphlib_kam.explorer.app."""
import runpy

# alter_sys: the explorer runs as __main__ in sys.modules, so Streamlit can tell which module
# declares the map component.
runpy.run_module("graphlib_kam.explorer.app", run_name="__main__", alter_sys=True)
