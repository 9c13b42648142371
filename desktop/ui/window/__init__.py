"""The main window: its pages, actions and menus, status bar, findings dock, settings dialog and the
two-step start."""
