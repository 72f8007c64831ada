"""Reply templates for the common outcomes of a case: the handler picks one, edits it and sends it.

A reply is read by whoever holds the tracking code, so it names no reporter and no witness. Placeholders:
{title} (what was reported), {organizer} (who asked), {received} (the day the report came in).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ReplyTemplate:
    key: str
    label: str
    conclusion: str  # founded, unfounded, or "" for either
    text: str


REPLY_TEMPLATES: tuple[ReplyTemplate, ...] = (
    ReplyTemplate(
        "founded-stopped",
        "属实：已叫停并整改",
        "founded",
        "您于{received}反映的“{title}”经核查属实。我局已责令{organizer}立即停止该要求，并对照《包头市关于减轻"
        "中小学教师负担的二十条措施》进行整改，学校和教师无须再执行。感谢您对教师减负工作的监督。",
    ),
    ReplyTemplate(
        "founded-accountability",
        "属实：已问责",
        "founded",
        "您于{received}反映的“{title}”经核查属实。该要求违反了减负规定，我局已责令{organizer}纠正，并依规依纪对"
        "相关责任人作出处理。该案例已纳入筛查案例库，今后同类要求在审批时即会被提示。感谢您的监督。",
    ),
    ReplyTemplate(
        "unfounded-approved",
        "不属实：该事项已依规审批",
        "unfounded",
        "您于{received}反映的“{title}”经核查，该事项已按规定程序审批并在白名单公示，可在白名单页面输入核验码"
        "核对。如执行中有超出批准内容的要求，欢迎再次反映。感谢您的监督。",
    ),
    ReplyTemplate(
        "unfounded-not-verified",
        "不属实：未查实",
        "unfounded",
        "您于{received}反映的“{title}”经调查核实，未发现{organizer}向学校或教师提出所反映的要求。如您掌握新的"
        "情况或证据，欢迎补充反映。感谢您的监督。",
    ),
    ReplyTemplate(
        "unfounded-out-of-scope",
        "不属实：属正常教育教学工作",
        "unfounded",
        "您于{received}反映的“{title}”经核查，属于学校正常的教育教学工作安排，不属于减负清单禁止或须审批的事项。"
        "如对工作量安排有异议，可通过本校负担台账提出。感谢您的监督。",
    ),
)
_BY_KEY = {template.key: template for template in REPLY_TEMPLATES}


def reply_templates_for(*, conclusion: str) -> list[ReplyTemplate]:
    return [t for t in REPLY_TEMPLATES if t.conclusion in ("", conclusion)]


def reply_render(*, key: str, title: str, organizer: str, received: str) -> str | None:
    template = _BY_KEY.get(key)
    if template is None:
        return None
    return template.text.format(title=title, organizer=organizer or "有关部门", received=received)
