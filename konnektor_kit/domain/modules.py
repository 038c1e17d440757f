"""The Konnektör's six modules, as stored in KONNEKTOR_MODUL_AYAR.MODUL.

The seed calls them "modül" and also "ürün"; the kit says module everywhere, "ürün" is only what a
customer may say for one.
"""

from __future__ import annotations

from enum import Enum

from ..exceptions import UnknownModule
from ..i18n import Lang, t
from .text import fold


class Module(Enum):
    E_FATURA = ("e-Fatura", "e-Fatura", "e-invoice")
    E_ARSIV = ("e-Arşiv", "e-Arşiv Fatura", "e-archive invoice")
    E_IRSALIYE = ("e-İrsaliye", "e-İrsaliye", "e-dispatch note")
    E_DEFTER = ("e-Defter", "e-Defter", "e-ledger")
    E_SMM = ("e-SMM", "e-Serbest Meslek Makbuzu", "e-receipt for self-employed professionals")
    E_MM = ("e-MM", "e-Müstahsil Makbuzu", "e-receipt for agricultural producers")

    def __init__(self, code: str, name_tr: str, name_en: str) -> None:
        self.code = code
        self.name_tr = name_tr
        self.name_en = name_en

    def title(self, lang: Lang = "tr") -> str:
        return self.name_en if lang == "en" else self.name_tr

    def words(self) -> tuple[str, ...]:
        """Every word a person or the Konnektör uses for the module: its stored code, its Turkish and English
        names, the enum's own name and the short forms customers say ("e-Müstahsil", "e-Arşiv Fatura")."""
        short = self.name_tr.removesuffix(" Makbuzu").removesuffix(" Fatura")
        return (self.code, self.name_tr, self.name_en, self.name, short)

    @classmethod
    def parse(cls, typed: str) -> Module:
        """Accept any of a module's words as people type them: "efatura", "E-ARSIV", "e-Müstahsil Makbuzu"."""
        key = _fold(typed)
        for module in cls:
            if key and key in {_fold(word) for word in module.words()}:
                return module
        raise UnknownModule(t("module.unknown", typed=typed, known=", ".join(m.code for m in cls)))


MODULE_ORDER = {m.code: i for i, m in enumerate(Module)}


def _fold(text: str) -> str:
    """The Turkish fold, letters and digits only: "e-Arşiv", "E-ARSIV" and "earsiv" all give "earsiv"."""
    return "".join(c for c in fold(text) if c.isalnum())
