"""The reports' words, read from the phrasebook ``templates/phrases.yml``.

An analyst changes a sentence in that file, not in Python. Each phrase is a Jinja
template; report code computes the figures, formats them and passes them in by
name, so a number in a sentence is always looked up, never typed. A phrase that
uses a name it was not given is an error, not a blank.

The phrasebook is read once per process (a warm kernel runs many reports); the
build keys every notebook's execution on the file, so an edit re-executes them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from scwres_helpers import config
from scwres_helpers.yaml_files import read_yaml

PHRASEBOOK = config.PHRASEBOOK


class PhraseError(KeyError):
    """A phrase the phrasebook does not have, or a group of phrases asked for as one."""


def capitalise(text: str) -> str:
    """First letter upper case, the rest untouched (keeps 'CPD', 'Asian')."""
    return text[:1].upper() + text[1:]


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # markdown: untrusted text is escaped before it is passed in
        keep_trailing_newline=False,
    )
    environment.filters["capitalise"] = capitalise
    environment.filters["join_words"] = join_words
    return environment


def _flatten(tree: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        flat[name] = value
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
    return flat


@lru_cache(maxsize=4)
def _tree(path: Path) -> dict:
    """The phrasebook as read, once for its phrases and its lists."""
    return read_yaml(path) or {}


@lru_cache(maxsize=4)
def _phrasebook(path: Path) -> dict[str, object]:
    """Every entry by dotted key ('narrative.rl'); phrases compiled, groups kept as dicts."""
    tree = _tree(path)
    environment = _environment()
    return {
        key: environment.from_string(str(value)) if not isinstance(value, dict) else value
        for key, value in _flatten(tree).items()
        if not isinstance(value, list)
    }


def _entry(key: str) -> jinja2.Template:
    entry = _phrasebook(PHRASEBOOK).get(key)
    if entry is None:
        raise PhraseError(f"{PHRASEBOOK.name} has no phrase {key!r}")
    if isinstance(entry, dict):
        raise PhraseError(f"{key!r} in {PHRASEBOOK.name} is a group of phrases: name one of {', '.join(entry)}")
    return entry


def say(key: str, **values: object) -> str:
    """The phrase KEY ('narrative.rl') with VALUES filled in."""
    try:
        return _entry(key).render(**values)
    except jinja2.UndefinedError as error:
        raise PhraseError(f"phrase {key!r} in {PHRASEBOOK.name} uses a value it was not given: {error}") from None


def phrase_keys(group: str) -> tuple[str, ...]:
    """The names of the phrases in GROUP ('groups.label' -> 'minoritised', 'asian', ...)."""
    entry = _phrasebook(PHRASEBOOK).get(group)
    if not isinstance(entry, dict):
        raise PhraseError(f"{PHRASEBOOK.name} has no group of phrases {group!r}")
    return tuple(entry)


def labels(group: str) -> dict[str, str]:
    """A group of fixed phrases as a dict ('groups.label' -> {'minoritised': 'Minoritised', ...})."""
    return {name: say(f"{group}.{name}") for name in phrase_keys(group)}


def number_word(n: int) -> str:
    """'nine' for 9 (the phrasebook's ``numbers``); digits beyond them."""
    words = yaml_list("numbers")
    return words[n] if 0 <= n < len(words) else str(n)


def yaml_list(key: str) -> list[str]:
    """A list of plain words from the phrasebook (no templates)."""
    entry = _lists(PHRASEBOOK).get(key)
    if entry is None:
        raise PhraseError(f"{PHRASEBOOK.name} has no list {key!r}")
    return entry


@lru_cache(maxsize=4)
def _lists(path: Path) -> dict[str, list[str]]:
    return {key: [str(v) for v in value] for key, value in _tree(path).items() if isinstance(value, list)}


def phrasebook_files() -> tuple[Path, ...]:
    """The files the reports' words come from (inputs of every notebook execution)."""
    return (PHRASEBOOK,)
