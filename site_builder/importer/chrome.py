"""Site chrome: navigation, share and toggle lines that scraping picked up with the text.

Chrome rules are data: named regular expressions, each matched against the whole stripped text of
one line (`re.fullmatch`). A line that matches no rule is never dropped. Sites add their own rules
in `site.yaml` (`import: chrome:`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .blocks import is_sentence_end
from .model import RemovedLine, SourceLine


@dataclass(frozen=True, slots=True)
class ChromeRule:
    """One kind of chrome line."""

    name: str
    """Shown in `--verbose` output next to each line the rule removed."""
    pattern: re.Pattern[str]
    """Must match the line's whole stripped text."""

    @classmethod
    def of(cls, name: str, regex: str) -> ChromeRule:
        """A rule from a regular expression (case-insensitive, like the pages it describes)."""
        return cls(name, re.compile(regex, re.IGNORECASE))


_SHARE_TARGET = (
    r"(?:Facebook|Twitter|X|LinkedIn|Email|E-mail|Print|Copy Link|WhatsApp|Reddit|Telegram"
    r"|Weibo|WeChat|Share)"
)

DEFAULT_CHROME_RULES: tuple[ChromeRule, ...] = (
    ChromeRule.of("skip-link", r"Skip to (?:main )?content"),
    ChromeRule.of("library-link", r"Return to the Library"),
    ChromeRule.of("share-bar", rf"{_SHARE_TARGET}(?:\s*{_SHARE_TARGET})+"),
    ChromeRule.of("to-top", r"(?:Back )?to top"),
    ChromeRule.of(
        "related-links",
        r"(?:Related|Latest|More) (?:content|articles|posts|documents|items|resources"
        r"|stories|reading|links|publications)",
    ),
    ChromeRule.of("copyright", r"(?:©|Copyright)\s*(?:©\s*)?(?:\d{4}[-–]?)+\b.{0,100}"),
    # The buttons, comment forms and footers of blogging platforms (WordPress, Substack)
    ChromeRule.of(
        "platform",
        r"Share this(?: post)?:?|Like this:?|Like Loading(?:\.\.\.|…)|Click to (?:share on \w+"
        r"|email a link to a friend|print)(?: \(Opens in new window\))?|Post navigation"
        r"|Leave a (?:Reply|Comment)(?: Cancel reply)?|Cancel reply|Post Comment"
        r"|Your email address will not be published\.(?: Required fields are marked \*)?"
        r"|Save my name, email, and website in this browser for the next time I comment\."
        r"|(?:Comment|Name|Email|Website) ?\*|Blog at WordPress\.com\.?"
        r"|(?:Proudly )?powered by WordPress\.?|SubscribeSign in|Subscribe to .{1,60}"
        r"|Type your email(?:\.\.\.|…)|\d+ (?:Likes?|Restacks?|Comments?)"
        r"|Discussion about this post|Get the app|Start Writing"
        r"|Substack is the home for great culture",
    ),
    ChromeRule.of("error-report", r"See an error\? Drop us a line at\b.*"),
    ChromeRule.of("side-by-side-toggle", r"View the translated and original text side-by-side"),
    ChromeRule.of("language-toggle", r"(?:Original|English) text"),
)
"""The rules every import uses; `site.yaml` rules come after them."""


def compile_extra_rules(regexes: Sequence[str]) -> tuple[tuple[ChromeRule, ...], tuple[str, ...]]:
    """Rules from `site.yaml` regexes, named `site.yaml chrome N`; and a message per bad regex."""
    rules: list[ChromeRule] = []
    problems: list[str] = []
    for number, regex in enumerate(regexes, start=1):
        try:
            rules.append(ChromeRule.of(f"site.yaml chrome {number}", regex))
        except re.error as error:
            problems.append(
                f"chrome rule {number} {regex!r} is not a valid regular expression ({error}); "
                "fix it in site.yaml under import: chrome:"
            )
    return tuple(rules), tuple(problems)


