"""desktop.system: what every layer may use."""

from __future__ import annotations

import gc

from desktop.system.about import collector_paused


def test_the_collector_is_paused_for_a_burst_and_what_it_made_is_set_aside():
    was_on = gc.isenabled()  # importing desktop.__main__ (other tests do) turns it off
    gc.enable()
    try:
        before = gc.get_freeze_count()
        with collector_paused():
            assert not gc.isenabled()
            burst = [[i] for i in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= before + 1000
        del burst
    finally:
        gc.unfreeze()  # leave the test process as it was
        if not was_on:
            gc.disable()


def test_a_collector_that_was_off_stays_off():
    was_on = gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was_on:
            gc.enable()


def test_the_collector_is_off_for_a_command_and_nothing_is_frozen():
    from desktop.system.about import collector_off

    was_on = gc.isenabled()
    gc.enable()
    try:
        before = gc.get_freeze_count()
        with collector_off():
            assert not gc.isenabled()
            burst = [[i] for i in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() == before
        del burst
    finally:
        if not was_on:
            gc.disable()
