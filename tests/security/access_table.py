"""Who may open which URL: the expected answer to a GET, for every role and for someone not logged in.

Every URL pattern of the project (pages and the /api/v1/ endpoints, named `namespace:name`, an unnamed one by its
route) has a row here; tests/security/test_authorization_sweep.py fails for a URL without one, so a new URL
cannot be added without deciding who may open it.

The GET is made with the path parameters filled from objects of the user's own area (the user's own school,
teacher, Matter, …; see tests/security/conftest.py). The outcomes:

- OK: 200;
- LOGIN: 302 to the login page (pages), UNAUTHORIZED: 401 (API endpoints with django_auth);
- REDIRECT: 302 elsewhere (the login page for someone already logged in);
- FORBIDDEN: 403, the role may never use the page;
- MISSING: 404, the object is not in the role's scope (looks exactly like a missing one), or the page refuses
  the role with a 404 on purpose (the audit log);
- METHOD: 405, the endpoint only accepts POST.

What each role should reach follows the scope rules (jianfu.accounts.scope) and the measures the pages serve;
the values were decided from those, not recorded from the answers.

The three administrators of 三员分立 (system, security, audit; ADR 0009) and a pending account (created, no role
granted yet) are confined to the pages of their duty: every other URL, public pages included, answers them 403
(jianfu.accounts.middleware). `row` gives them FORBIDDEN unless a row names them.
"""

from jianfu.accounts.models import Role

OK, LOGIN, UNAUTHORIZED, REDIRECT = "ok", "login", "401", "redirect"
FORBIDDEN, MISSING, METHOD = "403", "404", "405"

ANONYMOUS = "anonymous"
CITY, COUNTY, PARTY, DEPARTMENT = Role.CITY_EDU, Role.COUNTY_EDU, Role.PARTY, Role.DEPARTMENT
SCHOOL_ADMIN, TEACHER, SUPERVISOR = Role.SCHOOL_ADMIN, Role.TEACHER, Role.SUPERVISOR
SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN, PENDING = (
    Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.PENDING
)  # fmt: skip
ROLES = [*Role.values, ANONYMOUS]
ADMINS = {SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN}
CONFINED = ADMINS | {PENDING}  # no business page at all: only their duty, 修改密码, home and logging out
ACCOUNT_ADMINS = {SYSTEM_ADMIN, SECURITY_ADMIN}  # read the account list

BUREAUS = {CITY, COUNTY}
AREA_WIDE = BUREAUS | {SUPERVISOR}  # the bureaus and supervisors: the whole area, personal data included
AREA = AREA_WIDE | {PARTY, DEPARTMENT}  # who sees the schools of an area (to address demands)
SCHOOL_SIDE = {SCHOOL_ADMIN, TEACHER}
MATTER_SUBMITTERS = {DEPARTMENT, CITY, COUNTY}  # submit Matters for their department
LOGGED_IN = set(Role.values)
BUSINESS = LOGGED_IN - CONFINED


def row(outcomes: dict, *, anonymous: str = LOGIN, others: str = FORBIDDEN) -> dict[str, str]:
    """One row: `outcomes` maps a role or a set of roles to its outcome; the other business roles get `others`,
    the confined ones (administrators, pending) FORBIDDEN."""
    expanded = {role: FORBIDDEN if role in CONFINED else others for role in Role.values}
    for roles, outcome in outcomes.items():
        for role in {roles} if isinstance(roles, str) else roles:
            expanded[role] = outcome
    return {**expanded, ANONYMOUS: anonymous}


def everyone(outcome: str) -> dict[str, str]:
    """Public: the same for every business role and for someone not logged in (the confined roles: 403)."""
    return row({}, anonymous=outcome, others=outcome)


def logged_in(outcome: str = OK) -> dict[str, str]:
    return row({}, others=outcome)


def only(roles, *, others: str = FORBIDDEN, anonymous: str = LOGIN) -> dict[str, str]:
    """A page for `roles` only; the others are refused (403) or, for an object, find nothing (404)."""
    return row({frozenset(roles): OK}, others=others, anonymous=anonymous)


POST_ONLY = logged_in(METHOD)  # a form's target: GET is 405 once logged in, the login page before


def post_only(*roles: str) -> dict[str, str]:
    """A form's target that some confined roles may also post to: a GET is 405 for them too."""
    return row({frozenset(roles): METHOD}, others=METHOD)


