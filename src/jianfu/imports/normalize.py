"""Cell values of national-system exports made clean: full-width characters and stray spaces, dates in every form
the exports and hand edits use, yes/no, numbers, and the national code tables (GB/T 2261.1 gender, GB 3304
ethnicity, GB/T 4762 political status, GB/T 4658 education) turned into the names the registry keeps.

Every function takes a raw cell (str from CSV; str, int, float, bool or datetime from Excel) and returns the clean
value or raises Invalid with the reason in Chinese. Blank cells are the caller's business (see columns.py).
"""

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from jianfu.registry.idcard import InvalidIdNumber, normalize_id_number, parse_id_number


class Invalid(ValueError):
    """A cell that cannot be used; the message says why, in Chinese."""


# Full-width ASCII (U+FF01-U+FF5E) to half-width, the ideographic and no-break spaces to a space, and the
# invisible characters that copy-and-paste leaves behind removed.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: " ", 0xA0: " ", 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None})
_WIDTH.update({code: " " for code in range(0x2000, 0x200B)})


def text(raw) -> str:
    """The cell as text: half-width, runs of whitespace as one space, no leading or trailing space; a whole
    number typed into Excel (12.0) without its ".0"."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        value = raw if raw.isascii() else raw.translate(_WIDTH)
        return " ".join(value.split())
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return " ".join(str(raw).translate(_WIDTH).split())


def compact(raw) -> str:
    """The cell as text with every space removed (names and codes: "张  三" is 张三)."""
    return "".join(text(raw).split())


def limited(max_length: int) -> Callable[[object], str]:
    def parse(raw) -> str:
        value = raw if raw.__class__ is str and raw.isascii() and raw.isalnum() else text(raw)  # 0012: as is
        if len(value) > max_length:
            raise Invalid(f"长度超过{max_length}个字符")
        return value

    return parse


# --- names ---------------------------------------------------------------------------------------------------

_NAME_DOTS = str.maketrans({".": "·", "•": "·", "・": "·", "‧": "·", "●": "·"})
_NAME_OK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·A-Za-z]+")


def person_name(raw) -> str:
    """A Chinese name: spaces inside removed ("张  三" aligns two-character names), the middle dot of
    transliterated names unified; letters allowed for foreign names; digits and other signs refused."""
    if raw.__class__ is str and len(raw) <= 40 and _NAME_OK.fullmatch(raw):
        return raw  # the usual case, already clean
    value = compact(raw).translate(_NAME_DOTS)
    if len(value) > 40:
        raise Invalid("长度超过40个字符")
    if not _NAME_OK.fullmatch(value):
        raise Invalid(f"姓名“{value}”含有数字或符号")
    return value


# --- dates ---------------------------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug aside)
_EARLIEST = dt.date(1900, 1, 1)
_DATE_SEPARATORS = str.maketrans({"。": ".", "、": ".", "_": "-", "—": "-", "–": "-", "－": "-"})
_YMD = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(?:(\d{1,2})\s*[日号]?)?)?"
    r"(?:\s*[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?",
    re.ASCII,
)
_HINT = "（应为如2019-09-01、2019.09或2019年9月的日期）"


class _Parts:
    __slots__ = ("day", "month", "year")

    def __init__(self, year: int, month: int, day: int | None):
        self.year, self.month, self.day = year, month, day


def _serial(number: float, shown: str) -> _Parts:
    if not 1 <= number < 2958466:
        raise Invalid(f"无法识别的日期“{shown}”{_HINT}")
    day = _EXCEL_EPOCH + dt.timedelta(days=int(number))
    return _Parts(day.year, day.month, day.day)


def _digits(value: str) -> _Parts | None:
    """20190901, 201909, or an Excel serial number that lost its date format (43709)."""
    if len(value) == 8:
        return _Parts(int(value[:4]), int(value[4:6]), int(value[6:]))
    if len(value) == 6:
        return _Parts(int(value[:4]), int(value[4:]), None)
    if len(value) == 4:
        raise Invalid(f"“{value}”只有年份，缺少月份")
    if len(value) == 5:
        return _serial(int(value), value)
    return None


def _number(raw: int | float) -> _Parts:
    """A date typed into Excel as a number: a serial, 20190901, 201909, or 2019.09 (which Excel keeps as a
    number, so "2019.10" arrives as 2019.1 and cannot be told from January)."""
    if isinstance(raw, float) and not raw.is_integer():
        whole, _, fraction = repr(raw).partition(".")
        if 1900 <= int(whole) <= 2999 and len(fraction) <= 2:
            if fraction == "1":
                raise Invalid(f"“{raw}”既可能是1月也可能是10月，请写成{whole}-01或{whole}-10")
            return _Parts(int(whole), int(fraction), None)  # 2019.09 and 2019.9 are September
        return _serial(raw, repr(raw))
    number = int(raw)
    if 19000101 <= number <= 29991231 or 190001 <= number <= 299912 or 1900 <= number <= 2999:
        return _digits(str(number))
    return _serial(number, str(number))


def _parts(raw) -> _Parts:
    if isinstance(raw, dt.datetime):
        return _Parts(raw.year, raw.month, raw.day)
    if isinstance(raw, dt.date):
        return _Parts(raw.year, raw.month, raw.day)
    if isinstance(raw, bool):
        raise Invalid(f"无法识别的日期“{text(raw)}”{_HINT}")
    if isinstance(raw, int | float):
        return _number(raw)
    value = text(raw).translate(_DATE_SEPARATORS)
    if value.isascii() and value.isdigit():
        parts = _digits(value)
        if parts is not None:
            return parts
    elif match := _YMD.fullmatch(value):
        year, month, day = match.groups()
        return _Parts(int(year), int(month), int(day) if day else None)
    raise Invalid(f"无法识别的日期“{value}”{_HINT}")


def _checked(parts: _Parts, day: int, shown) -> dt.date:
    try:
        value = dt.date(parts.year, parts.month, day)
    except ValueError as exc:
        raise Invalid(f"日期“{text(shown)}”不存在") from exc
    if value < _EARLIEST:
        raise Invalid(f"日期“{text(shown)}”早于1900年")
    if value > dt.date.today():
        raise Invalid(f"日期“{text(shown)}”晚于今天")
    return value


def full_date(raw) -> dt.date:
    """A full date (出生日期, 证书颁发日期)."""
    parts = _parts(raw)
    if parts.day is None:
        raise Invalid(f"日期“{text(raw)}”缺少日")
    return _checked(parts, parts.day, raw)


def month_date(raw) -> dt.date:
    """A year and month (参加工作年月, 入学年月), kept as the first day of that month."""
    parts = _parts(raw)
    return _checked(parts, 1 if parts.day is None else parts.day, raw).replace(day=1)


def year(raw) -> int:
    """A year (考核年度, 培训年度): 2023, 2023年, 2023年度."""
    value = compact(raw).removesuffix("年度").removesuffix("年")
    if not (
        value.isascii()
        and value.isdigit()
        and len(value) == 4
        and 1950 <= int(value) <= dt.date.today().year + 1
    ):
        raise Invalid(f"年度“{text(raw)}”应为四位年份")
    return int(value)


_SCHOOL_YEAR = re.compile(r"(\d{4})\s*(?:-|/|至|~|到)\s*(\d{2}|\d{4})(?:学年度?|年度?)?", re.ASCII)


def school_year(raw) -> str:
    """A school year as 2023-2024 (also 2023—2024学年, 2023/2024, 2023-24)."""
    value = compact(raw).translate(_DATE_SEPARATORS)
    match = _SCHOOL_YEAR.fullmatch(value)
    if match:
        first, second = int(match.group(1)), match.group(2)
        second_year = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if second_year == first + 1 and 1950 <= first <= dt.date.today().year:
            return f"{first}-{second_year}"
    raise Invalid(f"学年“{text(raw)}”应写成如2023-2024")


# --- yes/no and numbers ----------------------------------------------------------------------------------------

_YES = frozenset({"是", "1", "y", "yes", "true", "t", "√", "✓", "有"})
_NO = frozenset({"否", "0", "n", "no", "false", "f", "×", "无", "不是"})


def yes_no(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    value = compact(raw).lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise Invalid(f"“{text(raw)}”应为“是”或“否”")


def decimal_in(low: Decimal, high: Decimal, places: int = 1) -> Callable[[object], Decimal]:
    def parse(raw) -> Decimal:
        if isinstance(raw, bool):
            raise Invalid(f"“{text(raw)}”不是数字")
        try:
            value = Decimal(compact(raw))
        except InvalidOperation as exc:
            raise Invalid(f"“{text(raw)}”不是数字") from exc
        if not value.is_finite() or not low <= value <= high:
            raise Invalid(f"“{text(raw)}”应在{low}到{high}之间")
        return value.quantize(Decimal(1).scaleb(-places))

    return parse


# --- codes -----------------------------------------------------------------------------------------------------


def coded(table: Mapping[str, str], what: str) -> Callable[[object], str]:
    """A parser that accepts the names and codes of `table` (keys already compact) and returns the kept name."""

    def parse(raw) -> str:
        value = compact(raw)
        if value.isdigit() and len(value) == 1 and "0" + value in table:
            value = "0" + value  # the code 1 of a two-digit table, the leading zero lost in Excel
        found = table.get(value) or table.get(value.upper())
        if found is None:
            raise Invalid(f"无法识别的{what}“{text(raw)}”")
        return found

    return parse


GENDER = {"男": "1", "男性": "1", "1": "1", "M": "1", "MALE": "1", "女": "2", "女性": "2", "2": "2", "F": "2",
          "FEMALE": "2"}  # fmt: skip

_ETHNIC_GROUPS = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]


def _ethnicities() -> dict[str, str]:
    """GB 3304-1991: codes 01-56 in the standard's order, 97 其他, 98 外国血统中国籍人士; "蒙古" means 蒙古族."""
    table = {}
    for number, group in enumerate(_ETHNIC_GROUPS, start=1):
        name = group + "族"
        table[f"{number:02d}"] = table[name] = name
        table.setdefault(group, name)
    table.update({"97": "其他", "其他": "其他", "其它": "其他", "98": "外国血统中国籍人士",
                  "外国血统中国籍人士": "外国血统中国籍人士", "外国血统": "外国血统中国籍人士"})  # fmt: skip
    return table


