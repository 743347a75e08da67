"""Parse a command-line list of collection years."""

from __future__ import annotations


def parse_years(text: str) -> list[int]:
    """'2022-2024' -> [2022, 2023, 2024]; '2022,2024' -> [2022, 2024]; sorted, distinct.

    Ranges and single years can be mixed: '2021,2023-2024'.
    """
    years: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise ValueError(f"empty year in {text!r}")
        first, sep, last = part.partition("-")
        try:
            start, end = int(first), int(last) if sep else int(first)
        except ValueError:
            raise ValueError(f"not a year or range of years: {part!r}") from None
        if start > end:
            raise ValueError(f"range runs backwards: {part!r}")
        if start < 1900 or end > 2999:
            raise ValueError(f"year out of range: {part!r}")
        years.update(range(start, end + 1))
    return sorted(years)
