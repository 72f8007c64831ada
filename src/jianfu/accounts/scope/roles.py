"""The building blocks of every rule: the two extreme conditions and the sets of roles that share a reach."""

from django.db.models import Q

from jianfu.accounts.models import Role

NOTHING = Q(pk__in=[])
EVERYTHING = Q()

# Roles whose reach is their whole area (a city user's area includes its counties).
AREA_WIDE = {Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR}
# Roles that see the schools of their area (to address demands), but no personal data.
AREA_SCHOOLS = AREA_WIDE | {Role.PARTY, Role.DEPARTMENT}
OWN_SCHOOL = {Role.SCHOOL_ADMIN, Role.TEACHER}
# The education bureaus: they decide and change; supervisors, also area-wide, only read.
BUREAUS = {Role.CITY_EDU, Role.COUNTY_EDU}

# Who may submit Matters on behalf of their department (party committees and supervisors approve and oversee).
MATTER_SUBMITTERS = {Role.DEPARTMENT, Role.CITY_EDU, Role.COUNTY_EDU}
