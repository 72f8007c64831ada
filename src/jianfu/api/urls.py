"""The JSON API under /api/v1/ (django-ninja); its schema is /api/v1/openapi.json, its docs /api/v1/docs."""

from ninja import NinjaAPI

from jianfu.api import errors
from jianfu.api.burden import router as burden_router
from jianfu.api.matters import router as matters_router
from jianfu.api.registry import router as registry_router
from jianfu.api.reports import router as reports_router
from jianfu.api.screening import router as screening_router


class JianfuAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The generated schema, plus the refusals every operation can answer (api/errors.py)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return errors.document_refusals(schema)


api = JianfuAPI(
    title="包头市中小学教师减负平台 API",
    version="1.0.0",
    description="jianfu 接口。除行政区划、白名单、核验和举报外均需登录；返回的数据按账号的数据范围过滤，超出范围的对象与不存在的对象一样返回 404。",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=errors.NulFreeJsonParser(),
)
api.add_router("/", registry_router)
api.add_router("/", screening_router)
api.add_router("/", matters_router)
api.add_router("/", burden_router)
api.add_router("/", reports_router)
errors.install(api)
