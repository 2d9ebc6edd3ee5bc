"""The version of graphlib_kam, in a module of its own.

Modules inside the package (the CLI's ``--version``, the report's footer) import it from
here rather than from :mod:`graphlib_kam` itself, whose ``__init__`` imports the package's
public surface and so would import them back.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
