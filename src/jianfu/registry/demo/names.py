"""Name data for the synthetic registry: weighted surnames, given-name characters and Mongolian names.

Frequencies are rough shares of the population, good enough to make lists look like a Baotou school's.
"""

# Surname and weight (per mille, roughly following the national ranking).
SURNAMES = (
    ("王", 72), ("李", 72), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 33), ("赵", 22), ("黄", 18),
    ("周", 17), ("吴", 16), ("徐", 13), ("孙", 13), ("胡", 10), ("朱", 10), ("高", 10), ("林", 8),
    ("何", 8), ("郭", 10), ("马", 10), ("罗", 6), ("梁", 7), ("宋", 6), ("郑", 6), ("谢", 5),
    ("韩", 7), ("唐", 5), ("冯", 5), ("于", 5), ("董", 5), ("萧", 2), ("程", 4), ("曹", 4),
    ("袁", 4), ("邓", 4), ("许", 4), ("傅", 3), ("沈", 3), ("曾", 3), ("彭", 3), ("吕", 4),
    ("苏", 4), ("卢", 3), ("蒋", 3), ("蔡", 3), ("贾", 4), ("丁", 3), ("魏", 4), ("薛", 3),
    ("叶", 3), ("阎", 2), ("余", 3), ("潘", 3), ("杜", 3), ("戴", 2), ("夏", 2), ("钟", 2),
    ("汪", 2), ("田", 4), ("任", 4), ("姜", 3), ("范", 3), ("方", 2), ("石", 3), ("姚", 2),
    ("谭", 2), ("廖", 1), ("邹", 2), ("熊", 2), ("金", 2), ("陆", 2), ("郝", 4), ("孔", 2),
    ("白", 4), ("崔", 3), ("康", 2), ("毛", 2), ("邱", 2), ("秦", 2), ("江", 2), ("史", 3),
    ("顾", 1), ("侯", 3), ("邵", 2), ("孟", 3), ("龙", 1), ("万", 2), ("段", 2), ("雷", 2),
    ("钱", 1), ("汤", 1), ("尹", 2), ("黎", 1), ("易", 1), ("常", 3), ("武", 4), ("乔", 3),
    ("贺", 2), ("赖", 1), ("龚", 1), ("文", 1), ("樊", 2), ("兰", 1), ("殷", 1), ("施", 1),
    ("云", 2), ("包", 2), ("乌", 1), ("奇", 1), ("鲍", 1), ("牛", 2), ("岳", 2), ("闫", 3),
    ("温", 2), ("霍", 2), ("安", 2), ("柴", 1), ("靳", 1), ("智", 1), ("杭", 1),
)  # fmt: skip

# Surnames preferred by an ethnic group (used for about half of its members).
ETHNIC_SURNAMES = {
    "回族": ("马", "白", "杨", "丁", "海", "穆", "马", "马"),
    "满族": ("关", "佟", "那", "金", "赵", "富", "索", "肇"),
    "蒙古族": ("包", "白", "云", "奇", "鲍", "韩", "陶", "宝", "鄂", "乌"),
    "达斡尔族": ("敖", "郭", "孟", "何", "苏", "金"),
}

# Given-name characters by generation and gender: teachers were born 1965-2001, students 2005-2020.
GIVEN_OLDER_MALE = (
    "建国军伟强磊勇斌涛鹏杰波峰刚辉明华平亮宏志东海林超俊文武飞龙锋鑫晓永春利红兵光庆"
    "成金宇浩洋振国新民国胜学德玉福贵生荣"
)
GIVEN_OLDER_FEMALE = (
    "丽静敏燕艳霞娟芳玲红英秀梅琳晶莉婷娜颖慧佳雪萍华丹蓉璐茜洁瑞岩薇琴凤荣桂兰霞月云晓春艳美玉翠亚楠青"
)
GIVEN_YOUNGER_MALE = (
    "子浩宇轩泽睿博然皓辰俊熙奕杰铭昊晨逸锦航豪天一鸿宸硕铄煜墨沐阳泓嘉恒瑞哲凯诚文思书明志新峻景"
)
GIVEN_YOUNGER_FEMALE = (
    "梓涵欣怡诗雨萱婷雅琪可馨若汐语彤佳悦依嘉思妍梦瑶紫玥安琳一诺晨希心艺芮蕊桐月伊菲晗露清"
)

# Mongolian personal names, written in Chinese characters as they appear in registers.
MONGOLIAN_MALE = (
    "巴特尔", "额尔敦", "宝音", "那仁", "阿拉坦", "朝鲁", "苏和", "布和", "孟和", "巴雅尔",
    "毕力格", "哈斯", "特木尔", "吉日嘎拉", "青格勒", "乌力吉", "额日和木", "斯日古楞",
    "图门", "达来", "巴图", "呼和", "敖其尔", "额尔德木图", "宝力道", "阿木尔",
)  # fmt: skip
MONGOLIAN_FEMALE = (
    "其其格", "乌云", "苏日娜", "图雅", "萨仁", "格日勒", "斯琴", "敖登", "高娃", "娜仁",
    "托娅", "萨日娜", "乌兰", "塔娜", "阿茹娜", "诺敏", "额尔登其其格", "乌日娜", "哈斯高娃",
    "苏布达", "琪琪格", "乌仁", "阿拉腾其其格", "包玉",
)  # fmt: skip

# Chinese numerals for ordinals in school names (第二小学, 第二十九中学).
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 29 -> 二十九, 105 -> 一百零五, for 1..9999."""
    if not 0 < n < 10000:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    parts = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (n // value) % 10
        if digit:
            if zero:
                parts.append("零")
                zero = False
            parts.append(_DIGITS[digit] + unit)
        elif parts:
            zero = True
    return "".join(parts)


# Whole given names that were popular in each generation; mixed with free character combinations.
COMMON_OLDER_MALE = (
    "建国", "建华", "建军", "志强", "志刚", "国强", "海涛", "晓东", "永强", "文革", "卫东", "建平",
    "俊杰", "海军", "宏伟", "立新", "振华", "春雷", "明亮", "鹏飞", "晓峰", "文斌", "玉龙", "金龙",
)  # fmt: skip
COMMON_OLDER_FEMALE = (
    "秀英", "丽娟", "海燕", "晓燕", "丽华", "玉兰", "桂英", "秀兰", "春梅", "雪梅", "丽萍", "晓丽",
    "美玲", "红梅", "艳红", "婷婷", "静怡", "晓敏", "丹丹", "慧敏", "佳琪", "亚楠", "晓琳", "秀梅",
)  # fmt: skip
COMMON_YOUNGER_MALE = (
    "浩宇", "子轩", "宇轩", "梓轩", "浩然", "俊熙", "一鸣", "子墨", "宇航", "博文", "思远", "皓轩",
    "天佑", "明轩", "睿泽", "子豪", "嘉懿", "铭泽", "锦程", "沐辰", "奕辰", "若愚", "景行", "承泽",
)  # fmt: skip
COMMON_YOUNGER_FEMALE = (
    "子涵", "梓涵", "欣怡", "一诺", "雨桐", "诗涵", "梓萱", "可馨", "思彤", "语嫣", "雅琪", "若汐",
    "佳怡", "梦瑶", "紫萱", "欣妍", "依诺", "语桐", "芷若", "心怡", "诗琪", "沐晴", "安琪", "悦彤",
)  # fmt: skip
# Characters that rarely stand alone as a one-character given name.
NOT_ALONE = frozenset("子一若可语诗思紫依伊心天宸铄墨书新文国玉生")
