"""`init` as the start page's first step, driven in Python as an engineer would: fill the fields, click,
read the page; on real SQLite folders. (The password field against a live server: tests/live/test_live_init.py.)"""

from __future__ import annotations

import html
import os
import stat
from pathlib import Path

import pytest

from konnektor_kit.env import SITE_ENV, SITES_ENV
from konnektor_kit.ui.start import StartPage


def texts(page) -> str:
    return html.unescape(" ".join(m.value for m in page.messages.children))


@pytest.fixture
def customer(make_site) -> Path:
    return make_site("new-year").parent


def fill(page: StartPage, folder: Path, konnektor: str, servers: str = "", database: str = "") -> None:
    section = page.new_customer
    section.toggle.value = True
    section.folder.value, section.konnektor.value = str(folder), konnektor
    section.servers.value, section.database.value = servers, database


def test_the_start_page_writes_a_new_customers_site_and_opens_it(site, customer, tmp_path):
    page = StartPage(site, lang="tr")
    assert page.new_customer.fields.layout.display == "none"  # folded until asked for
    target = tmp_path / "yeni-musteri"
    fill(page, target, str(customer), f"SRV01={customer / 'databases'}")
    assert page.new_customer.fields.layout.display is None
    page.new_customer.button.click()
    written = target / "site.toml"
    assert written.is_file() and stat.S_IMODE(written.stat().st_mode) == 0o600, texts(page)
    assert page.site_path == written.resolve() and page.site_field.value == str(written.resolve())
    assert page.matrix.value.count("kk-cell-") == 12  # the new site's every module × branch, tested
    summary = html.unescape(page.new_customer.summary.value)
    assert "Konnektör veri tabanı: konnektor" in summary and "12 ayar" in summary
    page.language.value = "en"
    assert "The Konnektör's database: konnektor" in html.unescape(page.new_customer.summary.value)


def test_several_found_is_a_message_and_nothing_is_written(site, customer, tmp_path):
    (customer / "konnektor_yedek.sqlite").write_bytes((customer / "konnektor.sqlite").read_bytes())
    page = StartPage(site, lang="en")
    fill(page, tmp_path / "yeni", str(customer))
    page.new_customer.button.click()
    assert "konnektor, konnektor_yedek" in texts(page) and not (tmp_path / "yeni").exists()
    page.new_customer.database.value = "konnektor_yedek"
    page.new_customer.button.click()
    assert (tmp_path / "yeni" / "site.toml").is_file()


def test_a_literal_password_or_another_variable_is_refused(site, tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_SERVER_SECRET", "do-not-read-me")
    page = StartPage(site, lang="en")
    fill(page, tmp_path / "yeni", "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=1;Uid=kit;Pwd=hunter2-pw")
    page.new_customer.button.click()
    assert "literal password" in texts(page) and "hunter2-pw" not in texts(page)
    page.new_customer.konnektor.value = "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=1;Pwd=${KIT_SERVER_SECRET}"
    page.new_customer.button.click()
    assert "reads none of the server's environment variables" in texts(page) and "KONNEKTOR_PWD" in texts(page)
    assert not (tmp_path / "yeni").exists()


def test_under_serve_only_the_allowed_folders(site, customer, tmp_path, monkeypatch):
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    monkeypatch.setenv(SITES_ENV, os.pathsep.join([str(customer), str(allowed)]))
    monkeypatch.setenv(SITE_ENV, str(site))
    page = StartPage(site, lang="en")
    fill(page, tmp_path / "elsewhere", str(customer))
    page.new_customer.button.click()
    assert "outside the allowed folders" in texts(page) and not (tmp_path / "elsewhere").exists()
    fill(page, allowed / "yeni", "/etc")  # an SQLite folder outside them is never read either
    page.new_customer.button.click()
    assert "outside the allowed folders" in texts(page) and not (allowed / "yeni").exists()
    fill(page, allowed / "yeni", str(customer), f"SRV01={customer / 'databases'}")
    page.new_customer.button.click()
    assert page.site_path == (allowed / "yeni" / "site.toml").resolve(), texts(page)
