"""Plans the demo schools: how many per 旗县区, their stage, name, 学校标识码, address, location and size."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from random import Random

from jianfu.registry.demo.names import chinese_number
from jianfu.registry.demo.places import REGION_PROFILES, SEAT_ROADS, VILLAGES
from jianfu.registry.demo.sampling import apportion
from jianfu.registry.models import School
from jianfu.registry.regions import BAOTOU_REGIONS, CITY_CODE

Stage = School.Stage


@dataclass(frozen=True)
class Scale:
    name: str
    schools: int
    teachers: int
    students: int


SCALES = {
    scale.name: scale
    for scale in (
        Scale("small", 40, 1_500, 12_000),
        Scale("city", 400, 25_000, 300_000),
        Scale("province", 4_000, 250_000, 3_000_000),
    )
}


@dataclass(frozen=True)
class SchoolPlan:
    code: str
    name: str
    stage: str
    is_rural: bool
    region_code: str
    address: str
    lat: Decimal
    lon: Decimal
    teachers: int
    students: int


# City-wide mix of stages, and the relative size (students) and staffing (teachers per student) of each.
STAGE_MIX = {
    Stage.PRIMARY: 53,
    Stage.JUNIOR: 16,
    Stage.NINE_YEAR: 13,
    Stage.SENIOR: 7,
    Stage.COMPLETE: 7,
    Stage.TWELVE_YEAR: 4,
}
_STAGE_SIZE = {
    Stage.PRIMARY: 1.0,
    Stage.JUNIOR: 1.0,
    Stage.NINE_YEAR: 1.1,
    Stage.SENIOR: 1.5,
    Stage.COMPLETE: 1.8,
    Stage.TWELVE_YEAR: 2.2,
}
_STAGE_STAFFING = {
    Stage.PRIMARY: 1.0,
    Stage.JUNIOR: 1.15,
    Stage.NINE_YEAR: 1.05,
    Stage.SENIOR: 1.3,
    Stage.COMPLETE: 1.25,
    Stage.TWELVE_YEAR: 1.2,
}
_AT_SEAT = frozenset({Stage.SENIOR, Stage.COMPLETE, Stage.TWELVE_YEAR})
_REGION_NAMES = {code: name for code, name, *_ in BAOTOU_REGIONS}
_REGION_SEATS = {code: (float(lat), float(lon)) for code, _, _, lat, lon in BAOTOU_REGIONS}


@dataclass(frozen=True)
class _Place:
    name: str
    is_rural: bool
    is_seat: bool
    lat: float
    lon: float


def _places(rng: Random, region_code: str) -> list[_Place]:
    """The region's streets and towns, each placed around the government seat."""
    profile = REGION_PROFILES[region_code]
    seat_lat, seat_lon = _REGION_SEATS[region_code]
    places = []
    spread = 0.015 if len(profile.street_names) <= 3 else 0.035
    for street in profile.street_names:
        lat, lon = seat_lat + rng.uniform(-spread, spread), seat_lon + rng.uniform(-spread, spread) * 1.3
        places.append(_Place(street, False, False, lat, lon))
    for index, town in enumerate(profile.town_names):
        if profile.is_county and index == 0:
            places.append(_Place(town, False, True, seat_lat, seat_lon))
            continue
        reach = 0.3 if profile.is_county else 0.1
        lat, lon = seat_lat + rng.uniform(-reach, reach), seat_lon + rng.uniform(-reach, reach) * 1.3
        places.append(_Place(town, True, False, lat, lon))
    return places


def _stages_by_region(rng: Random, counts: dict[str, int]) -> dict[str, list[str]]:
    """Deal an exact city-wide stage mix to the regions; each region's first school is a primary school."""
    total = sum(counts.values())
    stage_counts = apportion(total, list(STAGE_MIX.values()))
    pool = [stage for stage, count in zip(STAGE_MIX, stage_counts, strict=True) for _ in range(count)]
    firsts = []
    for _ in counts:  # a very small scale may have fewer primary schools than regions
        firsts.append(Stage.PRIMARY if Stage.PRIMARY in pool else pool[0])
        pool.remove(firsts[-1])
    rng.shuffle(pool)
    dealt = {}
    for (code, count), first in zip(counts.items(), firsts, strict=True):
        dealt[code] = [first, *pool[: count - 1]]
        del pool[: count - 1]
    return dealt


