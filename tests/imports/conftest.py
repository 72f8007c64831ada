"""Two schools of 固阳县 and one of 昆都仑区, and a way to import a file as the command line would."""

import pytest

from jianfu.imports import services
from tests.factories import SchoolFactory, region

CODE_A, CODE_B, CODE_OTHER_COUNTY = "2115000001", "2115000002", "2115900001"


@pytest.fixture
def schools(db):
    return {
        CODE_A: SchoolFactory(code=CODE_A, name="固阳县第一小学", region=region("150222")),
        CODE_B: SchoolFactory(code=CODE_B, name="固阳县第二小学", region=region("150222")),
        CODE_OTHER_COUNTY: SchoolFactory(
            code=CODE_OTHER_COUNTY, name="昆都仑区第一小学", region=region("150203")
        ),
    }


def import_file(
    data: bytes, *, kind: str = "teachers", actor=None, skip_bad_rows: bool = False, name: str = "名单.csv"
):
    """The import as `jianfu import-teachers` runs it (actor None: every school), or as `actor` may."""
    return services.people_import(
        actor=actor,
        kind=kind,
        source=data,
        file_name=name,
        target=services.import_target(actor=actor),
        skip_bad_rows=skip_bad_rows,
    )
