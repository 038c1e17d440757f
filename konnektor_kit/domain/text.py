"""Turkish text, the one way the kit compares names typed by people.

Python's `str.casefold()` is not Turkish-aware ("GIDA" and "Gıda" differ, "İZMİR" gains a combining
dot), so every comparison of firm, company, branch and database names, and of decoy markers, goes
through `fold`: Turkish case mapping, accents dropped, dotted and dotless i made one letter.
"""

from __future__ import annotations

import unicodedata

COMBINING_DOT_ABOVE = "\u0307"


def tr_upper(text: str) -> str:
    """Upper case as a Turkish locale writes it: "i" → "İ", "ı" → "I"."""
    return text.replace("i", "İ").upper()


def tr_lower(text: str) -> str:
    """Lower case as a Turkish locale writes it: "I" → "ı", "İ" → "i" (no combining dot left behind).

    A decomposed "İ" ("I" + U+0307, as NFD text gives it) is "i" too, as Unicode's Turkish rule says:
    the dot goes unless a base letter or another mark above (combining class 0 or 230) comes between.
    """
    out: list[str] = []
    open_i = -1  # where in `out` an "I" still takes a following combining dot above
    for c in text:
        if c == COMBINING_DOT_ABOVE and open_i >= 0:
            out[open_i], open_i = "i", -1
            continue
        if c == "I":
            out.append("ı")
            open_i = len(out) - 1
            continue
        if unicodedata.combining(c) in (0, 230):
            open_i = -1
        out.append(c)
    return "".join(out).replace("İ", "i").lower()


def digits(text: str) -> str:
    """Only the digits: a tax number typed "123 456-78" is "12345678" (users copy it with spaces and dashes)."""
    return "".join(c for c in text if c.isdigit())


def fold(text: str) -> str:
    """A matching key: "İzmir Şube", "IZMIR SUBE" and "izmir  şube" all give "izmir sube"."""
    text = unicodedata.normalize("NFKD", tr_lower(text)).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ı", "i")
    return " ".join(text.split())


# ---- commands to paste ----------------------------------------------------------------------------
def shell_command(args: list[str]) -> str:
    """A command as the engineer pastes it into their shell, every argument quoted where it must be:
    shell_command(["konnektor-kit", "undo", "--site", "/a b/site.toml"]) → "konnektor-kit undo --site '/a b/site.toml'".

    The one place a hint becomes text: quoted for PowerShell on Windows, for sh elsewhere (platform)."""
    from ..platform import shell_join

    return shell_join(args)


def kit_command(verb: str, *args: str) -> str:
    """A complete `konnektor-kit` command: `kit_command("undo", "--site", path, "--change", "4")`."""
    return shell_command(["konnektor-kit", verb, *args])


#: what makes a name look like another one in a table: (reason, its test); the text itself is kept
LOOK_ALIKE_REASONS = ("leading_space", "trailing_space", "invisible", "compatibility")


def look_alike(name: str) -> list[str]:
    """Why `name` may pass for another name when shown (" LOGODB", "LOGODB\u200b", "ＬＯＧＯＤＢ", a
    right-to-left mark), as LOOK_ALIKE_REASONS in order; [] for a plain name."""
    found = []
    if name[:1].isspace():
        found.append("leading_space")
    if name[-1:].isspace():
        found.append("trailing_space")
    if any(unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp") for c in name):
        found.append("invisible")  # zero-width, bidi marks and overrides, control characters
    if unicodedata.normalize("NFKC", name) != name:
        found.append("compatibility")  # fullwidth letters, ligatures, superscripts: look like ASCII
    return found


def invisible_codes(name: str) -> str:
    """The code points no reader sees, as "U+200F, U+200B"."""
    seen = dict.fromkeys(f"U+{ord(c):04X}" for c in name if unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp"))
    return ", ".join(seen)
