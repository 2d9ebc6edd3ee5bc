"""The message catalogue: complete in both languages, well-formed, safe to extend."""

from __future__ import annotations

import string

import pytest

from graphlib_kam.errors import InputError
from graphlib_kam.text import Msg, Term, join, t, tn
from graphlib_kam.text import catalogue as i18n
from graphlib_kam.text.catalogue import register


@pytest.fixture
def scratch_catalogue(monkeypatch):
    """Keys a test registers disappear after it: the real catalogue stays complete."""
    monkeypatch.setattr(i18n, "_CATALOGUE", dict(i18n._CATALOGUE))
    monkeypatch.setattr(i18n, "_COMPILED", dict(i18n._COMPILED))


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_english_and_chinese():
    missing = [key for key, templates in i18n._CATALOGUE.items() if "zh" not in templates]
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_template_renders_with_its_fields(lang):
    for key, templates in i18n._CATALOGUE.items():
        values = {}
        for template in templates.values():
            for _, name, spec, _ in string.Formatter().parse(template):
                if name:
                    values[name] = 1 if spec else f"<{name}>"
        text = t(key, lang, **values)
        assert "{" not in text and "}" not in text, key


def test_chinese_templates_use_chinese_punctuation():
    for key, templates in i18n._CATALOGUE.items():
        zh = templates["zh"]
        if key.startswith(("gap.", "alert.")) and zh.endswith((".", ";")):
            pytest.fail(f"{key}: a Chinese sentence ends with {zh[-1]!r}")


def test_missing_language_falls_back_to_english(scratch_catalogue):
    register({"test.only_en": {"en": "only {x}"}})
    assert t("test.only_en", "zh", x="1") == "only 1"


def test_conflicting_registration_is_refused(scratch_catalogue):
    register({"test.conflict": {"en": "a", "zh": "甲"}})
    register({"test.conflict": {"en": "a", "zh": "甲"}})   # the same again is fine
    with pytest.raises(ValueError, match="already registered"):
        register({"test.conflict": {"en": "b", "zh": "乙"}})
    with pytest.raises(ValueError, match="no English"):
        register({"test.no_en": {"zh": "只有中文"}})
    with pytest.raises(ValueError, match="unknown languages"):
        register({"test.fr": {"en": "x", "fr": "x"}})


def test_nested_messages_lists_terms_and_capitals(scratch_catalogue):
    register({"test.outer": {"en": "{inner!c}: {people}; {role}.",
                             "zh": "{inner}：{people}；{role}。"},
              "test.inner": {"en": "ask {who}", "zh": "请{who}"}})
    msg = Msg("test.outer", inner=Msg("test.inner", who="张伟"), people=["a", "b", "c"],
              role=Term("influencer"))
    assert msg.render("en") == "Ask 张伟: a, b and c; influencer."
    assert msg.render("zh") == "请张伟：a、b和c；影响者。"


def test_numbers_keep_their_format_spec(scratch_catalogue):
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
