"""An e-mail draft (.eml) with the files to send: standard MIME, Chinese file names written both ways
mail programs read them (RFC 2231 ``filename*`` for Thunderbird and Python, RFC 2047 in ``name`` and
``filename`` for Outlook and Foxmail), ``X-Unsent: 1`` so Outlook opens it as a draft to send."""

from __future__ import annotations

import mimetypes
from datetime import datetime
from email import encoders
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import encode_rfc2231, formatdate, make_msgid
from pathlib import Path

_TYPES = {".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
          ".pdf": ("application", "pdf"), ".zctb": ("application", "zip")}


def _encoded(name: str) -> str:
    """RFC 2047: =?utf-8?b?…?= words, on one line."""
    return Header(name, "utf-8").encode(maxlinelen=100_000).replace("\n", "").replace("\r", "")


def build_eml(to: str, subject: str, body: str, attachments: list[tuple[str, bytes]], sender: str = "",
              sent: datetime | None = None) -> bytes:
    """The draft as bytes (CRLF line ends, as mail programs expect); dated now, or ``sent`` (local time)."""
    msg = MIMEMultipart()
    msg["To"] = to
    if sender:
        msg["From"] = sender
    msg["Subject"] = Header(subject, "utf-8")
    msg["Date"] = formatdate(sent.astimezone().timestamp(), localtime=True) if sent else formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="zhencun.local")
    msg["X-Unsent"] = "1"
    msg.attach(MIMEText(body, "plain", "utf-8"))
    for name, data in attachments:
        maintype, subtype = _TYPES.get(Path(name).suffix.lower()) or tuple(
            (mimetypes.guess_type(name)[0] or "application/octet-stream").split("/", 1))
        part = MIMEBase(maintype, subtype)
        part.set_payload(data)
        encoders.encode_base64(part)
        del part["Content-Type"]
        part["Content-Type"] = f'{maintype}/{subtype}; name="{_encoded(name)}"'
        part["Content-Disposition"] = (f'attachment; filename="{_encoded(name)}"; '
                                       f"filename*={encode_rfc2231(name, 'utf-8')}")
        msg.attach(part)
    return msg.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def attachments_of(eml: bytes) -> list[tuple[str, bytes]]:
    """The attachments of a draft, parsed back with Python's email package (for checks and tests)."""
    from email import message_from_bytes, policy

    msg = message_from_bytes(eml, policy=policy.default)
    return [(part.get_filename(), part.get_content() if isinstance(part.get_content(), bytes)
             else part.get_payload(decode=True)) for part in msg.iter_attachments()]
