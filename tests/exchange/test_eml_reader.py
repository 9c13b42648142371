"""Reading an e-mail someone sent (.eml from Outlook, Foxmail, Thunderbird): sender, date, subject and
attachments with Chinese names however they are written; forwarded messages; hostile e-mails refused
with a message naming the file (issue 19, point 1)."""

from __future__ import annotations

import base64
import os
import quopri
from pathlib import Path

import pytest

from desktop.exchange.eml import build_eml
from desktop.exchange.eml_reader import MAX_DEPTH, MAX_EML_BYTES, MAX_PARTS, read_eml, safe_name
from desktop.exchange.errors import ImportFileError

NAME = "交换包-合江县政务服务中心-20210420.zctb"


def _b64(text: str, codec: str = "utf-8") -> str:
    return base64.b64encode(text.encode(codec)).decode()


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_the_draft_submit_writes_round_trips(folder):
    eml = build_eml("sz@lz.gov.cn", "合江县政务服务管理局报送2021年4月月报", "您好", [(NAME, b"PK\x03\x04zip"),
                    ("合江县 实施方案.docx", b"doc")], sender="合江县政务服务中心 <HJZW@Example.gov.cn>")
    read = read_eml(_write(folder, "报送 邮件.eml", eml))
    assert read.mail.subject == "合江县政务服务管理局报送2021年4月月报"
    assert read.mail.sender == "合江县政务服务中心 <HJZW@Example.gov.cn>" and read.mail.address == "hjzw@example.gov.cn"
    assert read.mail.file == "报送 邮件.eml" and read.mail.sent_at  # the Date header, as ISO
    assert [(a.name, a.data) for a in read.attachments] == [(NAME, b"PK\x03\x04zip"), ("合江县 实施方案.docx", b"doc")]


def test_foxmail_gbk_words_quoted_printable_and_a_forwarded_message(folder):
    """Foxmail: GBK RFC 2047 words in name= only; Outlook forwards the county's message as message/rfc822,
    whose attachment carries the forwarded message's own sender, date and subject."""
    qp = quopri.encodestring(b"PK\x03\x04=data").decode()
    text = (
        f"From: =?GBK?B?{_b64('泸州市政务服务管理局', 'gbk')}?= <sz@lz.gov.cn>\r\n"
        f"Subject: =?GBK?B?{_b64('转发：合江县报送月报', 'gbk')}?=\r\n"
        "Date: Tue, 20 Apr 2021 10:30:00 +0800\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n'
        "--outer\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
        "--alt\r\nContent-Type: text/plain; charset=GBK\r\n\r\nhi\r\n--alt\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n"
        "--alt--\r\n"
        "--outer\r\nContent-Type: message/rfc822\r\n\r\n"
        f"From: =?utf-8?b?{_b64('合江县政务服务中心')}?= <hjzw@example.gov.cn>\r\n"
        f"Subject: =?utf-8?b?{_b64('合江县报送月报')}?=\r\nDate: Mon, 19 Apr 2021 16:20:00 +0800\r\n"
        'Content-Type: multipart/mixed; boundary="inner"\r\n\r\n'
        "--inner\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
        f"--inner\r\nContent-Type: application/octet-stream; name=\"=?GBK?B?{_b64('合江县2021年4月月报.xlsx', 'gbk')}?=\"\r\n"
        f"Content-Transfer-Encoding: quoted-printable\r\nContent-Disposition: attachment\r\n\r\n{qp}\r\n"
        "--inner--\r\n--outer--\r\n")
    read = read_eml(_write(folder, "转发.eml", text))
    assert read.mail.sender == "泸州市政务服务管理局 <sz@lz.gov.cn>" and read.mail.sent_at == "2021-04-20T10:30:00"
    (attachment,) = read.attachments
    assert attachment.name == "合江县2021年4月月报.xlsx" and attachment.data == b"PK\x03\x04=data"
    assert attachment.mail.subject == "合江县报送月报" and attachment.mail.address == "hjzw@example.gov.cn"
    assert attachment.mail.sent_at == "2021-04-19T16:20:00" and attachment.mail.file == "转发.eml"
    assert attachment.mail.describe() == "邮件“合江县报送月报”（发件人 合江县政务服务中心 <hjzw@example.gov.cn>，2021年4月19日 16:20）"


