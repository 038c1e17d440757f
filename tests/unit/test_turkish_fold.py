"""The kit's one Turkish fold: properties, known names, and a real Turkish locale (Node's ICU) as oracle."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konnektor_kit.domain.text import fold, tr_lower, tr_upper
from tests.conftest import unavailable

TURKISH = "çğıöşüÇĞİÖŞÜâîÂÎ"
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" + TURKISH
ALPHABET = LETTERS + "0123456789" + " \t" + ".,;:-_/()&'\"!?#@*+%"

turkish_text = st.text(alphabet=ALPHABET, max_size=30)
# Names as typed or pasted: Turkish letters heavily, plus anything Unicode can throw at us.
any_text = st.one_of(turkish_text, st.text(max_size=30))


@given(any_text)
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@given(any_text)
def test_fold_ignores_turkish_case(s):
    assert fold(tr_upper(s)) == fold(s) == fold(tr_lower(s))


@given(turkish_text)
def test_fold_is_lower_and_plain(s):
    folded = fold(s)
    assert folded == folded.strip() and "  " not in folded
    assert not set(folded) & set("İIıçğöşüâî")


def test_dotted_and_dotless_i():
    assert tr_upper("i") == "İ" and tr_upper("ı") == "I"
    assert tr_lower("İ") == "i" and tr_lower("I") == "ı"
    assert len(tr_lower("İ")) == 1  # no combining dot left behind
    assert {fold(c) for c in "İiIı"} == {"i"}
    assert fold("I\u0307") == fold("İ") == "i"  # a decomposed İ folds like the composed one


@pytest.mark.parametrize(
    "a, b",
    [
        ("GIDA", "Gıda"),
        ("İZMİR", "izmir"),
        ("Izmir Sube", "İzmir Şube"),
        ("IZMIR SUBE", "izmir  şube"),
        ("ESKİ", "eski"),
        ("ÖRNEK GIDA SANAYİ", "Örnek Gıda Sanayi"),
        ("ÇAĞDAŞ", "çağdaş"),
    ],
)
def test_known_names_fold_alike(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a, b", [("Merkez", "İzmir Şube"), ("ABC2025", "ABC2026"), ("Ankara", "Antalya")])
def test_different_names_stay_different(a, b):
    assert fold(a) != fold(b)


def test_known_case_mappings():
    assert tr_upper("izmir şube") == "İZMİR ŞUBE"
    assert tr_upper("ılık") == "ILIK"
    assert tr_lower("İZMİR ŞUBE") == "izmir şube"
    assert tr_lower("GIDA") == "gıda"


NODE = """
let data = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { data += chunk; });
process.stdin.on('end', () => {
  const out = JSON.parse(data).map(s => [s.toLocaleUpperCase('tr-TR'), s.toLocaleLowerCase('tr-TR')]);
  process.stdout.write(JSON.stringify(out));
});
"""

TRICKY = [
    "",
    "iIıİ",
    "İSTANBUL ılık",
    "istanbul ILIK",
    "GIDA Gıda gıda",
    "Âdem Îmar",
    "ß ŉ ǆ",
    "I\u0307i\u0307",
    "I\u0323\u0307",
    "I\u0301\u0307",
    "I\u0307\u0307",
    "Ia\u0307",
]


def turkish_locale(strings: list[str]) -> list[list[str]]:
    """Upper and lower case of each string as a real tr-TR locale gives it: one node process per batch."""
    node = shutil.which("node")
    if node is None:
        unavailable("node")
    done = subprocess.run(
        [node, "-e", NODE], input=json.dumps(strings), capture_output=True, encoding="utf-8", timeout=20, check=True
    )
    return json.loads(done.stdout)


@settings(max_examples=1, deadline=None)
@given(st.lists(turkish_text, min_size=300, max_size=300))
def test_case_mapping_matches_a_turkish_locale(batch):
    batch = TRICKY + batch + [unicodedata.normalize("NFD", s) for s in batch]  # NFD too
    expected = turkish_locale(batch)
    wrong = [
        (s, up, low, tr_upper(s), tr_lower(s))
        for s, (up, low) in zip(batch, expected, strict=False)
        if (tr_upper(s), tr_lower(s)) != (up, low)
    ]
    assert not wrong, f"tr_upper/tr_lower differ from tr-TR (text, locale upper, lower, ours): {wrong[:5]}"
