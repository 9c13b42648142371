"""The roster tabs (附件1/2/3): the list of towns, one town's form, its villages checklist."""