@pytest.mark.parametrize("codec", ["gbk", "utf-8"])
def test_a_name_written_in_raw_8bit_and_an_rfc2231_name(folder, codec):
    raw = (b"From: a@b.cn\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=Q\r\n\r\n"
           b"--Q\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=\""
           + NAME.encode(codec) + b"\"\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n"
           b"--Q\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
           b"filename*=gb18030''" + "%".join(f"{b:02X}" for b in "申报情况.pdf".encode("gb18030")).join(["%", ""]).encode()
           + b"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--Q--\r\n")
    read = read_eml(_write(folder, "a.eml", raw))
    assert [(a.name, a.data) for a in read.attachments] == [(NAME, b"PK\x03\x04"), ("申报情况.pdf", b"%PDF")]


def test_an_attached_eml_is_read_as_an_e_mail_and_names_are_made_safe(folder):
    inner = build_eml("x@y.cn", "合江县报送", "", [(NAME, b"PK")], sender="hj@y.cn")
    outer = build_eml("sz@lz.gov.cn", "转发两封", "", [("合江县.eml", inner), ("../..\\坏:名字?.xlsx", b"PK")])
    read = read_eml(_write(folder, "b.eml", outer))
    assert [(a.name, a.mail.subject) for a in read.attachments] == [(NAME, "合江县报送"), ("坏_名字_.xlsx", "转发两封")]
    assert safe_name("..") == "附件" and safe_name("a\x00b\u202e.zctb") == "ab.zctb"
    assert safe_name("CON.xlsx") == "_CON.xlsx" and safe_name("com1.zctb") == "_com1.zctb"  # Windows devices


def _nested(depth: int) -> str:
    head = "From: a@b.cn\r\nSubject: deep\r\n"
    body = "Content-Type: application/octet-stream; name=x.zctb\r\n\r\nPK\r\n"
    for level in range(depth):
        body = f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n{body}--b{level}--\r\n'
    return head + body


def test_hostile_e_mails_are_refused_naming_the_file(folder, tmp_path):
    big = folder / "大 邮件.eml"
    with open(big, "wb") as fh:
        fh.truncate(MAX_EML_BYTES + 1)
    many = "From: a@b.cn\r\nSubject: many\r\n" + "boundary=x\r\n" * (MAX_PARTS + 1)
    cases = {
        big: f"邮件“大 邮件.eml”有 {MAX_EML_BYTES // 1024 // 1024} MB，超过 {MAX_EML_BYTES // 1024 // 1024} MB，没有导入",
        _write(folder, "多.eml", many): f"邮件“多.eml”有超过 {MAX_PARTS} 个部分",
        _write(folder, "深.eml", _nested(MAX_DEPTH + 2)): f"邮件“深.eml”嵌套超过 {MAX_DEPTH} 层",
        _write(folder, "乱码.eml", os.urandom(4096)): "邮件“乱码.eml”不是电子邮件文件",
        _write(folder, "文本.eml", "就是一段文字\n没有邮件头"): "邮件“文本.eml”不是电子邮件文件",
        folder / "没有.eml": "邮件“没有.eml”找不到",
    }
    (folder / "夹子.eml").mkdir()
    cases[folder / "夹子.eml"] = "邮件“夹子.eml”不是普通文件"
    for path, start in cases.items():
        with pytest.raises(ImportFileError) as err:
            read_eml(path)
        assert str(err.value).startswith(start), str(err.value)
    assert [a.name for a in read_eml(_write(folder, "浅.eml", _nested(MAX_DEPTH - 1))).attachments] == ["x.zctb"]
