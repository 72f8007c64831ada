"""API shapes of the registry; personal data leaves the API masked."""

from typing import Annotated

from ninja import Field, Schema


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    seat_name: str
    seat_lat: float
    seat_lon: float

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class SchoolOut(Schema):
    id: int
    code: str
    name: str
    stage: str
    stage_label: str
    is_rural: bool
    region_code: str
    address: str

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return obj.get_stage_display()

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region.code


class DepartmentOut(Schema):
    id: int
    name: str
    kind: str
    is_education: bool
    level: str
    region_code: str

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region.code


class TeacherOut(Schema):
    id: int
    name: str
    gender: str
    id_number_masked: str
    school_id: int
    school_name: str
    subject: str
    professional_title: str
    is_backbone: bool
    status: str

    @staticmethod
    def resolve_id_number_masked(obj) -> str:
        return obj.id_masked

    @staticmethod
    def resolve_school_name(obj) -> str:
        return obj.school.name


class ErrorOut(Schema):
    detail: str


# The largest id a BigAutoField holds: a larger number in a query made the database refuse it (500), not 404.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
