"""One test per importer rule, with the tricky cases of the issue."""

import datetime

import pytest

from site_builder.importer import convert_source
from tests.importer.convert_helpers import body, codes, convert, front, page

PARAGRAPH = "An ordinary paragraph of body text that says something, and ends like a sentence."


# --- chrome -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Skip to content",
        "Return to the Library",
        "FacebookTwitterLinkedInEmailPrintCopy Link",
        "To top",
        "Related content",
        "Latest content",
        "Share this:",
        "Click to share on Twitter (Opens in new window)",
        "Like Loading...",
        "Leave a Reply Cancel reply",
        "Blog at WordPress.com.",
        "24 Likes",
        "Discussion about this post",
        "© 2022 China Digital Times. Powered by WordPress.",
        "See an error? Drop us a line at",
        "View the translated and original text side-by-side",
        "Original text",
        "English text",
    ],
)
def test_chrome_lines_are_dropped_and_reported(line: str) -> None:
    conversion = convert(page(PARAGRAPH, line, PARAGRAPH))
    assert line not in conversion.markdown
    assert [(item.text, item.line) for item in conversion.removed_chrome] == [(line, 5)]


def test_share_buttons_one_per_line_are_dropped_but_one_such_word_alone_is_kept() -> None:
    conversion = convert(page(PARAGRAPH, "Share\nFacebook\n\nTwitter\nEmail", PARAGRAPH, "Print"))
    assert [(item.text, item.line, item.rule) for item in conversion.removed_chrome] == [
        ("Share", 5, "share-buttons"),
        ("Facebook", 6, "share-buttons"),
        ("Twitter", 8, "share-buttons"),
        ("Email", 9, "share-buttons"),
    ]
    assert body(page(PARAGRAPH, "Share\nFacebook", PARAGRAPH, "Print")).endswith("Print\n")


def test_a_list_of_related_pages_at_the_foot_of_the_page_is_chrome() -> None:
    text = page(
        PARAGRAPH,
        PARAGRAPH,
        "Related Documents",
        "Report on Grain Procurement\nMinutes of a Meeting",
    )
    conversion = convert(text)
    assert [(item.text, item.rule) for item in conversion.removed_chrome] == [
        ("Related Documents", "related-links"),
        ("Report on Grain Procurement", "related-links"),
        ("Minutes of a Meeting", "related-links"),
    ]
    assert body(text) == f"{PARAGRAPH}\n\n{PARAGRAPH}\n"
    # a sentence after the heading is text: only the heading line goes
    prose = page(PARAGRAPH, PARAGRAPH, "Related documents", "Two of them were found in 1990.")
    assert "Two of them were found in 1990." in body(prose)
    assert [item.text for item in convert(prose).removed_chrome] == ["Related documents"]
    # `Related` alone is chrome only over such a list at the foot of the page
    blog = page(PARAGRAPH, PARAGRAPH, "Related", "Minitrue: Delete the Video\nMay 11, 2022")
    assert body(blog) == f"{PARAGRAPH}\n\n{PARAGRAPH}\n"
    poem = page("关于加强网络管理的通知", "Related", "各地要加强管理。\n不得擅自发布。", PARAGRAPH)
    assert "Related" in body(poem) and "各地要加强管理。" in body(poem)


def test_a_line_that_only_mentions_chrome_words_is_kept() -> None:
    text = "Skip to content if you are in a hurry, the article says."
    assert text in body(page(PARAGRAPH, text))


def test_site_rules_from_site_yaml_are_applied() -> None:
    from site_builder.importer import DEFAULT_CHROME_RULES, ChromeRule

    rules = (*DEFAULT_CHROME_RULES, ChromeRule.of("site.yaml chrome 1", r"Subscribe now!?"))
    conversion = convert_source("sources/x.txt", page(PARAGRAPH, "Subscribe now!"), rules)
    assert [item.rule for item in conversion.removed_chrome] == ["site.yaml chrome 1"]


# --- metadata ---------------------------------------------------------------------------------

CITATION = (
    '张树华 (Zhang Shuhua), 张彰 (Zhang Zhang). "Historical Lessons of Something [历史镜鉴]". '
    "CSIS Interpret: China, original work published in World Socialism Studies "
    "[世界社会主义研究], November 3, 2021"
)


def test_citation_block_becomes_structured_front_matter() -> None:
    data = front(page(PARAGRAPH, "To top", "Cite This Page", CITATION, "FacebookTwitter"))
    assert data["authors"] == [
        {"name": "Zhang Shuhua", "original_name": "张树华"},
        {"name": "Zhang Zhang", "original_name": "张彰"},
    ]
    assert data["original_title"] == "历史镜鉴"
    assert data["publisher"] == "CSIS Interpret: China"
    assert data["published_in"] == "World Socialism Studies"
    assert data["published_in_original"] == "世界社会主义研究"
    assert data["date"] == datetime.date(2021, 11, 3)
    assert "Cite This Page" not in body(page(PARAGRAPH, "Cite This Page", CITATION))


