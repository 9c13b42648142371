"""desktop.system: what every layer may use."""

from __future__ import annotations

import gc

import pytest

from desktop.system.about import collector_off, collector_paused


@pytest.mark.parametrize(("pause", "frozen"), [(collector_paused, 1000), (collector_off, 0)],
                         ids=["a burst: what it made is set aside", "a command: nothing is frozen"])
def test_the_collector_is_off_meanwhile_and_back_after(pause, frozen, collector_on):
    before = gc.get_freeze_count()
    with pause():
        assert not gc.isenabled()
        burst = [[i] for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + 1000 if frozen else gc.get_freeze_count() == before
    del burst


@pytest.mark.parametrize("pause", [collector_paused, collector_off])
def test_a_collector_that_was_off_stays_off(pause):
    was_on = gc.isenabled()
    gc.disable()
    try:
        with pause():
            pass
        assert not gc.isenabled()
    finally:
        if was_on:
            gc.enable()
