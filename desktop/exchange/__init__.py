"""Exchange with the outside world: the official xlsx workbooks (附件1/2/3). No Qt, no SQL."""
