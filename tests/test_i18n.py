"""The message catalogue: complete in both languages, well-formed, safe to extend."""

from __future__ import annotations

import string

import pytest

import graphlib_kam.cli.gaps  # noqa: F401  (registers the command-line texts)
from graphlib_kam.errors import InputError
from graphlib_kam.text import Msg, Term, join, register, t, tn
from graphlib_kam.text import catalogue as i18n


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_english_and_chinese():
    missing = [key for key, templates in i18n._CATALOGUE.items() if "zh" not in templates]
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_template_renders_with_its_fields(lang):
    for key, templates in i18n._CATALOGUE.items():
        names = set().union(*(fields(text) for text in templates.values()))
        values = {name.removesuffix("!c"): f"<{name}>" for name in names}
        text = t(key, lang, **values)
        assert "{" not in text and "}" not in text, key


def test_chinese_templates_use_chinese_punctuation():
    for key, templates in i18n._CATALOGUE.items():
        zh = templates["zh"]
        if key.startswith(("gap.", "alert.")) and zh.endswith((".", ";")):
            pytest.fail(f"{key}: a Chinese sentence ends with {zh[-1]!r}")


def test_missing_language_falls_back_to_english():
    register({"test.only_en": {"en": "only {x}"}})
    assert t("test.only_en", "zh", x="1") == "only 1"


def test_conflicting_registration_is_refused():
    register({"test.conflict": {"en": "a", "zh": "甲"}})
    register({"test.conflict": {"en": "a", "zh": "甲"}})   # the same again is fine
    with pytest.raises(ValueError, match="already registered"):
        register({"test.conflict": {"en": "b", "zh": "乙"}})
    with pytest.raises(ValueError, match="no English"):
        register({"test.no_en": {"zh": "只有中文"}})
    with pytest.raises(ValueError, match="unknown languages"):
        register({"test.fr": {"en": "x", "fr": "x"}})


def test_nested_messages_lists_terms_and_capitals():
    register({"test.outer": {"en": "{inner!c}: {people}; {role}.",
                             "zh": "{inner}：{people}；{role}。"},
              "test.inner": {"en": "ask {who}", "zh": "请{who}"}})
    msg = Msg("test.outer", inner=Msg("test.inner", who="张伟"), people=["a", "b", "c"],
              role=Term("influencer"))
    assert msg.render("en") == "Ask 张伟: a, b and c; influencer."
    assert msg.render("zh") == "请张伟：a、b和c；影响者。"


def test_numbers_keep_their_format_spec():
    register({"test.number": {"en": "{x:.1f}", "zh": "{x:.1f}"}})
    assert t("test.number", "en", x=35.55249) == "35.6"


def test_plural_and_join():
    assert tn("gap.departed-contact.links", 1, "en", members="Li") == "1 coverage link (Li)"
    assert tn("gap.departed-contact.links", 2, "en", members="Li") == "2 coverage links (Li)"
    assert join([], "en") == "" and join(["x"], "zh") == "x"


def test_check_lang():
    assert i18n.check_lang("en") == "en"
    with pytest.raises(InputError, match="fr"):
        i18n.check_lang("fr")