def test_citation_without_venue_gives_publisher_and_year_month() -> None:
    citation = 'John Smith. "A Title". Some Archive, March 2004'
    data = front(page(PARAGRAPH, "Cite this page", citation))
    assert data["authors"] == [{"name": "John Smith"}]
    assert data["publisher"] == "Some Archive"
    assert data["date"] == "2004-03"


def test_an_unreadable_citation_stays_in_the_body_and_is_reported() -> None:
    text = page(PARAGRAPH, "Cite This Page", "Nothing here looks like a citation")
    assert "Nothing here looks like a citation" in body(text)
    assert "citation-unreadable" in codes(text)


ARCHIVE_CITATION = (
    '"Letter from Zhou Enlai on Cooperatives," March 14, 1958, History and Public Policy '
    "Program Digital Archive, Central Archives. Translated by David Smith."
)


def test_an_archive_citation_starting_with_the_title_gives_date_and_publisher() -> None:
    data = front(page(PARAGRAPH, "Citation", ARCHIVE_CITATION, title="Letter from Zhou Enlai"))
    assert data["date"] == datetime.date(1958, 3, 14)
    assert data["publisher"] == (
        "History and Public Policy Program Digital Archive, Central Archives. "
        "Translated by David Smith"
    )
    assert "authors" not in data
    # the heading and the citation on consecutive lines of one paragraph
    text = page(PARAGRAPH, f"Citation\n{ARCHIVE_CITATION}")
    assert front(text)["date"] == datetime.date(1958, 3, 14)
    assert "Citation" not in body(text) and convert(text).fidelity.exact
    # a quotation after a "Citation" heading, without a date, is not read as one
    quote = page(PARAGRAPH, "Citation", '"Quoted words," he said, and left.')
    assert "citation-unreadable" in codes(quote)


def test_a_citation_ends_with_its_line_and_the_lines_under_it_stay() -> None:
    text = page(
        PARAGRAPH,
        PARAGRAPH,
        f"Citation\n{ARCHIVE_CITATION}\nDownload PDF\nSummary\nAssociated People\nMao, Zedong",
    )
    assert front(text)["publisher"].endswith("Translated by David Smith")
    assert "Download PDF" in body(text) and "Mao, Zedong" in body(text)
    assert "summary" not in front(text), "a label over a list of names is not a summary"
    assert convert(text).fidelity.exact


def test_a_date_on_the_line_under_the_title_is_the_date() -> None:
    text = page("March 31, 1956", PARAGRAPH, PARAGRAPH)
    assert front(text)["date"] == datetime.date(1956, 3, 31)
    assert body(text).startswith(PARAGRAPH) and convert(text).fidelity.exact


def test_the_cited_title_under_a_page_header_is_the_title() -> None:
    text = (
        "Digital Archive\nInternational History Declassified\n\nSearch\n\n"
        "March 14, 1958\nLetter from Zhou Enlai on Cooperatives\n\n"
        f"{PARAGRAPH}\n\nCitation\n\n{ARCHIVE_CITATION}\n"
    )
    conversion = convert(text)
    data = front(text)
    assert data["title"] == "Letter from Zhou Enlai on Cooperatives"
    assert data["date"] == datetime.date(1958, 3, 14)
    assert [(item.text, item.line, item.rule) for item in conversion.removed_chrome] == [
        ("Digital Archive", 1, "navigation"),
        ("International History Declassified", 2, "navigation"),
        ("Search", 4, "navigation"),
    ]
    assert body(text) == PARAGRAPH + "\n"
    assert conversion.fidelity.exact, conversion.fidelity.summary()


MENU = (
    "Skip to content\nSome Digital Times\nCovering China from Cyberspace\n"
    "Menu\nHome\nPolitics\nSearch"
)


def test_the_title_is_the_line_over_the_byline_under_a_menu() -> None:
    title = "Netizen Voices: “We Are the Last Generation”"
    text = f"{MENU}\n\n{title}\n\nPosted by Cindy Carter | May 12, 2022\n\n{PARAGRAPH}\n"
    conversion = convert(text)
    data = front(text)
    assert data["title"] == title
    assert data["authors"] == [{"name": "Cindy Carter"}]
    assert data["date"] == datetime.date(2022, 5, 12)
    assert {item.rule for item in conversion.removed_chrome} == {"skip-link", "navigation"}
    assert len(conversion.removed_chrome) == 7
    assert body(text) == PARAGRAPH + "\n" and conversion.fidelity.exact


def test_a_byline_on_two_lines_and_an_original_title_above_the_title() -> None:
    text = (
        "Cyber Policy Center | Freeman Spogli Institute\n\n个人信息保护法\n"
        "Personal Information Protection Law\n\nBy Rogier Creemers, Graham Webster, and "
        f"Helen Toner\nPublished June 28, 2022\n\n{PARAGRAPH}\n"
    )
    data = front(text)
    assert data["title"] == "Personal Information Protection Law"
    assert data["original_title"] == "个人信息保护法"
    assert [author["name"] for author in data["authors"]] == [  # type: ignore[attr-defined]
        "Rogier Creemers",
        "Graham Webster",
        "Helen Toner",
    ]
    assert data["date"] == datetime.date(2022, 6, 28)
    assert body(text) == PARAGRAPH + "\n" and convert(text).fidelity.exact


