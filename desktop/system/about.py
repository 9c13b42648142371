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
