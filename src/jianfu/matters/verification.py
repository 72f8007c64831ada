"""What a code verification answers, the same on the public page and in the JSON API."""

from typing import Any

from jianfu.matters import selectors

VERIFY_MESSAGES = {
    "valid": "核验通过：该事项已经批准并在有效期内。",
    "expired": "该核验码对应的事项已过有效期，不能再据此进入学校或向教师提出要求。",
    "unknown": "查无此核验码：该要求未经批准公示。学校和教师可以拒绝，并可向教育部门举报。",
}


def verification(raw_code: str) -> dict[str, Any]:
    status, matter = selectors.verify(raw_code=raw_code)
    body: dict[str, Any] = {
        "valid": status == "valid",
        "status": status,
        "message": VERIFY_MESSAGES[status],
        "code": raw_code.strip()[:20],
    }
    if matter is not None:
        body.update(
            code=matter.verification_code,
            kind=matter.kind,
            kind_label=matter.get_kind_display(),
            title=matter.title,
            organizer=matter.organizer.name,
            approved_by=matter.approved_by_label,
            starts_on=matter.starts_on,
            ends_on=matter.ends_on,
            out_of_plan=matter.out_of_plan,
            schools=[school.name for school in matter.schools.all()],
        )
    return body
