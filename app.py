"""Streamlit entry point (``streamlit run app.py``): the explorer is graphlib_kam.explorer.app."""
import runpy

runpy.run_module("graphlib_kam.explorer.app", run_name="__main__")
