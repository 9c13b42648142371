"""Where a file came from when it came by e-mail: the .eml's sender, date and subject."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.dates import format_moment


@dataclass(frozen=True)
class Mail:
    file: str  # the .eml file's name
    sender: str = ""  # From as written: 合江县政务服务中心 <hj@example.cn>
    address: str = ""  # the From address alone, lower case ('' when none)
    subject: str = ""
    sent_at: str = ""  # the Date header as ISO seconds ('' when missing or unreadable)

    def describe(self) -> str:
        """邮件“主题”（发件人 …，2021年4月20日 10:30）"""
        details = [f"发件人 {self.sender}" if self.sender else "未写发件人"]
        if self.sent_at:
            details.append(format_moment(self.sent_at))
        return f"邮件“{self.subject or self.file}”（{'，'.join(details)}）"