ETHNICITY = _ethnicities()

# GB/T 4762-1984 political status, kept by the short names the registry uses (as the demo data does).
_POLITICAL = (
    ("01", "中共党员", ("中国共产党党员", "党员", "共产党员")),
    ("02", "中共预备党员", ("中国共产党预备党员", "预备党员")),
    ("03", "共青团员", ("中国共产主义青年团团员", "团员")),
    ("04", "民革会员", ("中国国民党革命委员会会员", "民革党员")),
    ("05", "民盟盟员", ("中国民主同盟盟员",)),
    ("06", "民建会员", ("中国民主建国会会员",)),
    ("07", "民进会员", ("中国民主促进会会员",)),
    ("08", "农工党党员", ("中国农工民主党党员",)),
    ("09", "致公党党员", ("中国致公党党员",)),
    ("10", "九三学社社员", ("九三学社",)),
    ("11", "台盟盟员", ("台湾民主自治同盟盟员",)),
    ("12", "无党派人士", ("无党派民主人士", "无党派")),
    ("13", "群众", ("普通公民", "无")),
)
POLITICAL_STATUS = {key: name for code, name, aliases in _POLITICAL for key in (code, name, *aliases)}

# GB/T 4658-2006 education, kept by the registry's names (专科, 本科, 硕士研究生, 博士研究生 and the rest).
_EDUCATION = (
    ("博士研究生", ("11", "博士", "研究生(博士)", "博士研究生毕业")),
    ("硕士研究生", ("14", "硕士", "研究生(硕士)", "硕士研究生毕业")),
    ("研究生", ("10", "19", "研究生教育", "研究生毕业")),
    ("本科", ("20", "21", "22", "23", "28", "大学本科", "本科毕业", "大学本科毕业")),
    ("专科", ("30", "31", "32", "33", "38", "大学专科", "大专", "专科毕业", "大学专科毕业")),
    ("中专", ("40", "41", "42", "43", "48", "中等专科", "中等专业学校", "中等职业教育", "中专毕业")),
    ("高中", ("60", "61", "62", "63", "68", "普通高中", "普通高级中学", "高中毕业")),
    ("初中及以下", ("70", "71", "73", "78", "80", "81", "83", "88", "初中", "初级中学", "小学", "初中毕业")),
    ("其他", ("90", "其它")),
)
EDUCATION = {key: name for name, aliases in _EDUCATION for key in (name, *aliases)}

