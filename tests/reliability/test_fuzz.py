"""Campaign 5: fuzzing the command line and the site file.

Hypothesis draws command lines (verbs, flags and values: huge numbers, NaN, unicode digits, empty
strings, stray options, hostile paths) and site files (structured TOML with wrong types and hostile
values, mutations of a real site file, arbitrary text). Whatever it draws:

* the CLI never raises and never prints a traceback or "unexpected error";
* it exits 0, 1 or 2, and 1 or 2 always with a message; with --json, stdout is one JSON document;
* input that is certainly bad (a site file that is not TOML, no [konnektor], a login_timeout that is
  not a positive number) exits 2;
* the Konnektör database is never changed, except by a write that succeeded (exit 0 of
  apply/new-year with --yes, or undo), which is then put back.

Runs are in-process (`konnektor_kit.cli.run`, stdout and stderr redirected), derandomized so CI sees
the same examples every time. Inputs that another engineer is fixing in data/site.py (a non-finite or
huge login_timeout, deeply nested TOML, `--site /proc/self/mem`) are the explicit tests at the end.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import string
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from konnektor_kit.cli import run
from konnektor_kit.training.sandbox import create_sandbox, scenario_names
from tests.conftest import YEAR

from .tally import count, note

ARGV_EXAMPLES = int(os.environ.get("KIT_FUZZ_ARGV", 1200))
TOML_EXAMPLES = int(os.environ.get("KIT_FUZZ_TOML", 800))
UNEXPECTED = ("Beklenmeyen", "unexpected error", "Traceback")
#: violations are collected (and counted), not raised: every example runs, nothing needs shrinking
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


class World:
    """One sandbox for the whole fuzz run, restored whenever a successful write changed it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.site = create_sandbox(folder / "site", "new-year", YEAR)
        self.db = self.site.parent / "konnektor.sqlite"
        self.pristine = folder / "pristine.sqlite"
        shutil.copyfile(self.db, self.pristine)
        self.digest = self.fingerprint()
        self.cwd = folder / "cwd"
        (self.cwd / "sbx").mkdir(parents=True)
        (self.cwd / "keep.txt").write_text("not a sandbox")
        self.paths = self._hostile_paths()
        self.listing = sorted(p.name for p in self.site.parent.iterdir())

    def fingerprint(self) -> str:
        return hashlib.sha256(self.db.read_bytes()).hexdigest()

    def restore(self) -> None:
        for side in ("-journal", "-wal", "-shm"):
            self.db.with_name(self.db.name + side).unlink(missing_ok=True)
        shutil.copyfile(self.pristine, self.db)

    def _hostile_paths(self) -> list[str]:
        f = self.folder / "files"
        f.mkdir()
        (f / "empty.toml").write_bytes(b"")
        (f / "binary.toml").write_bytes(bytes(range(256)) * 4)
        (f / "latin1.toml").write_bytes('name = "Örnek Gıda"\n'.encode("latin-1", "replace"))
        (f / "bom.toml").write_bytes(b"\xef\xbb\xbf" + self.site.read_bytes())
        (f / "big.toml").write_bytes(b"# x\n" * 300_000)  # 1.2 MB
        (f / "folder.toml").mkdir()
        return [
            "",
            ".",
            "/",
            "/dev/null",
            "/dev/zero",
            "nonexistent.toml",
            str(f / "empty.toml"),
            str(f / "binary.toml"),
            str(f / "latin1.toml"),
            str(f / "bom.toml"),
            str(f / "big.toml"),
            str(f / "folder.toml"),
            str(self.db),
            str(self.site.parent),
            "~/site.toml",
            "site.toml\n",
            str(self.site) + "/",
        ]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    return World(tmp_path_factory.mktemp("fuzz"))


