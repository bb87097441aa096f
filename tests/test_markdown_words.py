"""Word counts (the reading page's "4,000 words"): a CJK character is one word, letters and
digits joined by apostrophes are one word."""

import random

import pytest

from site_builder.markdown.passages import WORD, count_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("Don't stop: it's 1,000 well-known words.", 8),
        ("a''b 'quoted' trailing' _under_score_", 5),
        ("l’homme’s café — naïve", 3),
        ("张树华 said 你好", 6),
        ("Москва и Ленинград", 3),
        ("\t\x0b\x1c\u2028 ", 0),
    ],
)
def test_words_are_counted_as_people_count_them(text: str, words: int) -> None:
    assert count_words(text) == words


ASCII = "ab9_ '-,.\t\n\x00\x7f"
NOT_CJK = "’éü—Жя"
CJK = "张华あ가\U00020001"


def test_every_text_is_counted_as_the_word_pattern_matches() -> None:
    """The fast paths (ASCII, no CJK) agree with `WORD`, the definition, on any text."""
    chance = random.Random(6)
    for _ in range(3000):
        letters = chance.choice((ASCII, ASCII + NOT_CJK, ASCII + NOT_CJK + CJK))
        text = "".join(chance.choice(letters) for _ in range(chance.randrange(0, 40)))
        assert count_words(text) == len(WORD.findall(text)), repr(text)
