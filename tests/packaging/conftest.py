"""Tests of the Windows build without building: build.spec, the installer script, the pinned Windows
requirements and the shipped files, checked against the source tree (helpers.ROOT)."""
