"""The only place SQL lives: the local SQLite file (store.database), its schema version and numbered
migrations, one mixin per concern (rosters, reports, history, provenance, submissions, evaluation), backups."""
