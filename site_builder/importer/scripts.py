"""Writing systems: which script a text is in, and the language code of an original."""

from __future__ import annotations

import unicodedata

SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
"""For `str.translate`: superscript digits (a note marker `¹`) as plain ones."""
_SIMPLIFIED_ONLY = frozenset(
    "这们国说时会为发经对过关开长问题样动实现义产党与东车书见门马鱼鸟龙风飞写学习"
    "图设计认识觉请让议论语读谈资质业专电话运还进远连选难双单够维组织统级约红纪"
    "结给绝继续应当务员闻间阶队阳阴际陆陈众优伤传备复战权条来极构标满灵热无"
)
_TRADITIONAL_ONLY = frozenset(
    "這們國說時會為發經對過關開長問題樣動實現義產黨與東車書見門馬魚鳥龍風飛寫學習"
    "圖設計認識覺請讓議論語讀談資質業專電話運還進遠連選難雙單夠維組織統級約紅紀"
    "結給絕繼續應當務員聞間階隊陽陰際陸陳眾優傷傳備復戰權條來極構標滿靈熱無"
)


def script_of(char: str) -> str:
    """The script of one letter: `han`, `kana`, `hangul`, `cyrillic`, `latin` or `other`."""
    code = ord(char)
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "hangul"
    if (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    ):
        return "han"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
        return "latin"
    return "other"


def is_han(char: str) -> bool:
    """Whether `char` is a Han ideograph."""
    return script_of(char) == "han"


def has_non_latin_letters(text: str) -> bool:
    """Whether `text` holds any letter outside the Latin script."""
    return any(char.isalpha() and script_of(char) not in ("latin",) for char in text)


def original_language(text: str) -> str | None:
    """The language of `text` when most of its letters are in an East Asian script, else None.

    An English sentence quoting a name in Chinese or Russian stays English: the original script
    must hold at least half of the letters.
    """
    counts: dict[str, int] = {}
    letters = 0
    for char in text:
        if char.isalpha():
            letters += 1
            script = script_of(char)
            counts[script] = counts.get(script, 0) + 1
    if not letters:
        return None
    if counts.get("kana", 0) and (counts.get("kana", 0) + counts.get("han", 0)) * 2 >= letters:
        return "ja"
    if counts.get("hangul", 0) * 2 >= letters:
        return "ko"
    if counts.get("han", 0) * 2 >= letters:
        return han_variant(text)
    return None


def han_variant(text: str) -> str:
    """`zh-Hant` when the text uses more traditional-only than simplified-only characters."""
    simplified = sum(1 for char in text if char in _SIMPLIFIED_ONLY)
    traditional = sum(1 for char in text if char in _TRADITIONAL_ONLY)
    return "zh-Hant" if traditional > simplified else "zh-Hans"
