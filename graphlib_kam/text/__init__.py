"""Every word people read, in English and Simplified Chinese: one catalogue, one API.

:func:`t` renders a key in a language; :class:`Msg` carries a key and its values until the
language is known. The templates live in :mod:`graphlib_kam.text.catalogue`.
"""

from graphlib_kam.text.catalogue import (
    DEFAULT_LANG,
    LANGS,
    Msg,
    Term,
    check_lang,
    has,
    join,
    register,
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
    "register",
    "render",
    "t",
    "tn",
]