POST_CATEGORY = {
    "专业技术岗位": "专业技术岗位", "专业技术": "专业技术岗位", "专技岗位": "专业技术岗位", "1": "专业技术岗位",
    "管理岗位": "管理岗位", "管理": "管理岗位", "2": "管理岗位",
    "工勤技能岗位": "工勤技能岗位", "工勤技能": "工勤技能岗位", "工勤": "工勤技能岗位", "工勤岗位": "工勤技能岗位",
    "3": "工勤技能岗位",
    "其他": "其他", "其它": "其他", "9": "其他",
}  # fmt: skip

# The unified title series of 2015 (正高级 ... 三级), with the older school titles mapped as the reform did.
PROFESSIONAL_TITLE = {
    "正高级教师": "正高级教师", "正高级": "正高级教师",
    "高级教师": "高级教师", "中学高级教师": "高级教师", "副高级教师": "高级教师", "副高级": "高级教师",
    "一级教师": "一级教师", "中学一级教师": "一级教师", "小学高级教师": "一级教师",
    "二级教师": "二级教师", "中学二级教师": "二级教师", "小学一级教师": "二级教师",
    "三级教师": "三级教师", "中学三级教师": "三级教师", "小学二级教师": "三级教师", "小学三级教师": "三级教师",
    "未定职级": "未定职级", "未定级": "未定职级", "未评": "未定职级", "未评级": "未定职级", "无": "未定职级",
}  # fmt: skip


