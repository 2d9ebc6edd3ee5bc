"""The catalogue: every user-facing template in English and Simplified Chinese, one API.

The templates live in plain dictionaries, one file per area of the product
(:mod:`~graphlib_kam.text.terms`, :mod:`~graphlib_kam.text.analysis`,
:mod:`~graphlib_kam.text.cli`, :mod:`~graphlib_kam.text.explorer`,
:mod:`~graphlib_kam.text.report`, :mod:`~graphlib_kam.text.graph`,
:mod:`~graphlib_kam.text.importing`, :mod:`~graphlib_kam.text.team`,
:mod:`~graphlib_kam.text.common`), and all of them are loaded here, when
:mod:`graphlib_kam.text` is imported: a key never depends on which module happened to be
imported first. :func:`t` renders a key in a language; analyses that run before the
language is known return :class:`Msg` objects — a key and its values, rendered later in
any language; a value may itself be a :class:`Msg` or a list (joined the way the language
joins lists). :mod:`~graphlib_kam.text.glossary` holds the one term of each concept.

A template field written ``{name!c}`` starts with a capital letter (English sentences
that open with a value); ``zh`` templates may omit it.

>>> t("severity.high", "zh"), t("plan.step.direct", "en", member="Li Na", target="Wang")
('高', 'Li Na meets Wang in person')
>>> Msg("alert.joined.covered").render("zh")
'我方已覆盖'
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.text import (
    analysis,
    cli,
    common,
    explorer,
    graph,
    importing,
    marks,
    report,
    team,
    terms,
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
    "register",
    "render",
    "t",
    "templates",
    "tn",
]

LANGS = ("en", "zh")
DEFAULT_LANG = "en"

_CATALOGUE: dict[str, dict[str, str]] = {}
_COMPILED: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}


def register(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add templates to the catalogue: ``{key: {"en": template, "zh": template}}``.

    The area files are registered when the package is imported; product code never calls
    this (tests do, for keys of their own). Every key needs an English template (the
    fallback for a language that lacks one). Registering a key again with the same
    templates is harmless; with different ones it is an error, so two areas cannot
    silently fight over a key — keys start with their area (``gap.``, ``explorer.``).

    Raises
    ------
    ValueError
        When a key has no English template, uses an unknown language, or is already
        registered with different templates.

    Examples
    --------
    >>> register({"demo.bye": {"en": "Bye", "zh": "再见"}})
    >>> register({"demo.bye": {"en": "Ciao"}})
    Traceback (most recent call last):
    ...
    ValueError: message 'demo.bye' is already registered with different text
    """
    for key, templates in messages.items():
        if "en" not in templates:
            raise ValueError(f"message {key!r} has no English template")
        unknown = set(templates) - set(LANGS)
        if unknown:
            raise ValueError(f"message {key!r} uses unknown languages: {sorted(unknown)}")
        known = _CATALOGUE.get(key)
        if known is not None and known != dict(templates):
            raise ValueError(f"message {key!r} is already registered with different text")
        _CATALOGUE[key] = dict(templates)
        _COMPILED[key] = {lang: _compile(text) for lang, text in templates.items()}


def has(key: str) -> bool:
    """Whether ``key`` is in the catalogue.

    >>> has("severity.high"), has("no.such.key")
    (True, False)
    """
    return key in _CATALOGUE


def templates() -> dict[str, dict[str, str]]:
    """Every key of the catalogue with its templates, ``{key: {lang: template}}`` (a copy).

    >>> templates()["severity.high"]
    {'en': 'high', 'zh': '高'}
    """
    return {key: dict(texts) for key, texts in _CATALOGUE.items()}


def check_lang(lang: str) -> str:
    """Return ``lang`` when it is supported; raise :class:`InputError` otherwise.

    >>> check_lang("zh")
    'zh'
    """
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


_CAPITALIZED = re.compile(r"\{(\w+)!c\}")


def _compile(template: str) -> tuple[str, tuple[str, ...]]:
    """A template for :meth:`str.format_map`: ``{x!c}`` becomes ``{x__c}``."""
    return _CAPITALIZED.sub(r"{\1__c}", template), tuple(_CAPITALIZED.findall(template))


def _renders(value: Any) -> bool:
    return isinstance(value, (list, tuple)) or (
        hasattr(value, "render") and not isinstance(value, str))


