"""Finding the branch a person means: exactly as stored first, else the one branch that folds alike."""

from __future__ import annotations

import pytest

from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.exceptions import BadInput, UnknownBranch, UsageError
from konnektor_kit.i18n import MESSAGES
from konnektor_kit.services.inspect import find_setting, select_settings
from tests.conftest import cli


def setting(branch: str, module: str = "e-Fatura", database: str = "DB") -> ModuleSetting:
    return ModuleSetting(
        module=module, branch=branch, program="GENERIC", server="SRV01", database=database, firm=None, period=None
    )


SITE = [setting("Merkez"), setting("İzmir Şube"), setting("Merkez", "e-Arşiv"), setting("İzmir Şube", "e-Arşiv")]


@pytest.mark.parametrize(
    "typed", ["İzmir Şube", "izmir şube", "IZMIR SUBE", "Izmir Sube", "İZMİR ŞUBE", " izmir  sube "]
)
def test_branch_typed_any_turkish_way(typed):
    chosen = select_settings(SITE, "e-Fatura", typed)
    assert [(s.module, s.branch) for s in chosen] == [("e-Fatura", "İzmir Şube")]
    assert find_setting(SITE, "e-Fatura", typed).branch == "İzmir Şube"


def test_branch_across_modules():
    assert {s.module for s in select_settings(SITE, None, "merkez")} == {"e-Fatura", "e-Arşiv"}


def test_exact_branch_wins_over_a_fold_alike():
    settings = [setting("Ankara", database="A1"), setting("Ankara ", database="A2"), setting("Merkez")]
    assert find_setting(settings, "e-Fatura", "Ankara").database == "A1"
    assert find_setting(settings, "e-Fatura", "Ankara ").database == "A2"


def test_several_branches_folding_alike_is_an_error_listing_them():
    settings = [setting("Ankara", database="A1"), setting("Ankara ", database="A2"), setting("Merkez")]
    with pytest.raises(UsageError) as err:
        select_settings(settings, "e-Fatura", "ankara")
    assert err.value.msg.key == "branch.ambiguous" and err.value.exit_code == 2
    for lang in ("tr", "en"):
        text = err.value.message(lang)
        assert '"Ankara"' in text and '"Ankara "' in text and "Merkez" not in text
    assert "şube" in err.value.message("tr") and "branches" in err.value.message("en")


def test_unknown_branch_lists_the_branches():
    with pytest.raises(UnknownBranch) as err:
        select_settings(SITE, "e-Fatura", "Istanbul")
    assert err.value.msg.key == "branch.unknown"
    assert "Merkez" in err.value.message("tr") and "İzmir Şube" in err.value.message("en")


def test_unknown_branch_for_a_module_with_no_settings_is_still_an_error():
    with pytest.raises(BadInput):
        select_settings([setting("Merkez")], "e-MM", "Merkez")


def test_ambiguous_message_has_both_languages_with_the_same_placeholders():
    import string

    tr, en = MESSAGES["branch.ambiguous"]
    names = [{f for _, f, _, _ in string.Formatter().parse(m) if f} for m in (tr, en)]
    assert names[0] == names[1] == {"module", "typed", "known"}


def test_cli_discover_with_the_branch_typed_plainly(make_site, capsys):
    site = str(make_site("new-year"))
    code, found, err = cli("discover", "--site", site, "--module", "e-Fatura", "--branch", "izmir sube", capsys=capsys)
    assert code == 0, err
    assert found[0]["database"] == "IZMIRSUBE2026"  # İzmir Şube's database for the year, not Merkez's LOGODB
    code, payload, err = cli("discover", "--site", site, "--module", "e-Fatura", "--branch", "Istanbul", capsys=capsys)
    assert code == 2 and "Traceback" not in err
    assert '"Istanbul" şubesi yok' in err and "Merkez" in err and "İzmir Şube" in err
