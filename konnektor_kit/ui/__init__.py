"""ipywidgets forms, one per section of the procedure; notebooks import one and show it.

Forms call services only: no SQL here, and no rule that a service already knows.
"""
