from pathlib import Path

import pytest

from site_builder.config import find_project, load_config
from site_builder.diagnostics import BuildError


def write_config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def messages(error: pytest.ExceptionInfo[BuildError]) -> list[str]:
    return [item.format() for item in error.value.diagnostics]


def test_an_empty_config_gives_the_documented_defaults(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, ""))
    assert config.title == "Documentary Archive"
    assert config.language == "en"
    assert config.reading.original_side == "left"
    assert config.output_path == tmp_path / "_site"


def test_options_are_read_into_typed_values(tmp_path: Path) -> None:
    config = load_config(
        write_config(
            tmp_path,
            "title: Archive\nbase_url: https://example.org/a\nreading:\n  original_side: right\n"
            "import:\n  chrome: ['^Share$']\n",
        )
    )
    assert config.base_url == "https://example.org/a/"
    assert config.reading.original_side == "right"
    assert config.import_.chrome == ("^Share$",)


def test_unknown_key_reports_its_line_with_a_did_you_mean(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as error:
        load_config(write_config(tmp_path, "title: A\ntitel: B\n"))
    assert messages(error) == [
        "site.yaml:2: error: unknown site.yaml key 'titel'; did you mean 'title'? [config]"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = "language: english!\nreading:\n  original_side: top\n  sidebar: 1\nbase_url: ftp://x\n"
    with pytest.raises(BuildError) as error:
        load_config(write_config(tmp_path, text))
    assert messages(error) == [
        "site.yaml:1: error: language 'english!' is not a BCP 47 tag; write e.g. 'en' or "
        "'zh-Hans' [config]",
        "site.yaml:5: error: base_url 'ftp://x' is not an absolute http(s) URL; write e.g. "
        "'https://example.org/archive/' [config]",
        "site.yaml:4: error: unknown reading key 'sidebar'; known keys: original_side [config]",
        "site.yaml:3: error: reading.original_side must be 'left' or 'right', not 'top' [config]",
    ]


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as error:
        load_config(write_config(tmp_path, "title: A\nreading: [unclosed\n"))
    (message,) = messages(error)
    assert message.startswith("site.yaml:2: error: malformed YAML:")
    assert message.endswith("; fix the syntax [config]")


def test_a_bad_chrome_pattern_is_reported(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as error:
        load_config(write_config(tmp_path, "import:\n  chrome:\n    - '(unclosed'\n"))
    assert messages(error) == [
        "site.yaml:3: error: import.chrome pattern '(unclosed' is not a valid regular "
        "expression (missing ), unterminated subpattern); fix or quote it [config]"
    ]


def test_a_missing_config_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as error:
        load_config(tmp_path)
    (message,) = messages(error)
    assert "no site.yaml in" in message and "--project" in message


def test_the_project_is_found_from_a_subfolder(tmp_path: Path) -> None:
    write_config(tmp_path, "")
    (tmp_path / "content" / "deep").mkdir(parents=True)
    assert find_project(tmp_path / "content" / "deep") == tmp_path
