"""The API's refusals in the project's shapes and in Chinese, and documented on every operation that can answer them.

django-ninja answers malformed parameters with pydantic's English list ({type, loc, msg}), a missing login with
"Unauthorized" and a missing CSRF token with 403 "CSRF check Failed", none of which its OpenAPI schema mentions.
The handlers below answer 422 {detail: [{field, message}]} like the views' own checks and 400/401/403/404
{detail} in Chinese;
`document_refusals` adds those answers (and the 403) to the schema, so a client (and schemathesis) finds each one.
A JSON body holding a NUL is refused with 400 like one in a URL (NulFreeJsonParser).
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from jianfu.api.schemas import ErrorOut
from jianfu.api.screening import InvalidMatterOut

NOT_LOGGED_IN = "请先登录"
CSRF_FAILED = "请求缺少有效的CSRF令牌，请刷新页面后重试"
# django-ninja's session auth (APIKeyCookie) raises HttpError(403) with exactly this text when the check fails.
_NINJA_CSRF_FAILED = "CSRF check Failed"
NOT_JSON = "请求体不是有效的JSON"
NUL_IN_BODY = "请求体包含不允许的字符（NUL），请检查后重新提交。"
# Missing and out of scope read alike (see accounts/scope): the message must not tell them apart.
NOT_FOUND = "没有找到该对象"

_MESSAGES = {
    "missing": "缺少必填字段",
    "bool_type": "应为布尔值（true 或 false）",
    "bool_parsing": "应为布尔值（true 或 false）",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_parsing_size": "整数超出允许范围",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限数字",
    "string_type": "应为字符串",
    "string_unicode": "应为UTF-8文本",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "应为日期（YYYY-MM-DD）",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "应为日期时间",
    "json_invalid": "不是有效的JSON",
    "json_type": "不是有效的JSON",
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "greater_than_equal": "超出允许范围",
    "greater_than": "超出允许范围",
    "less_than_equal": "超出允许范围",
    "less_than": "超出允许范围",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
}


def _field(loc: list[Any] | tuple[Any, ...]) -> str:
    """('query', 'page_size') -> 'page_size'; ('body', 'data', 'evidence', 0, 'name') -> 'evidence[0].name':
    the location and, in a body, the view's parameter name mean nothing to a client."""
    parts = list(loc[1:])
    if loc and loc[0] == "body" and parts:
        parts = parts[1:]
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class NulInBody(ValueError):
    pass


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class NulFreeJsonParser(Parser):
    """JSON bodies, refusing a NUL anywhere in them: PostgreSQL's text cannot hold one, and a title "a\u0000b"
    reached the INSERT (500). web/middleware.py refuses them in URLs and forms the same way."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if _has_nul(data):
            raise NulInBody
        return data


def field_errors_of(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"field": _field(error.get("loc", ())), "message": _MESSAGES.get(error.get("type", ""), "格式不正确")}
        for error in exc.errors
    ]


def install(api: NinjaAPI) -> None:
    """Answer the framework's refusals in the project's shapes (module docstring)."""

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": field_errors_of(exc)}, status=422)

    def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if isinstance(exc, AuthenticationError):
            message = NOT_LOGGED_IN
        elif exc.status_code == 403 and message == _NINJA_CSRF_FAILED:
            message = CSRF_FAILED
        elif exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = NUL_IN_BODY if isinstance(exc.__cause__, NulInBody) else NOT_JSON
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": NOT_FOUND}, status=404)

    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(HttpError, refused)
    api.add_exception_handler(Http404, not_found)


def _component(schema: dict, model) -> dict[str, str]:
    """A $ref to `model` in the schema's components, adding it (and the models it uses) when missing."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    body = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in body.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault(model.__name__, body)
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _document(responses: dict, status: str, description: str, media_type: str, body: dict) -> None:
    """Add `media_type` answering `body` to the response `status`, keeping what the operation documents itself."""
    response = responses.setdefault(status, {"description": description})
    response.setdefault("content", {}).setdefault(media_type, {"schema": body})


def document_refusals(schema: dict) -> dict:
    """Add to each operation the refusals it can give without reaching its view: 400 text/plain for a NUL in the
    URL (web/middleware.py, before any view), 400 JSON for a body that is not JSON, 422 when it takes input, 401
    when it needs a login, 403 when it is a POST that needs one (the CSRF check runs before the login's)."""
    error, invalid = _component(schema, ErrorOut), _component(schema, InvalidMatterOut)
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            _document(responses, "400", "请求无效", "text/plain", {"type": "string"})
            if operation.get("requestBody"):
                _document(responses, "400", "请求无效", "application/json", error)
            if operation.get("parameters") or operation.get("requestBody"):
                _document(responses, "422", "输入无效：逐项列出字段和原因", "application/json", invalid)
            if operation.get("security"):
                _document(responses, "401", "未登录", "application/json", error)
                if method.lower() == "post":
                    _document(responses, "403", "CSRF校验失败或无权执行", "application/json", error)
    return schema
