"""收件情况 and 催报 of an upper unit: its subordinate units against what is due, what came and from
where, each unit's address, the 催报 drafts and the printable 催报 list."""
