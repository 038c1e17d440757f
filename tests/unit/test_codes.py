"""Firm and period codes: what people type, normalised exactly as the Konnektör stores it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from konnektor_kit import FirmCode, PeriodCode
from konnektor_kit.exceptions import InvalidCode


@pytest.mark.parametrize(
    "typed, stored",
    [("2", "002"), ("02", "002"), (" 2 ", "002"), ("002", "002"), ("211", "211"), ("999", "999"), (7, "007")],
)
def test_firm_codes_normalise(typed, stored):
    assert FirmCode.normalise(typed) == stored


@pytest.mark.parametrize("typed, stored", [("1", "01"), ("01", "01"), (" 9", "09"), ("99", "99")])
def test_period_codes_normalise(typed, stored):
    assert PeriodCode.normalise(typed) == stored


@pytest.mark.parametrize("blank", [None, "", "   ", "\t"])
def test_blank_means_not_used(blank):
    assert FirmCode.normalise(blank) is None
    assert PeriodCode.normalise(blank) is None


@pytest.mark.parametrize("typed", ["2a", "-1", "1000", "0", "000", "1.5", "٢", "２", "+2", "2 2", "0x2", "1e2"])
def test_bad_firm_codes_are_refused_with_both_languages(typed):
    with pytest.raises(InvalidCode) as err:
        FirmCode.normalise(typed)
    assert f'"{typed}"' in err.value.message("tr") and "3 haneli" in err.value.message("tr")
    assert f'"{typed}"' in err.value.message("en") and "3 digits" in err.value.message("en")
    assert err.value.exit_code == 2


@pytest.mark.parametrize("typed", ["100", "0", "00", "1a", "-1"])
def test_bad_period_codes_are_refused(typed):
    with pytest.raises(InvalidCode) as err:
        PeriodCode.normalise(typed)
    assert "2 haneli" in err.value.message("tr")


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=2), st.text(" ", max_size=3))
def test_any_firm_number_with_zeros_and_spaces_normalises(number, zeros, pad):
    typed = pad + "0" * zeros + str(number) + pad
    if len(typed.strip()) > 3:
        with pytest.raises(InvalidCode):
            FirmCode.normalise(typed)
    else:
        assert FirmCode.normalise(typed) == f"{number:03d}"


@given(st.integers(min_value=1, max_value=99))
def test_period_round_trip(number):
    stored = PeriodCode.normalise(str(number))
    assert stored == f"{number:02d}" and PeriodCode.normalise(stored) == stored


@given(st.text(max_size=6))
def test_firm_code_is_three_ascii_digits_or_refused(text):
    try:
        code = FirmCode.normalise(text)
    except InvalidCode:
        return
    assert code is None or (len(code) == 3 and code.isascii() and code.isdigit() and code != "000")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("e-Müstahsil Makbuzu", "e-MM"),
        ("E-MÜSTAHSİL", "e-MM"),
        ("e-receipt for agricultural producers", "e-MM"),
        ("e-Serbest Meslek Makbuzu", "e-SMM"),
        ("e-Arşiv Fatura", "e-Arşiv"),
        ("earsiv", "e-Arşiv"),
        ("E_IRSALIYE", "e-İrsaliye"),
        ("e-ledger", "e-Defter"),
    ],
)
def test_a_module_is_known_by_the_konnektors_and_the_seeds_words(typed, code):
    from konnektor_kit.domain.modules import Module

    assert Module.parse(typed).code == code


@pytest.mark.parametrize("typed", ["", "e-", "Fatura", "Makbuzu", "e-Müstahsil Makbuzu 2"])
def test_a_word_of_no_module_is_refused(typed):
    from konnektor_kit.domain.modules import Module
    from konnektor_kit.exceptions import UnknownModule

    with pytest.raises(UnknownModule):
        Module.parse(typed)


@pytest.mark.parametrize(
    ("value", "flag"),
    [(1, True), ("1", True), (True, True), ("True", True), (" 1 ", True), (-1, True), (2, True), ("1.0", True)]
    + [(0, False), ("0", False), (False, False), ("False", False), (None, False), ("", False), ("hayır", False)],
)
def test_a_flag_reads_the_same_whatever_the_driver_returned(value, flag):
    """One reading of a yes/no column for every program (LOGO's PASSIVE, MIKRO's DB_iptal): psqlODBC's "0"
    is not set, MariaDB's 1 and SQLite's True are."""
    from konnektor_kit.domain.reader import as_flag

    assert as_flag(value) is flag


@pytest.mark.parametrize(("typed", "plain"), [("123 456-78", "12345678"), ("", ""), ("VKN: 1-2", "12")])
def test_tax_numbers_are_compared_by_their_digits(typed, plain):
    from konnektor_kit.domain.text import digits

    assert digits(typed) == plain
