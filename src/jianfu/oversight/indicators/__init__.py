"""Supervision indicators per county and school, compared year on year (issue 7, point 4; measure 20).

- `periods`: the period (whole months, at most twelve) and its comparison with the same months a year earlier;
- `figures`: a group's raw figures, the indicators derived from them (`INDICATORS`), a table row;
- `from_matters`, `from_burden`, `from_datahub`, `from_reports`: one grouped read per source, through the data
  scope, each covering every school of the area and both periods at once;
- `board`: the level a user sees (`level_for`) and the table (`indicators_board`).

Callers use `from jianfu.oversight import indicators`.
"""

from jianfu.oversight.indicators.board import Board, Level, indicators_board, level_for
from jianfu.oversight.indicators.figures import INDICATOR_BY_KEY, INDICATORS, Figures, Indicator, Row
from jianfu.oversight.indicators.periods import Comparison, Period

__all__ = [
    "INDICATORS",
    "INDICATOR_BY_KEY",
    "Board",
    "Comparison",
    "Figures",
    "Indicator",
    "Level",
    "Period",
    "Row",
    "indicators_board",
    "level_for",
]
