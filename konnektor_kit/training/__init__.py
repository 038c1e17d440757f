"""The training customers: their scenarios and words, the sandbox built from one, grading an exercise
against the scenario's answer, and the reset links a trainer hands out."""
