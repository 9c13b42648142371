"""``python -m desktop`` — the window, or a command (demo, import, check, export)."""

import gc
import sys

# Start-up makes many objects that live as long as the program (modules, classes, the Qt enums
# PySide6 builds) and almost no garbage: the cyclic collector would run about 50 times for
# nothing (6 ms). desktop.system.about.start_collecting() turns it back on before the window is shown, or
# when a command starts.
gc.disable()

from desktop.cli.main import main  # noqa: E402 - after the collector is off

if __name__ == "__main__":
    sys.exit(main())
