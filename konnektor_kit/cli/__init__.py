"""The contract's command line: parse arguments, call one service, print a table or one JSON document.

Exit codes: 0 done, 2 bad input (nothing changed), 1 failed (nothing changed or rolled back). An
expected failure is always a sentence in the chosen language, never a traceback.

parser.py holds the words (options and their converters), verbs.py one function per verb and the table
they are dispatched by, output.py what is printed; here the run itself and how a failure is reported.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import logs
from ..data.site import file_error
from ..env import DEBUG_ENV
from ..exceptions import KitError, NeedsEngineer, internal_error
from ..i18n import Lang
from .output import Output, console_streams, finished, write_json
from .parser import build_parser, peek_lang

log = logging.getLogger(__name__)


def run(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    log_file = logs.configure()
    log.info("konnektor-kit %s", shlex.join(argv))
    code = _run(argv, log_file)
    log.info("konnektor-kit %s: exit %d", argv[0] if argv else "", code)
    return code


def _run(argv: list[str], log_file: Path | None) -> int:
    lang: Lang = "en" if peek_lang(argv) == "en" else "tr"
    as_json = "--json" in argv
    try:
        args = build_parser().parse_args(argv)
        from .verbs import VERBS  # the services load once the arguments are known: `--help` needs none

        return VERBS[args.verb](args, Output(args.json, args.lang))
    except KitError as exc:
        return report_error(exc, lang, as_json)
    except OSError as exc:  # a full or read-only disk, a missing right: its own words, not "unexpected"
        written = file_error(exc)
        if written is not None:
            return report_error(written, lang, as_json)
        log.exception("unexpected error: konnektor-kit %s", shlex.join(argv))
        if os.environ.get(DEBUG_ENV):
            raise
        return report_error(internal_error(exc, log_file), lang, as_json)
    except Exception as exc:  # an unexpected failure still ends in a sentence (and the log's path), never a traceback
        log.exception("unexpected error: konnektor-kit %s", shlex.join(argv))
        if os.environ.get(DEBUG_ENV):
            raise
        return report_error(internal_error(exc, log_file), lang, as_json)


def report_error(exc: KitError, lang: Lang, as_json: bool) -> int:
    log.info("%s (%s): %s", type(exc).__name__, exc.category, exc.message("en"))
    message = exc.message(lang)
    if as_json:
        payload: dict[str, Any] = {"error": message, "category": exc.category, "exit_code": exc.exit_code}
        if isinstance(exc, NeedsEngineer) and exc.details:
            payload["details"] = [i.to_json(lang) for i in exc.details]
        with contextlib.suppress(OSError, ValueError):  # a closed or full stdout cannot change the exit code
            write_json(payload)
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr, flush=True)
    return exc.exit_code


def main() -> None:
    console_streams()  # a Windows code page (or PYTHONIOENCODING) never makes a print fail
    sys.exit(finished(run()))