def test_a_record_of_labelled_details_stays_one_line_each_and_is_not_headings() -> None:
    details = (
        "Written: July 2, 1941\nSource: Collected Works, Volume I, Peking 1969, pp. 181-229\n"
        "Translated: Foreign Languages Press\nFirst Published: Liberation Daily, 1942"
    )
    text = page(details, PARAGRAPH, PARAGRAPH, title="On Inner-Party Struggle")
    assert front(text)["date"] == datetime.date(1941, 7, 2)
    assert body(text).startswith(
        "Source: Collected Works, Volume I, Peking 1969, pp. 181-229\n\n"
        "Translated: Foreign Languages Press\n\nFirst Published: Liberation Daily, 1942\n\n"
    )


def test_without_evidence_the_first_line_stays_the_title_and_nothing_is_dropped() -> None:
    text = page("A Subtitle Line", "March 14, 1958", PARAGRAPH, title="The Title")
    assert front(text)["title"] == "The Title" and not convert(text).removed_chrome
    by = page("By 2025, the share of research spending should double, the plan says.", PARAGRAPH)
    assert "authors" not in front(by) and "By 2025, the share" in body(by)


def test_a_sentence_above_the_cited_title_keeps_the_first_line_the_title() -> None:
    text = (
        "A Collection of Letters\n\nThe letters below were found in 1990.\n\n"
        f"Letter from Zhou Enlai on Cooperatives\n\n{PARAGRAPH}\n\n"
        f"Citation\n\n{ARCHIVE_CITATION}\n"
    )
    assert front(text)["title"] == "A Collection of Letters"
    assert "The letters below were found in 1990." in body(text)
    assert not convert(text).removed_chrome


@pytest.mark.parametrize(
    "label",
    ["Summary\n\n{summary}", "Summary\n{summary}", "Abstract:\n\n{summary}", "Summary: {summary}"],
)
def test_a_labelled_summary_under_the_title_is_the_summary(label: str) -> None:
    summary = "Zhou reports on the cooperatives and warns against excessive targets."
    text = page(label.format(summary=summary), PARAGRAPH)
    assert front(text)["summary"] == summary
    assert body(text) == PARAGRAPH + "\n"
    assert convert(text).fidelity.exact


def test_a_labelled_summary_after_a_credit_line_leaves_the_credit_in_the_text() -> None:
    credit = "This document was made possible with support from a foundation."
    summary = "Zhou reports on the cooperatives and warns against excessive targets."
    text = page(credit, "Summary", summary, PARAGRAPH)
    conversion = convert(text)
    assert front(text)["summary"] == summary
    assert body(text) == f"{credit}\n\n{PARAGRAPH}\n"
    assert conversion.fidelity.exact, conversion.fidelity.summary()


def test_dates_in_prose_are_never_guessed() -> None:
    data = front(page("It was published on November 3, 2021 by John Smith.", PARAGRAPH))
    assert "date" not in data and "authors" not in data


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("{Editor’s Note: Curly braces hold this note.}", "Curly braces hold this note."),
        ("[Editor’s Note: Brackets [1] hold this one.] [2]", "Brackets[^1] hold this one.[^2]"),
        ("[Editor's Note: A straight apostrophe.]", "A straight apostrophe."),
    ],
)
def test_editor_notes_in_either_form_become_editor_note(note: str, expected: str) -> None:
    text = page(note, PARAGRAPH, "[1] First note.\n[2] Second note.")
    assert front(text)["editor_note"] == expected
    assert "Editor" not in body(text)


def test_the_dek_is_the_paragraph_set_apart_under_the_title() -> None:
    dek = "Two scholars argue that a party lost its legitimacy as privilege spread over time."
    text = f"A Title\n\n{dek}\n\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n"
    assert front(text)["summary"] == dek
    toggles = f"A Title\n\n{dek}\n\nOriginal text\nEnglish text\n\n{PARAGRAPH}\n"
    assert front(toggles)["summary"] == dek
    assert "summary" not in front(page(dek, PARAGRAPH, PARAGRAPH))


# --- headings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "1. The Manifestations of the Problem",
        "(1) Stagnant and Unmotivated in Ideology",
        "Problem No. 1: Party members have not been able to establish a dominant position.",
        "Article 3: Scope",
        "Causes of problems",
        "Trotsky’s accusations of bureaucracy",
        "Selected Works, Vol.2",
        "Windows 3.1",
        "What is bureaucracy?",
    ],
)
def test_headings_are_recognised(heading: str) -> None:
    assert f"## {heading}\n" in body(page(PARAGRAPH, heading, PARAGRAPH))


