"""Read an e-mail saved from Outlook, Foxmail or Thunderbird (.eml) that someone sent: its sender, date
and subject, and its attachments — Chinese names in RFC 2231 or RFC 2047 (or raw GBK), base64 or
quoted-printable, inside nested multiparts and forwarded messages (message/rfc822, or an attached .eml).

Like every file someone sent, it is checked before the parser sees it and while it is walked: at most
40 MB, at most 200 MIME parts (counted in the raw text first), at most 8 levels of nesting (a decoded
attachment is never larger than the e-mail it came in). A refusal is an ImportFileError naming the file. What is inside an
attachment (a zip bomb in a package, an entity bomb in a workbook) is caught by the package and
workbook guards when the attachment is read.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from desktop.domain.receiving.mail import Mail
from desktop.exchange.errors import ImportFileError
from desktop.exchange.files import EML_EXTENSIONS
from desktop.system.oserrors import os_error_text

MAX_EML_BYTES = 40 * 1024 * 1024  # mail servers take 20–50 MB; a province package is 0.5 MB
MAX_PARTS = 200
MAX_DEPTH = 8
_HEADER = re.compile(rb"^(from|to|subject|date|mime-version|content-type|received|return-path|message-id)\s*:",
                     re.IGNORECASE | re.MULTILINE)
_BOUNDARY = re.compile(rb"boundary\s*=", re.IGNORECASE)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_AGAIN = "请向发件单位重新索取，或在邮件程序中把附件另存出来后直接导入附件"


@dataclass(frozen=True)
class Attachment:
    name: str  # a safe file name (no folder, no control characters)
    data: bytes = field(repr=False)
    mail: Mail  # the message it was attached to (a forwarded message's own sender, date and subject)


@dataclass
class ReadMail:
    mail: Mail
    attachments: list[Attachment] = field(default_factory=list)


def _refuse(path: Path, why: str) -> ImportFileError:
    return ImportFileError(f"邮件“{path.name}”{why}", path)


def _text(value: object) -> str:
    """A header value as text: RFC 2047 words decoded, raw bytes read as UTF-8, else GBK."""
    text = str(value or "")
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        raw = text.encode("utf-8", "surrogateescape")
        for codec in ("utf-8", "gb18030"):
            try:
                text = raw.decode(codec)
                break
            except UnicodeDecodeError:
                continue
        else:
            text = raw.decode("utf-8", "replace")
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except (LookupError, ValueError, UnicodeDecodeError):
            pass
    return " ".join(text.split())


def _mail_of(msg: Message, file: str) -> Mail:
    sender = _text(msg.get("From", ""))
    pairs = getaddresses([sender]) if sender else []
    address = pairs[0][1].strip().lower() if pairs and "@" in pairs[0][1] else ""
    sent_at = ""
    raw_date = msg.get("Date")
    if raw_date:
        try:
            sent_at = parsedate_to_datetime(str(raw_date)).replace(tzinfo=None).isoformat(timespec="seconds")
        except (TypeError, ValueError, IndexError, OverflowError):
            sent_at = ""
    return Mail(file, _shown(sender), _shown(address), _shown(_text(msg.get("Subject", ""))), sent_at)


def _shown(value: str) -> str:
    """What an e-mail says of itself (a sender, a subject), as it is kept and shown."""
    from desktop.domain.names import shown_text
    from desktop.domain.text_rules import LIMITS

    return shown_text(value, LIMITS["mail"])


_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def safe_name(name: str) -> str:
    """The attachment's name as a file name: no folder part, no characters Windows refuses, never a
    device name (CON.xlsx would be the console on Windows)."""
    from desktop.domain.names import without_control_chars

    base = re.split(r"[\\/]", without_control_chars(name))[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .")[:150]
    if cleaned.split(".")[0].strip().upper() in _DEVICES:
        cleaned = f"_{cleaned}"
    return cleaned or "附件"


_RAW_NAME = re.compile(r'(?:file)?name\s*=\s*"([^"]*)"|(?:file)?name\s*=\s*([^;\s]+)', re.IGNORECASE)


def _raw_name(part: Message) -> str:
    """A name written in raw 8-bit (GBK or UTF-8, not encoded): read from the header as it came."""
    for key, value in part.raw_items():
        if key.lower() in ("content-disposition", "content-type") and isinstance(value, str):
            m = _RAW_NAME.search(value)
            if m:
                return m.group(1) or m.group(2) or ""
    return ""


def _filename(part: Message) -> str:
    try:
        name = part.get_filename()
    except (ValueError, LookupError, IndexError):
        name = None
    if not name:
        name = part.get_param("name")  # type: ignore[assignment]
        if isinstance(name, tuple):
            name = name[2]
    if name and "\ufffd" in str(name):
        name = _raw_name(part) or name
    return _text(name) if name else ""


class _Walk:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.parts = 0

    def message(self, msg: Message, mail: Mail, depth: int, out: list[Attachment]) -> None:
        stack: list[tuple[Message, Mail, int]] = [(msg, mail, depth)]
        while stack:
            part, where, level = stack.pop()
            self.parts += 1
            if self.parts > MAX_PARTS:
                raise _refuse(self.path, f"有超过 {MAX_PARTS} 个部分，不像正常的报送邮件，没有导入。{_AGAIN}")
            if level > MAX_DEPTH:
                raise _refuse(self.path, f"嵌套超过 {MAX_DEPTH} 层（转发套转发），没有导入。{_AGAIN}")
            ctype = part.get_content_type()
            if part.is_multipart():
                children = part.get_payload()
                if ctype == "message/rfc822":  # a forwarded message: its own sender, date and subject
                    children = [self._encoded(part, child) for child in children]
                    stack += [(child, _mail_of(child, where.file), level + 1) for child in reversed(children)]
                else:
                    stack += [(child, where, level + 1) for child in reversed(children)]
                continue
            name = _filename(part)
            if not name:
                continue  # the text of the message
            data = part.get_payload(decode=True) or b""
            if name.lower().endswith(EML_EXTENSIONS):  # an e-mail attached as a file: read it as one
                inner = _parse(self.path, data)
                self.message(inner, _mail_of(inner, where.file), level + 1, out)
                continue
            out.append(Attachment(safe_name(name), data, where))


    def _encoded(self, part: Message, child: Message) -> Message:
        """A forwarded message sent base64 or quoted-printable (against the rules, but it happens):
        decoded, then read as an e-mail."""
        encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
        if encoding not in ("base64", "quoted-printable"):
            return child
        text = str(child.get_payload() or "").encode("ascii", "ignore")
        try:
            data = base64.b64decode(text) if encoding == "base64" else quopri.decodestring(text)
        except (binascii.Error, ValueError) as exc:
            raise _refuse(self.path, f"中转发的邮件编码有误，无法读取。{_AGAIN}") from exc
        return _parse(self.path, data)


def _parse(path: Path, data: bytes) -> Message:
    if len(_BOUNDARY.findall(data)) > MAX_PARTS:
        raise _refuse(path, f"有超过 {MAX_PARTS} 个部分，不像正常的报送邮件，没有导入。{_AGAIN}")
    try:
        return BytesParser(policy=policy.compat32).parsebytes(data)
    except (ValueError, LookupError, IndexError, RecursionError) as exc:
        raise _refuse(path, f"无法解析（{type(exc).__name__}），文件可能已损坏。{_AGAIN}") from exc


def read_eml(path: Path) -> ReadMail:
    """The e-mail's sender, date, subject and attachments; ImportFileError for a file that is not an
    e-mail, is too large or too deeply nested, or cannot be read."""
    path = Path(path)
    if not path.exists():
        raise _refuse(path, "找不到，请检查文件是否已被移动或删除")
    from desktop.exchange.files import file_problem

    if file_problem(path, "邮件") is not None:  # a folder, a pipe, a device: never opened
        raise _refuse(path, "不是普通文件，请选择从邮件程序另存的 .eml 文件")
    try:
        size = path.stat().st_size
        if size > MAX_EML_BYTES:
            raise _refuse(path, f"有 {size / 1024 / 1024:.0f} MB，超过 {MAX_EML_BYTES // 1024 // 1024} MB，没有导入。"
                                "请在邮件程序中把附件另存出来后直接导入附件")
        with open(path, "rb") as fh:
            data = fh.read(MAX_EML_BYTES + 1)
    except OSError as exc:
        raise _refuse(path, f"无法读取（{os_error_text(exc)}），请检查文件后重试") from exc
    if len(data) > MAX_EML_BYTES:
        raise _refuse(path, f"超过 {MAX_EML_BYTES // 1024 // 1024} MB，没有导入")
    if not _HEADER.search(data[:65536]):
        raise _refuse(path, "不是电子邮件文件：请在 Outlook、Foxmail 或 Thunderbird 中把邮件“另存为”.eml 文件后再导入")
    msg = _parse(path, data)
    mail = _mail_of(msg, path.name)
    out = ReadMail(mail)
    walk = _Walk(path)
    try:
        walk.message(msg, mail, 0, out.attachments)
    except RecursionError as exc:
        raise _refuse(path, f"嵌套太深，没有导入。{_AGAIN}") from exc
    return out
