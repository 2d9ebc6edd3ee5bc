"""Builds the optional compiled kernel; everything else is in pyproject.toml.

``graphlib_kam/algorithms/_betweenness.c`` is plain C against the Python API (no numpy
headers). It is optional: without a C compiler the package installs without it and
:mod:`graphlib_kam.algorithms.arrays` falls back to scipy (``arrays.COMPILED`` says which).
"""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class BuildExt(build_ext):
    """Adds -ffp-contract=off on gcc and clang: each product is rounded before it is
    added, as Python rounds it, so the kernel's sums are networkx's bit for bit (aarch64
    and others would otherwise fuse them into multiply-adds)."""

    def build_extensions(self):
        if self.compiler.compiler_type == "unix":
            for ext in self.extensions:
                ext.extra_compile_args = [*ext.extra_compile_args, "-ffp-contract=off"]
        super().build_extensions()


setup(
    ext_modules=[Extension("graphlib_kam.algorithms._betweenness",
                           ["graphlib_kam/algorithms/_betweenness.c"], optional=True)],
    cmdclass={"build_ext": BuildExt},
)