@pytest.mark.parametrize(
    "line",
    [
        "In March 1985, Gorbachev became the top leader of the Soviet Union.",
        "I think that sums up the line on bureaucracy …",
        "I : But still?",
        "On ‘re-education’:",
        "1.1 There is no solid base for members’ rights. Members have no channels to speak.",
        "“Is it not time to call a halt, comrades?",
    ],
)
def test_sentences_never_become_headings(line: str) -> None:
    assert "#" not in body(page(PARAGRAPH, line, PARAGRAPH)).replace("\\#", "")


@pytest.mark.parametrize(
    "line",
    [
        "He read the comments aloud for hours.”",
        "But who would listen to him?",
        "He shouted it three times!",
        "And so it went on …",
        "He read it all.”[3]",
        "He read it all.” [3]",
        "He read it all.”3",
        "He read it all. [3]",
        "Causes of problems [3]",
        "What is bureaucracy? [3]",
    ],
)
def test_short_lines_ending_like_a_sentence_or_with_a_note_marker_stay_paragraphs(
    line: str,
) -> None:
    markdown = body(page(line, PARAGRAPH, PARAGRAPH))
    assert "#" not in markdown.replace("\\#", "")


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("He read the comments aloud for hours.” [2]", "He read the comments aloud for hours.”"),
        ("He read the comments aloud for hours.”[2]", "He read the comments aloud for hours.”"),
        ("He read the comments aloud for hours.”2", "He read the comments aloud for hours.”"),
        ("He read the comments aloud for hours.” 2", "He read the comments aloud for hours.”"),
        ("Is that all there is to it? [2]", "Is that all there is to it?"),
    ],
)
def test_a_short_first_paragraph_ending_with_a_note_marker_refers_to_its_note(
    line: str, sentence: str
) -> None:
    # such a line above a longer paragraph once became a `##` heading: its marker was left as
    # text and its note was reported as unreferenced
    text = page(line, PARAGRAPH, "[2] Boldin, 1996 edition, Page 133-137.")
    conversion = convert(text)
    assert body(text) == (
        f"{sentence}[^2]\n\n{PARAGRAPH}\n\n[^2]: Boldin, 1996 edition, Page 133-137.\n"
    )
    assert [item.code for item in conversion.diagnostics] == []
    assert conversion.fidelity.exact, conversion.fidelity.summary()


@pytest.mark.parametrize(
    "line",
    [
        "1. He read the comments aloud for hours.”2",
        "(1) He read the comments aloud for hours.” [2]",
    ],
)
def test_numbered_sentences_ending_with_a_note_marker_stay_paragraphs(line: str) -> None:
    assert "#" not in body(page(PARAGRAPH, line, PARAGRAPH))


def test_heading_levels_follow_the_nesting_of_numbering_schemes() -> None:
    markdown = body(
        page(
            "1. First Part",
            "(1) A Section",
            PARAGRAPH,
            "(2) Another Section",
            PARAGRAPH,
            "2. Second Part",
            "(1) Its Section",
            PARAGRAPH,
        )
    )
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings == [
        "## 1. First Part",
        "### (1) A Section",
        "### (2) Another Section",
        "## 2. Second Part",
        "### (1) Its Section",
    ]


def test_unnumbered_sections_are_top_level_and_numbers_inside_them_nest() -> None:
    markdown = body(
        page(
            "Problem No. 1: Something is wrong.",
            PARAGRAPH,
            "Causes of problems",
            PARAGRAPH,
            "1. Issues of Institutional Development",
            PARAGRAPH,
        )
    )
    assert "## Problem No. 1: Something is wrong.\n" in markdown
    assert "## Causes of problems\n" in markdown
    assert "### 1. Issues of Institutional Development\n" in markdown


def test_consecutive_numbered_lines_are_a_list_not_headings() -> None:
    markdown = body(page(PARAGRAPH, "1. Apples", "2. Pears", "3. Plums", PARAGRAPH))
    assert "#" not in markdown
    assert "1\\. Apples\n\n2\\. Pears\n\n3\\. Plums" in markdown


def test_a_law_s_articles_that_are_sentences_are_numbered_paragraphs_not_headings() -> None:
    long_article = (
        "Article 4: Personal information is all kinds of information, recorded by electronic "
        "or other means, related to identified or identifiable natural persons, not including "
        "information that has been anonymized."
    )
    text = page(
        "Chapter I: General Provisions",
        "Article 3: This Law applies to the handling of personal information within China.",
        PARAGRAPH,
        long_article,
        PARAGRAPH,
        "Article 13: Handlers may handle personal information only where one of these holds:",
        PARAGRAPH,
    )
    markdown = body(text)
    assert "## Chapter I: General Provisions" in markdown
    assert "#" not in markdown.replace("## Chapter I", ""), markdown


def test_a_sign_off_at_the_end_of_the_text_is_not_a_heading() -> None:
    text = page(PARAGRAPH, "Zhou Enlai\nMarch 14, 1958")
    assert body(text) == f"{PARAGRAPH}\n\nZhou Enlai\n\nMarch 14, 1958\n"
    sections = page(PARAGRAPH, "Closing Remarks", PARAGRAPH, "Zhou Enlai")
    assert "## Closing Remarks" in body(sections) and "## Zhou Enlai" not in body(sections)


