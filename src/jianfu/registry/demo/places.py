"""Places in Baotou's nine 旗县区 that the demo schools are named after and located in.

Streets for the urban districts, 镇/乡/苏木 for the towns; the first town of a county is its seat.
"""

from dataclasses import dataclass


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class RegionProfile:
    share: int  # relative number of schools
    is_county: bool  # 旗/县: secondary schools at the seat, most others in rural towns
    streets: str  # urban places, space-separated
    towns: str  # 镇/乡/苏木, space-separated; for a county the first one is the seat (urban)
    mongol_share: float  # share of 蒙古族 among teachers and students

    @property
    def street_names(self) -> tuple[str, ...]:
        return words(self.streets)

    @property
    def town_names(self) -> tuple[str, ...]:
        return words(self.towns)


REGION_PROFILES = {
    "150202": RegionProfile(
        share=16,
        is_county=False,
        streets="巴彦塔拉大街 南门外大街 和平路 东站路 工业路 环城路 二里半 西脑包 北梁 铁西",
        towns="沙尔沁镇 河东镇",
        mongol_share=0.03,
    ),
    "150203": RegionProfile(
        share=22,
        is_county=False,
        streets="钢铁大街 阿尔丁大街 友谊大街 团结大街 少先路 市府东路 白云路 林荫路 胜利路 前进道 鞍山道 "
        "昆河路 黄河西路 青年路",
        towns="卜尔汉图镇",
        mongol_share=0.04,
    ),
    "150204": RegionProfile(
        share=17,
        is_county=False,
        streets="幸福路 富强路 文化路 民主路 自由路 科学路 青山路 建设路 迎宾道 万青路",
        towns="兴胜镇",
        mongol_share=0.04,
    ),
    "150205": RegionProfile(
        share=3, is_county=False, streets="大发 石拐 五当沟", towns="五当召镇 吉忽伦图苏木", mongol_share=0.04
    ),
    "150206": RegionProfile(
        share=3, is_county=False, streets="通阳道 矿山路 白云路", towns="", mongol_share=0.12
    ),
    "150207": RegionProfile(
        share=15,
        is_county=False,
        streets="建华南路 赛音道 沙河 萨如拉 新都市 青山路",
        towns="哈林格尔镇 麻池镇 阿嘎如泰苏木",
        mongol_share=0.04,
    ),
    "150221": RegionProfile(
        share=12,
        is_county=True,
        streets="",
        towns="萨拉齐镇 美岱召镇 双龙镇 沟门镇 将军尧镇 海子乡 苏波盖乡 明沙淖乡",
        mongol_share=0.03,
    ),
    "150222": RegionProfile(
        share=7,
        is_county=True,
        streets="",
        towns="金山镇 西斗铺镇 下湿壕镇 银号镇 怀朔镇 兴顺西镇",
        mongol_share=0.03,
    ),
    "150223": RegionProfile(
        share=6,
        is_county=True,
        streets="",
        towns="百灵庙镇 满都拉镇 希拉穆仁镇 石宝镇 乌克忽洞镇 明安镇 小文公乡 达尔罕苏木 巴音敖包苏木 查干哈达苏木",
        mongol_share=0.2,
    ),
}

# Roads of a county seat town (and of districts' areas), for addresses.
SEAT_ROADS = words("团结路 建设路 新华街 人民路 文化路 北环路 解放路 振华路 育才路 阳光路")
# Village names (…村) for rural school addresses.
VILLAGES = words(
    "新建 东风 红星 前进 丰收 胜利 五星 西营子 后营子 王家圪堵 什拉沟 大西沟 新胜 红旗 长胜 太平庄 东园 三元 "
    "公忽洞 小南沟"
)
