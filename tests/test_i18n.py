"""The message catalogue: complete in both languages, well-formed, safe to extend."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from graphlib_kam.errors import InputError
from graphlib_kam.model.vocab import (
    LEVELS,
    RELATIONSHIP_KINDS,
    ROLES,
    STATUSES,
    chinese_spelling,
)
from graphlib_kam.text import Msg, Term, join, label, t, tn
from graphlib_kam.text import catalogue as i18n
from graphlib_kam.text.catalogue import register
from graphlib_kam.text.glossary import GLOSSARY

ROOT = Path(__file__).resolve().parents[1]


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
    assert msg.render("zh") == "请张伟：a、b 和 c；影响者。"


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


# --- one catalogue, one term per concept -------------------------------------------------


def _fields_and_specs(template: str) -> list[tuple[str, str]]:
    return sorted((name, spec) for _, name, spec, _ in string.Formatter().parse(template)
                  if name)


def test_every_key_has_both_languages_with_the_same_placeholders():
    for key, templates in i18n.templates().items():
        assert set(templates) == {"en", "zh"}, key
        assert templates["en"].strip() and templates["zh"].strip() or key == "lang.wrap", key
        en = {name.removesuffix("!c") for name, _ in _fields_and_specs(templates["en"])}
        zh = {name.removesuffix("!c") for name, _ in _fields_and_specs(templates["zh"])}
        if key != "who.titled":  # Chinese puts the title before the name, unbracketed
            assert en == zh, key


@pytest.mark.parametrize("concept", GLOSSARY, ids=lambda c: c.en)
def test_one_chinese_term_per_concept(concept):
    wrong = []
    for key, templates in i18n.templates().items():
        words = re.sub(r"\{[^}]*\}", "", templates["en"])  # not the placeholders' names
        if re.search(concept.en_pattern, words, re.IGNORECASE) and (
                concept.zh not in templates["zh"]):
            wrong.append(f"{key}: {templates['zh']}")
        for variant in concept.rejected:
            if variant in templates["zh"] and concept.zh not in templates["zh"]:
                wrong.append(f"{key} uses {variant}: {templates['zh']}")
    assert wrong == []


def test_vocabulary_labels_are_the_spellings_readers_accept():
    for term in (*ROLES, *LEVELS, *STATUSES, *RELATIONSHIP_KINDS):
        assert label(term, "zh") == chinese_spelling(term), term


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Literals that parse input, not words people read: the synonyms readers accept, the
# separators of list cells, the code points and brackets of Chinese titles.
_PARSING_LITERALS = {
    "graphlib_kam/model/vocab.py": None,
    "graphlib_kam/explorer/edit.py": {"[,，;；、]"},
    "graphlib_kam/algorithms/context.py": {"[\u3400-\u9fff\uf900-\ufaff]", "（", "）"},
}


def _docstrings(tree: ast.AST) -> set[int]:
    """The string statements (docstrings of modules, classes, functions and attributes)."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def test_no_words_outside_the_catalogue():
    found = []
    package = ROOT / "graphlib_kam"
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name.startswith("graphlib_kam/text/"):
            continue
        allowed = _PARSING_LITERALS.get(name, set())
        if allowed is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docs and _CJK.search(node.value)
                    and node.value not in allowed):
                found.append(f"{name}:{node.lineno}: {node.value[:40]!r}")
            if isinstance(node, ast.Compare) and any(
                    isinstance(side, ast.Constant) and side.value == "zh"
                    for side in (node.left, *node.comparators)):
                found.append(f"{name}:{node.lineno}: a branch on the language")
    assert found == []


def test_every_threshold_has_a_label_and_a_help_text_in_both_languages():
    from graphlib_kam.settings import THRESHOLDS
    from graphlib_kam.text import has

    for threshold in THRESHOLDS:
        for key in (f"explorer.settings.{threshold.name}",
                    f"explorer.settings.{threshold.name}.help"):
            assert has(key), key
            assert i18n.t(key, "zh") != i18n.t(key, "en"), key


def test_a_latin_value_is_set_apart_from_chinese_by_a_space_and_nothing_else_moves():
    register({"demo.spacing": {"en": "Ask {who} ({title})", "zh": "请{who}（{title}）引荐{target}"}})
    # a Latin name between two ideographs gets a space on each side; after a full-width
    # bracket it gets none; a user's own mixed text (IT部经理) is left as written
    assert t("demo.spacing", "zh", who="Dr. Claudia Neumann", title="IT部经理",
             target="王建国") == "请 Dr. Claudia Neumann（IT部经理）引荐王建国"
    assert t("demo.spacing", "zh", who="张伟", title="CIO", target="Li Na") == \
        "请张伟（CIO）引荐 Li Na"
    assert t("demo.spacing", "en", who="Li Na", title="CIO") == "Ask Li Na (CIO)"
    # a list: a space beside 和 only where a Latin item meets it
    assert join(["ROI", "security"], "zh") == "ROI 和 security"
    assert join(["战略价值", "ROI"], "zh") == "战略价值和 ROI"
    assert join(["战略价值", "投资回报"], "zh") == "战略价值和投资回报"