def every_account(outcome: str, **kwargs) -> dict[str, str]:
    """The same for every logged-in account, the confined roles too (their way out, 修改密码)."""
    return row({frozenset(CONFINED): outcome}, others=outcome, **kwargs)


def api(outcomes: dict[str, str]) -> dict[str, str]:
    """An API endpoint with django_auth: 401 (not a redirect) for someone not logged in."""
    return {**outcomes, ANONYMOUS: UNAUTHORIZED}


ACCESS: dict[str, dict[str, str]] = {
    # --- site -------------------------------------------------------------------------------------------------
    "home": every_account(OK),  # the administrators' and a pending account's home shows only their menu
    "healthz": every_account(OK, anonymous=OK),
    "login": every_account(REDIRECT, anonymous=OK),  # a logged-in user is sent on to their home page
    "logout": every_account(METHOD, anonymous=METHOD),  # logging out is a POST
    # --- accounts (等保 2.0, 三员分立: ADR 0009) -------------------------------------------------------------------
    "accounts:password_change": every_account(OK),  # everyone's own password
    "accounts:users": only(ACCOUNT_ADMINS),
    "accounts:user": only(ACCOUNT_ADMINS),
    "accounts:user_new": only({SYSTEM_ADMIN}),  # the system administrator creates accounts, without a role
    "accounts:user_active": post_only(SYSTEM_ADMIN),
    "accounts:user_password_reset": post_only(SYSTEM_ADMIN),
    "accounts:user_grant": only({SECURITY_ADMIN}),  # the security administrator grants roles and scope
    "accounts:user_unlock": post_only(SECURITY_ADMIN),
    "accounts:policy": only({SECURITY_ADMIN}),
    # --- registry: schools are seen area-wide, teachers and students only by the bureaus, supervisors, the school
    "registry:regions": logged_in(),
    "registry:departments": logged_in(),
    "registry:schools": logged_in(),
    "registry:school": logged_in(),  # the user's own school, or one of the area's
    "registry:teachers": logged_in(),  # bounded by scope (a teacher sees themself, party/department nobody)
    # No personal data for the party committees and departments.
    "registry:teacher": only(AREA_WIDE | SCHOOL_SIDE, others=MISSING),
    "registry:teacher_edit": only(BUREAUS | {SCHOOL_ADMIN}, others=MISSING),  # supervisors only read
    "registry:students": logged_in(),  # bounded by scope: empty for those who see no student
    "registry:student": only(AREA_WIDE | {SCHOOL_ADMIN}, others=MISSING),
    # --- imports from the national systems: the bureaus and schools upload, a job is its uploader's ------------
    "imports:upload": only(BUREAUS | {SCHOOL_ADMIN}),
    "imports:job": logged_in(),  # the user's own job
    "imports:job_status": logged_in(),
    "imports:job_errors": logged_in(),
    "imports:job_retry": POST_ONLY,  # running the user's own failed job again
    # --- Matters (measure 1) --------------------------------------------------------------------------------------
    "matters:list": logged_in(),  # bounded by scope
    "matters:new": only(MATTER_SUBMITTERS),
    "matters:inbox": logged_in(),  # what awaits the user's decision: empty for those who decide nothing
    "matters:screen_preview": POST_ONLY,
    "matters:detail": logged_in(),  # organiser, route bureaus and party, supervisors, the concerned school
    "matters:edit": only({DEPARTMENT}, others=MISSING),  # the organiser's draft
    "matters:submit": POST_ONLY,
    "matters:decide": POST_ONLY,
    "matters:attach": POST_ONLY,
    "matters:merge": POST_ONLY,
    "matters:reuse": POST_ONLY,
    "matters:quotas": logged_in(),  # quotas are policy: read by all, changed by the bureaus
    "matters:exam_weeks": logged_in(),
    "matters:exam_week_delete": POST_ONLY,
    "whitelist:list": everyone(OK),  # the published whitelist is public
    "whitelist:verify_form": everyone(OK),
    "whitelist:verify": everyone(OK),
    "whitelist:qr": everyone(OK),
    "plans:list": everyone(OK),  # published annual plans are public
    "plans:open": POST_ONLY,
    # The world's plan is not published: the area's bureaus and supervisors, and the departments of its region.
    "plans:detail": only(AREA_WIDE | {DEPARTMENT}, others=MISSING, anonymous=MISSING),
    "plans:file": POST_ONLY,
    "plans:publish": POST_ONLY,
    "calendar:mine": only(SCHOOL_SIDE),
    "calendar:feed": everyone(OK),  # the signed token is the credential (calendar apps cannot log in)
    # --- audit log: supervisors (their area) and the audit administrator (all); the others find nothing there --
    "audit:events": only({SUPERVISOR, AUDIT_ADMIN}, others=MISSING),
    # --- policy -----------------------------------------------------------------------------------------------
    "policy:catalog": everyone(OK),  # the published catalogue of what may be asked of schools
    "policy:cases": logged_in(),  # the confirmed cases: read by all, added by supervisors
    # --- burden ledger (measures 2-14) ------------------------------------------------------------------------
    "burden:mine": only({TEACHER}),
    "burden:entries": logged_in(),  # bounded by scope
    "burden:dispute": POST_ONLY,
    "burden:record": only({SCHOOL_ADMIN}),
    "burden:disputes": logged_in(),  # bounded by scope
    "burden:resolve": POST_ONLY,
    "burden:school": only({SCHOOL_ADMIN} | AREA_WIDE),  # the area's roles name the school (?school=)
    "burden:county": only(AREA_WIDE),  # ?region= the county
    "burden:city": only({CITY}),  # city-level bureau and supervisors; the sweep's supervisor is a county's
    "burden:proctoring": only({SCHOOL_ADMIN} | AREA_WIDE),
    "burden:replace": POST_ONLY,
    "burden:proctoring_hours": POST_ONLY,
    "burden:thresholds": logged_in(),  # thresholds are policy: read by all, changed by the bureaus
    "burden:secondments": only(AREA_WIDE | SCHOOL_SIDE),
    "burden:secondment_return": POST_ONLY,
    "burden:trainings": only(AREA_WIDE | SCHOOL_SIDE),
    "burden:meetings": only(AREA_WIDE | SCHOOL_SIDE),
    "burden:sub_venue": POST_ONLY,
    "burden:dashboard": only(AREA_WIDE | {SCHOOL_ADMIN}),
    "burden:wellbeing": only({TEACHER}),  # a teacher answers the WHO-5 for themself
    "burden:wellbeing_results": only(AREA_WIDE | {SCHOOL_ADMIN}),  # aggregates only, never a teacher
    "burden:physical_exams": only(AREA_WIDE | {SCHOOL_ADMIN}),
    "burden:physical_exam_record": POST_ONLY,
    # --- data hub (measures 15-17) ------------------------------------------------------------------------------
    "datahub:overview": only(AREA_WIDE | MATTER_SUBMITTERS),
    "datahub:fields": logged_in(),  # field names and first requests: no personal data
    "datahub:classify": POST_ONLY,
    "datahub:download": only({DEPARTMENT}, others=MISSING),  # the requesting department's delivery
    "datahub:tasks": logged_in(),  # bounded by scope
    "datahub:task": only(AREA_WIDE | SCHOOL_SIDE, others=MISSING),  # a teacher's form follows the teacher
    # --- teacher e-archive (measure 17) -------------------------------------------------------------------------
    "archive:mine": only({TEACHER}),
    "archive:access_log": only({TEACHER}),
    "archive:entry_edit": only({TEACHER}),  # the teacher's own draft; other roles are refused outright
    "archive:entry_submit": POST_ONLY,
    "archive:file_add": POST_ONLY,
    "archive:file_remove": POST_ONLY,
    "archive:file": only({TEACHER}, others=MISSING),  # a draft's file: the teacher alone
    "archive:teachers": logged_in(),  # bounded by scope and grants
    "archive:teacher": only(AREA_WIDE | SCHOOL_SIDE | {DEPARTMENT}, others=MISSING),  # department: by grant
    "archive:verify": only({SCHOOL_ADMIN}),
    "archive:review": POST_ONLY,
    "archive:grants": only(AREA_WIDE),
    "archive:grant_revoke": POST_ONLY,
    # --- student data exports (measure 16) ----------------------------------------------------------------------
    "sharing:exports": only(AREA_WIDE | {DEPARTMENT, SCHOOL_ADMIN}),
    "sharing:export_new": only({DEPARTMENT, SCHOOL_ADMIN}),  # institutions ask, never a person
    "sharing:export_detail": only(AREA_WIDE | {DEPARTMENT}, others=MISSING),  # requester, route area
    "sharing:export_edit": only({DEPARTMENT}, others=MISSING),  # the requester's draft
    "sharing:export_submit": POST_ONLY,
    "sharing:export_decide": POST_ONLY,
    "sharing:export_download": only({DEPARTMENT}, others=MISSING),  # the requester, once approved
    # --- parent schools (measure 19) ----------------------------------------------------------------------------
    "parentschools:sessions": only(AREA_WIDE | {SCHOOL_ADMIN}),
    "parentschools:record": POST_ONLY,
    "parentschools:delete": POST_ONLY,
    # --- reporting and oversight (measure 20) -------------------------------------------------------------------
    "reporting:new": everyone(OK),  # anyone may report, anonymously
    "reporting:challenge": everyone(OK),
    "reporting:track": everyone(OK),
    "oversight:cases": only(AREA_WIDE),
    "oversight:case": only(AREA_WIDE),
    "oversight:case_step": POST_ONLY,
    "oversight:evidence": only(AREA_WIDE),
    "oversight:accountability": only(AREA_WIDE),
    "oversight:mine": logged_in(),  # the user's own named reports
    "oversight:indicators": only(AREA_WIDE | {SCHOOL_ADMIN}),
    "oversight:supervision_report": only(AREA_WIDE),
    # --- API /api/v1/ -------------------------------------------------------------------------------------------
    "api:openapi-json": everyone(OK),
    "api:openapi-view": everyone(OK),
    "api:api-root": everyone(MISSING),  # ninja answers 404 at the root: the documentation is at docs
    "api:list_regions": everyone(OK),
    "api:list_schools": api(logged_in()),
    "api:get_school": api(logged_in()),
    "api:list_departments": api(logged_in()),
    "api:list_teachers": api(logged_in()),  # bounded by scope
    "api:get_teacher": api(only(AREA_WIDE | SCHOOL_SIDE, others=MISSING)),
    "api:screen_matter": everyone(METHOD),  # ninja answers 405 before authenticating
    "api:create_matter": api(logged_in()),  # shares its path with list_matters: a GET lists
    "api:list_matters": api(logged_in()),
    "api:get_matter": api(logged_in()),
    "api:decide_matter": everyone(METHOD),
    "api:inbox": api(logged_in()),
    "api:approve_routine": everyone(METHOD),
    "api:whitelist": everyone(OK),
    "api:verify": everyone(OK),
    "api:workload_me": api(only({TEACHER})),
    "api:report_challenge": everyone(OK),
    "api:create_report": everyone(METHOD),
    "api:report_status": everyone(OK),  # the tracking code is the credential
}

