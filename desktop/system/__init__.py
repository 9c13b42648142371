"""What every layer may use and that knows nothing of the pilot: the program's name and version, the
name the user runs it by, argparse in Chinese, where its files are, operating-system errors in Chinese,
whether a window holds a database."""
