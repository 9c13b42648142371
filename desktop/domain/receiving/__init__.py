"""收件情况 and 催报 for an upper unit: what each subordinate unit owes and by when (the notice's
deadlines), what has come from it (receipts of imported files and e-mails), the board's cells, the
催报 e-mail's text. Pure Python: no Qt, no SQL."""
