"""The 月报 tab (notice 四、（二）, 五、（二））: deadline board, 四个一, the report form generated
from resources/indicators.json, inline findings with 说明, export and lock."""
