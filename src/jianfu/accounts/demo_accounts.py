"""The demo logins (demo mode only), shared by the demo data loader, the login page and the deploy check."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    label: str


DEMO_ACCOUNTS = (
    DemoAccount("city-edu", "city_edu", "包头市教育局"),
    DemoAccount("county-edu-150222", "county_edu", "固阳县教育局"),
    DemoAccount("party-city", "party", "中共包头市委（审批）"),
    DemoAccount("dept-police", "department", "包头市公安局"),
    DemoAccount("school-demo", "school_admin", "固阳县一所学校的管理员"),
    DemoAccount("teacher-demo", "teacher", "该校一名教师"),
    DemoAccount("supervisor-city", "supervisor", "包头市人民政府教育督导室"),
    # 三员分立 (ADR 0009): no business data, each only their duty.
    DemoAccount("system-admin", "system_admin", "平台系统管理员（账号）"),
    DemoAccount("security-admin", "security_admin", "平台安全管理员（授权）"),
    DemoAccount("audit-admin", "audit_admin", "平台安全审计员（审计日志）"),
)
DEMO_USERNAMES = tuple(account.username for account in DEMO_ACCOUNTS)
