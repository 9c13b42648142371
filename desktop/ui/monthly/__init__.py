"""The 月报 tab (notice 川政公〔2021〕7号 四、（二）, 五、（二））: deadline board, 四个一, the report
form generated from resources/indicators.json, inline findings with 说明, export and lock."""

from .board_model import BoardModel, RhythmModel
from .findings_view import MonthlyFindingsModel
from .page import MonthlyPage

__all__ = ["BoardModel", "MonthlyFindingsModel", "MonthlyPage", "RhythmModel"]
