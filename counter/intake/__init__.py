"""The one form (一表申请): merged questions, fields and materials of an item or a package,
field validation, and the draft being worked on at the window (受理草稿).

Pure Python: no Qt, no SQL.
"""

from counter.intake.intake import Intake, MaterialState, MaterialStatus
from counter.intake.merge import (IntakeSpec, MaterialCondition, MergedField, MergedMaterial,
                                  MergedQuestion)
from counter.intake.validate import field_problem, form_problems, normalise_value, problems_as_lines

__all__ = ["IntakeSpec", "MergedQuestion", "MergedField", "MergedMaterial", "MaterialCondition",
           "field_problem", "normalise_value", "form_problems", "problems_as_lines",
           "Intake", "MaterialState", "MaterialStatus"]
