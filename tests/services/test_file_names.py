"""Names the program chooses in a folder never refuse or replace a file that is there
(desktop.services.common.free_name: backups and packages written into a folder)."""

from __future__ import annotations

from desktop.services.common import free_name


def test_a_taken_name_gets_a_number_as_windows_names_a_copy(tmp_path):
    path = tmp_path / "库-备份-20261206-214633.sqlite"
    assert free_name(path) == path
    path.write_bytes(b"one")
    second = free_name(path)
    assert second.name == "库-备份-20261206-214633 (2).sqlite"
    second.write_bytes(b"two")
    assert free_name(path).name == "库-备份-20261206-214633 (3).sqlite"
    assert path.read_bytes() == b"one" and second.read_bytes() == b"two"
