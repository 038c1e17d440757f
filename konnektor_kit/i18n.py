"""Every word the kit says to a person, in Turkish first and English second.

Faces and services never write a sentence inline: they name a key and pass the values, so a
translation is fixed in one place and both languages always say the same thing. The words live in
`messages.toml` next to this module (data, for translators, read once with tomllib); this module
reads them and fills them in.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

Lang = Literal["tr", "en"]
LANGS: tuple[Lang, ...] = ("tr", "en")

# One language's words for a key: a sentence, or its forms by number ({"one": ..., "other": ...}), chosen
# by the message's `count` value: English says "1 setting" but "3 settings"; Turkish keeps the noun
# singular after a number ("3 ayar"), so it mostly gives one sentence.
Template = str | Mapping[str, str]
PLURAL_FORMS = frozenset({"one", "other"})
MESSAGES_FILE = Path(__file__).with_name("messages.toml")


def as_lang(value: str | None) -> Lang | None:
    """A language code as typed (an address's `lang=`, an environment variable), None when it is none of ours."""
    return next((lang for lang in LANGS if lang == value), None)


def read_catalogue(path: Path) -> dict[str, tuple[Template, Template]]:
    """A message file as {key: (Turkish, English)}; ValueError naming the key for a table of another shape."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    catalogue: dict[str, tuple[Template, Template]] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != set(LANGS):
            raise ValueError(f"{path.name}: [{key!r}] must hold exactly tr and en")
        for lang in LANGS:
            words = entry[lang]
            by_number = isinstance(words, dict) and "other" in words and set(words) <= PLURAL_FORMS
            if not (isinstance(words, str) or (by_number and all(isinstance(w, str) for w in words.values()))):
                raise ValueError(f"{path.name}: [{key!r}].{lang} must be a string or {{one = ..., other = ...}}")
        catalogue[key] = (entry["tr"], entry["en"])
    return catalogue


def forms(template: Template) -> list[str]:
    """Every sentence a template may say (one, or one a plural form)."""
    return [template] if isinstance(template, str) else list(template.values())


class _Catalogue(Mapping[str, tuple[Template, Template]]):
    """The message file, read on first use and kept (the CLI's `--help` never reads it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def _entries(self) -> dict[str, tuple[Template, Template]]:
        return read_catalogue(self.path)

    def __getitem__(self, key: str) -> tuple[Template, Template]:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries


MESSAGES: Mapping[str, tuple[Template, Template]] = _Catalogue(MESSAGES_FILE)


def _pick(template: Template, count: Any) -> str:
    """The sentence for a number: English's "one" form for exactly 1, "other" for the rest."""
    if isinstance(template, str):
        return template
    n = count.value if isinstance(count, Count) else count
    return template["one"] if n == 1 and "one" in template else template["other"]


@dataclass(frozen=True)
class Msg:
    """A sentence in both languages; `str()` gives the Turkish one, as the UI does by default."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def get(self, lang: Lang = "tr") -> str:
        templates = MESSAGES[self.key]
        template = _pick(templates[1] if lang == "en" else templates[0], self.params.get("count"))
        values = {k: (v.get(lang) if isinstance(v, (Msg, Count)) else v) for k, v in self.params.items()}
        return template.format(**values)

    def __str__(self) -> str:
        return self.get("tr")

    def as_dict(self) -> dict[str, str]:
        return {"tr": self.get("tr"), "en": self.get("en")}


def t(key: str, **params: Any) -> Msg:
    """Build a message; raises KeyError at once for a key that has no words, which tests catch."""
    if key not in MESSAGES:
        raise KeyError(key)
    return Msg(key, params)


def plural(count: int | Count, key: str) -> Msg:
    """A number with its noun, in the form the number asks for: `plural(3, "plural.setting")` says
    "3 ayar" / "3 settings", `plural(1, ...)` "1 ayar" / "1 setting" (the key's {count} forms)."""
    return t(key, count=count)


def word(key: str, lang: Lang = "tr") -> str:
    return t(key).get(lang)


def kind_word(kind: str, lang: Lang = "tr") -> str:
    """A history entry's kind in words ("yeni yıl geçişi", not `new-year`)."""
    key = f"kind.{kind}"
    return word(key, lang) if key in MESSAGES else kind


def category_word(category: str, lang: Lang = "tr") -> str:
    """A check category in words ("eski yıl", not `wrong_year`), for every face."""
    key = f"category.{category}"
    return word(key, lang) if key in MESSAGES else category


@dataclass(frozen=True)
class Count:
    """A number of rows or documents, grouped the reader's way: "1.240" in Turkish, "1,240" in English."""

    value: int

    def get(self, lang: Lang = "tr") -> str:
        grouped = f"{self.value:,}"
        return grouped.replace(",", ".") if lang == "tr" else grouped


def tr_date(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "—"


class Joined(Msg):
    """Several messages read as one sentence, joined by a separator in both languages."""

    def __init__(self, parts: Sequence[Msg], sep: str = ", ") -> None:
        object.__setattr__(self, "key", "")
        object.__setattr__(self, "params", {"parts": parts, "sep": sep})

    def get(self, lang: Lang = "tr") -> str:
        sep: str = self.params["sep"]
        parts: Sequence[Msg] = self.params["parts"]
        return sep.join(p.get(lang) for p in parts)
