"""Words every area shares: each language's own name and properties, list punctuation.
"""

__all__ = ["TEXT"]

TEXT = {
    "text.none": {"en": "(none)", "zh": "（无）"},
    "text.more": {"en": "{n} more", "zh": "另外 {n} 人"},
    "lang.name": {"en": "English", "zh": "中文"},
    "lang.tag": {"en": "en", "zh": "zh-CN"},
    "lang.wrap": {"en": "", "zh": "CJK"},
    "list.separator": {"en": ", ", "zh": "、"},
    "list.and": {"en": " and ", "zh": "和"},
}
