"""What every layer may use and that knows nothing of the pilot: the program's name and version,
where its files are, operating-system errors in Chinese, whether a window holds a database."""
