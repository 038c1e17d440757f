"""Which change an undo takes (services/plan.change_to_undo), decided from the history alone: a bare
undo walks back only the latest change, and after an undo it names the command instead of going on."""

from __future__ import annotations

import pytest

from konnektor_kit.exceptions import NothingToUndo
from konnektor_kit.services.plan import ChangeRecord, change_to_undo


def change(id: int, kind: str = "new-year", undone_by: int | None = None, undoes: int | None = None) -> ChangeRecord:
    return ChangeRecord(id, "2026-01-02 10:00:00", kind, "", "engineer", (), undone_by, undoes)


def hint(n: int) -> str:
    return f"konnektor-kit undo --change {n}"


def refusal(records: list[ChangeRecord], change_id: int | None = None) -> str:
    with pytest.raises(NothingToUndo) as refused:
        change_to_undo(records, change_id, hint)
    return refused.value.message("en")


def test_a_bare_undo_takes_the_latest_change_not_undone():
    assert change_to_undo([change(1), change(2, "apply")], None, hint).id == 2


def test_a_bare_undo_after_an_undo_names_the_next_command_instead_of_going_on():
    records = [change(1), change(2, "apply", undone_by=3), change(3, "undo", undoes=2)]
    said = refusal(records)
    assert "(3)" in said and "change 2" in said and hint(1) in said
    assert change_to_undo(records, 1, hint).id == 1  # the explicit choice is taken


def test_nothing_left_to_undo():
    assert refusal([]) == "There is no change to undo."
    assert refusal([change(1, undone_by=2), change(2, "undo", undoes=1)]) == "There is no change to undo."


def test_an_explicit_change_is_refused_when_unknown_undone_an_undo_or_damaged():
    records = [change(1, undone_by=2), change(2, "undo", undoes=1), change(3)]
    assert "already undone by change 2" in refusal(records, 1)
    assert refusal(records, 2) == "Change 2 is itself an undo; to redo, use apply."
    assert refusal(records, 4) == "There is no change number 4."
    damaged = [ChangeRecord(5, "", "apply", "", "", (), damaged="ValueError: x")]
    assert "damaged (ValueError: x)" in refusal(damaged, 5)
