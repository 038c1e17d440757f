"""konnektor-kit: point every QNB eFinans Konnektör module at the right accounting database, safely.

The public API re-exported here is what the CLI, the forms and the notebooks use.
"""

from .domain.codes import FirmCode, PeriodCode
from .domain.modules import Module
from .domain.settings import ModuleSetting
from .exceptions import KitError

__version__ = "0.1.0"  # the only place the version is written: pyproject.toml reads it from here

__all__ = ["FirmCode", "KitError", "Module", "ModuleSetting", "PeriodCode", "__version__"]