def call(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run(argv)
        except SystemExit as exc:  # argparse's own --help (exit 0), as the entry point would end
            if "-h" not in argv and "--help" not in argv:
                raise
            code = exc.code if isinstance(exc.code, int) else 0
    return code, out.getvalue(), err.getvalue()


def judge(
    world: World,
    campaign: str,
    argv: list[str],
    code: int,
    out: str,
    err: str,
    *,
    writes: bool,
    must_be_bad: bool = False,
) -> list[str]:
    """What was wrong with one run (nothing: an empty list); restores the database after a good write."""
    problems = []
    count(campaign, "examples")
    count(campaign, f"exit {code}")
    if code not in (0, 1, 2):
        problems.append(f"exit {code}")
    if code != 0 and not (err.strip() or out.strip()):  # `test` says which checks failed on stdout
        problems.append("failed without a message")
    if any(u in err or u in out for u in UNEXPECTED):
        problems.append("unexpected error / traceback")
    if must_be_bad and code != 2:
        problems.append(f"certainly bad input, exit {code} (expected 2)")
    if "--json" in argv and out.strip() and not {"-h", "--help"} & set(argv):
        try:
            json.loads(out)
        except json.JSONDecodeError:
            problems.append("--json printed something that is not one JSON document")
    changed = world.fingerprint() != world.digest
    if changed:
        if not (writes and code == 0):
            problems.append(f"the Konnektör database changed (exit {code})")
        count(campaign, "successful writes put back")
        world.restore()
    if sorted(p.name for p in world.site.parent.iterdir()) != world.listing:
        problems.append("files appeared beside the site")
        for p in world.site.parent.iterdir():
            if p.name not in world.listing and p.name != "fuzz.toml":
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    if problems:
        count(campaign, "violations")
    return [f"{p}: argv={argv!r} exit={code} err={err.strip()[:300]!r}" for p in problems]


# ---- the command line -----------------------------------------------------------------------
NO_NUL = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
TEXT = st.text(alphabet=NO_NUL, max_size=24)
NUMBERS = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "2026",
        "26",
        "02026",
        "2026.0",
        "1e3",
        "nan",
        "NaN",
        "inf",
        "-inf",
        str(2**64),
        "9" * 400,
        "٢٠٢٦",
        "２０２６",
        "2026 ",
        " 2026",
        "0x7E2",
        "+2026",
        "2_026",
        "1",
        "3",
        "03",
        "003",
        "1000",
        "999",
        "00",
        "٣",
        "³",
    ]
)
DATES = st.sampled_from(
    [
        "01.01.2026",
        "31.02.2026",
        "2026-13-01",
        "2026-07-01",
        "01.07.2026",
        "1.7.2026",
        "01.01.1999",
        "01.01.2101",
        "29.02.2025",
        "",
        "today",
        "01/07/2026",
        "٠١.٠٧.٢٠٢٦",
    ]
)
NAMES = st.sampled_from(
    [
        "e-Fatura",
        "E-FATURA",
        "efatura",
        "e-Arşiv",
        "e-arsiv",
        "e-İrsaliye",
        "e-Defter",
        "e-SMM",
        "e-MM",
        "e-Posta",
        "Merkez",
        "merkez",
        " Merkez",
        "İzmir Şube",
        "izmir sube",
        "IZMIRSUBE2026",
        "IZMIRSUBE2099",
        "LOGODB",
        "x]; DROP TABLE KONNEKTOR_MODUL_AYAR;--",
        "--json",
        "-",
        "--",
        "%s%n",
        "${HOME}",
        "\u202e",
        "Ｍｅｒｋｅｚ",
    ]
)
VALUES = st.one_of(NUMBERS, DATES, NAMES, TEXT, st.integers().map(str), st.floats().map(str))

FLAGS = {
    "inspect": [],
    "history": [],
    "discover": ["--module", "--branch", "--year", "--date"],
    "test": ["--module", "--branch", "--year", "--date"],
    "apply": ["--module", "--branch", "--database", "--firm", "--period", "--yes"],
    "new-year": ["--year", "--date", "--yes", "--skip"],
    "undo": ["--change"],
    "sandbox": ["--scenario", "--year"],
}
BOOLEAN = {"--yes", "--json"}
#: values that parse, so that the draw reaches past argparse into the verbs
GOOD = {
    "--module": st.sampled_from(["e-Fatura", "e-Arşiv", "e-İrsaliye", "e-Defter", "e-SMM", "e-MM", "efatura"]),
    "--branch": st.sampled_from(["Merkez", "İzmir Şube", "izmir sube", "MERKEZ"]),
    "--year": st.sampled_from([str(YEAR), str(YEAR - 1), str(YEAR + 1), "2000", "2100"]),
    "--date": st.sampled_from(["01.01.2026", "2026-07-01", "01.07.2026"]),
    "--database": st.sampled_from([f"IZMIRSUBE{YEAR}", f"izmirsube{YEAR}", "LOGODB", f"IZMIRSUBE{YEAR - 2}"]),
    "--firm": st.sampled_from(["2", "002", "3", "1", "999", ""]),
    "--period": st.sampled_from(["3", "03", "2", "1", "99", ""]),
    "--skip": st.sampled_from(["e-Defter", "e-Fatura", "edefter"]),
    "--change": st.sampled_from(["1", "2", "0"]),
}
STRAY = ["--frob", "--site", "--lang", "-h", "--json", "--yes", "--module", "--change", "--year", "--port", "-x"]


