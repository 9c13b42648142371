"""Exchange packages (.zctb): the zip with its manifest and guards (archive) and its payload.json."""
