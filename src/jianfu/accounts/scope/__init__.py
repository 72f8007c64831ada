"""Data scope: the one place that decides which rows of each model a user may see.

Every page, API endpoint and export goes through `visible_to`; `access_by_id` makes an object outside the
user's scope indistinguishable from a missing one (404), so out of scope looks like missing. A model without a
rule here is visible to nobody.

The package is split by subdomain, and imports only downwards:

- `roles`: `NOTHING`, `EVERYTHING` and the sets of roles that share a reach;
- `registry`, `matters`, `burden`, `datahub`, `oversight`: each declares, for the models of its subdomain, the
  rule functions and its own `RULES` (what a user may see) and `EDIT_RULES` (what they may change), and where
  relevant `PUBLISHED` (public by policy) and `PUBLIC` (seen without logging in);
- `access`: merges those tables (a model ruled in two modules is refused at import) and holds the functions
  that apply them: `visible_to`, `editable_by`, `published`, `readable`, `can_see`, `access_by_id`;
- `domain`: the domain queries built on `visible_to` (secondment register, student exports, archive readers).

Callers use only this package: `from jianfu.accounts import scope`, then `scope.visible_to(...)`. The merged
tables themselves stay internal (`scope.access._RULES` and its siblings).
"""

from jianfu.accounts.scope.access import (
    access_by_id,
    can_see,
    editable_by,
    published,
    readable,
    visible_to,
)
from jianfu.accounts.scope.domain import (
    ARCHIVE_READ_ACTIONS,
    archive_holders,
    archive_reads_of_own,
    secondment_register,
    secondment_returns_recordable_by,
    student_export_sources,
    student_exports_receivable_by,
    students_released_by,
)
from jianfu.accounts.scope.roles import EVERYTHING, MATTER_SUBMITTERS, NOTHING

__all__ = [
    "ARCHIVE_READ_ACTIONS",
    "EVERYTHING",
    "MATTER_SUBMITTERS",
    "NOTHING",
    "access_by_id",
    "archive_holders",
    "archive_reads_of_own",
    "can_see",
    "editable_by",
    "published",
    "readable",
    "secondment_register",
    "secondment_returns_recordable_by",
    "student_export_sources",
    "student_exports_receivable_by",
    "students_released_by",
    "visible_to",
]
