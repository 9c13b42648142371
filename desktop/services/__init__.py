"""Operations the window and the command line both run — export, 报送, packages, settings, import,
evaluation — on a store and files: no printing, no exit codes, no Qt. Failures raise ServiceError with a
Chinese message that names the place and says what to do."""
