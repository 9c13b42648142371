"""Nothing lost: backups and restore, the change history (修改记录), the crash report, one writer per database."""
