"""Today's date for every face, from one place.

The pages' year fields, the command line's default transition and a new sandbox's year all ask
`today()`. `KONNEKTOR_KIT_TODAY=YYYY-MM-DD` sets the day: a trainer plays 1 January in December, and
the test run fixes its day (tests/conftest.py) so it passes on any day of the year.
"""

from __future__ import annotations

import os
from datetime import date

from .env import TODAY_ENV


def today() -> date:
    """The day the kit acts on: `KONNEKTOR_KIT_TODAY` when set (an unreadable value is ignored), else the system's."""
    given = os.environ.get(TODAY_ENV, "").strip()
    if given:
        try:
            return date.fromisoformat(given)
        except ValueError:
            pass
    return date.today()
