"""镇村便民服务试点填报 — offline data entry for Sichuan's township/village service pilot (notice 川政公〔2021〕7号).

Layers, each importing only the ones below it (tests/test_architecture.py enforces this):
system ← domain ← store, exchange ← services ← cli, ui. See README, 'Architecture'."""
