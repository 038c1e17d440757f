"""Ranking database names for a year: the right one first, decoys and other names below."""

from konnektor_kit.domain.programs.yearnames import CHOSEN_AT_LEAST, is_decoy, rank_names, split_year


def test_split_year_four_and_two_digits():
    assert split_year("ABC2025").with_year(2026) == "ABC2026"
    assert split_year("ETA_EDIS_2025").with_year(2026) == "ETA_EDIS_2026"
    assert split_year("LIDER25").with_year(2026) == "LIDER26"
    assert split_year("MERKEZ") is None


def test_same_stem_wins_over_decoys_and_other_names():
    names = ["ABC2025", "ABC2026", "ABC2026_YEDEK", "ABC2026_TEST", "XYZ2026", "ABC2024", "master"]
    ranked = rank_names("ABC2025", 2026, names)
    assert ranked[0].name == "ABC2026" and ranked[0].score >= CHOSEN_AT_LEAST
    assert all(r.score < CHOSEN_AT_LEAST for r in ranked[1:])
    kinds = {r.name: r.kind for r in ranked}
    assert kinds["ABC2026_YEDEK"] == kinds["ABC2026_TEST"] == "decoy"
    assert kinds["XYZ2026"] == "other_name" and kinds["ABC2024"] == "other_year"
    assert "master" not in kinds


def test_decoy_markers():
    assert is_decoy("GIDA2026_YEDEK") and is_decoy("BEYAZGIDA2026DENEME") and is_decoy("ABC2026BAK")
    assert not is_decoy("GIDA2026") and not is_decoy("ESKISEHIR2026")


def test_nothing_for_the_year_means_nothing_chosen():
    ranked = rank_names("ABC2025", 2026, ["ABC2024", "ABC2025"])
    assert all(r.score < CHOSEN_AT_LEAST for r in ranked)


def test_decoy_markers_written_in_turkish():
    for name in (
        "IZMIRSUBE2026_ESKİ",
        "IZMIRSUBE2026_Yedek",
        "IZMIRSUBE2026_eski",
        "IZMIRSUBE2026_Eski",
        "İZMİRŞUBE2026_KOPYA",
        "IZMIRSUBE2026 Deneme",
        "IZMIRSUBE2026ESKİ",
    ):
        assert is_decoy(name), name
    assert not is_decoy("ESKİŞEHİR2026") and not is_decoy("İZMİRŞUBE2026")
    ranked = rank_names("IZMIRSUBE2025", 2026, ["IZMIRSUBE2026_ESKİ", "IZMIRSUBE2026", "IZMIRSUBE2026_Yedek"])
    assert [r.kind for r in ranked] == ["same_stem", "decoy", "decoy"]


def test_same_stem_however_the_i_is_written():
    ranked = rank_names("İZMİRŞUBE2025", 2026, ["IZMIRSUBE2026", "izmirşube2026_eski"])
    assert ranked[0].name == "IZMIRSUBE2026" and ranked[0].kind == "same_stem"


def test_a_two_digit_year_closing_a_name_is_read_in_this_century():
    assert split_year("LIDER26").year == 2026 and split_year("LIDER26").width == 2
    assert split_year("LIDER_09").year == 2009 and split_year("LIDER_09").stem == "LIDER_#"
    assert split_year("LIDER09").with_year(2031) == "LIDER31"
    # only a tail after a letter or "_": a bare number or a longer run of digits is no year
    assert split_year("26") is None and split_year("LIDER126") is None and split_year("L26X") is None


def test_the_last_four_digit_year_of_a_name_is_its_year():
    parsed = split_year("ABC2019_2025")
    assert (parsed.year, parsed.stem, parsed.width) == (2025, "ABC2019_#", 4)
    assert split_year("ABC20251") is None, "a year is never cut out of a longer number"
    assert split_year("ABC1999").year == 1999 and split_year("ABC2100") is None


def test_a_two_digit_mikro_code_is_a_year_with_a_sibling_one_year_before_or_after():
    from konnektor_kit.domain.programs.mikro import siblings, split_code

    assert siblings("LIDER26", ["LIDER25", "LIDER26"]) and split_code("LIDER26").year == 2026  # the one before
    assert siblings("LIDER25", ["LIDER25", "LIDER26"]) and split_code("LIDER25").year == 2025  # the one after
    assert not siblings("LIDER26", ["LIDER26"]) and not siblings("MERKEZ01", ["MERKEZ01", "MERKEZ03"])
    assert not siblings("LIDER26", ["LIDER26", "OTHER25"]), "a sibling shares the stem"
    assert split_code("FURPA2026").year == 2026 and split_code("BEDIR_2017_TEST").year == 2017
    assert split_code("20") is None, "a bare number is a company code, never a year"


def test_decoys_and_other_names_keep_their_order_and_scores():
    ranked = rank_names("ABC2025", 2026, ["XYZ2026", "ABC2026_ESKI", "ABC2027", "ABC2026"])
    assert [(r.name, r.kind, r.year) for r in ranked] == [
        ("ABC2026", "same_stem", 2026),
        ("ABC2026_ESKI", "decoy", 2026),
        ("XYZ2026", "other_name", 2026),
        ("ABC2027", "other_year", 2027),
    ]
    assert [r.score for r in ranked] == [90, 30, 20, 5]


def test_every_marker_of_a_copy_makes_a_decoy_however_it_is_attached():
    for marker in ("YEDEK", "TEST", "BACKUP", "BAK", "ESKI", "KOPYA", "COPY", "DENEME", "OLD", "TMP", "TEMP"):
        assert is_decoy(f"ABC2026_{marker}") and is_decoy(f"ABC2026{marker}") and is_decoy(f"{marker} ABC2026"), marker
        assert is_decoy(f"abc2026_{marker.lower()}"), marker
    assert not is_decoy("ABC2026") and not is_decoy("GOLDEN2026") and not is_decoy("ABC2026_SUBE")
