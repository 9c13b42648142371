"""Pure-Python domain: entities, places and name matching, rules returning findings, the 月报, the
merge of what others sent, the 验收评估 (no Qt, no SQL, no spreadsheet library)."""
