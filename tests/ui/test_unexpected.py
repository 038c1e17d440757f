"""An unexpected error on a page: the person reads where its details are (the log file, by its real
path), and the log holds the traceback; an expected error stays a message and leaves no traceback."""

from __future__ import annotations

import html

import pytest

from konnektor_kit import logs
from konnektor_kit.env import STATE_ENV
from konnektor_kit.ui.diagnosis import DiagnosisPage
from konnektor_kit.ui.start import StartPage


class BrokenStartPage(StartPage):
    def refresh(self) -> None:
        raise ZeroDivisionError("broken on purpose")


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "state"))
    yield tmp_path / "state" / logs.LOG_FILE
    monkeypatch.undo()
    logs.configure()  # back to the session's folder


def shown(page) -> str:
    return html.unescape(" ".join(m.value for m in page.messages.children))


def test_the_page_names_the_log_file_and_the_log_has_the_traceback(site, log_file):
    page = BrokenStartPage(site, lang="tr")
    assert page.log_file == log_file
    text = shown(page)
    assert f"Bir şeyler ters gitti — ayrıntılar {log_file} dosyasında." in text and "kk-msg-error" in text
    assert "ZeroDivisionError" in text and "Traceback" not in text  # a sentence for the person
    page.language.value = "en"  # the switch redraws: the same failure, in English
    assert f"Something went wrong — details are in {log_file}." in shown(page)
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("Traceback (most recent call last)") == 2
    assert "ZeroDivisionError: broken on purpose" in logged and "in refresh" in logged
    assert "BrokenStartPage.site_changed" in logged and "BrokenStartPage.relanguage" in logged  # what was run


def test_a_button_is_logged_and_an_expected_error_has_no_traceback(site, log_file):
    page = DiagnosisPage(site, lang="en")
    page.year.value = "26"  # refused as the CLI refuses it
    page.run_button.click()
    assert "Something went wrong" not in shown(page)
    logged = log_file.read_text(encoding="utf-8")
    assert "DiagnosisPage.diagnose" in logged and "Traceback" not in logged


class LeakingStartPage(StartPage):
    def refresh(self) -> None:
        raise RuntimeError("[08001] could not connect with DRIVER={x};SERVER=db;UID=sa;PWD={s3cr;et};")


def test_an_unexpected_errors_own_words_reach_the_page_without_the_password(site, log_file):
    """A driver may quote the connection string it was given; the page and the log mask it alike."""
    page = LeakingStartPage(site, lang="en")
    text = shown(page)
    assert "could not connect" in text and "PWD=***" in text and "s3cr" not in text
    assert "s3cr" not in log_file.read_text(encoding="utf-8")
    assert page.unexpected and not any("s3cr" in tb for tb in page.unexpected)  # a strict notebook shows these
