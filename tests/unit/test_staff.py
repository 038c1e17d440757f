"""The "eFinans Personeli" credential: salted hash only, constant-time compare, a gate bound to one
site, and a growing delay kept on disk per site (shared by every kernel), never slept."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from konnektor_kit.access.credentials import hash_credential, matches
from konnektor_kit.access.staff import (
    LOCKOUT_AFTER,
    LOCKOUT_SECONDS,
    MAX_DELAY,
    DelayStore,
    StaffGate,
    delay_for,
    site_key,
)
from konnektor_kit.cli import run
from konnektor_kit.data.site import load_site
from konnektor_kit.env import STATE_ENV
from konnektor_kit.exceptions import StaffLocked
from konnektor_kit.training.sandbox import MARKER, TRAINING_STAFF_CREDENTIAL


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def delays_file(tmp_path) -> Path:
    return tmp_path / "state" / "staff-delays.json"


def gate_for(site, delays_file, clock) -> StaffGate:
    """A new gate as a new kernel (a reload, another tab) makes it: its own memory, the shared file."""
    return StaffGate(load_site(site), DelayStore(delays_file, clock))


def real_site(site: Path, credential: str | None = None) -> Path:
    """The sandbox made into a customer's site: no scenario marker; optionally its own staff credential."""
    (site.parent / MARKER).unlink()
    if credential is not None:
        text = site.read_text(encoding="utf-8")
        head = text[: text.index("[staff]")]
        site.write_text(head + f'[staff]\ncredential = "{hash_credential(credential)}"\n', encoding="utf-8")
    return site


def test_hash_is_salted_and_matches_only_the_credential():
    a, b = hash_credential("gizli"), hash_credential("gizli")
    assert a != b and a.startswith("scrypt$") and "gizli" not in a
    assert matches(a, "gizli") and matches(b, "gizli") and not matches(a, "Gizli") and not matches("bozuk", "gizli")


def test_gate_delays_double_are_refused_at_once_while_waiting_and_reset(site, delays_file, clock):
    gate = gate_for(site, delays_file, clock)
    assert gate.configured
    verdict = gate.check("a")
    assert not verdict and verdict.reason == "refused" and verdict.wait == 0.5 and gate.failures == 1
    waiting = gate.check(TRAINING_STAFF_CREDENTIAL)  # even the right one waits, and is not counted
    assert waiting.reason == "wait" and waiting.wait == 0.5 and gate.failures == 1 and gate.unlocked is None
    assert "0.5" not in waiting.msg.get("tr") and "1 sn" in waiting.msg.get("tr")
    clock.now += 0.5
    assert gate.check("b").wait == 1.0
    clock.now += 1.0
    assert gate.check("").wait == 2.0
    clock.now += 2.0
    assert gate.check(TRAINING_STAFF_CREDENTIAL) and gate.failures == 0 and gate.wait_left() == 0
    assert gate.allows(site)
    stored = delays_file.read_text(encoding="utf-8")
    assert TRAINING_STAFF_CREDENTIAL not in stored and str(site) not in stored
    assert TRAINING_STAFF_CREDENTIAL not in site.read_text(encoding="utf-8")


def test_delay_grows_past_8_s_and_locks_out(site, delays_file, clock):
    """The delay kept doubling only to 8 s: a script could try 450 credentials an hour for ever."""
    gate = gate_for(site, delays_file, clock)
    verdicts = []
    for _ in range(LOCKOUT_AFTER):
        if verdicts:
            clock.now += verdicts[-1].wait
        verdicts.append(gate.check("yanlis"))
    waits = [v.wait for v in verdicts]
    assert waits[:9] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0] and max(waits[:9]) <= MAX_DELAY
    assert verdicts[-1].reason == "locked_out" and waits[-1] == LOCKOUT_SECONDS
    clock.now += 60  # locked out: even the right credential waits, and is told how long in words
    late = gate.check(TRAINING_STAFF_CREDENTIAL)
    assert late.reason == "locked_out" and not late and "59 dk" in late.msg.get("tr")
    clock.now += LOCKOUT_SECONDS
    assert gate.check(TRAINING_STAFF_CREDENTIAL) and gate.failures == 0


def test_two_kernels_share_the_delay_of_a_site(site, make_site, delays_file, clock):
    first, second = gate_for(site, delays_file, clock), gate_for(site, delays_file, clock)
    assert first.check("yanlis").reason == "refused"
    assert second.check(TRAINING_STAFF_CREDENTIAL).reason == "wait" and second.failures == 1
    clock.now += 0.5
    assert second.check("yine-yanlis").wait == 1.0 and first.failures == 2
    other = gate_for(make_site("eta"), delays_file, clock)  # another site has its own count
    assert other.wait_left() == 0 and other.check(TRAINING_STAFF_CREDENTIAL)
    data = json.loads(delays_file.read_text(encoding="utf-8"))
    assert set(data) == {site_key(site)} and data[site_key(site)]["failures"] == 2