# --- notes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("be invincible.”1 “As we fought", "be invincible.”[^1] “As we fought"),
        ("had 20 million people,” 1 and the", "had 20 million people,”[^1] and the"),
        ("shared by the people. “1 To improve", "shared by the people. “[^1] To improve"),
        ("growth rate reached 7.4%.1 When wars", "growth rate reached 7.4%.[^1] When wars"),
        ("can live on wages” 1 and “the", "can live on wages”[^1] and “the"),
        ("losses of several million rubles.1", "losses of several million rubles.[^1]"),
    ],
)
def test_glued_digits_after_punctuation_are_note_markers(source: str, expected: str) -> None:
    conversion = convert(page(f"{PARAGRAPH} {source}"))
    assert expected in conversion.markdown
    assert [item.code for item in conversion.diagnostics] == ["note-missing"]


@pytest.mark.parametrize(
    "text",
    [
        "In 1991, the climate changed.",
        "It reached 7.4% that year.",
        "He took the No. 8 National Villa.",
        "More than 2.9 million members resigned.",
        "Section 1.1 explains this.",
        "They will be invincib1e. And so on.",
        "He said, 3 people came.",
        "The Congress of 1990. 1991 was worse.",
        "Growth was 1990.5 in real terms.",
        "The share rose in 1990.7 Members left.",
    ],
)
def test_numbers_in_prose_are_not_note_markers(text: str) -> None:
    conversion = convert(page(text))
    assert "[^" not in conversion.markdown
    assert not conversion.diagnostics


def test_superscript_markers_link_to_notes_listed_before_a_footer() -> None:
    text = page(
        f"{PARAGRAPH} The world order is at stake.¹ An area of 9.6 million km² is large.²",
        "Notes",
        "1. Trans.: Xu alludes to the debates.",
        "2. See his earlier essay.",
        "About the translator",
        "Leave a Reply",
    )
    markdown = body(text)
    assert "at stake.[^1] An area of 9.6 million km² is large.[^2]" in markdown
    assert "[^1]: Trans.: Xu alludes to the debates.\n\n[^2]: See his earlier essay.\n" in markdown
    assert "About the translator" in markdown and convert(text).fidelity.exact
    assert codes(text) == []


@pytest.mark.parametrize(
    ("marked", "listed"),
    [
        ("were laid.(1) And the masses.(2)", "Footnotes\n\n1. A first source.\n\n2. Another one."),
        ("were laid.[1] And the masses.[2]", "Endnotes\n\n1 A first source.\n\n2 Another one."),
        ("were laid.1 And the masses.2", "1\nA first source.\n\n2\nAnother one.\n\nSubscribe"),
    ],
)
def test_notes_in_the_forms_other_pages_use(marked: str, listed: str) -> None:
    text = page(f"{PARAGRAPH} The foundations {marked}", listed)
    markdown = body(text)
    assert "were laid.[^1] And the masses.[^2]" in markdown
    assert "[^1]: A first source.\n\n[^2]: Another one.\n" in markdown
    assert convert(text).fidelity.exact and codes(text) == []


def test_a_number_glued_to_a_year_is_a_marker_only_when_it_is_the_next_listed_note() -> None:
    text = page(
        f"{PARAGRAPH} It aims at Industry 4.0 goals.1 The plan was issued in May 2015.2 It will be "
        "reviewed in 2020.3",
        "Notes",
        "1. On Industry 4.0.",
        "2. State Council, No. 28.",
        "3. Never published.",
    )
    expected = (
        "Industry 4.0 goals.[^1] The plan was issued in May 2015.[^2] It will be reviewed in "
        "2020.[^3]"
    )
    assert expected in body(text)
    index = page("Shanghai's index closed at 2734.1 Traders expect more gains next week.")
    assert "[^" not in body(index) and codes(index) == []


def test_superscripts_after_numbers_and_short_words_are_powers_not_markers() -> None:
    text = page(
        f"{PARAGRAPH} The Party¹ leads. So E = mc², 3×10⁶ people and 9.6 million km².²",
        "Notes",
        "1. First.",
        "2. Second.",
    )
    assert "The Party[^1] leads. So E = mc², 3×10⁶ people and 9.6 million km².[^2]" in body(text)
    assert convert(text).fidelity.exact


def test_a_number_alone_on_a_line_is_a_note_only_when_the_text_refers_to_it() -> None:
    listing = page(PARAGRAPH, "1\nFirst step of the plan.", "2\nSecond step of the plan.")
    assert "[^" not in body(listing) and "First step of the plan." in body(listing)


def test_a_note_the_text_never_refers_to_keeps_its_number_as_written() -> None:
    text = page(f"{PARAGRAPH} The plan was issued.1", "Notes", "1. A source.", "2. Another one.")
    # escaped, so that Markdown shows "2." rather than starting a numbered list
    assert body(text).endswith("[^1]\n\n2\\. Another one.\n\n[^1]: A source.\n")
    assert "note-unreferenced" in codes(text) and convert(text).fidelity.exact


