"""Files in and out: the official workbooks (xlsx/, roster/, monthly/, evaluation/), exchange packages
(package/), e-mail drafts (eml), printed forms (print_html), and one set of guards for every file someone
sent (xlsx.guard, xlsx.scan, package.archive). No Qt, no SQL."""
