"""`jianfu screen`: stdin in, JSON out; --batch keeps input order; bad input -> error object and exit 2."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from jianfu.accounts.models import Role
from jianfu.policy.services import confirmed_case_add
from tests.factories import user_with_role
from tests.policy import builders

pytestmark = pytest.mark.django_db

APP = builders.task("推广注册国家反诈中心APP", "各校教师须下载注册国家反诈中心APP。")
LEGIT = builders.task("初中数学学科教研活动", "各校数学教研组长参加。", edu=True)


def _run(*args, stdin: str = "") -> tuple[list[dict], int]:
    out = io.StringIO()
    try:
        call_command("screen", *args, stdin=io.StringIO(stdin), stdout=out)
        status = 0
    except CommandError as exc:
        status = exc.returncode
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()], status


def test_one_matter_from_stdin():
    [result], status = _run(stdin=json.dumps(APP, ensure_ascii=False))
    assert status == 0
    assert result["verdict"] == "block"
    assert result["catalog_version"].startswith("baotou-2020")
    assert result["findings"][0]["rule"] == "M10.app-install"
    assert "国家反诈中心APP" in result["findings"][0]["message"]


def test_output_is_not_ascii_escaped():
    out = io.StringIO()
    call_command("screen", stdin=io.StringIO(json.dumps(APP)), stdout=out)
    assert "要求教师" in out.getvalue()


@pytest.mark.parametrize(
    ("stdin", "field"),
    [("{not json", ""), (json.dumps({**APP, "kind": "party"}), "kind"), (json.dumps([1]), "")],
)
def test_bad_input_gives_error_object_and_status_2(stdin, field):
    [result], status = _run(stdin=stdin)
    assert status == 2
    assert result["errors"][0]["field"] == field


def test_batch_keeps_order_and_continues_after_errors(tmp_path):
    lines = [json.dumps(APP, ensure_ascii=False), "{broken", json.dumps(LEGIT, ensure_ascii=False), ""]
    path = tmp_path / "matters.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    results, status = _run("--batch", str(path))
    assert status == 2
    assert [r.get("verdict") or r["error"] for r in results] == ["block", "invalid_json", "pass"]
    assert results[1]["line"] == 2


def test_batch_all_valid_exits_zero(tmp_path):
    path = tmp_path / "matters.jsonl"
    path.write_text(
        "\n".join(json.dumps(m, ensure_ascii=False) for m in (LEGIT, APP, LEGIT)), encoding="utf-8"
    )
    results, status = _run("--batch", str(path))
    assert status == 0
    assert [r["verdict"] for r in results] == ["pass", "block", "pass"]


def test_confirmed_cases_from_the_database_are_compared():
    case = confirmed_case_add(
        actor=user_with_role(Role.SUPERVISOR),
        measure=9,
        title="组织教师参加商业保险推介会",
        description="请各校组织教师到区文化中心参加某保险公司健康险推介会。",
    )
    matter = builders.task(
        "组织教师参加商业保险推介会", "请各校组织教师到区文化中心参加某保险公司健康险推介会。"
    )
    [result], _ = _run(stdin=json.dumps(matter, ensure_ascii=False))
    assert f"CASE.{case.pk}" in [f["rule"] for f in result["findings"]]