def professional_title(raw) -> str:
    """Teacher titles are unified; titles of other series (讲师, 工程师 ...) are kept as written."""
    value = compact(raw)
    found = PROFESSIONAL_TITLE.get(value)
    if found is not None:
        return found
    if len(value) > 30:
        raise Invalid("长度超过30个字符")
    return value


TEACHER_STATUS = {
    "在岗": "active", "在职": "active", "在编在岗": "active", "正常": "active",
    "借出": "seconded", "借调": "seconded", "借用": "seconded", "借调出": "seconded",
    "长期病休": "leave", "病休": "leave", "病假": "leave",
    "离退休": "retired", "退休": "retired", "离休": "retired", "已退休": "retired",
}  # fmt: skip

STAGE = {
    "小学": "primary", "初中": "junior", "初级中学": "junior", "九年一贯制": "nine_year", "高中": "senior",
    "高级中学": "senior", "普通高中": "senior", "完全中学": "complete", "十二年一贯制": "twelve_year",
}  # fmt: skip


# --- ID numbers --------------------------------------------------------------------------------------------------

_PROVINCES = frozenset(["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"])  # fmt: skip
_valid_birth: dict[str, bool] = {}


def _birth_ok(digits: str) -> bool:
    known = _valid_birth.get(digits)
    if known is None:
        try:
            birth = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            known = False
        else:
            known = dt.date(1900, 1, 1) <= birth <= dt.date.today()
        if len(_valid_birth) < 100_000:
            _valid_birth[digits] = known
    return known


_CHECK_CHARS = "10X98765432"


def fast_check_character(first17: str) -> str:
    """idcard.check_character for 17 ASCII digits (the caller has checked them), without a loop: the weights
    7, 9, 10 ... are 2**17 ... 2**1 modulo 11, and 13 is 2 modulo 11, so reading the digits in base 13 sums them
    with the right weights (tests hold it equal to check_character)."""
    return _CHECK_CHARS[2 * int(first17, 13) % 11]


def resident_id(raw) -> str:
    """An 18-character resident ID number (GB 11643), validated by idcard.parse_id_number's rules: the common,
    valid case takes a short path; anything else goes through parse_id_number for its Chinese reason."""
    if isinstance(raw, float) and raw >= 1e15:
        raise Invalid("身份证件号被Excel存成了数字，末几位已经丢失；请把该列设为“文本”格式后重新导出")
    if raw.__class__ is str and len(raw) == 18 and raw.isascii() and raw[:17].isdigit():
        value = raw if raw[17] != "x" else raw.upper()  # the usual case: nothing to normalise
    else:
        value = normalize_id_number(raw if isinstance(raw, str) else text(raw))
    if (
        len(value) == 18
        and value.isascii()
        and value[:17].isdigit()
        and value[:2] in _PROVINCES
        and _birth_ok(value[6:14])
        and fast_check_character(value[:17]) == value[17]
    ):
        return value
    try:
        value = parse_id_number(value).value
    except InvalidIdNumber as exc:
        raise Invalid(str(exc)) from exc
    if not value.isascii():
        raise Invalid("身份证件号含有无法识别的字符")
    return value


_OTHER_ID = re.compile(r"[0-9A-Z()\-]{5,30}")


def other_id(raw) -> str:
    """Numbers of other identity documents (passports, permits): letters, digits and brackets only."""
    value = compact(raw).upper()
    if not _OTHER_ID.fullmatch(value):
        raise Invalid(f"证件号码“{text(raw)}”应为5到30位字母或数字")
    return value


RESIDENT_ID_TYPE = "居民身份证"
ID_TYPES = {
    "居民身份证": RESIDENT_ID_TYPE, "身份证": RESIDENT_ID_TYPE, "中华人民共和国居民身份证": RESIDENT_ID_TYPE,
    "1": RESIDENT_ID_TYPE, "01": RESIDENT_ID_TYPE,
    "港澳居民来往内地通行证": "港澳居民来往内地通行证", "港澳通行证": "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证": "台湾居民来往大陆通行证", "台胞证": "台湾居民来往大陆通行证",
    "港澳台居民居住证": "港澳台居民居住证", "护照": "护照", "外国人永久居留身份证": "外国人永久居留身份证",
    "其他": "其他",
}  # fmt: skip