@st.composite
def command_lines(draw, world: World) -> list[str]:
    verb = draw(st.sampled_from(list(FLAGS))) if draw(st.integers(0, 9)) else draw(TEXT)
    argv = [verb]
    if verb == "sandbox":
        argv.append(
            draw(
                st.one_of(
                    # (an existing file, "keep.txt" or /dev/null, is the explicit test at the end: one bug, one test)
                    st.sampled_from([".", "", "..", "/proc", "sbx", "/"]),
                    TEXT.filter(lambda t: ".." not in t).map(lambda t: f"sbx/{t}"),
                )
            )
        )
    elif draw(st.integers(0, 9)):
        argv += ["--site", str(world.site) if draw(st.integers(0, 5)) else draw(st.sampled_from(world.paths))]
    for _ in range(draw(st.integers(0, 5))):
        flag = draw(
            st.sampled_from(FLAGS.get(verb) or ["--frob"]) if draw(st.integers(0, 4)) else st.sampled_from(STRAY)
        )
        if verb == "sandbox" and flag == "--scenario":
            argv += [flag, draw(st.one_of(st.sampled_from(scenario_names()), TEXT))]
        elif flag in BOOLEAN:
            argv.append(flag)
        elif draw(st.integers(0, 9)):
            value = draw(st.one_of(GOOD[flag], VALUES) if flag in GOOD and draw(st.integers(0, 2)) else VALUES)
            argv += [f"{flag}={value}"] if draw(st.booleans()) else [flag, value]
        else:
            argv.append(flag)  # a flag without its value
    if draw(st.booleans()):
        argv.append("--json")
    if draw(st.integers(0, 3)) == 0:
        argv += ["--lang", draw(st.sampled_from(["tr", "en", "TR", "de", ""]))]
    if draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(TEXT))
    return argv


def test_fuzz_the_command_line(world, monkeypatch):
    monkeypatch.chdir(world.cwd)
    monkeypatch.delenv("KONNEKTOR_KIT_DEBUG", raising=False)
    monkeypatch.delenv("KONNEKTOR_KIT_LANG", raising=False)
    campaign = "fuzz argv"
    problems: list[str] = []

    @settings(FUZZ, max_examples=ARGV_EXAMPLES)
    @given(st.data())
    def one(data):
        argv = data.draw(command_lines(world))
        verb = argv[0]
        try:
            code, out, err = call(argv)
        except BaseException as exc:  # noqa: BLE001 - a traceback is exactly what must not happen
            problems.append(f"raised {type(exc).__name__}: {exc}: argv={argv!r}")
            return
        writes = verb in ("apply", "new-year", "undo") and ("--yes" in argv or verb == "undo")
        problems.extend(judge(world, campaign, argv, code, out, err, writes=writes))

    one()
    shutil.rmtree(world.cwd / "sbx", ignore_errors=True)
    note(campaign, "violations", len(problems))
    assert not problems, "\n".join(problems[:20])


# ---- the site file --------------------------------------------------------------------------
def toml_string(text: str) -> str:
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return value.isoformat()  # dates and times


def toml_document(data: dict) -> str:
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in data.items())


CLOSED = "127.0.0.1"
ODBC = st.sampled_from(
    [
        f"Driver={{No Such Driver}};Server={CLOSED},1;Uid=u;Pwd=p",
        f"Driver={{ODBC Driver 18 for SQL Server}};Server={CLOSED},1;Uid=sa;Pwd={{p;w}}",
        f"Driver={{PostgreSQL Unicode}};Server={CLOSED};Port=1;Uid=u;Pwd=p;Database=EFINANS",
        f"Driver={{MariaDB Unicode}};Server={CLOSED};Port=1;Uid=u;Pwd=${{KIT_FUZZ_SURELY_UNSET}}",
        f"Driver={{PostgreSQL Unicode}};Server={CLOSED};Port=1;CommLog=1",
        f"Driver={{FreeTDS}};Server={CLOSED};Port=1;Uid=u;Pwd=p",
        "DSN=kit_fuzz_no_such_dsn",
        "",
        ";;;",
        "Driver=",
        "Driver={",
        "${}",
        "$",
        "Pwd=}",
    ]
) | st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00="), max_size=30)
SCALARS = st.one_of(
    TEXT,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False, max_value=1e300, min_value=-1e300),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