def test_reload_gives_a_locked_gate(site, delays_file, clock):
    gate = gate_for(site, delays_file, clock)
    assert gate.check(TRAINING_STAFF_CREDENTIAL)
    gate.require(site)
    reloaded = gate_for(site, delays_file, clock)
    assert reloaded.unlocked is None and not reloaded.allows(site) and not gate.allows(None)
    with pytest.raises(StaffLocked):
        reloaded.require(site)
    gate.lock()
    assert not gate.allows(site)


def test_unlocked_gate_holds_for_its_site_and_its_staff_hash_only(site, make_site, delays_file, clock):
    other = make_site("eta")
    gate = gate_for(site, delays_file, clock)
    assert gate.check(TRAINING_STAFF_CREDENTIAL)
    assert gate.allows(site) and gate.allows(site.parent / ".." / site.parent.name / site.name)
    assert not gate.allows(other) and not gate.allows(site.parent / "yok.toml")
    with pytest.raises(StaffLocked) as exc:
        gate.require(other)
    assert "açık değil" in exc.value.msg.get("tr")
    text = site.read_text(encoding="utf-8")  # the site's credential changed after the sign-in
    site.write_text(
        text[: text.index("[staff]")] + f'[staff]\ncredential = "{hash_credential("yeni")}"\n', encoding="utf-8"
    )
    assert not gate.allows(site)


def test_training_credential_opens_only_training_sandboxes(site, delays_file, clock):
    real_site(site)  # the [staff] hash still matches the training credential
    gate = gate_for(site, delays_file, clock)
    verdict = gate.check(TRAINING_STAFF_CREDENTIAL)
    assert verdict.reason == "training_only" and gate.unlocked is None and gate.failures == 0
    assert "only training sandboxes" in verdict.msg.get("en") and "yalnızca eğitim" in verdict.msg.get("tr")


def test_a_real_site_opens_to_its_own_credential(site, delays_file, clock):
    real_site(site, "gercek-sifre")
    gate = gate_for(site, delays_file, clock)
    assert gate.check(TRAINING_STAFF_CREDENTIAL).reason == "training_only" and gate.failures == 0
    assert gate.check("gercek-sifre") and gate.allows(site)


def test_training_sign_in_closes_when_the_sandbox_marker_goes(site, delays_file, clock):
    gate = gate_for(site, delays_file, clock)
    assert gate.check(TRAINING_STAFF_CREDENTIAL) and gate.allows(site)
    (site.parent / MARKER).unlink()
    assert not gate.allows(site)


@pytest.mark.parametrize("content", ["{bozuk", "[1, 2]", '{"x": 3}', "", '{"K": {"failures": "çok", "until": null}}'])
def test_a_corrupt_or_missing_delay_file_is_no_failures(site, delays_file, clock, content):
    gate = gate_for(site, delays_file, clock)
    assert gate.wait_left() == 0  # missing
    delays_file.parent.mkdir(parents=True)
    delays_file.write_text(content.replace("K", site_key(site)), encoding="utf-8")
    assert gate.wait_left() == 0 and gate.failures == 0
    assert gate.check("yanlis").wait == 0.5
    data = json.loads(delays_file.read_text(encoding="utf-8"))
    assert data[site_key(site)]["failures"] == 1
    assert sorted(p.name for p in delays_file.parent.iterdir()) == ["staff-delays.json", "staff-delays.json.lock"]


def test_a_clock_set_back_cannot_lock_a_site_out(site, delays_file, clock):
    gate = gate_for(site, delays_file, clock)
    gate.check("yanlis")
    clock.now -= 10_000  # the wall clock went back: the wait is still only what one failure earned
    assert gate.wait_left() == delay_for(1) == 0.5


def test_the_delay_file_lives_in_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(STATE_ENV, raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert DelayStore().file == Path.home() / ".konnektor-kit" / "staff-delays.json"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert DelayStore().file == tmp_path / "xdg" / "konnektor-kit" / "staff-delays.json"
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "ozel"))
    assert DelayStore().file == tmp_path / "ozel" / "staff-delays.json"


def test_staff_hash_verb_reads_from_a_pipe(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("çok-gizli\n"))
    assert run(["staff-hash"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('[staff]\ncredential = "scrypt$') and "çok-gizli" not in out
    stored = out.split('"')[1]
    assert matches(stored, "çok-gizli")