def test_bracketed_markers_link_to_the_endnote_list() -> None:
    text = page("Lenin warned the party.” [1] And again.”  [2]", "[1] Works, Vol. 43.\n[2] Ibid.")
    markdown = body(text)
    assert "Lenin warned the party.”[^1] And again.”[^2]" in markdown
    assert markdown.endswith("[^1]: Works, Vol. 43.\n\n[^2]: Ibid.\n")
    assert codes(text) == []


def test_an_endnote_list_followed_by_a_citation_and_links_is_still_the_notes() -> None:
    credit = "This translation was made possible by a grant from a foundation."
    text = page(
        "Lenin warned the party.” [1] And again.” [2]",
        "[1] Works, Vol. 43.",
        "[2] Ibid.",
        credit,
        "Citation",
        "“A Title,” March 14, 1958, Digital Archive. Translated by D. Smith.",
        "Related Documents",
    )
    conversion = convert(text)
    markdown = body(text)
    assert "Lenin warned the party.”[^1] And again.”[^2]" in markdown
    assert markdown.endswith("[^1]: Works, Vol. 43.\n\n[^2]: Ibid.\n")
    assert credit in markdown  # the paragraphs after the list stay in the text
    assert front(text)["date"] == datetime.date(1958, 3, 14)
    assert conversion.fidelity.exact, conversion.fidelity.summary()
    assert "note-missing" not in codes(text)


def test_a_bracketed_list_that_the_text_does_not_refer_to_is_not_the_notes() -> None:
    text = page(PARAGRAPH, "[1] First item of a list.\n[2] Second item.", PARAGRAPH)
    markdown = body(text)
    assert "[^1]:" not in markdown and "First item of a list." in markdown
    assert convert(text).fidelity.exact


def test_notes_referred_to_out_of_order_keep_their_numbers_and_order() -> None:
    # markdown-it lists definitions in the order they are first referred to (2, 1, 3); the
    # fidelity check once compared that order with the source's and reported '1' as '2'
    text = page(
        f"{PARAGRAPH} He read the comments aloud for hours.” [2]",
        "Lenin warned the party.” [1] And again.” [3]",
        "[1] Works, Vol. 43, Page 96.\n"
        "[2] Boldin, 1996 edition, Page 133-137.\n"
        "[3] Ibid., Page 282.",
    )
    conversion = convert(text)
    assert body(text) == (
        f"{PARAGRAPH} He read the comments aloud for hours.”[^2]\n\n"
        "Lenin warned the party.”[^1] And again.”[^3]\n\n"
        "[^1]: Works, Vol. 43, Page 96.\n\n"
        "[^2]: Boldin, 1996 edition, Page 133-137.\n\n"
        "[^3]: Ibid., Page 282.\n"
    )
    assert conversion.fidelity.exact, conversion.fidelity.summary()
    assert codes(text) == []


def test_a_marker_without_note_text_stays_a_marker_and_is_reported() -> None:
    conversion = convert(page("A claim.” [1] Another.” [2]", "[1] The only note."))
    assert "Another.”[^2]" in conversion.markdown
    assert "[^2]:" not in conversion.markdown
    assert [item.format() for item in conversion.diagnostics] == [
        "sources/test.txt:3: warning: note marker 2 has no note text in the source; "
        "it is kept as a marker [note-missing]"
    ]


def test_an_editorial_aside_in_brackets_is_not_a_note() -> None:
    aside = "“Quoted words. [This is especially important – CR] More quoted words."
    assert "\\[This is especially important – CR\\]" in body(page(aside))


# --- lists, quotations, paragraphs ------------------------------------------------------------


def test_list_numbers_stay_visible_exactly() -> None:
    markdown = body(page("“Our tasks are:", "1) To raise the level.", "2) To work.", "a) An item."))
    assert "1\\) To raise the level.\n\n2\\) To work.\n\na) An item." in markdown


def test_dialogue_lines_stay_paragraphs() -> None:
    assert "I : How are you?\n\nHe : Well. (Laughter.)" in body(
        page("I : How are you?", "He : Well. (Laughter.)")
    )


def test_hard_wrapped_lines_are_joined() -> None:
    wrapped = (
        "This paragraph was wrapped by an old mail program at about seventy\n"
        "characters, so each line breaks in the middle of a sentence and must\n"
        "be joined again."
    )
    assert " ".join(wrapped.split("\n")) in body(page(wrapped))


def test_a_word_broken_with_a_hyphen_at_a_wrapped_line_end_is_not_split() -> None:
    wrapped = (
        "The report counted the workers and the peas-\n"
        "ants who joined the collective farms in the years\n"
        "after the war, as the delegates at the Soviet-\nBritish talks said."
    )
    text = body(page(wrapped))
    assert "the peas-ants who joined" in text and "the Soviet- British talks said." in text


