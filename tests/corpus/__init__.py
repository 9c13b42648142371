"""A corpus of hand-made messy roster workbooks and the rosters each must yield (see build.py)."""
