"""The standalone page's frame: one file, nothing fetched, its title shown as text; the palette's colours
given to any class by severity."""

from __future__ import annotations

from datetime import datetime

from konnektor_kit.present.page_frame import CSS, PALETTE, severity_css, stamp, standalone_page


def test_a_page_stands_alone_and_shows_its_title_as_text():
    page = standalone_page("<img src=x onerror=alert(1)> & Co", "<p>gövde</p>", "tr", css="p{color:red}", script="1")
    assert page.startswith('<!DOCTYPE html><html lang="tr"><head><meta charset="utf-8">')
    assert "<img" not in page and page.count("&lt;img src=x onerror=alert(1)&gt; &amp; Co") == 2  # title, h1
    assert f"<style>{CSS}p{{color:red}}</style>" in page and "<p>gövde</p><script>1</script></body></html>" in page
    assert "http" not in page and "<script>" not in standalone_page("t", "", "en")


def test_severity_css_colours_a_class_per_severity():
    assert severity_css(".kk-cell-{}").startswith(f".kk-cell-ok{{background:{PALETTE['ok']}}}")
    assert severity_css(".kk-cell-{}").count("{background:") == len(PALETTE)
    late = severity_css("tr.{}", {"late": "warning"})
    assert late == f"tr.late{{background:{PALETTE['warning']}}}"


def test_the_stamp_is_written_as_a_turkish_reader_does():
    assert stamp(datetime(2027, 1, 2, 9, 30)) == "02.01.2027 09:30"
