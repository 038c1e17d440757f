"""Small things, each a real process or a real file: `… | head` ends quietly, a negative culling time,
`sqlite = "/proc/self/mem"` and a full disk under a campaign's --out are said in words (exit 2 for what
was typed, 1 for the disk, naming the file and leaving no `.part`)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from konnektor_kit.batch import campaign
from konnektor_kit.cli import run
from tests.conftest import YEAR

from .procs import ENTRY_POINT
from .states import add_branches
from .tally import count


def test_a_reader_that_goes_away_ends_the_output_quietly(make_site):
    site = make_site()
    add_branches(site, 200)  # more than a pipe holds: the writer meets the closed pipe
    for argv in (["inspect", "--site", str(site)], ["inspect", "--site", str(site), "--json"]):
        count("bad input", "tried")
        proc = subprocess.Popen([str(ENTRY_POINT), *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()  # `| head -1`
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait(timeout=120)
        assert code == 0, err  # the work was done; the reader only stopped reading
        assert "Traceback" not in err and "BrokenPipe" not in err and "Beklenmeyen" not in err, err
        count("bad input", "held")


@pytest.mark.parametrize("flag", ["--cull-idle", "--cull-interval", "--pool-size"])
def test_a_negative_time_or_count_for_serve_is_refused(flag):
    """Read by the parser, before any server starts (the old code went on to serve with culling off)."""
    from konnektor_kit.cli.parser import build_parser
    from konnektor_kit.exceptions import UsageError

    count("bad input", "tried")
    with pytest.raises(UsageError) as refused:
        build_parser().parse_args(["serve", flag, "-5"])
    assert refused.value.exit_code == 2 and flag in refused.value.message("tr") and "-5" in refused.value.message("en")
    assert build_parser().parse_args(["serve", flag, "0"])  # 0 still means off
    count("bad input", "held")


@pytest.mark.parametrize("where", ["/proc/self/mem", "/dev/null", "TEXT"])
def test_a_konnektor_path_that_is_no_database_is_bad_input(where, make_site, capsys):
    site = make_site()
    if where == "TEXT":
        where = str(site)  # the site file itself: a text file
    text = site.read_text(encoding="utf-8").replace('sqlite = "konnektor.sqlite"', f"sqlite = {json.dumps(where)}")
    site.write_text(text, encoding="utf-8")
    count("bad input", "tried")
    code = run(["inspect", "--site", str(site)])
    err = capsys.readouterr().err
    assert code == 2 and where in err and "Beklenmeyen" not in err, err
    count("bad input", "held")


def test_a_full_disk_under_the_campaign_names_the_file_and_leaves_no_part(make_site, tmp_path, capsys):
    from .test_disk import tmpfs

    site = make_site()
    with tmpfs(tmp_path / "tiny", 64) as mounted:
        if mounted is None:
            pytest.skip("needs root and mount -t tmpfs")
        out = mounted / "out"
        (out / campaign.RESULTS).mkdir(parents=True)
        fd = os.open(mounted / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 4096)  # until the disk is full
        except OSError:
            pass
        finally:
            os.close(fd)
        count("reliability", "tried")
        code = run(["campaign", str(site.parent), "--verb", "ready", "--year", str(YEAR), "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 1 and "Disk dolu" in err and str(out) in err and ": ?" not in err, err
        left = [p.name for p in out.rglob("*") if p.name.endswith(".part")]
        assert not left, left
        count("reliability", "held")
    assert not os.path.ismount(tmp_path / "tiny")
