"""Dates as pages write them (`November 3, 2021`, `3 Nov 2021`, `2021-11-03`, `2021/08/20`),
read into ISO form (`2021-11-03`, `2021-11`, `2021`)."""

from __future__ import annotations

import datetime
import re

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = (
    r"(?:" + "|".join(rf"{month[:3].capitalize()}(?:{month[3:]}|\.)?" for month in MONTHS) + r")"
)
"""A month's name, whole or cut to three letters (`Mar`, `Mar.`); `Sept` is not known."""
DATE = (
    rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}),\s*(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTH})\s+(?P<y3>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}|\d{4}-\d{2})"
    r"|(?P<sy>\d{4})/(?P<sm>\d{1,2})/(?P<sd>\d{1,2})"
    r"|(?P<y4>\d{4})"
)
"""A date (a regular expression with named groups: use it once per pattern)."""
DATE_LINE = re.compile(rf"(?P<date>{DATE})\.?")
"""A line that is only a date (matched whole)."""


def iso_date(match: re.Match[str]) -> str:
    """The ISO form of a match of `DATE`; '' for a date that does not exist (`April 31`)."""
    if match["iso"]:
        parts = [int(part) for part in str(match["iso"]).split("-")]
        return str(match["iso"]) if _exists(*parts) else ""
    if match["sy"]:
        year, month, day = int(match["sy"]), int(match["sm"]), int(match["sd"])
        return f"{year}-{month:02d}-{day:02d}" if _exists(year, month, day) else ""
    if match["y4"]:
        return str(match["y4"])
    month_name = match["m1"] or match["m2"] or match["m3"]
    year = int(match["y1"] or match["y2"] or match["y3"])
    month = next(
        number
        for number, name in enumerate(MONTHS, start=1)
        if name.startswith(month_name.rstrip(".").lower())
    )
    written = match["d1"] or match["d2"]
    if not _exists(year, month, int(written) if written else 1):
        return ""
    return f"{year}-{month:02d}-{int(written):02d}" if written else f"{year}-{month:02d}"


def _exists(year: int, month: int, day: int = 1) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def date_line(text: str) -> str:
    """The ISO date of a line that is only a date, else ''."""
    match = DATE_LINE.fullmatch(text.strip(" \t"))
    return iso_date(match) if match else ""
