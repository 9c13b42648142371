"""Qt widgets, item models and dialogs: common/ (theme, jobs, fields), window/ (the main window), one
folder per feature (roster/, monthly/, importing/, evaluation/, sending/, safety/). No business rules
live here: they are in desktop.domain and run through desktop.services."""
