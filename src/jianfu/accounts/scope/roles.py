"""The building blocks of every rule: the two extreme conditions and the sets of roles that share a reach."""

from django.db.models import Q

from jianfu.accounts.models import BUSINESS_ROLES, Role

NOTHING = Q(pk__in=[])
EVERYTHING = Q()

# Roles whose reach is their whole area (a city user's area includes its counties).
AREA_WIDE = {Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR}
# Roles that see the schools of their area (to address demands), but no personal data.
AREA_SCHOOLS = AREA_WIDE | {Role.PARTY, Role.DEPARTMENT}
OWN_SCHOOL = {Role.SCHOOL_ADMIN, Role.TEACHER}
# The education bureaus: they decide and change; supervisors, also area-wide, only read.
BUREAUS = {Role.CITY_EDU, Role.COUNTY_EDU}
BUSINESS = BUSINESS_ROLES

# Who may submit Matters on behalf of their department (party committees and supervisors approve and oversee).
MATTER_SUBMITTERS = {Role.DEPARTMENT, Role.CITY_EDU, Role.COUNTY_EDU}

# Outside the business roles (the administrators of 三员分立, ADR 0009, and pending accounts) a user sees no
# business data: of the ruled models only these, each by its own rule (the audit administrator reads the log).
ADMINISTRATION_MODELS = frozenset({"audit.AuditEvent"})
