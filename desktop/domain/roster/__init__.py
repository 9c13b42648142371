"""The three pilot rosters (附件1/2/3): the 填报说明 rules as findings, and the demo roster."""