class _Namer:
    """Unique, conventional school names: 昆都仑区钢铁大街第二小学, 包头市第九中学, 固阳县金山镇中心小学."""

    def __init__(self):
        self._ordinals: defaultdict[tuple, int] = defaultdict(int)

    def _next(self, *key) -> int:
        self._ordinals[key] += 1
        return self._ordinals[key]

    def name(self, region_code: str, place: _Place, stage: str) -> str:
        region = _REGION_NAMES[region_code]
        county = REGION_PROFILES[region_code].is_county
        town = place.is_rural or place.is_seat
        if stage == Stage.PRIMARY:
            n = self._next(region, place.name, "primary")
            if town:
                return f"{region}{place.name}{'中心' if n == 1 else '第' + chinese_number(n)}小学"
            return f"{region}{place.name}{'' if n == 1 else '第' + chinese_number(n)}小学"
        if stage in (Stage.SENIOR, Stage.COMPLETE) or (stage == Stage.JUNIOR and not place.is_rural):
            owner = region if county else "包头市"
            return f"{owner}第{chinese_number(self._next(owner, 'numbered'))}中学"
        suffix = {Stage.JUNIOR: "中学", Stage.NINE_YEAR: "学校", Stage.TWELVE_YEAR: "实验学校"}[stage]
        n = self._next(region, place.name, stage)
        return f"{region}{place.name}{'' if n == 1 else '第' + chinese_number(n)}{suffix}"


def _choose_place(rng: Random, places: list[_Place], stage: str, first: bool, is_county: bool) -> _Place:
    if is_county:
        seat, towns = places[0], places[1:]
        if first or stage in _AT_SEAT or not towns or rng.random() < 0.35:
            return seat
        return rng.choice(towns)
    streets = [place for place in places if not place.is_rural]
    towns = [place for place in places if place.is_rural]
    if towns and not first and stage not in _AT_SEAT and rng.random() < 0.12:
        return rng.choice(towns)
    return rng.choice(streets)


def _address(rng: Random, region_code: str, place: _Place) -> str:
    region = _REGION_NAMES[region_code]
    if place.is_rural:
        return f"包头市{region}{place.name}{rng.choice(VILLAGES)}村"
    if place.is_seat:
        return f"包头市{region}{place.name}{rng.choice(SEAT_ROADS)}{rng.randint(1, 199)}号"
    road = "" if place.name.endswith(("路", "街", "道")) else rng.choice(SEAT_ROADS)
    return f"包头市{region}{place.name}{road}{rng.randint(1, 399)}号"


def plan_schools(scale: Scale, rng: Random) -> list[SchoolPlan]:
    """The schools of a scale, in region order; sizes add up exactly to the scale's teachers and students."""
    region_codes = [code for code, *_ in BAOTOU_REGIONS if code != CITY_CODE]
    shares = [REGION_PROFILES[code].share for code in region_codes]
    counts = dict(zip(region_codes, apportion(scale.schools, shares, minimum=1), strict=True))
    stages = _stages_by_region(rng, counts)
    namer = _Namer()
    drafts = []
    for code in region_codes:
        profile = REGION_PROFILES[code]
        places = _places(rng, code)
        serials = rng.sample(range(10_000), counts[code])
        for index, stage in enumerate(stages[code]):
            place = _choose_place(rng, places, stage, index == 0, profile.is_county)
            size = _STAGE_SIZE[stage] * (0.45 if place.is_rural else 1.0) * rng.uniform(0.6, 1.4)
            drafts.append(
                {
                    "code": f"2115{code[4:]}{serials[index]:04d}",
                    "name": namer.name(code, place, stage),
                    "stage": stage.value,
                    "is_rural": place.is_rural,
                    "region_code": code,
                    "address": _address(rng, code, place),
                    "lat": Decimal(f"{place.lat + rng.uniform(-0.006, 0.006):.6f}"),
                    "lon": Decimal(f"{place.lon + rng.uniform(-0.008, 0.008):.6f}"),
                    "size": size,
                    "staffing": size * _STAGE_STAFFING[stage] * (1.6 if place.is_rural else 1.0),
                }
            )
    students = apportion(scale.students, [draft["size"] for draft in drafts], minimum=30)
    teachers = apportion(scale.teachers, [draft["staffing"] for draft in drafts], minimum=6)
    return [
        SchoolPlan(
            **{key: value for key, value in draft.items() if key not in {"size", "staffing"}},
            teachers=n_teachers,
            students=n_students,
        )
        for draft, n_teachers, n_students in zip(drafts, teachers, students, strict=True)
    ]
