"""What every page of the window uses: theme and marks, screen fitting, background jobs, the table model
base, date field and place picker, printing, the icon, undo keys."""