def test_separate_lines_that_end_sentences_stay_separate_paragraphs() -> None:
    lines = "“Keeping a tight connection with the people is the magic tool.”\nLenin drafted rules."
    assert lines.replace("\n", "\n\n") in body(page(lines))


def test_a_multi_paragraph_quotation_stays_as_it_is() -> None:
    markdown = body(page("He wrote: “Each agency should post its hours.", "“Each agency should."))
    assert "He wrote: “Each agency should post its hours.\n\n“Each agency should." in markdown


# --- originals --------------------------------------------------------------------------------

ENGLISH = "With the expansion of the Party cadres, a privileged class gradually formed."
CHINESE = "随着苏共党政干部队伍的膨胀与固化,一个特殊的官僚特权阶层逐渐在党内形成。"


def test_an_original_after_its_translation_is_marked_with_its_language() -> None:
    markdown = body(page(ENGLISH, CHINESE, PARAGRAPH))
    assert f"{ENGLISH}\n\n{{lang=zh-Hans}}\n{CHINESE}\n\n{PARAGRAPH}" in markdown
    assert front(page(ENGLISH, CHINESE))["original_lang"] == "zh-Hans"


def test_an_original_is_paired_only_with_a_text_of_a_length_that_can_translate_it() -> None:
    # a dated Chinese line between a byline and the text is not the original of the paragraph
    # after it, nor is a Chinese source line the original of a note number: both stay in place
    dated = page("Zhang Wei\n2022年6月28日", PARAGRAPH, PARAGRAPH)
    assert "\n\n2022年6月28日\n\n" + PARAGRAPH in body(dated) and "{lang" not in body(dated)
    assert "original-unpaired" in codes(dated)
    source = "(Chinese original: 何亚非，《中美不能重蹈冷战覆辙》，2023年3月9日)"
    cited = page(ENGLISH, CHINESE, source, "1")
    assert body(cited).endswith(f"{{lang=zh-Hans}}\n{CHINESE}\n\n{source}\n\n1\n")


def test_a_heading_pairs_with_a_short_line_of_its_original_and_numbers_must_agree() -> None:
    text = page(
        PARAGRAPH,
        "Guiding Opinions on Digital Government",
        "关于加强数字政府建设的指导意见",
        PARAGRAPH,
    )
    assert "## Guiding Opinions on Digital Government\n\n{lang=zh-Hans}\n## 关于" in body(text)
    dated = page(PARAGRAPH, "Document Number Fourteen", "国发〔2022〕14号", PARAGRAPH)
    assert "{lang" not in body(dated), "an original with figures needs a translation with them"


def test_language_buttons_one_per_line_are_chrome() -> None:
    conversion = convert(page(PARAGRAPH, "中文\nEnglish\nBilingual", PARAGRAPH))
    assert [item.rule for item in conversion.removed_chrome] == ["language-toggle"] * 3


def test_original_first_documents_are_emitted_translation_first() -> None:
    markdown = body(page("(一) 思想上故步自封", "(1) Stagnant in Ideology", CHINESE, ENGLISH))
    assert markdown.startswith(
        f"## (1) Stagnant in Ideology\n\n{{lang=zh-Hans}}\n## (一) 思想上故步自封\n\n"
        f"{ENGLISH}\n\n{{lang=zh-Hans}}\n{CHINESE}"
    )
    assert convert(page(CHINESE, ENGLISH)).fidelity.exact


ENGLISH_2 = "The masses judged the Party by what its cadres did, not by what they said."
CHINESE_2 = "群众看党，是看干部怎么做，而不是看他们怎么说。"


@pytest.mark.parametrize(
    "blocks",
    [
        (ENGLISH, ENGLISH_2, CHINESE, CHINESE_2),  # the translations, then the originals
        (CHINESE, CHINESE_2, ENGLISH, ENGLISH_2),  # the originals first
    ],
)
def test_a_run_of_originals_pairs_in_order_with_the_run_of_translations(
    blocks: tuple[str, ...],
) -> None:
    text = page(*blocks, PARAGRAPH)
    assert body(text).startswith(
        f"{ENGLISH}\n\n{{lang=zh-Hans}}\n{CHINESE}\n\n"
        f"{ENGLISH_2}\n\n{{lang=zh-Hans}}\n{CHINESE_2}\n\n{PARAGRAPH}"
    )
    assert "original-unpaired" not in codes(text)
    assert convert(text).fidelity.exact  # the proof reads them back in the source's order


def test_runs_of_unequal_length_pair_what_is_next_to_each_other_and_report_the_rest() -> None:
    text = page(ENGLISH, CHINESE, CHINESE_2, PARAGRAPH)
    assert body(text).startswith(f"{ENGLISH}\n\n{{lang=zh-Hans}}\n{CHINESE}\n\n{CHINESE_2}")
    assert "original-unpaired" in codes(text)
    assert convert(text).fidelity.exact


def test_traditional_characters_are_zh_hant() -> None:
    traditional = "這個國家的人民說,黨的問題是發展經驗的問題。"
    assert "{lang=zh-Hant}" in body(page(ENGLISH, traditional))


