"""Firm codes (3 digits, "2" → "002") and period codes (2 digits, "1" → "01"), as the procedure asks.

The one place that knows the rule: every face and service parses through here, so "2", "02" and
" 2 " all become "002", blank means "not used", and anything else is refused with a message that
shows what was typed and what is expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..exceptions import BadInput, InvalidCode
from ..i18n import t


@dataclass(frozen=True, order=True)
class _Code:
    value: str
    WIDTH: ClassVar[int] = 0
    WHAT: ClassVar[str] = ""
    EXPECTED: ClassVar[str] = ""

    @classmethod
    def parse(cls, typed: str | int | None) -> _Code | None:
        """Normalise what a person typed; None or blank means the code is not used."""
        if typed is None:
            return None
        text = str(typed).strip()
        if text == "":
            return None
        # isascii() first: "٢" (Arabic-Indic two) and "２" are isdigit() but not what the Konnektör stores.
        if not (text.isascii() and text.isdigit()) or len(text) > cls.WIDTH:
            raise cls._invalid(str(typed))
        number = int(text)
        if number == 0:
            raise cls._invalid(str(typed))
        return cls(f"{number:0{cls.WIDTH}d}")

    @classmethod
    def normalise(cls, typed: str | int | None) -> str | None:
        code = cls.parse(typed)
        return code.value if code else None

    @classmethod
    def _invalid(cls, typed: str) -> InvalidCode:
        return InvalidCode(t("code.invalid", what=t(cls.WHAT), typed=typed, expected=t(cls.EXPECTED)))

    @property
    def number(self) -> int:
        return int(self.value)

    def __str__(self) -> str:
        return self.value


class FirmCode(_Code):
    WIDTH = 3
    WHAT = "code.firm"
    EXPECTED = "code.expected.firm"


class PeriodCode(_Code):
    WIDTH = 2
    WHAT = "code.period"
    EXPECTED = "code.expected.period"


FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_year(typed: str | int) -> int:
    """The year's one rule, for the CLI's --year and every form: four ASCII digits from 2000 to 2100,
    spaces around them ignored as for codes (" 2026" is 2026). "26" is refused, never read as 2026,
    and so is "02026": a year is written with four digits, and a fifth one is a typing slip."""
    text = str(typed).strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4 and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise BadInput(t("year.invalid", typed=typed))
    return int(text)
