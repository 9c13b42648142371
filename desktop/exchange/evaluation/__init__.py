"""验收评估 workbooks: an official checklist read from a score sheet, the 评分表 and 汇总表 written."""
