"""Pure-Python domain: entities, gazetteer, name matching and validation rules (no Qt, no SQL)."""