# Query parameters a page needs to show what the table expects (the area's roles name the school or county).
QUERY = {
    "burden:school": lambda side: {"school": side.school.pk},
    "burden:county": lambda side: {"region": side.school.region.code},
}

# URLs whose path parameter is a credential, not an object of someone's scope: whoever holds the code or token
# may open it, so they have no out-of-scope case (a wrong code is checked like a missing one).
CREDENTIAL_URLS = {
    "whitelist:verify",
    "whitelist:qr",
    "api:verify",
    "calendar:feed",
    "api:report_status",
}

# URLs whose object belongs to no area: the system and security administrators reach every account, so there is
# no other area's account to refuse (a missing one answers 404: tests/accounts/test_admin_pages.py).
AREA_FREE_URLS = {
    "accounts:user",
    "accounts:user_active",
    "accounts:user_password_reset",
    "accounts:user_grant",
    "accounts:user_unlock",
}

# Known deviations of the code from the table: (url, role) -> the reason; the sweep marks them xfail (strict).
KNOWN_DEVIATIONS: dict[tuple[str, str], str] = {}

# State-changing POST endpoints and the roles that may change something through them (in their own scope).
# Every other role, and every role with an object of another area, must get 403 or 404 and change nothing.
CHANGES: dict[str, set[str]] = {
    "accounts:user_new": {SYSTEM_ADMIN},
    "accounts:user_active": {SYSTEM_ADMIN},
    "accounts:user_password_reset": {SYSTEM_ADMIN},
    "accounts:user_grant": {SECURITY_ADMIN},
    "accounts:user_unlock": {SECURITY_ADMIN},
    "registry:teacher_edit": BUREAUS | {SCHOOL_ADMIN},
    "imports:upload": BUREAUS | {SCHOOL_ADMIN},
    "imports:job_retry": BUREAUS | {SCHOOL_ADMIN},  # the job's owner, while still an importer
    "matters:new": MATTER_SUBMITTERS,
    "matters:edit": {DEPARTMENT},
    "matters:submit": {DEPARTMENT},
    "matters:decide": BUREAUS | {PARTY},
    "matters:attach": {DEPARTMENT},
    "matters:merge": BUREAUS | {PARTY},  # whoever decides the Matter at its step
    "matters:reuse": BUREAUS | {PARTY},
    "matters:inbox": BUREAUS | {PARTY},
    "matters:quotas": BUREAUS,
    "matters:exam_weeks": {SCHOOL_ADMIN},
    "matters:exam_week_delete": {SCHOOL_ADMIN},
    "plans:open": BUREAUS,
    "plans:file": MATTER_SUBMITTERS,  # the bureaus file their own inspections for their department
    "plans:publish": BUREAUS,
    "calendar:mine": SCHOOL_SIDE,
    "policy:cases": {SUPERVISOR},
    "burden:dispute": {TEACHER},
    "burden:record": {SCHOOL_ADMIN},
    "burden:resolve": {SCHOOL_ADMIN},
    "burden:proctoring": {SCHOOL_ADMIN},
    "burden:replace": {SCHOOL_ADMIN},
    "burden:proctoring_hours": {SCHOOL_ADMIN},
    "burden:thresholds": BUREAUS,
    "burden:secondment_return": {SCHOOL_ADMIN} | BUREAUS,
    "burden:sub_venue": BUREAUS,
    "burden:wellbeing": {TEACHER},
    "burden:physical_exam_record": {SCHOOL_ADMIN},
    "datahub:task": {TEACHER},
    "archive:mine": {TEACHER},
    "archive:entry_edit": {TEACHER},
    "archive:entry_submit": {TEACHER},
    "archive:file_add": {TEACHER},
    "archive:file_remove": {TEACHER},
    "archive:review": {SCHOOL_ADMIN},
    "archive:grants": BUREAUS,
    "archive:grant_revoke": BUREAUS,
    "sharing:export_new": {DEPARTMENT, SCHOOL_ADMIN},
    "sharing:export_edit": {DEPARTMENT},
    "sharing:export_submit": {DEPARTMENT},
    "sharing:export_decide": BUREAUS,
    "parentschools:record": {SCHOOL_ADMIN},
    "parentschools:delete": {SCHOOL_ADMIN},
    "oversight:case_step": BUREAUS,  # the bureau the case is routed to; supervisors see but do not handle
    "api:create_matter": MATTER_SUBMITTERS,
    "api:decide_matter": BUREAUS | {PARTY},
    "api:approve_routine": BUREAUS | {PARTY},
}

