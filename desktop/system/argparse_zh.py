"""argparse in Chinese: usage, headings, the help option and every error of its own, with no .mo file.

argparse looks its strings up through ``gettext`` (the module-level names ``argparse._`` and
``argparse.ngettext``). ``ChineseParser`` puts a small Chinese table in their place while one of its
methods runs and puts the originals back afterwards, so nothing else in the process (pytest's own
options, for instance) is changed. A sub-parser made by ``add_subparsers().add_parser`` is a
``ChineseParser`` too (argparse makes it of the parent's class).

A usage error is the usage line and one line ``错误：…；请用“PROG --help”查看用法`` on stderr, exit 2,
as every refusal of the command line.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

# argparse's own strings (Python 3.10–3.14) and their Chinese. A string not listed stays English:
# tests/cli/test_cli_language.py runs every command's --help and usage errors to catch one.
ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",  # Python 3.9
    "subcommands": "命令",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s 有误：%(message)s",
    "the following arguments are required: %s": "缺少必填的参数 %s",
    "one of the arguments %s is required": "参数 %s 须填写其中一个",  # the names joined by 或 (error)
    "unrecognized arguments: %s": "无法识别的参数 %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的%(type)s",
    "expected one argument": "后面要写一个值",
    "expected at most one argument": "后面最多写一个值",
    "expected at least one argument": "后面至少要写一个值",
    "expected %s argument": "后面要写 %s 个值",
    "expected %s arguments": "后面要写 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "ambiguous option: %(option)s=%(value)s could match %(matches)s": "选项 %(option)s=%(value)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "不需要值 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r（可用的命令：%(choices)s）",
    "unexpected option string: %s": "多余的选项 %s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "option '%(option)s' is deprecated": "选项 %(option)s 已不再使用",
    "argument '%(argument_name)s' is deprecated": "参数 %(argument_name)s 已不再使用",
    "command '%(parser_name)s' is deprecated": "命令 %(parser_name)s 已不再使用",
}
# "%(type)s" above is the name of the converting function: the ones the program uses, in Chinese.
TYPE_NAMES = {"的int": "的整数", "的float": "的数字"}
_ONE_OF = re.compile("参数 (.+) 须填写其中一个")


def chinese(message: str) -> str:
    """argparse's string ``message`` in Chinese (``message`` itself when it has none)."""
    return ZH.get(message, message)


def chinese_plural(singular: str, plural: str, n: int) -> str:
    return chinese(singular if n == 1 else plural)


@contextmanager
def speaking_chinese() -> Iterator[None]:
    """argparse's strings in Chinese while the block runs (nested blocks are fine)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = chinese, chinese_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


F = TypeVar("F", bound=Callable[..., Any])


def _in_chinese(method: F) -> F:
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with speaking_chinese():
            return method(self, *args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper  # type: ignore[return-value]


_OPENING = "（《「『“‘〔【"
_CLOSING = "，。、；：？！）》」』”’〕】"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_PATH = re.compile(f"[^\\s{_OPENING}{_CLOSING}]*[\\\\/][^\\s{_OPENING}{_CLOSING}]*")


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """(piece, a space before it): a path is a piece, a Chinese character is one, and so is a run of
    other characters (a word, an option)."""
    at = 0
    for path in _PATH.finditer(text):
        yield from _small_pieces(text[at:path.start()])
        yield path.group(), path.start() > 0 and text[path.start() - 1].isspace()
        at = path.end()
    yield from _small_pieces(text[at:])


def _small_pieces(text: str) -> Iterator[tuple[str, bool]]:
    run, spaced = "", False
    for c in text:
        if c.isspace() or display_width(c) == 2:
            if run:
                yield run, spaced
                run, spaced = "", False
            if c.isspace():
                spaced = True
            else:
                yield c, spaced
                spaced = False
        else:
            run += c
    if run:
        yield run, spaced


def _may_break(before: str, piece: str, spaced: bool) -> bool:
    """A line may end between ``before`` and ``piece``: at a space, or beside a Chinese character, but
    not before closing punctuation nor after opening punctuation."""
    if before[-1] in _OPENING or piece[0] in _CLOSING:
        return False
    return spaced or display_width(before[-1]) == 2 or display_width(piece[0]) == 2


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns where it can be broken (a path or an option is
    never cut, so that it can be copied as it is)."""
    lines: list[str] = []
    line, before = "", ""
    for piece, spaced in _pieces(text.strip()):
        gap = " " if spaced and line else ""
        if line and _may_break(before, piece, spaced) and display_width(line + gap + piece) > width:
            lines.append(line)
            line = piece
        else:
            line += gap + piece
        before = piece
    if line:
        lines.append(line)
    return lines


class ChineseFormatter(argparse.HelpFormatter):
    """Help text wrapped by the columns it takes (a Chinese character takes two)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def add_argument(self, action: argparse.Action) -> None:
        """The help column is placed by the columns an option's name takes (--out 文件夹 takes 12)."""
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            width = display_width(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)

    def _format_action(self, action: argparse.Action) -> str:
        """argparse pads an option's name by its characters: pad it by its columns instead, and start
        the help on the next line when the name does not leave two columns before it."""
        text = super()._format_action(action)
        name = self._format_action_invocation(action)
        extra = display_width(name) - len(name)
        head = " " * self._current_indent + name
        if not extra or not text.startswith(head) or text[len(head):len(head) + 1] != " ":
            return text
        first, _, rest = text.partition("\n")
        gap = len(first) - len(first[len(head):].lstrip(" ")) - len(head)
        if gap - extra >= 2:
            return head + " " * (gap - extra) + first[len(head) + gap:] + "\n" + rest
        help_position = min(self._action_max_length + 2, self._max_help_position)
        return head + "\n" + " " * help_position + first[len(head) + gap:] + "\n" + rest

    def _format_usage(self, usage, actions, groups, prefix) -> str:  # type: ignore[no-untyped-def]
        """argparse lines up a long usage's next lines under the first by counting characters: move
        them by the columns "用法：" takes beyond its three characters."""
        text = super()._format_usage(usage, actions, groups, prefix)
        head = chinese("usage: ") if prefix is None else prefix
        return re.sub(r"\n(?= +\S)", "\n" + " " * (display_width(head) - len(head)), text)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, help and errors are Chinese (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseFormatter)
        with speaking_chinese():
            super().__init__(*args, **kwargs)

    add_argument = _in_chinese(argparse.ArgumentParser.add_argument)
    add_argument_group = _in_chinese(argparse.ArgumentParser.add_argument_group)
    add_subparsers = _in_chinese(argparse.ArgumentParser.add_subparsers)
    parse_args = _in_chinese(argparse.ArgumentParser.parse_args)  # type: ignore[assignment]
    parse_known_args = _in_chinese(argparse.ArgumentParser.parse_known_args)  # type: ignore[assignment]
    format_usage = _in_chinese(argparse.ArgumentParser.format_usage)
    format_help = _in_chinese(argparse.ArgumentParser.format_help)

    def error(self, message: str) -> NoReturn:
        """The usage, then ``错误：…；请用“PROG --help”查看用法`` on stderr; exit 2."""
        for english, name in TYPE_NAMES.items():
            message = message.replace(english, name)
        one_of = _ONE_OF.fullmatch(message)
        if one_of:  # argparse joins the names with spaces: --out --restore
            message = f"参数 {' 或 '.join(one_of.group(1).split())} 须填写其中一个"
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}；请用“{self.prog} --help”查看用法\n")
