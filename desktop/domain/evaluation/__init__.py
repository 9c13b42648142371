"""验收评估 (the notice's October–December phase): the checklist as data, scoring rules, totals, grades
and ranking. Pure Python: no Qt, no SQL."""
