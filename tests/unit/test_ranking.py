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
