"""Tests of desktop.domain: the model, the gazetteer and names, every roster and 月报 rule, the
evaluation scoring and the merge of incoming lists (pure Python: no Qt, no workbooks written here
except through corpus/ builders). The shared fixtures (gaz, ind, store, folder) are in ../conftest.py."""