ANY = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6
)
TIMEOUTS = st.one_of(
    st.floats(min_value=0.5, max_value=30),
    st.integers(1, 30),
    st.integers(-5, 0),
    st.sampled_from([0.0, -0.0, 1e-300, 300, 301, 300.5]),
    TEXT,
    st.booleans(),
    ANY,
)
PATHS = (
    st.sampled_from(
        [
            "konnektor.sqlite",
            "./konnektor.sqlite",
            "databases/LOGODB.sqlite",
            "site.toml",
            "databases",
            "nope.sqlite",
            "",
            "/dev/null",
            "../site/konnektor.sqlite",
            "konnektor.sqlite\n",
            "KONNEKTOR.SQLITE",
            "~/konnektor.sqlite",
        ]
    )
    | TEXT
)


@st.composite
def site_documents(draw) -> dict:
    data: dict = {}
    if draw(st.integers(0, 4)):
        data["name"] = draw(st.one_of(TEXT, ANY))
    if draw(st.booleans()):
        data["login_timeout"] = draw(TIMEOUTS)
    if draw(st.integers(0, 9)):
        konnektor = {}
        if draw(st.integers(0, 3)):
            konnektor["sqlite"] = draw(st.one_of(PATHS, ANY) if draw(st.integers(0, 5)) == 0 else PATHS)
        if draw(st.integers(0, 3)) == 0:
            konnektor["odbc"] = draw(st.one_of(ODBC, ANY) if draw(st.integers(0, 5)) == 0 else ODBC)
        data["konnektor"] = konnektor if draw(st.integers(0, 9)) else draw(ANY)
    if draw(st.integers(0, 5)):
        servers = {}
        for name in draw(st.lists(st.one_of(st.just("SRV01"), TEXT), max_size=3)):
            conf = {}
            if draw(st.integers(0, 3)):
                conf["sqlite_dir"] = draw(st.one_of(st.just("databases"), PATHS))
            if draw(st.integers(0, 3)) == 0:
                conf["odbc"] = draw(ODBC)
            if draw(st.integers(0, 3)) == 0:
                conf["login_timeout"] = draw(TIMEOUTS)
            servers[name] = conf if draw(st.integers(0, 9)) else draw(ANY)
        data["servers"] = servers if draw(st.integers(0, 9)) else draw(ANY)
    if draw(st.integers(0, 3)) == 0:
        data["ignore"] = draw(
            st.one_of(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "firms": st.lists(st.one_of(st.integers(-5, 2000), TEXT), max_size=3),
                        "databases": st.lists(TEXT, max_size=3),
                    },
                ),
                ANY,
            )
        )
    if draw(st.integers(0, 3)) == 0:
        data["staff"] = draw(st.one_of(st.fixed_dictionaries({"credential": TEXT}), ANY))
    for key in draw(st.lists(TEXT, max_size=2)):
        data.setdefault(key, draw(ANY))
    return data


