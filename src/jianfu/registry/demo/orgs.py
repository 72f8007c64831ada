"""Demo departments (bureaus, party committees, supervision, other departments) and the demo logins."""

from random import Random

from django.conf import settings
from django.contrib.auth.hashers import make_password

from jianfu.accounts.demo_accounts import DEMO_ACCOUNTS
from jianfu.accounts.models import Role, User
from jianfu.registry.models import Department, Region, School, Teacher
from jianfu.registry.regions import BAOTOU_REGIONS, CITY_CODE

Kind = Department.Kind
DEMO_COUNTY_CODE = "150222"  # 固阳县: the county of the demo school administrator and teacher

CITY_OTHER_DEPARTMENTS = (
    "包头市委宣传部",
    "包头市公安局",
    "包头市卫生健康委员会",
    "包头市消防救援支队",
    "包头市乡村振兴局",
    "包头市精神文明建设办公室",
    "共青团包头市委员会",
    "包头市妇女联合会",
    "包头市科学技术协会",
)


def department_rows() -> list[tuple[str, str, bool, str, str]]:
    """(name, kind, is_education, level, region code) for the city and each of the nine 旗县区."""
    city = ("city", CITY_CODE)
    rows = [
        ("包头市教育局", Kind.EDUCATION_BUREAU, True, *city),
        ("中共包头市委", Kind.PARTY_COMMITTEE, False, *city),
        ("包头市人民政府教育督导室", Kind.SUPERVISION, True, *city),
        *((name, Kind.OTHER, False, *city) for name in CITY_OTHER_DEPARTMENTS),
    ]
    for code, name, *_ in BAOTOU_REGIONS:
        if code == CITY_CODE:
            continue
        county = ("county", code)
        police = f"{name}公安分局" if name.endswith("区") else f"{name}公安局"
        rows += [
            (f"{name}教育局", Kind.EDUCATION_BUREAU, True, *county),
            (f"中共{name}委", Kind.PARTY_COMMITTEE, False, *county),
            (f"{name}人民政府教育督导室", Kind.SUPERVISION, True, *county),
            (police, Kind.OTHER, False, *county),
            (f"{name}委宣传部", Kind.OTHER, False, *county),
        ]
    return rows


def departments_ensure(regions: dict[str, Region]) -> dict[str, Department]:
    """Create the departments that are missing (names are unique); return all of them by name."""
    rows = department_rows()
    existing = {
        department.name: department for department in Department.objects.filter(name__in=[r[0] for r in rows])
    }
    missing = [
        Department(name=name, kind=kind, is_education=is_education, level=level, region=regions[code])
        for name, kind, is_education, level, code in rows
        if name not in existing
    ]
    Department.objects.bulk_create(missing)
    return {
        department.name: department for department in Department.objects.filter(name__in=[r[0] for r in rows])
    }


def demo_users_create(
    *, regions: dict[str, Region], departments: dict[str, Department], school: School, teacher: Teacher, namer
) -> list[User]:
    """The logins of accounts.demo_accounts plus county-edu-<code> for every 旗县区, all with the demo password.

    namer() gives a display name; the password is hashed once (argon2) and shared, as it is public anyway.
    """
    password = make_password(settings.DEMO_PASSWORD)
    city = regions[CITY_CODE]
    county = regions[DEMO_COUNTY_CODE]
    specs = {
        "city-edu": {"role": Role.CITY_EDU, "region": city, "department": departments["包头市教育局"]},
        "party-city": {"role": Role.PARTY, "region": city, "department": departments["中共包头市委"]},
        "dept-police": {"role": Role.DEPARTMENT, "region": city, "department": departments["包头市公安局"]},
        "school-demo": {"role": Role.SCHOOL_ADMIN, "region": county, "school": school},
        "teacher-demo": {
            "role": Role.TEACHER,
            "region": county,
            "school": school,
            "teacher": teacher,
            "display_name": teacher.name,
        },
        "supervisor-city": {
            "role": Role.SUPERVISOR,
            "region": city,
            "department": departments["包头市人民政府教育督导室"],
        },
    }
    # The administrators of 三员分立 (accounts, ADR 0009) hold no organisation: they see no business data.
    specs |= {
        "system-admin": {"role": Role.SYSTEM_ADMIN},
        "security-admin": {"role": Role.SECURITY_ADMIN},
        "audit-admin": {"role": Role.AUDIT_ADMIN},
    }
    for code, name, *_ in BAOTOU_REGIONS:
        if code != CITY_CODE:
            specs[f"county-edu-{code}"] = {
                "role": Role.COUNTY_EDU,
                "region": regions[code],
                "department": departments[f"{name}教育局"],
            }
    missing = {account.username for account in DEMO_ACCOUNTS} - set(specs)
    if missing:
        raise RuntimeError(f"demo accounts without a definition: {sorted(missing)}")
    users = []
    for username, spec in specs.items():
        defaults = {
            "region": None,
            "department": None,
            "school": None,
            "teacher": None,
            "display_name": namer(),
            "password": password,
            "is_active": True,
            **spec,
        }
        user, _ = User.objects.update_or_create(username=username, defaults=defaults)
        users.append(user)
    return users


def display_namer(factory, seed: int):
    """Names for the demo logins from their own random stream, so they do not shift the registry's."""
    rng = Random(f"{seed}:users")

    def namer() -> str:
        return factory.name(rng, rng.choice("12"), "汉族", young=False)

    return namer
