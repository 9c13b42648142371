"""Every released schema version has a fixture database; each must open (and upgrade) with its data intact."""

import shutil

import pytest
from helpers import FIXTURES

from desktop.store.database import SCHEMA_VERSION, open_store

VERSIONS = sorted(int(p.stem.split("-v")[1]) for p in FIXTURES.glob("schema-v*.sqlite"))


def test_a_fixture_exists_for_every_schema_version():
    assert VERSIONS == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("version", VERSIONS)
def test_fixture_opens_with_demo_data(tmp_path, version):
    copy = tmp_path / "旧 版本" / f"v{version}.sqlite"
    copy.parent.mkdir()
    shutil.copy(FIXTURES / f"schema-v{version}.sqlite", copy)
    store = open_store(copy)
    try:
        assert store.schema_version == SCHEMA_VERSION
        assert store.integrity_ok()
        assert store.counts() == {"towns": 14, "villages": 91}
        assert store.settings().unit.office == "泸州市政务服务管理局"
        if version >= 3:
            assert len(store.reports()) == 3
        if version >= 8:  # 收件情况: receipts (one by e-mail), addresses (one learned, one typed), a 催报
            receipts = store.receipts()
            assert [r.region for r in receipts] == ["合江县", "泸县"] and receipts[0].mail.address == "hjzw@example.gov.cn"
            assert store.contacts()["510521"] == ("lxzw@example.gov.cn", "")
            assert store.reminders()[0].items == ("rosters", "month:2021-04")
        if version < SCHEMA_VERSION:
            assert list((copy.parent / "backups").glob("*.sqlite")), "no backup before migrating"
    finally:
        store.close()