def certainly_bad(text: str) -> bool:
    """Input the README says is bad: not TOML, no [konnektor] with sqlite/odbc, a login_timeout that is no
    positive number (a site the kit may still refuse for other reasons is not judged here)."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return True
    konnektor = data.get("konnektor")
    if not isinstance(konnektor, dict) or not (konnektor.get("sqlite") or konnektor.get("odbc")):
        return True
    timeout = data.get("login_timeout", 5)
    return bool(isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0 or timeout > 300)


MUTATIONS = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(0, 2000),
        st.integers(0, 40),
        st.text(alphabet=NO_NUL | st.sampled_from(list("[]{}=\"'\n#.$")), max_size=12),
    ),
    min_size=1,
    max_size=4,
)


def mutate(text: str, edits) -> str:
    for kind, at, length, insert in edits:
        at %= len(text) + 1
        if kind == 0:
            text = text[:at] + insert + text[at:]
        elif kind == 1:
            text = text[:at] + text[at + length :]
        else:
            text = text[:at] + insert + text[at + length :]
    return text


SITE_VERBS = [
    ["inspect"],
    ["history"],
    ["new-year", "--year", str(YEAR)],
    ["test"],
    ["discover", "--module", "e-Fatura", "--branch", "Merkez", "--year", str(YEAR)],
    ["undo"],
    ["apply", "--module", "e-Fatura", "--branch", "Merkez", "--period", "3"],
]


def test_fuzz_the_site_file(world, monkeypatch):
    monkeypatch.chdir(world.cwd)
    monkeypatch.delenv("KONNEKTOR_KIT_DEBUG", raising=False)
    campaign = "fuzz site file"
    problems: list[str] = []
    fuzz_site = world.site.parent / "fuzz.toml"
    world.listing = sorted({*world.listing, "fuzz.toml"})
    original = world.site.read_text(encoding="utf-8")

    @settings(FUZZ, max_examples=TOML_EXAMPLES)
    @given(st.data())
    def one(data):
        how = data.draw(st.integers(0, 9))
        if how < 6:
            text = toml_document(data.draw(site_documents()))
        elif how < 9:
            text = mutate(original, data.draw(MUTATIONS))
        else:
            text = data.draw(st.text(alphabet=NO_NUL | st.sampled_from(list(string.punctuation)), max_size=200))
        fuzz_site.write_text(text, encoding="utf-8")
        verb = data.draw(st.sampled_from(SITE_VERBS))
        argv = [verb[0], "--site", str(fuzz_site), *verb[1:]]
        if data.draw(st.booleans()):
            argv.append("--json")
        if data.draw(st.booleans()):
            argv += ["--lang", "en"]
        try:
            code, out, err = call(argv)
        except BaseException as exc:  # noqa: BLE001
            problems.append(f"raised {type(exc).__name__}: {exc}: site={text!r}")
            return
        problems.extend(
            f"{p} site={text[:300]!r}"
            for p in judge(world, campaign, argv, code, out, err, writes=False, must_be_bad=certainly_bad(text))
        )

    one()
    note(campaign, "violations", len(problems))
    assert not problems, "\n".join(problems[:20])


# ---- inputs being fixed in data/site.py: the expected behaviour, exit 2 ---------------------
BEING_FIXED = {
    "login_timeout = inf": "login_timeout = inf\n",
    "login_timeout = nan": "login_timeout = nan\n",
    "login_timeout = -inf": "login_timeout = -inf\n",
    "login_timeout = 1e308": "login_timeout = 1e308\n",
    "login_timeout = 10**400": "login_timeout = 1" + "0" * 400 + "\n",
    "deeply nested array": "deep = " + "[" * 5000 + "]" * 5000 + "\n",
    "deeply nested inline table": "deep = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
}
PG_ODBC = f"Driver={{PostgreSQL Unicode}};Server={CLOSED};Port=1;Uid=u;Pwd=p;Database=EFINANS"


@pytest.mark.parametrize("konnektor", ["sqlite", "odbc"])
@pytest.mark.parametrize("case", list(BEING_FIXED))
def test_bad_site_values_exit_2(case, konnektor, world, monkeypatch):
    monkeypatch.chdir(world.cwd)
    line = 'sqlite = "konnektor.sqlite"' if konnektor == "sqlite" else f"odbc = {toml_string(PG_ODBC)}"
    site = world.site.parent / f"fixed-{konnektor}.toml"
    site.write_text(
        BEING_FIXED[case] + f'[konnektor]\n{line}\n[servers."SRV01"]\nsqlite_dir = "databases"\n', encoding="utf-8"
    )
    try:
        for verb in (["inspect"], ["test"], ["new-year", "--year", str(YEAR), "--yes"]):
            argv = [verb[0], "--site", str(site), *verb[1:], "--json"]
            code, out, err = call(argv)
            count("fuzz known cases", "runs")
            assert code == 2 and err.strip() and not any(u in err for u in UNEXPECTED), (argv, code, err[:300])
            assert world.fingerprint() == world.digest
    finally:
        site.unlink()


@pytest.mark.parametrize("path", ["/proc/self/mem", "/proc/self/environ", "/dev/zero", "/dev/urandom"])
def test_a_site_path_that_is_no_file_exits_2(path, world):
    for verb in (["inspect"], ["new-year", "--year", str(YEAR), "--yes"]):
        code, out, err = call([verb[0], "--site", path, *verb[1:]])
        count("fuzz known cases", "runs")
        assert code == 2 and err.strip() and not any(u in err for u in UNEXPECTED), (path, code, err[:300])


@pytest.mark.parametrize("target", ["/dev/null", "a file"])
def test_sandbox_into_something_that_is_no_folder_exits_2(target, world, monkeypatch):
    """`sandbox DIR` where DIR is an existing file: bad input (exit 2, "not a folder"), not "unexpected error"."""
    monkeypatch.chdir(world.cwd)
    path = "/dev/null" if target == "/dev/null" else str(world.cwd / "keep.txt")
    for extra in ([], ["--json"], ["--lang", "en"]):
        code, out, err = call(["sandbox", path, *extra])
        count("fuzz known cases", "runs")
        assert code == 2 and err.strip() and not any(u in err for u in UNEXPECTED), (path, code, err[:300])