def t(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """Render the template ``key`` in ``lang`` with ``values``.

    Falls back to English when ``lang`` has no template for the key. Values that are
    :class:`Msg` objects or lists are rendered in the same language.

    Raises
    ------
    KeyError
        When the key is not registered (a programming error, not a user's).

    Examples
    --------
    >>> t("severity.medium", "zh")
    '中'
    """
    compiled = _COMPILED[key]
    template, capitalized = compiled.get(lang) or compiled["en"]
    for name, value in values.items():
        if _renders(value):
            values[name] = render(value, lang)
    for name in capitalized:
        text = str(values[name])
        values[name + "__c"] = text[:1].upper() + text[1:]
    if lang == "zh":
        return _spaced(template, values)
    return template.format_map(values)


# Chinese text and a Latin word or number inserted into it are set apart by a space, as
# Chinese typesetting guides ask (请 Dr. Claudia Neumann 引荐, not 请Dr. Claudia Neumann引荐);
# only where an inserted value meets the template, never inside a user's own text.
_IDEOGRAPH = "\u3400-\u9fff\uf900-\ufaff"
_LATIN = "0-9A-Za-z\u00c0-\u024f"
_OPEN, _CLOSE = "\x01", "\x02"
_BEFORE_VALUE = re.compile(f"(?<=[{_IDEOGRAPH}]){_OPEN}(?=[{_LATIN}])")
_AFTER_VALUE = re.compile(f"(?<=[{_LATIN}.]){_CLOSE}(?=[{_IDEOGRAPH}])")
_MARKS = re.compile(f"[{_OPEN}{_CLOSE}]")


@functools.cache
def _formatted_fields(template: str) -> frozenset[str]:
    """The fields of ``template`` written with a format spec (``{strength:.2f}``)."""
    return frozenset(name for _, name, spec, _ in string.Formatter().parse(template)
                     if name and spec)


def _spaced(template: str, values: dict[str, Any]) -> str:
    """``template.format_map(values)`` with a space wherever a value (text or a whole
    number) that starts or ends with a Latin letter or digit meets a Chinese character of
    the template: 已 203 天, not 已203天."""
    formatted = _formatted_fields(template)
    marked = {name: f"{_OPEN}{_MARKS.sub('', str(value))}{_CLOSE}"
              if isinstance(value, str) or (type(value) is int and name not in formatted)
              else value for name, value in values.items()}
    text = template.format_map(marked)
    text = _AFTER_VALUE.sub(" ", _BEFORE_VALUE.sub(" ", text))
    return _MARKS.sub("", text)


def tn(key: str, count: int, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """Render ``key.one`` when ``count`` is 1 and ``key.other`` otherwise.

    ``count`` is passed to the template as ``{n}``.

    >>> register({"demo.links.one": {"en": "{n} link"}, "demo.links.other": {"en": "{n} links"}})
    >>> tn("demo.links", 1), tn("demo.links", 3)
    ('1 link', '3 links')
    """
    return t(f"{key}.{'one' if count == 1 else 'other'}", lang, n=count, **values)


def join(items: Iterable[Any], lang: str = DEFAULT_LANG, *, conjunction: bool = True) -> str:
    """Join items the way ``lang`` writes a list; ``conjunction=False`` leaves out the
    "and" before the last item (a list in a table cell).

    >>> join(["a", "b", "c"]), join(["张伟", "李娜", "陈明"], "zh"), join(["a"])
    ('a, b and c', '张伟、李娜和陈明', 'a')
    >>> join(["a", "b", "c"], conjunction=False), join(["张伟", "李娜"], "zh", conjunction=False)
    ('a, b, c', '张伟、李娜')
    """
    parts = [render(item, lang) for item in items]
    separator = t("list.separator", lang)
    if len(parts) <= 1 or not conjunction:
        return separator.join(parts)
    if lang == "zh":
        return _spaced("{first}" + t("list.and", lang) + "{last}",
                       {"first": separator.join(parts[:-1]), "last": parts[-1]})
    return separator.join(parts[:-1]) + t("list.and", lang) + parts[-1]


def render(value: Any, lang: str = DEFAULT_LANG) -> str:
    """Render a value in ``lang``: anything with a ``render(lang)`` method (:class:`Msg`,
    :class:`Term`), a list (joined), or anything else through ``str``.

    >>> render(Msg("severity.low"), "zh"), render(["x", "y"]), render(3)
    ('低', 'x and y', '3')
    """
    if isinstance(value, str):
        return value
    if hasattr(value, "render"):
        return value.render(lang)
    if isinstance(value, (list, tuple)):
        return join(value, lang)
    return str(value)


@dataclass(frozen=True)
class Msg:
    """A message not yet rendered: a catalogue key and its values.

    >>> m = Msg("severity.high")
    >>> m.render("en"), m.render("zh")
    ('high', '高')
    """

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def __init__(self, key: str, **values: Any):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", values)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return t(self.key, lang, **self.values)

    def __hash__(self) -> int:
        return hash(self.key)


@dataclass(frozen=True)
class Term:
    """A term of DESIGN's vocabulary (role, level, status, kind), rendered in a language.

    >>> Term("decision-maker").render("zh"), Term("reports-to").render("en")
    ('决策者', 'reports to')
    """

    term: str

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return label(self.term, lang)


def label(term: str, lang: str = DEFAULT_LANG) -> str:
    """The display name of a vocabulary term (a role, level, status, relationship kind or
    tag of :mod:`graphlib_kam.model.vocab`) in ``lang``; an unknown term as it is.

    >>> label("decision-maker", "zh"), label("reports-to", "en"), label("vip", "zh")
    ('决策者', 'reports to', 'vip')
    """
    key = f"term.{term}"
    return t(key, lang) if key in _COMPILED else term


for _area in (common, terms, analysis, cli, explorer, report, graph, marks, importing, team):
    register(_area.TEXT)
