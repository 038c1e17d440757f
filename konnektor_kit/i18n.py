"""Every word the kit says to a person, in Turkish first and English second.

Faces and services never write a sentence inline: they name a key and pass the values, so a
translation is fixed in one place and both languages always say the same thing. The words live in
`messages.toml` next to this module (data, for translators, read once with tomllib); this module
reads them and fills them in.
"""

from __future__ import annotations

import string
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


# ---- suffixes after numbers, codes and names ----------------------------------------------------
# Turkish writes a case ending after a number, a code or a proper name with an apostrophe, and the
# ending follows the sound of the word as it is read aloud: "002'nin" (iki), "2026'da" (altı),
# "2027'ye" (yedi), "03'te" (üç), "İzmir'de", "Ankara'da". The vowel follows the word's last vowel
# (front/back, rounded/unrounded); after a vowel a buffer consonant comes in (n, y); after a voiceless
# consonant (f s t k ç ş h p) d turns t. A proper name keeps its own letters before the apostrophe
# (TDK: "Mehmet'e", "Zonguldak'a", never "Mehmed'e"): the stem is not softened in writing.

BACK = frozenset("aıouâû")
FRONT = frozenset("eiöüî")
VOWELS = BACK | FRONT
ROUNDED = frozenset("ouöüû")
VOICELESS = frozenset("fstkçşhp")

#: how each number word is read: the sound the ending attaches to (its last vowel and last letter)
_ONES = ("sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz")
_TENS = ("", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan")
_POWERS = ((10**12, "trilyon"), (10**9, "milyar"), (10**6, "milyon"), (1000, "bin"), (100, "yüz"))
#: a letter of an abbreviation read by its name ("TDK" → "ke", "ABD" → "de"): only these differ from "<letter>e"
_LETTER_NAMES = {"ğ": "yumuşak ge", "q": "kü", "w": "dabılyu", "x": "iks"}

#: two consonants a word may end in as read ("MERKEZ" no, "TEST" yes): any other pair ends an abbreviation
#: read letter by letter ("LOGODB" → "de be", "ABD" → "a be de")
CLUSTERS = frozenset(
    [
        "st",
        "nt",
        "rk",
        "rt",
        "lt",
        "ks",
        "rs",
        "nk",
        "rd",
        "ft",
        "şt",
        "lk",
        "nç",
        "rç",
        "rp",
        "lp",
        "ss",
        "ll",
        "rm",
        "rn",
        "lm",
        "ng",
        "ck",
        "sk",
        "sp",
        "ch",
        "sh",
        "th",
        "ph",
        "ct",
        "pt",
        "ns",
        "ms",
        "ls",
        "ts",
        "rl",
        "nd",
        "ld",
        "rg",
        "mp",
        "rz",
        "rş",
        "yt",
    ]
)
#: the case endings: name → (after a consonant, after a vowel) in their back-unrounded form
#: ("ın"/"nın"); harmony picks the vowel, "D" is d or t
CASES: dict[str, tuple[str, str]] = {
    "gen": ("ın", "nın"),  # ilgi: 002'nin, İzmir'in
    "acc": ("ı", "yı"),  # belirtme: 2026'yı, LOGO'yu
    "dat": ("a", "ya"),  # yönelme: 2027'ye, 01'e
    "loc": ("Da", "Da"),  # bulunma: 2026'da, 03'te
    "abl": ("Dan", "Dan"),  # ayrılma: 2025'ten, İzmir'den
    "ins": ("la", "yla"),  # vasıta (ile): 2026'yla, Merkez'le
}


def _lower(text: str) -> str:
    """Lower case for reading: Turkish (I → ı) when the word is written in Turkish letters, plain for an
    ASCII name in capitals ("NETSIS" is read "netsis", "IZMIR" "izmir"; "KIRKLARELİ" keeps its ı)."""
    if text.isascii():
        return text.lower()
    return text.replace("I", "ı").replace("İ", "i").lower()


def number_word(digits: str) -> str:
    """The last word of a number as read aloud ("2026" → "altı", "2030" → "otuz", "002" → "iki",
    "1000" → "bin", "00" → "sıfır"); the ending is made on it."""
    n = int(digits)
    if n == 0:
        return _ONES[0]
    if n % 10:
        return _ONES[n % 10]
    if n % 100:
        return _TENS[(n % 100) // 10]
    for size, name in _POWERS:
        if n % size == 0:
            return name
    return _ONES[0]  # unreachable: every multiple of 100 is a multiple of a power above


def spoken(word: str) -> str:
    """The sound a word ends in, for its suffix: a number's last word, an abbreviation's last letter
    name ("TDK" → "ke"), else the word itself in Turkish lower case."""
    word = word.strip()
    tail = ""
    for c in reversed(word):
        if c.isdigit():
            tail = c + tail
        elif c in ".,":  # "1.240" and "1,240" are one number
            continue
        else:
            break
    if tail:
        return number_word(tail)
    letters = "".join(c for c in word if c.isalpha())
    lower = _lower(letters)
    if (
        letters.isupper()
        and len(letters) > 1
        and (
            not VOWELS & set(lower)
            or (lower[-1] not in VOWELS and lower[-2] not in VOWELS and lower[-2:] not in CLUSTERS)
        )
    ):
        last = lower[-1]
        return _LETTER_NAMES.get(last, last + "e")  # "ABD" → "de", "TDK" → "ke"
    return _lower(word)


def suffix(word: str, case: str) -> str:
    """The case ending for `word`, without the apostrophe: suffix("002", "gen") == "nin"."""
    consonant_form, vowel_form = CASES[case]
    sound = spoken(word)
    if not sound:
        return ""
    last_vowel = next((c for c in reversed(sound) if c in VOWELS), "e")
    ends_in_vowel = sound[-1] in VOWELS
    form = vowel_form if ends_in_vowel else consonant_form
    front, rounded = last_vowel in FRONT, last_vowel in ROUNDED
    out = []
    for c in form:
        if c == "ı":  # the four-way vowel
            out.append(("ü" if rounded else "i") if front else ("u" if rounded else "ı"))
        elif c == "a":  # the two-way vowel
            out.append("e" if front else "a")
        elif c == "D":
            out.append("t" if not ends_in_vowel and sound[-1] in VOICELESS else "d")
        else:
            out.append(c)
    return "".join(out)


def with_suffix(word: str, case: str) -> str:
    """A number, a code or a name with its case ending after an apostrophe: "002'nin", "İzmir'de",
    "2027'ye". Nothing to attach to ("", "—") stays as it is."""
    text = str(word)
    ending = suffix(text, case) if any(c.isalnum() for c in text) else ""
    return f"{text}'{ending}" if ending else text


class _Speaker(string.Formatter):
    """str.format with the case endings as format specs: "{firm:gen}" says "002'nin" in Turkish. An
    English sentence names no ending; given one, it shows the bare value."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec in CASES:
            shown = super().format_field(value, "")
            return with_suffix(shown, format_spec) if self.lang == "tr" else shown
        return super().format_field(value, format_spec)


_SPEAKERS: dict[str, _Speaker] = {}


def fill(template: str, lang: Lang, values: Mapping[str, Any]) -> str:
    """A template filled in one language: placeholders as str.format, with `{name:gen}` and the other
    case endings of `CASES` after numbers, codes and names."""
    speaker = _SPEAKERS.get(lang) or _SPEAKERS.setdefault(lang, _Speaker(lang))
    return speaker.vformat(template, (), values)


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
        return fill(template, lang, values)

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
