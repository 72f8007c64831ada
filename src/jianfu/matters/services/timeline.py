"""Timeline rows of a Matter and how organisations are named on them."""

from jianfu.accounts.models import Role
from jianfu.matters.models import Matter, MatterStep


def organisation_of(user) -> str:
    """The body a user acts for: its department, else the bureau or party committee of its region."""
    if user is None:
        return ""
    if user.department_id:
        return user.department.name
    region = user.region
    if region is not None and user.role in (Role.CITY_EDU, Role.COUNTY_EDU):
        return f"{region.name}教育局"
    if region is not None and user.role == Role.PARTY:
        return f"中共{region.name}委"
    return user.organisation_label


def step_add(
    *,
    matter: Matter,
    action: str,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    organisation: str = "",
    extra: dict | None = None,
) -> MatterStep:
    return MatterStep.objects.create(
        matter=matter,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        actor_label=str(actor) if actor is not None else "系统",
        organisation=organisation or organisation_of(actor),
        reason=reason,
        extra=extra or {},
    )
