"""Case endings after numbers, codes and names (i18n.with_suffix) and the `{name:case}` placeholders
that use them: Turkish follows the sound of the word as read aloud, English shows the bare value."""

from __future__ import annotations

import pytest

from konnektor_kit.i18n import CASES, fill, number_word, suffix, t, with_suffix

# (word, genitive, accusative, dative, locative, ablative, instrumental) as a Turkish editor writes them
TABLE = [
    ("002", "nin", "yi", "ye", "de", "den", "yle"),  # iki
    ("001", "in", "i", "e", "de", "den", "le"),  # bir
    ("003", "ün", "ü", "e", "te", "ten", "le"),  # üç
    ("004", "ün", "ü", "e", "te", "ten", "le"),  # dört
    ("005", "in", "i", "e", "te", "ten", "le"),  # beş
    ("006", "nın", "yı", "ya", "da", "dan", "yla"),  # altı
    ("007", "nin", "yi", "ye", "de", "den", "yle"),  # yedi
    ("008", "in", "i", "e", "de", "den", "le"),  # sekiz
    ("009", "un", "u", "a", "da", "dan", "la"),  # dokuz
    ("00", "ın", "ı", "a", "da", "dan", "la"),  # sıfır
    ("10", "un", "u", "a", "da", "dan", "la"),  # on
    ("20", "nin", "yi", "ye", "de", "den", "yle"),  # yirmi
    ("30", "un", "u", "a", "da", "dan", "la"),  # otuz
    ("40", "ın", "ı", "a", "ta", "tan", "la"),  # kırk
    ("50", "nin", "yi", "ye", "de", "den", "yle"),  # elli
    ("60", "ın", "ı", "a", "ta", "tan", "la"),  # altmış
    ("70", "in", "i", "e", "te", "ten", "le"),  # yetmiş
    ("80", "in", "i", "e", "de", "den", "le"),  # seksen
    ("90", "ın", "ı", "a", "da", "dan", "la"),  # doksan
    ("100", "ün", "ü", "e", "de", "den", "le"),  # yüz
    ("1000", "in", "i", "e", "de", "den", "le"),  # bin
    ("2000", "in", "i", "e", "de", "den", "le"),  # iki bin
    ("1000000", "un", "u", "a", "da", "dan", "la"),  # milyon
    ("2025", "in", "i", "e", "te", "ten", "le"),  # beş
    ("2026", "nın", "yı", "ya", "da", "dan", "yla"),  # altı
    ("2027", "nin", "yi", "ye", "de", "den", "yle"),  # yedi
    ("2028", "in", "i", "e", "de", "den", "le"),  # sekiz
    ("2029", "un", "u", "a", "da", "dan", "la"),  # dokuz
    ("2030", "un", "u", "a", "da", "dan", "la"),  # otuz
    ("2040", "ın", "ı", "a", "ta", "tan", "la"),  # kırk
    ("1.240", "ın", "ı", "a", "ta", "tan", "la"),  # bin iki yüz kırk
    ("İzmir", "in", "i", "e", "de", "den", "le"),
    ("Ankara", "nın", "yı", "ya", "da", "dan", "yla"),
    ("İstanbul", "un", "u", "a", "da", "dan", "la"),
    ("Ünye", "nin", "yi", "ye", "de", "den", "yle"),
    ("Muş", "un", "u", "a", "ta", "tan", "la"),
    ("Çorum", "un", "u", "a", "da", "dan", "la"),
    ("Göksun", "un", "u", "a", "da", "dan", "la"),
    ("Merkez", "in", "i", "e", "de", "den", "le"),
    ("İzmir Şube", "nin", "yi", "ye", "de", "den", "yle"),
    ("Zonguldak", "ın", "ı", "a", "ta", "tan", "la"),  # no softening after the apostrophe
    ("Mehmet", "in", "i", "e", "te", "ten", "le"),
    ("Ahmet Gıda", "nın", "yı", "ya", "da", "dan", "yla"),
    ("KIRKLARELİ", "nin", "yi", "ye", "de", "den", "yle"),
    ("IĞDIR", "ın", "ı", "a", "da", "dan", "la"),
    ("e-Fatura", "nın", "yı", "ya", "da", "dan", "yla"),
    ("e-Defter", "in", "i", "e", "de", "den", "le"),
    ("LOGO", "nun", "yu", "ya", "da", "dan", "yla"),
    ("NETSIS", "in", "i", "e", "te", "ten", "le"),
    ("ETA", "nın", "yı", "ya", "da", "dan", "yla"),
    ("Mikro", "nun", "yu", "ya", "da", "dan", "yla"),
    ("TDK", "nin", "yi", "ye", "de", "den", "yle"),  # te de ke
    ("ABD", "nin", "yi", "ye", "de", "den", "yle"),  # a be de
    ("LOGODB", "nin", "yi", "ye", "de", "den", "yle"),  # logo de be
    ("SRV01", "in", "i", "e", "de", "den", "le"),
    ("IZMIRSUBE2026", "nın", "yı", "ya", "da", "dan", "yla"),
    ("ETA_GIDA_2027", "nin", "yi", "ye", "de", "den", "yle"),
    ("TEST", "in", "i", "e", "te", "ten", "le"),
    ("KÖRFEZ", "in", "i", "e", "de", "den", "le"),
]
ORDER = ("gen", "acc", "dat", "loc", "abl", "ins")


@pytest.mark.parametrize(("word", *ORDER), TABLE)
def test_every_case_of_every_word(word, gen, acc, dat, loc, abl, ins):
    expected = dict(zip(ORDER, (gen, acc, dat, loc, abl, ins), strict=True))
    assert {case: suffix(word, case) for case in ORDER} == expected
    assert with_suffix(word, "gen") == f"{word}'{gen}"


def test_the_examples_of_the_issue():
    assert [with_suffix(w, c) for w, c in [("002", "gen"), ("2026", "loc"), ("İzmir", "loc")]] == [
        "002'nin",
        "2026'da",
        "İzmir'de",
    ]
    assert [with_suffix(w, c) for w, c in [("Ankara", "loc"), ("2027", "dat"), ("01", "dat")]] == [
        "Ankara'da",
        "2027'ye",
        "01'e",
    ]


def test_numbers_are_read_by_their_last_word():
    assert [number_word(n) for n in ("0", "2026", "2030", "2100", "3000", "12000000", "5000000000")] == [
        "sıfır",
        "altı",
        "otuz",
        "yüz",
        "bin",
        "milyon",
        "milyar",
    ]


def test_nothing_to_attach_to_stays_as_it_is():
    assert with_suffix("—", "gen") == "—" and with_suffix("", "loc") == ""


def test_a_placeholder_names_its_case_and_english_shows_the_bare_value():
    assert set(CASES) == set(ORDER)
    assert fill("firma {firm:gen} dönemi", "tr", {"firm": "002"}) == "firma 002'nin dönemi"
    assert fill("firm {firm:gen} period", "en", {"firm": "002"}) == "firm 002 period"
    assert fill("{n:>4}|{year:loc}", "tr", {"n": 7, "year": 2026}) == "   7|2026'da"


def test_the_catalogue_uses_it():
    said = t("reason.logo.extend_or_open", firm="002", period="03", end="31.12.2025", day="01.01.2026").get("tr")
    assert said.startswith("firma 002'nin son dönemi 03")
    assert "002's" in t("reason.logo.extend_or_open", firm="002", period="03", end="x", day="y").get("en")
