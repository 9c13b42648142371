"""Build the corpus of messy roster workbooks, the way offices really fill the official form.

Each ``Case`` is one workbook (or several, read together) written with openpyxl, and the roster
it must yield. ``tests/corpus/libreoffice/`` holds a few workbooks saved by LibreOffice; rebuild
them with ``python tests/corpus/build.py --libreoffice`` (needs ``soffice`` on the PATH).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIBREOFFICE = HERE / "libreoffice"

COLUMNS = ["市（州）", "县（市、区）", "乡镇（街道）", "乡镇类型", "村（社区）", "备注"]
TITLE = {1: "省级试点地区乡镇（街道）、村（社区）名单", 2: "市级试点地区乡镇（街道）、村（社区）名单",
         3: "县级试点地区乡镇（街道）、村（社区）名单"}
UNIT = "泸州市政务服务管理局"
D = date(2021, 3, 26)

# NBS codes of the towns the corpus uses (every village read must be coded under its town).
TOWN_CODES = {
    "榕山镇": "510522109", "白沙镇": "510522102", "尧坝镇": "510522105", "望龙镇": "510522101",
    "符阳街道": "510522001", "福集镇": "510521100", "嘉明镇": "510521101", "玉蟾街道": "510521001",
    "分水岭镇": "510502110", "江门镇": "510524101", "孝泉镇": "510603101",
}
RONGSHAN = ["木广社区", "进宝村", "木广村", "皇城坝村", "万宝山村", "八仙村", "永安村", "坪岩村", "回洞桥村", "梧桐山村"]
BAISHA = ["良石坪社区", "白沙社区", "北寨村", "芦稿村", "忠孝村"]
YAOBA = ["尧坝社区", "白村", "团结村", "井桥村"]
FUJI = ["大田社区", "石鸭滩村", "赵岩村"]
JIAMING = ["秀水社区", "石燕村", "狮子村"]

Town = tuple[str, str, str, str, str, list[str]]  # city, county, town, type, note, villages


@dataclass
class Expected:
    level: int
    filled_on: date | None
    towns: list[Town]


@dataclass
class Case:
    key: str
    variants: str  # which variants of the point 1 it covers
    files: dict[str, Callable[[Path], None]]  # file name → writer
    expected: list[Expected]
    messages: list[str] = field(default_factory=list)  # each must be among the import messages
    uncoded: set[str] = field(default_factory=set)  # names expected NOT to match the gazetteer


def _wb(sheets: list[tuple[str, list[list[object]], tuple[str, ...]]]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)
        for title, rows, merges in sheets:
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(row)
            for rng in merges:
                ws.merge_cells(rng)
        wb.save(path)
    return write


def _one(rows: list[list[object]], merges: tuple[str, ...] = (), title: str = "Sheet1") -> Callable[[Path], None]:
    return _wb([(title, rows, merges)])


def _head(level: int, when: object = "2021年3月26日") -> list[list[object]]:
    return [[f"附件{level}"], [TITLE[level]], [f"填报单位：{UNIT}", None, None, "填报时间：", when], COLUMNS]


def _t(county: str, town: str, kind: str, villages: list[str], note: str = "", city: str = "泸州市") -> Town:
    return (city, county, town, kind, note, list(villages))


def cases() -> list[Case]:
    out: list[Case] = []
    add = out.append

    add(Case("official", "官方格式：附件N、合并的标题、填报单位和时间、顿号分隔",
             {"附件1 合江县.xlsx": _one(_head(1) + [
                 ["泸州市", "合江县", "榕山镇", "中心镇", "、".join(RONGSHAN), "示范点"],
                 ["泸州市", "合江县", "白沙镇", "重点镇", "、".join(BAISHA), None],
             ], merges=("A2:F2",), title="附件1")},
             [Expected(1, D, [_t("合江县", "榕山镇", "中心镇", RONGSHAN, "示范点"),
                              _t("合江县", "白沙镇", "重点镇", BAISHA)])]))

    add(Case("no-title-sheet-name", "没有标题行：表头在第一行，按工作表名“附件3”判断",
             {"名单.xlsx": _one([COLUMNS, ["泸州市", "泸县", "福集镇", "一般乡镇", "、".join(FUJI), None]],
                               title="附件3")},
             [Expected(3, None, [_t("泸县", "福集镇", "一般乡镇", FUJI)])]))

    add(Case("no-title-file-name", "没有标题行，也没有工作表名：按文件名“市级试点”判断",
             {"市级试点名单（泸县）.xlsx": _one([COLUMNS, ["泸州市", "泸县", "嘉明镇", "特色镇", "、".join(JIAMING), ""]])},
             [Expected(2, None, [_t("泸县", "嘉明镇", "特色小镇", JIAMING)])]))

    add(Case("header-anywhere", "表头在第 7 行第 C 列起，上方有空行和说明文字",
             {"县级 名单.xlsx": _one([
                 [], [None, "附件3"], [None, None, TITLE[3]], [], [None, None, "填报单位：", UNIT],
                 [None, None, "填报时间：", datetime(2021, 3, 26)],
                 [None, None] + COLUMNS,
                 [None, None, "泸州市", "合江县", "尧坝镇", "特色小镇", "、".join(YAOBA), None],
             ])},
             [Expected(3, D, [_t("合江县", "尧坝镇", "特色小镇", YAOBA)])]))

    add(Case("serial-and-spaced-header", "序号列；表头有多余空格、半角括号 市(州)、换行",
             {"附件2.xlsx": _one([
                 ["附件2"], ["序号", " 市 (州) ", "县 ( 市、区 )", "乡镇\n(街道)", " 乡镇类型 ", "村(社区)", "备  注"],
                 [1, "泸州市", "泸县", "福集镇", "中心镇", "、".join(FUJI), None],
                 [2.0, "泸州市", "泸县", "嘉明镇", "重点镇", "、".join(JIAMING), None],
             ])},
             [Expected(2, None, [_t("泸县", "福集镇", "中心镇", FUJI), _t("泸县", "嘉明镇", "重点镇", JIAMING)])]))

    add(Case("merged-city-county", "市、县单元格跨行合并",
             {"附件3 合并.xlsx": _one(_head(3) + [
                 ["泸州市", "合江县", "榕山镇", "中心镇", "、".join(RONGSHAN[:3]), None],
                 [None, None, "白沙镇", "一般乡镇", "、".join(BAISHA[:2]), None],
                 [None, "泸县", "福集镇", "中心镇", "、".join(FUJI), None],
                 [None, None, "嘉明镇", "一般乡镇", "、".join(JIAMING), None],
             ], merges=("A5:A8", "B5:B6", "B7:B8"))},
             [Expected(3, D, [_t("合江县", "榕山镇", "中心镇", RONGSHAN[:3]), _t("合江县", "白沙镇", "一般乡镇", BAISHA[:2]),
                              _t("泸县", "福集镇", "中心镇", FUJI), _t("泸县", "嘉明镇", "一般乡镇", JIAMING)])]))

    add(Case("repeated-every-row", "一村一行，市、县、乡镇、类型在每一行都重复填写",
             {"附件3 重复.xlsx": _one(_head(3) + [
                 ["泸州市", "合江县", "尧坝镇", "特色小镇", v, None] for v in YAOBA] + [
                 ["泸州市", "泸县", "嘉明镇", "重点镇", v, None] for v in JIAMING])},
             [Expected(3, D, [_t("合江县", "尧坝镇", "特色小镇", YAOBA), _t("泸县", "嘉明镇", "重点镇", JIAMING)])]))

    add(Case("village-per-row-merged", "一村一行，乡镇和类型单元格跨行合并",
             {"附件1 一村一行.xlsx": _one(_head(1) + [
                 ["泸州市", "合江县", "白沙镇", "重点镇", BAISHA[0], "备注甲"],
                 *[[None, None, None, None, v, None] for v in BAISHA[1:]],
                 ["泸州市", "合江县", "尧坝镇", "特色小镇", YAOBA[0], None],
                 *[[None, None, None, None, v, None] for v in YAOBA[1:]],
             ], merges=("A5:A13", "B5:B13", "C5:C9", "D5:D9", "F5:F9", "C10:C13", "D10:D13"))},
             [Expected(1, D, [_t("合江县", "白沙镇", "重点镇", BAISHA, "备注甲"), _t("合江县", "尧坝镇", "特色小镇", YAOBA)])]))

    add(Case("committee-suffixes", "村（社区）名带“村民委员会”“社区居民委员会”“居委会”“村委会”等后缀",
             {"附件3 全称.xlsx": _one(_head(3) + [
                 ["泸州市", "泸县", "福集镇", "中心镇", "大田社区居民委员会、石鸭滩村民委员会、赵岩村委会", None],
                 ["泸州市", "泸县", "嘉明镇", "一般乡镇", "秀水社区居委会\n石燕村村民委员会\n狮子村", None],
                 ["泸州市", "江阳区", "分水岭镇", "重点镇", "分水岭居民委员会、泸南村村民委员会", None],
             ])},
             [Expected(3, D, [_t("泸县", "福集镇", "中心镇", FUJI), _t("泸县", "嘉明镇", "一般乡镇", JIAMING),
                              _t("江阳区", "分水岭镇", "重点镇", ["分水岭社区", "泸南村"])])]))

    add(Case("comma-separators", "村（社区）用中文逗号、英文逗号分隔",
             {"附件3 逗号.xlsx": _one(_head(3) + [
                 ["泸州市", "合江县", "榕山镇", "中心镇", "木广社区，进宝村,木广村 ,皇城坝村", None],
             ])},
             [Expected(3, D, [_t("合江县", "榕山镇", "中心镇", RONGSHAN[:4])])]))

    add(Case("semicolon-slash-separators", "村（社区）用中英文分号、斜杠分隔",
             {"附件3 分号.xlsx": _one(_head(3) + [
                 ["泸州市", "合江县", "白沙镇", "重点镇", "良石坪社区；白沙社区;北寨村/芦稿村／忠孝村", None],
             ])},
             [Expected(3, D, [_t("合江县", "白沙镇", "重点镇", BAISHA)])]))

    add(Case("space-and-linebreak-separators", "村（社区）用空格（半角、全角、连续）、换行分隔；“木广 社区”是一个名字",
             {"附件3 空格.xlsx": _one(_head(3) + [
                 ["泸州市", "合江县", "榕山镇", "中心镇", "木广 社区  进宝村\u3000木广村\n皇城坝村\r\n万宝山村", None],
             ])},
             [Expected(3, D, [_t("合江县", "榕山镇", "中心镇", RONGSHAN[:5])])]))

    add(Case("full-width", "全角数字（填报时间、序号）和全角空格（名称前后、表头内）",
             {"附件３ 全角.xlsx": _one([
                 ["附件３"], [TITLE[3]], ["填报单位：" + UNIT, None, None, None, "填报时间：２０２１年３月２６日"],
                 ["序号", "市（州）", "县（市、区）", "乡镇\u3000（街道）", "乡镇类型", "村（社区）", "备注"],
                 ["１", "\u3000泸州市", "泸县\u3000", "\u3000福集镇\u3000", "中心镇\u3000", "大田社区\u3000石鸭滩村\u3000赵岩村", "\u3000"],
             ])},
             [Expected(3, D, [_t("泸县", "福集镇", "中心镇", FUJI)])]))

    add(Case("trailing-notes", "名单下方的填报说明、注、填表人和联系电话、合计行，以及备注列",
             {"附件1 说明.xlsx": _one(_head(1) + [
                 ["泸州市", "合江县", "榕山镇", "中心镇", "、".join(RONGSHAN), "省级示范（2020年）"],
                 ["合计", None, "1个", None, "10个", None],
                 [],
                 ["填表人：张三", None, "联系电话：0830-1234567", None, "审核人：李四"],
                 ["填报说明：1. 该表填报省级 11 个试点地区。"],
                 ["2. 乡镇类型请填写县级政府驻地镇、中心镇、重点镇、特色小镇或一般乡镇。"],
             ])},
             [Expected(1, D, [_t("合江县", "榕山镇", "中心镇", RONGSHAN, "省级示范（2020年）")])]))

    add(Case("signature-rows", "名单下方紧接“填表人：”“联系人：”“单位负责人：”签字行（没有填报说明）",
             {"附件3 签字.xlsx": _one(_head(3) + [
                 ["泸州市", "泸县", "福集镇", "中心镇", "、".join(FUJI), None],
                 ["填表人：张三", None, None, "联系电话：13800000000", None, None],
                 [None, "单位负责人（签字）：", "李四"],
                 ["联系人：王五"],
             ])},
             [Expected(3, D, [_t("泸县", "福集镇", "中心镇", FUJI)])]))

    add(Case("several-sheets", "一个工作簿有封面和附件1、附件2、附件3 三张表",
             {"泸州市 上报材料.xlsx": _wb([
                 ("封面", [["泸州市镇村便民服务试点上报材料"], ["2021年3月"]], ()),
                 ("附件1", _head(1) + [["泸州市", "合江县", "榕山镇", "中心镇", "、".join(RONGSHAN), None]], ()),
                 ("附件2", _head(2) + [["泸州市", "泸县", "嘉明镇", "特色镇", "、".join(JIAMING), None]], ()),
                 ("附件3", _head(3) + [["泸州市", "叙永县", "江门镇", "中心镇", "江门社区、古寨社区", None]], ()),
             ])},
             [Expected(1, D, [_t("合江县", "榕山镇", "中心镇", RONGSHAN)]),
              Expected(2, D, [_t("泸县", "嘉明镇", "特色小镇", JIAMING)]),
              Expected(3, D, [_t("叙永县", "江门镇", "中心镇", ["江门社区", "古寨社区"])])],
             messages=["“泸州市 上报材料.xlsx”的工作表“封面”没有名单表头，已跳过"]))

    add(Case("several-workbooks", "同时导入几个工作簿（两个县各报一份附件3）",
             {"合江县 附件3.xlsx": _one(_head(3, "2021年3月20日") + [
                 ["泸州市", "合江县", "望龙镇", "一般乡镇", "望龙社区、新场子村", None]]),
              "泸县 附件3.xlsx": _one(_head(3, "2021-03-26") + [
                  ["泸州市", "泸县", "玉蟾街道", "县级政府驻地镇", "西苑社区、朝阳社区", None]])},
             [Expected(3, D, [_t("合江县", "望龙镇", "一般乡镇", ["望龙社区", "新场子村"]),
                              _t("泸县", "玉蟾街道", "县级政府驻地镇", ["西苑社区", "朝阳社区"])])]))

    add(Case("sample-and-placeholders", "保留了通知里的示例行（示例：、XX 乡镇）和省略号行",
             {"附件2 示例.xlsx": _one(_head(2) + [
                 ["示例：泸州市", "泸县", "XX 乡镇（街道）", "XX", "XX 村（社区）", None],
                 ["……", "……", "……", "……", "……", None],
                 ["泸州市", "泸县", "福集镇", "中心镇", "、".join(FUJI), None],
             ])},
             [Expected(2, D, [_t("泸县", "福集镇", "中心镇", FUJI)])],
             messages=["“附件2 示例.xlsx”的工作表“Sheet1”：跳过了 2 行样例或合计行（如“XX 乡镇”）"]))

    add(Case("other-column-order", "列的顺序不同（备注在前、村在类型前）、城市只填在第一行",
             {"附件3 列序.xlsx": _one([
                 ["附件3"], ["备注", "县（市、区）", "市（州）", "乡镇（街道）", "村（社区）", "乡镇类型"],
                 ["新增", "合江县", "泸州市", "符阳街道办事处", "百花亭社区、枣林桥社区", "县级政府驻地镇"],
                 [None, "江阳区", None, "分水岭镇", "分水岭社区", "一般乡镇"],
             ])},
             [Expected(3, None, [_t("合江县", "符阳街道", "县级政府驻地镇", ["百花亭社区", "枣林桥社区"], "新增"),
                                 _t("江阳区", "分水岭镇", "一般乡镇", ["分水岭社区"])])]))

    add(Case("numbered-villages", "村（社区）带编号：1.木广社区 2.进宝村、①②、（1）",
             {"附件3 编号.xlsx": _one(_head(3) + [
                 ["泸州市", "合江县", "榕山镇", "中心镇", "1.木广社区 2.进宝村 3、木广村", None],
                 ["泸州市", "合江县", "白沙镇", "重点镇", "①良石坪社区②白沙社区", None],
                 ["泸州市", "泸县", "福集镇", "中心镇", "（1）大田社区\n（2）石鸭滩村\n(3)赵岩村", None],
             ])},
             [Expected(3, D, [_t("合江县", "榕山镇", "中心镇", RONGSHAN[:3]), _t("合江县", "白沙镇", "重点镇", BAISHA[:2]),
                              _t("泸县", "福集镇", "中心镇", FUJI)])]))

    add(Case("annotated-header", "表头带填写提示：村（社区）名称（多个用顿号隔开）、乡镇类型（选填）",
             {"附件3 提示.xlsx": _one([
                 ["附件3"],
                 ["市（州）", "县（市、区）", "乡镇（街道）名称", "乡镇类型（下拉选择）", "村（社区）名称（多个用“、”隔开）", "备注"],
                 ["泸州市", "泸县", "嘉明镇", "一般乡镇", "、".join(JIAMING), None],
             ])},
             [Expected(3, None, [_t("泸县", "嘉明镇", "一般乡镇", JIAMING)])]))

    add(Case("other-city-and-unmatched", "另一个市的县（德阳市旌阳区）、一个不在名录中的村（社区）名",
             {"附件3 外市.xlsx": _one(_head(3) + [
                 ["德阳市", "旌阳区", "孝泉镇", "特色小镇", "正阳街社区、孝泉安置社区", None],
             ])},
             [Expected(3, D, [_t("旌阳区", "孝泉镇", "特色小镇", ["正阳街社区", "孝泉安置社区"], city="德阳市")])],
             uncoded={"孝泉安置社区"}))
    return out


def build_corpus(folder: Path) -> list[tuple[Case, list[Path]]]:
    """Write every case's workbooks into ``folder`` (one subfolder per case)."""
    out = []
    for case in cases():
        sub = folder / case.key
        sub.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, write in case.files.items():
            write(sub / name)
            paths.append(sub / name)
        out.append((case, paths))
    return out