# POST endpoints that change nothing or change by design for anyone: not state-changing in the sense above.
POST_WITHOUT_ACCESS_RULE = {
    "login": "logging in",
    "logout": "logging out (the user's own session)",
    "accounts:password_change": "changes the user's own password, after checking the old one",
    "registry:teachers": "a search form: redirects to the list with the query in the URL",
    "registry:students": "a search form: redirects to the list with the query in the URL",
    "matters:screen_preview": "screens a draft without storing it",
    "api:screen_matter": "screens a draft without storing it",
    "reporting:new": "anyone may report (anonymously): the report itself is the change",
    "api:create_report": "anyone may report (anonymously): the report itself is the change",
    "reporting:track": "looks up a report's status by its tracking code",
    "datahub:classify": "marks field names as held or new against the dictionary; stores nothing",
}

# POST endpoints that refuse another area's object the way they refuse a missing one, but not with a 404: the
# answer here, with the same message (compared by the sweep).
OUT_OF_SCOPE_POST_ANSWER = {
    # The id names an exam; "not this school's exam" and "no such exam" are one error message on the page.
    "burden:proctoring_hours": REDIRECT,
}

# Batch endpoints: a batch skips, with the reason, each id the user may not decide, and answers as usual (the
# outcome here); nothing is changed for the skipped ids.
BATCHES = {
    "matters:inbox": REDIRECT,
    "api:approve_routine": OK,
}
