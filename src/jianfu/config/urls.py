from django.urls import include, path

from jianfu.api.urls import api
from jianfu.config.env import env_bool
from jianfu.web.views import bench_bare

urlpatterns = [
    path("", include("jianfu.web.urls")),
    path("accounts/", include("jianfu.accounts.urls")),
    path("registry/", include("jianfu.registry.urls")),
    path("imports/", include("jianfu.imports.urls")),
    path("matters/", include("jianfu.matters.urls")),
    path("", include("jianfu.matters.public_urls")),
    path("plans/", include("jianfu.matters.plan_urls")),
    path("calendar/", include("jianfu.matters.calendar_urls")),
    path("audit/", include("jianfu.audit.urls")),
    path("policy/", include("jianfu.policy.urls")),
    path("burden/", include("jianfu.burden.urls")),
    path("datahub/", include("jianfu.datahub.urls")),
    path("archive/", include("jianfu.archive.urls")),
    path("sharing/", include("jianfu.sharing.urls")),
    path("parent-schools/", include("jianfu.parentschools.urls")),
    path("", include("jianfu.oversight.public_urls")),
    path("oversight/", include("jianfu.oversight.urls")),
    path("api/v1/", api.urls),
]

if env_bool("JIANFU_BENCH_BARE_VIEW", default=False):  # bench/http_load.py only, never in normal runs
    urlpatterns.append(path("bench/bare/", bench_bare, name="bench-bare"))