# -- workbooks saved by LibreOffice ------------------------------------------------------------
LIBREOFFICE_CASES: list[tuple[str, Expected]] = [
    ("附件3 从CSV另存.xlsx", Expected(3, None, [_t("泸县", "福集镇", "中心镇", FUJI),
                                             _t("合江县", "白沙镇", "重点镇", BAISHA[:3])])),
    ("附件1 从ODS另存.xlsx", Expected(1, D, [_t("合江县", "榕山镇", "中心镇", RONGSHAN),
                                          _t("合江县", "尧坝镇", "特色小镇", YAOBA)])),
]

_CSV = ("市（州）,县（市、区）,乡镇（街道）,乡镇类型,村（社区）,备注\n"
        "泸州市,泸县,福集镇,中心镇,\"大田社区、石鸭滩村、赵岩村\",\n"
        ",合江县,白沙镇,重点镇,\"良石坪社区，白沙社区\n北寨村\",\n")


def _fods() -> str:
    def cell(value: str, rows: int = 1, cols: int = 1) -> str:
        span = (f' table:number-rows-spanned="{rows}"' if rows > 1 else "") + (
            f' table:number-columns-spanned="{cols}"' if cols > 1 else "")
        return f'<table:table-cell office:value-type="string"{span}><text:p>{value}</text:p></table:table-cell>'

    covered = "<table:covered-table-cell/>"
    rows = [
        cell("附件1"),
        cell(TITLE[1], cols=6) + covered * 5,
        cell("填报单位：" + UNIT) + "<table:table-cell/>" * 2 + cell("填报时间：") + cell("2021年3月26日"),
        "".join(cell(c) for c in COLUMNS),
        cell("泸州市", rows=2) + cell("合江县", rows=2) + cell("榕山镇") + cell("中心镇") + cell("、".join(RONGSHAN)),
        covered * 2 + cell("尧坝镇") + cell("特色小镇") + cell("、".join(YAOBA)),
    ]
    body = "".join(f"<table:table-row>{r}</table:table-row>" for r in rows)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" '
            'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
            '<office:body><office:spreadsheet><table:table table:name="说明"><table:table-row>'
            f'{cell("请勿修改表头")}</table:table-row></table:table>'
            f'<table:table table:name="附件1">{body}</table:table>'
            '</office:spreadsheet></office:body></office:document>')


def build_libreoffice(out: Path = LIBREOFFICE) -> list[Path]:
    """Convert a hand-written CSV and flat ODS to .xlsx with LibreOffice (``soffice --headless``)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice (LibreOffice) is not installed")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources = [(work / "csv.csv", _CSV, ["--infilter=CSV:44,34,76,1"], LIBREOFFICE_CASES[0][0]),
                   (work / "ods.fods", _fods(), [], LIBREOFFICE_CASES[1][0])]
        for src, text, extra, target in sources:
            src.write_text(text, encoding="utf-8")
            subprocess.run([soffice, "--headless", f"-env:UserInstallation={(work / 'profile').as_uri()}", *extra,
                            "--convert-to", "xlsx", "--outdir", str(work), str(src)],
                           check=True, capture_output=True, timeout=180)
            shutil.move(work / (src.stem + ".xlsx"), out / target)
            written.append(out / target)
    return written


if __name__ == "__main__":
    if "--libreoffice" in sys.argv[1:]:
        for path in build_libreoffice():
            print(path.relative_to(HERE.parent.parent))
    else:
        target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="corpus-"))
        for case, paths in build_corpus(target):
            print(case.key, [p.name for p in paths])
