"""文件 → 导入…: files read off the GUI thread, the import preview, only what the user confirms written."""
