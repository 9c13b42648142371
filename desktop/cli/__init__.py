"""The command line (python -m desktop COMMAND; zhencun.exe on Windows): main parses the arguments,
one module per command, common holds the exit codes and output. It never loads Qt; nothing imports it."""
