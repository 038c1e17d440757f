"""The "eFinans Personeli" credential: salted hash only, constant-time compare, growing delay."""
from __future__ import annotations

import io

from konnektor_kit.cli import run
from konnektor_kit.data.site import load_site
from konnektor_kit.services.sandbox import TRAINING_STAFF_CREDENTIAL
from konnektor_kit.services.staff import StaffGate, hash_credential, matches


def test_hash_is_salted_and_matches_only_the_credential():
    a, b = hash_credential("gizli"), hash_credential("gizli")
    assert a != b and a.startswith("scrypt$") and "gizli" not in a
    assert matches(a, "gizli") and matches(b, "gizli") and not matches(a, "Gizli") and not matches("bozuk", "gizli")


def test_gate_delays_grow_and_reset(site):
    slept: list[float] = []
    gate = StaffGate(load_site(site), sleep=slept.append)
    assert gate.configured
    assert not gate.check("a") and not gate.check("b") and not gate.check("")
    assert slept == [0.5, 1.0, 2.0]
    assert gate.check(TRAINING_STAFF_CREDENTIAL) and gate.failures == 0
    assert TRAINING_STAFF_CREDENTIAL not in site.read_text(encoding="utf-8")


def test_staff_hash_verb_reads_from_a_pipe(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("çok-gizli\n"))
    assert run(["staff-hash"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[staff]\ncredential = \"scrypt$") and "çok-gizli" not in out
    stored = out.split('"')[1]
    assert matches(stored, "çok-gizli")
