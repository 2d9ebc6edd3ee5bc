"""Every word people read, in English and Simplified Chinese: one catalogue, one API.

:func:`t` renders a key in a language, :func:`label` a vocabulary term, :func:`join` a
list; :class:`Msg` carries a key and its values until the language is known. The
templates live in one file per area beside :mod:`graphlib_kam.text.catalogue`, all loaded
on import; :mod:`graphlib_kam.text.glossary` holds the one term of each concept.
"""

from graphlib_kam.text.catalogue import (
    DEFAULT_LANG,
    LANGS,
    Msg,
    Term,
    check_lang,
    has,
    join,
    label,
    render,
    t,
    tn,
)

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "Msg",
    "Term",
    "check_lang",
    "has",
    "join",
    "label",
    "render",
    "t",
    "tn",
]
