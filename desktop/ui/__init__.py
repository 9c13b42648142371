"""Qt widgets, item models and dialogs of the desktop app. No business rules live here:
validation comes from desktop.domain.rules, matching from desktop.domain, storage from desktop.store."""
