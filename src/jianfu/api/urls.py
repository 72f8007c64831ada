"""The JSON API under /api/v1/ (django-ninja); its schema is /api/v1/openapi.json, its docs /api/v1/docs."""

from ninja import NinjaAPI

from jianfu.api.burden import router as burden_router
from jianfu.api.matters import router as matters_router
from jianfu.api.registry import router as registry_router
from jianfu.api.reports import router as reports_router
from jianfu.api.screening import router as screening_router

api = NinjaAPI(
    title="包头市中小学教师减负平台 API",
    version="1.0.0",
    description="jianfu 接口。除行政区划、白名单、核验和举报外均需登录；返回的数据按账号的数据范围过滤，超出范围的对象与不存在的对象一样返回 404。",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", registry_router)
api.add_router("/", screening_router)
api.add_router("/", matters_router)
api.add_router("/", burden_router)
api.add_router("/", reports_router)
