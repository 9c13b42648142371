"""Places: the Sichuan gazetteer (NBS 2023), matching typed or imported names to it, and the
reporting unit (填报单位) of each role with its region and scope."""
