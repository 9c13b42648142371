"""Build-time tools (templates, pinyin, bundle checks); not shipped with the app."""
