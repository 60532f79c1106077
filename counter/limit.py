"""Time limits (时限) as the catalog states them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class LimitUnit(str, Enum):
    """Unit of a time limit."""

    WD = "WD"  #: working days (工作日)
    ND = "ND"  #: natural days (自然日)
    WH = "WH"  #: working hours (工作小时)
    NH = "NH"  #: natural hours (小时)


_LABELS = {LimitUnit.WD: "个工作日", LimitUnit.ND: "个自然日",
           LimitUnit.WH: "个工作小时", LimitUnit.NH: "小时"}


@dataclass(frozen=True, order=False)
class Limit:
    """A time limit (时限): ``value`` units; 0 means the same day (当场/当日办结)."""

    value: float
    unit: LimitUnit

    def label(self) -> str:
        """Chinese label, e.g. ``5个工作日`` or ``即办``."""
        if self.value == 0:
            return "当日办结"
        v = int(self.value) if float(self.value).is_integer() else self.value
        return f"{v}{_LABELS[self.unit]}"

    def approx_hours(self) -> float:
        """Rough length in hours, only for comparing limits of different units.

        A working day counts as 8 working hours and 1.4 natural days (7/5), so that
        "not longer than" checks across units are sensible without a calendar.
        """
        per_unit = {LimitUnit.WD: 24 * 1.4, LimitUnit.ND: 24.0, LimitUnit.WH: 24 * 1.4 / 8,
                    LimitUnit.NH: 1.0}
        return float(self.value) * per_unit[self.unit]

    def to_json(self) -> dict:
        v = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": v, "unit": self.unit.value}
