"""The 验收评估 tab: sites with totals and grades, one site's 评分表 edited in place."""