def test_a_name_in_another_script_keeps_a_paragraph_english() -> None:
    text = "General Nikolai Sholokov (Николай Щёлоков), a friend of 勃列日涅夫, served for years."
    assert "{lang" not in body(page(PARAGRAPH, text))


def test_an_original_without_translation_is_kept_and_reported() -> None:
    text = page("## Not used", CHINESE, CHINESE)
    assert body(text).count(CHINESE) == 2
    assert "original-unpaired" in codes(text)


# --- escaping ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "> not a quote",
        "- not a list",
        "+ not a list",
        "* not a list",
        "1. not a list either, with more words.",
        "{lang=fr} is not an attribute",
        "*stars* and _underscores_ and `code` and <b>tags</b> and &amp; and a\\backslash",
        "[a](link) and [^1] and ![image](x)",
        "~~~ not a fence",
        "\u3000Ideographic space at the start",
    ],
)
def test_markdown_syntax_in_text_is_escaped(text: str) -> None:
    conversion = convert(page(PARAGRAPH, text))
    assert conversion.fidelity.exact, conversion.fidelity.summary()
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": False}).render(body(page(PARAGRAPH, text)))
    assert rendered.count("<p>") == 2 and "<ul>" not in rendered and "<h" not in rendered


# --- slugs ------------------------------------------------------------------------------------


def test_slugs_are_ascii_from_the_title() -> None:
    assert convert(page(PARAGRAPH, title="Ünïcode: the Party’s “Lessons”!")).slug == (
        "unicode-the-partys-lessons"
    )
    assert convert(page(PARAGRAPH, title="苏共后期脱离群众")).slug == "test"
    assert len(convert(page(PARAGRAPH, title="word " * 40)).slug) <= 80


# --- ordinary text that the rules for other archives' pages must leave alone ----------------

ORDINARY = {
    "three short lines over the text are not a menu": (
        "Serve the People\nMao Zedong\nSeptember 8, 1944\n\n"
        "Our Communist Party and the Eighth Route and New Fourth Armies led by\n"
        "our Party are battalions of the revolution. These battalions of ours are\n"
        "wholly dedicated to the liberation of the people.\n",
        "Serve the People",
    ),
    "Related in the text is no list of links": (
        "关于加强网络管理的通知\nRelated\n\n各地区、各部门：\n为进一步加强网络管理。\n"
        "一、提高认识，加强领导。\n",
        "关于加强网络管理的通知",
    ),
    "an impossible date is no date": (
        "Notes on the Plenum\nPosted on April 31, 2019 by Jane Doe\n\n"
        "The plenum met in Beijing and adopted a decision on reform.\n",
        "Notes on the Plenum",
    ),
    "a list item starting (c) 2015 is no copyright line; a Comment heading stays": (
        "Rules on Data Export\n\n(b) important data as defined by the state;\n\n"
        "(c) 2015 Measures on the Security Assessment of data leaving the country apply.\n\n"
        "Comment\n\nThe rules were criticised.\n\nEmail\n",
        "Rules on Data Export",
    ),
    "a list under Sources in the middle is not notes": (
        "A Study of County Courts\n\nWe read three kinds of material, listed below.\n\n"
        "Sources\n\n1. Interviews with judges in four provinces.\n"
        "2. Provincial yearbooks from 1990 to 2010.\n\nMethod\n\nWe coded the records.\n",
        "A Study of County Courts",
    ),
    "a heading By Train is no byline, a year heading no date": (
        "Journey to Yan'an\n\nBy Train\n\nWe left Xi'an at dawn.\n\n1949\n\n"
        "The Republic is founded.\n",
        "Journey to Yan'an",
    ),
    "a wrapped line starting Central Committee: stays in its paragraph": (
        "Letter to the Centre\n\nIn the spring of that year the chairman wrote a long letter to "
        "the\nCentral Committee: we must continue the struggle and never give up,\n"
        "he said, because the masses are watching us and expect results.\n",
        "Letter to the Centre",
    ),
    "English and Chinese as answers are no language buttons": (
        "Survey of Language Use\n\nThe answers were:\n\nEnglish\nChinese\n\n"
        "Most families spoke both.\n",
        "Survey of Language Use",
    ),
}


@pytest.mark.parametrize("case", sorted(ORDINARY))
def test_ordinary_text_keeps_its_title_and_every_line(case: str) -> None:
    text, title = ORDINARY[case]
    conversion = convert(text)
    assert front(text)["title"] == title
    assert "authors" not in front(text) and "date" not in front(text)
    assert not conversion.removed_chrome, conversion.removed_chrome
    assert "[^" not in conversion.markdown
    assert conversion.fidelity.exact, conversion.fidelity.summary()
    assert not [item for item in conversion.diagnostics if item.code.startswith("note")]


def test_a_wrapped_paragraph_is_not_cut_at_a_label_like_line() -> None:
    text = ORDINARY["a wrapped line starting Central Committee: stays in its paragraph"][0]
    assert body(text).count("\n\n") == 0 and "#" not in body(text)