_BUTTON_RUNS = (
    ("share-buttons", re.compile(_SHARE_TARGET, re.IGNORECASE)),
    (
        "language-toggle",
        re.compile(
            r"English|Chinese|中文|简体|繁體|繁体|Bilingual|双语|雙語|Original|Translation"
            r"|Both|Side by side|Parallel|Русский",
            re.IGNORECASE,
        ),
    ),
)
"""Buttons scraped one per line: two or more of one kind in a row are chrome (one alone may
be a word of the text)."""


def find_chrome(
    lines: Sequence[SourceLine], rules: Sequence[ChromeRule]
) -> tuple[RemovedLine, ...]:
    """The lines that some rule matches, each with the first matching rule's name; and buttons
    scraped one per line (`Share`, `Facebook`, `Email`; `中文`, `English`, `Bilingual`): two or
    more of one kind in a row, blank lines between them allowed (one alone may be a word of the
    text)."""
    removed: list[RemovedLine] = []
    buttons: list[SourceLine] = []
    kind = ""

    def end_of_buttons() -> None:
        if len(buttons) > 1 and (kind != "language-toggle" or _toggles(buttons)):
            removed.extend(RemovedLine(b.number, b.text.strip(), kind) for b in buttons)
        else:
            removed.extend(_by_rules(buttons, rules))
        buttons.clear()

    for line in lines:
        stripped = line.text.strip()
        if not stripped:
            continue
        button = next((name for name, rule in _BUTTON_RUNS if rule.fullmatch(stripped)), "")
        if button and button == kind:
            buttons.append(line)
            continue
        end_of_buttons()
        kind = button
        if button:
            buttons.append(line)
            continue
        removed.extend(_by_rules((line,), rules))
    end_of_buttons()
    return tuple(sorted([*removed, *_related_list(lines, removed)], key=lambda item: item.line))


_RELATED_ITEM_WORDS = 20
"""The most words of a related page's title in a list at the foot of the page."""
_RELATED_ITEMS = 15
"""The most lines of such a list."""
_RELATED_ALONE = re.compile(r"Related", re.IGNORECASE)
"""`Related` alone (a blog's related posts) is chrome only over such a list."""


def _related_list(lines: Sequence[SourceLine], removed: Sequence[RemovedLine]) -> list[RemovedLine]:
    """The titles listed under the last `related-links` line (or `Related` alone) when nothing
    but a few such short lines, none of them a sentence, follows it to the end of the page:
    links to other pages."""
    dropped = {item.line for item in removed}
    related = {item.line for item in removed if item.rule == "related-links"}
    headings = [
        line
        for line in lines
        if line.number in related
        or (line.number not in dropped and _RELATED_ALONE.fullmatch(line.text.strip()))
    ]
    if not headings:
        return []
    heading = headings[-1]
    after = [
        line
        for line in lines
        if line.number > heading.number and line.text.strip() and line.number not in dropped
    ]
    if len(after) > _RELATED_ITEMS or any(
        len(line.text.split()) > _RELATED_ITEM_WORDS
        or len(line.text.strip()) > 150
        or is_sentence_end(line.text.strip())
        for line in after
    ):
        return []
    if heading.number in dropped:
        return [RemovedLine(line.number, line.text.strip(), "related-links") for line in after]
    if not after:  # `Related` alone at the end: a word of the text
        return []
    return [
        RemovedLine(line.number, line.text.strip(), "related-links") for line in (heading, *after)
    ]


def _toggles(lines: Sequence[SourceLine]) -> bool:
    """Whether a run of language words is a language switch: one of them names the original
    in its script, or both languages (`English` / `Chinese` alone may be a list in the text)."""
    return any(
        not line.text.strip().isascii()
        or line.text.strip().lower() in ("bilingual", "both", "side by side", "parallel")
        for line in lines
    )


def _by_rules(lines: Sequence[SourceLine], rules: Sequence[ChromeRule]) -> list[RemovedLine]:
    """The `lines` (not blank) that some rule matches, each with the first one's name."""
    removed: list[RemovedLine] = []
    for line in lines:
        stripped = line.text.strip()
        for rule in rules:
            if rule.pattern.fullmatch(stripped):
                removed.append(RemovedLine(line.number, stripped, rule.name))
                break
    return removed
