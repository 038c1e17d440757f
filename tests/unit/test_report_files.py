"""The diagnosis report file: written only into the kit's own `reports/`, never through a planted link,
never over an earlier report, and a full or read-only disk is a sentence, not "unexpected error"."""

from __future__ import annotations

import errno
import os
import stat
from datetime import datetime

import pytest

from konnektor_kit.data.site import file_error, load_site
from konnektor_kit.exceptions import KitError
from konnektor_kit.present import report_file
from konnektor_kit.present.report_file import write_report

NOW = datetime(2026, 1, 2, 3, 4, 5)
NAME = "teshis-20260102-030405.html"


@pytest.fixture
def loaded(site):
    return load_site(site)


def test_the_folder_and_the_file_are_private(loaded):
    path = write_report(loaded, "<p>rapor</p>", NOW)
    assert path == loaded.folder / "reports" / NAME and path.read_text(encoding="utf-8") == "<p>rapor</p>"
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_planted_link_is_not_followed(loaded, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("dokunulmaz", encoding="utf-8")
    folder = loaded.folder / "reports"
    folder.mkdir(mode=0o700)
    (folder / NAME).symlink_to(victim)
    dangling = folder / "teshis-20260102-030405-2.html"
    dangling.symlink_to(tmp_path / "would-be-created.txt")
    path = write_report(loaded, "<p>yeni</p>", NOW)
    assert victim.read_text(encoding="utf-8") == "dokunulmaz"
    assert not (tmp_path / "would-be-created.txt").exists()
    assert (folder / NAME).is_symlink() and dangling.is_symlink()
    assert path.name == "teshis-20260102-030405-3.html" and not path.is_symlink()
    assert path.read_text(encoding="utf-8") == "<p>yeni</p>"


def test_an_existing_report_is_never_overwritten(loaded):
    first = write_report(loaded, "<p>bir</p>", NOW)
    second = write_report(loaded, "<p>iki</p>", NOW)
    assert first != second
    assert first.read_text(encoding="utf-8") == "<p>bir</p>" and second.read_text(encoding="utf-8") == "<p>iki</p>"


def test_a_reports_folder_that_is_a_link_is_refused(loaded, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (loaded.folder / "reports").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(KitError) as refused:
        write_report(loaded, "<p>x</p>", NOW)
    assert "kitin kendi klasörü değil" in refused.value.message("tr")
    assert "not the kit's own folder" in refused.value.message("en")
    assert list(elsewhere.iterdir()) == []


def test_a_file_named_reports_is_refused(loaded):
    (loaded.folder / "reports").write_text("bir dosya", encoding="utf-8")
    with pytest.raises(KitError, match="not the kit's own folder"):
        write_report(loaded, "<p>x</p>", NOW)
    assert (loaded.folder / "reports").read_text(encoding="utf-8") == "bir dosya"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the folder away")
def test_a_reports_folder_of_another_user_is_refused(loaded):
    folder = loaded.folder / "reports"
    folder.mkdir(mode=0o700)
    os.chown(folder, 54321, 54321)
    with pytest.raises(KitError, match="another user's folder"):
        write_report(loaded, "<p>x</p>", NOW)
    assert list(folder.iterdir()) == []


def test_an_older_kits_open_folder_is_made_private(loaded):
    folder = loaded.folder / "reports"
    folder.mkdir()
    os.chmod(folder, 0o755)
    write_report(loaded, "<p>x</p>", NOW)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def test_a_full_disk_is_said_so_and_leaves_no_half_file(loaded, monkeypatch):
    def full(fd, data):
        os.write(fd, bytes(data[:10]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(report_file, "_write_all", full)
    with pytest.raises(KitError) as failed:
        write_report(loaded, "<p>" + "x" * 1000 + "</p>", NOW)
    assert failed.value.category == "disk_full"
    assert "Disk dolu" in failed.value.message("tr") and "The disk is full" in failed.value.message("en")
    assert list((loaded.folder / "reports").iterdir()) == []


@pytest.mark.parametrize(
    "code, category, tr, en",
    [
        (errno.ENOSPC, "disk_full", "Disk dolu", "The disk is full"),
        (errno.EROFS, "read_only", "Disk salt okunur", "The disk is read-only"),
        (errno.EACCES, "permission_denied", "yazma yetkisi yok", "may not write to that folder"),
        (errno.EPERM, "permission_denied", "yazma yetkisi yok", "may not write to that folder"),
    ],
)
def test_write_failures_have_their_own_words(code, category, tr, en, tmp_path):
    err = file_error(OSError(code, os.strerror(code), str(tmp_path / "x")))
    assert err is not None and err.category == category and err.exit_code == 1
    assert tr in err.message("tr") and en in err.message("en") and str(tmp_path / "x") in err.message("en")
    assert file_error(OSError(errno.ECONNREFUSED, "refused")) is None  # not a file's failure: left alone


def test_a_read_only_reports_folder_is_said_so(loaded, monkeypatch):
    def read_only(path, mode=0o777):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(report_file.os, "mkdir", read_only)
    with pytest.raises(KitError) as failed:
        write_report(loaded, "<p>x</p>", NOW)
    assert failed.value.category == "read_only" and "reports" in failed.value.message("en")


def test_the_cli_says_disk_full_instead_of_unexpected_error(tmp_path, monkeypatch, capsys):
    from konnektor_kit.training import sandbox
    from tests.conftest import cli as run_cli

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "yeni" / "site.toml"))

    monkeypatch.setattr(sandbox, "create_sandbox", full)
    code, payload, err = run_cli("sandbox", str(tmp_path / "yeni"), "--lang", "en", capsys=capsys)
    assert code == 1 and "The disk is full" in err and "unexpected" not in err
    assert payload["category"] == "disk_full"
