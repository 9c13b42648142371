"""The program's name and version, and what ``python -m desktop`` does to Python's collector at start."""

__version__ = "0.1.0"
APP_NAME = "镇村便民服务试点填报"
APP_ID = "zhencun-tianbao"


def start_collecting() -> None:
    """Turn Python's cyclic garbage collector back on after start-up (``python -m desktop`` turns
    it off while the program loads). What start-up made is set aside for good (``gc.freeze``), so
    later collections do not walk it again."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class collector_paused:  # noqa: N801 - used as a context manager, like contextlib's
    """Python's cyclic collector held off while a burst of long-lived objects is made (every list of
    the province: some 40,000), then those set aside for good (``gc.freeze``): otherwise a full
    collection walks them in the middle of the burst, and again at every later one. Objects without
    reference cycles (rosters, villages) are still freed as usual when dropped."""

    freeze = True  # what the burst made is set aside when the collector comes back

    def __enter__(self) -> None:
        import gc

        self._was_on = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        import gc

        if self._was_on:
            if self.freeze:
                gc.freeze()
            gc.enable()


class collector_off(collector_paused):  # noqa: N801 - used as a context manager, like contextlib's
    """Python's cyclic collector off while one command of the command line runs, back as it was after.
    A command is one short burst that keeps what it reads until it ends (the province's 37,523 rows and
    their preview): a collection would only walk them again and again (about 0.2 s of an import of the
    province's 附件3) and find nothing to free. Objects without reference cycles are freed as usual;
    a cyclic one (an openpyxl workbook) when the process ends, or at the next collection of a caller
    in the same process (nothing is frozen)."""

    freeze = False
