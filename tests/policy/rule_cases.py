"""For every catalog rule: a Matter that fires it and a near miss that must not (with context if needed)."""

import datetime as dt

from jianfu.policy.context import ExamWeek
from tests.policy.builders import (
    campus_activity,
    data_request,
    inspection,
    meeting,
    organizer,
    secondment,
    social_exam,
    task,
    training,
)

# rule id -> (firing matter, firing context kwargs, near-miss matter, near-miss context kwargs)
RULE_CASES = {
    "M01.out-of-plan": (inspection(in_annual_plan=False), {}, inspection(), {}),
    "M01.disguised-evaluation": (
        task("关于开展“平安校园示范校”创建评比的通知", "请各校对照标准申报示范校，市里将组织评估验收。"),
        {},
        task("初中数学示范课展示活动", "各校推荐一节示范课，开展课堂教学观摩。", edu=True),
        {},
    ),
    "M02.non-education-route": (inspection(organizer=organizer(False, "固阳县卫健委")), {}, inspection(), {}),
    "M02.disguised-inspection": (
        task("学校控烟工作暗访", "近期将对各校控烟工作进行暗访抽查。"),
        {},
        task("学校控烟工作暗访", "近期将对各校控烟工作进行暗访抽查。", edu=True),
        {},
    ),
    "M03.min-interval": (
        inspection(work_assigned_on="2027-03-01", starts_on="2027-03-20"),
        {},
        inspection(work_assigned_on="2027-03-01", starts_on="2027-03-31"),
        {},
    ),
    "M03.announce-ahead": (
        inspection(work_assigned_on="2026-09-01", starts_on="2026-12-10"),
        {"today": dt.date(2026, 11, 27)},
        inspection(work_assigned_on="2026-09-01", starts_on="2026-12-27"),
        {"today": dt.date(2026, 11, 27)},
    ),
    "M03.exam-week": (
        inspection(work_assigned_on="2026-09-01", starts_on="2027-01-26"),
        {
            "exam_weeks": (
                ExamWeek("固阳县第一小学", dt.date(2027, 1, 24), dt.date(2027, 1, 30), "期末考试周"),
            )
        },
        inspection(work_assigned_on="2026-09-01", starts_on="2027-01-31"),
        {
            "exam_weeks": (
                ExamWeek("固阳县第一小学", dt.date(2027, 1, 24), dt.date(2027, 1, 30), "期末考试周"),
            )
        },
    ),
    "M03.ledger-evidence": (
        task("垃圾分类工作检查", "请各校整理垃圾分类工作台账，装订成册备查。"),
        {},
        task("垃圾分类工作", "各校自行开展垃圾分类教育，无需整理台账。"),
        {},
    ),
    "M03.repeat-materials": (
        inspection(materials=["安全工作总结"]),
        {"submitted_materials": frozenset({"安全工作总结"})},
        inspection(materials=["安全工作总结"]),
        {"submitted_materials": frozenset({"食堂台账"})},
    ),
    "M03.formalism": (
        task("读书月活动", "各校开展读书月活动后将活动照片上传至群内。", edu=True),
        {},
        task("读书月活动", "各校开展读书月活动，不要求上传照片。", edu=True),
        {},
    ),
    "M04.campus-approval": (
        campus_activity(organizer=organizer(False, "九原区司法局")),
        {},
        campus_activity(),
        {},
    ),
    "M04.campus-quota": (
        campus_activity(),
        {"campus_activities_this_semester": {"2115000001": 6}},
        campus_activity(),
        {"campus_activities_this_semester": {"2115000001": 5}},
    ),
    "M04.text-campus-entry": (
        task("防诈骗知识进校园", "公安分局民警到各校开展防诈骗宣讲。"),
        {},
        task("防诈骗宣传", "公安分局在社区开展防诈骗宣讲。"),
        {},
    ),
    "M05.curriculum-overlap": (
        campus_activity(theme="防溺水安全教育"),
        {},
        campus_activity(theme="书法"),
        {},
    ),
    "M05.guide-teachers": (
        task("禁毒宣传教育活动", "区禁毒办将到各校面向学生开展禁毒宣传教育。"),
        {},
        task("禁毒宣传教育活动", "教育局统筹在各校面向学生开展禁毒宣传教育。", edu=True),
        {},
    ),
    "M06.village-assignment": (
        task("驻村工作安排", "请各校选派一名教师驻村开展帮扶工作。"),
        {},
        task("送教上门工作", "请各校为重度残疾适龄儿童送教上门，做好控辍保学。", edu=True),
        {},
    ),
    "M06.photo-trace": (
        task("帮扶走访", "教师入户走访时须与户主合影留念。"),
        {},
        task("家访工作", "班主任开展家访，了解学生居家学习情况，无需合影拍照。", edu=True),
        {},
    ),
    "M06.other-poverty-work": (
        task("消费帮扶", "请各校教职工认购扶贫产品，每人不少于200元。"),
        {},
        task("学生资助工作", "做好家庭经济困难学生资助，落实教育扶贫政策。", edu=True),
        {},
    ),
    "M07.stability-duty": (
        task("敏感时期维稳值守", "安排教师到街道参加维稳值守。"),
        {},
        task("校园安保工作", "加强校园安保，做好校内值守。", edu=True),
        {},
    ),
    "M07.disaster-fire-duty": (
        task("森林防火值守", "请各校安排教师到山口开展森林防火值守。"),
        {},
        task("消防安全教育", "结合安全教育课程开展消防安全知识讲座和疏散演练。", edu=True),
        {},
    ),
    "M07.health-campaign": (
        task("控烟宣传", "请各校派教师到商场开展控烟宣传志愿服务。"),
        {},
        task("健康教育", "各校通过健康教育课开展控烟教育。", edu=True),
        {},
    ),
    "M07.traffic-checkpoint": (
        task("疫情防控卡点值守", "请各校安排教师到高速路口卡点值守。"),
        {},
        task("护学岗安排", "各校安排教师在上下学时段到校门口护学岗执勤。", edu=True),
        {},
    ),
    "M07.civic-campaign": (
        task("创卫环境整治", "创卫期间请各校组织教师上街清扫卫生死角。"),
        {},
        task("文明城市创建主题教育", "各校结合班会开展文明城市创建主题教育。", edu=True),
        {},
    ),
    "M07.garbage-sorting": (
        task("垃圾分类桶边督导", "请各校安排教师每天早晚到社区垃圾分类投放点值守督导。"),
        {},
        task("垃圾分类进课堂", "各校结合班会课开展垃圾分类主题教育，教室内设置分类垃圾桶。", edu=True),
        {},
    ),
    "M07.epidemic-duty": (
        task("核酸采样点信息录入", "请各校抽调教师到社区核酸采样点负责扫码登记。"),
        {},
        task("返校学生核酸检测", "开学前学校组织返校学生在校内完成核酸检测。", edu=True),
        {},
    ),
    "M07.census": (
        task("经济普查", "请各校抽调教师担任经济普查员。"),
        {},
        task("适龄儿童入学摸底", "各校做好适龄儿童入学摸底排查。", edu=True),
        {},
    ),
    "M07.off-campus-dispatch": (
        task("拆违现场秩序维护", "请各校抽调男教师参加城区违章建筑拆除现场秩序维护。"),
        {},
        task("社会实践活动", "各校组织教师带领学生到社区开展社会实践。", edu=True),
        {},
    ),
    "M07.other-special-task": (
        task("征收拆迁动员", "请各学校教师做好亲属中拆迁户的思想工作，动员其按期签约。"),
        {},
        task("校舍改造", "学校旧教学楼拆除重建期间，学生临时到新校区上课。", edu=True),
        {},
    ),
    "M08.social-exam-consent": (
        social_exam(organizer=organizer(False, "包头市人社局")),
        {},
        social_exam(organizer=organizer(False, "包头市人社局"), education_consent=True),
        {},
    ),
    "M08.social-exam-quota": (
        social_exam(),
        {"social_exams_this_year": {"2115000001": 6}},
        social_exam(),
        {"social_exams_this_year": {"2115000001": 2}},
    ),
    "M08.text-proctors": (
        task("公务员考试监考", "借用各校教师担任公务员招录考试监考。"),
        {},
        task("期末考试监考安排", "各校安排本校教师期末考试监考。", edu=True),
        {},
    ),
    "M09.online-voting": (
        task("网络评选", "请全体教师为我区参评作品投票。"),
        {},
        task("学生会换届", "学生会换届选举，由学生投票产生。", edu=True),
        {},
    ),
    "M09.likes-shares": (
        task("宣传推文转发", "请各校教师将推文转发到朋友圈，每人转发后截图。"),
        {},
        task("转发通知", "现将市教育局通知转发给你们，请遵照执行。", edu=True),
        {},
    ),
    "M09.online-quiz": (
        task("法治知识竞赛", "请全体教师参加“宪法知识”网上答题，成绩纳入统计。"),
        {},
        task("学科知识竞赛", "组织初中学生参加数学学科知识竞赛。", edu=True),
        {},
    ),
    "M09.propaganda": (
        task("收看宣传片", "请全体教职工观看宣传片链接并截图上报。"),
        {},
        task("家庭教育直播课", "请家长观看家庭教育直播课。", edu=True),
        {},
    ),
    "M09.survey-through-teachers": (
        task("平安建设满意度调查", "请各班主任动员学生家长填写平安建设满意度问卷。"),
        {},
        task("课后服务满意度调查", "请各班主任请家长填写课后服务满意度问卷。", edu=True),
        {},
    ),
    "M09.parent-information": (
        task("统计家长疫苗接种情况", "请各班主任统计本班学生家长疫苗接种情况并每日报送。"),
        {},
        task("统计家长会出席情况", "请各班主任统计本班家长会出席情况。"),
        {},
    ),
    "M09.fee-collection": (
        task("医保征缴", "请各校将城乡居民医保征缴任务分解到班级，由班主任动员学生家庭缴费。"),
        {},
        task("教师本人医保", "请教职工本人按时缴纳职工医保，学校财务统一代扣，不涉及学生家长。"),
        {},
    ),
    "M09.sales-fees": (
        task("城乡居民医保缴费", "请各班主任督促学生家长完成医保缴费。"),
        {},
        task("教材征订", "各校按教材目录做好教材征订。", edu=True),
        {},
    ),
    "M10.follow-account": (
        task("关注政务公众号", "请教师扫码关注“平安青山”公众号。"),
        {},
        task("理论学习", "请党员教师关注学习强国学习平台公众号开展时政学习。"),
        {},
    ),
    "M10.app-install": (
        task("推广医保APP", "请教师下载安装“医保服务”APP并实名认证。"),
        {},
        task("智慧教育平台", "请教师注册国家中小学智慧教育平台APP用于备课。", edu=True),
        {},
    ),
    "M10.political-study": (
        task("学习强国学习", "党员教师坚持使用学习强国开展学习。"),
        {},
        task("理论学习", "党员教师参加支部理论学习。"),
        {},
    ),
    "M11.training-tier": (
        training(tier="city", organizer=organizer(True, level="county")),
        {},
        training(tier="county", organizer=organizer(True, level="county")),
        {},
    ),
    "M11.training-notice": (
        training(published_on="2027-02-25", starts_on="2027-03-01"),
        {},
        training(published_on="2027-02-01", starts_on="2027-03-01"),
        {},
    ),
    "M12.sub-venue": (
        meeting(attendees=[{"region": "150206", "count": 5}]),
        {},
        meeting(attendees=[{"region": "150206", "count": 4}]),
        {},
    ),
    "M12.meeting-length": (meeting(duration_minutes=180), {}, meeting(duration_minutes=120), {}),
    "M13.unrelated-meeting": (
        meeting(organizer=organizer(False, "青山区商务局"), teachers_attend=True),
        {},
        meeting(organizer=organizer(False, "青山区商务局"), teachers_attend=False),
        {},
    ),
    "M13.text-video-meeting": (
        task("观看动员大会", "请全体教师收看全区招商引资动员大会。"),
        {},
        task("观看动员大会", "请全体教师收看全区教育大会。", edu=True),
        {},
    ),
    "M13.text-unrelated-meeting": (
        task("收看统计工作电视电话会议", "请各学校组织全体教师收看全市统计工作电视电话会议。"),
        {},
        task("校园食品安全培训会", "请各学校食品安全管理员参加学校食堂食品安全管理培训会议。"),
        {},
    ),
    "M13.non-education-training": (
        training(organizer=organizer(False, "固阳县应急管理局")),
        {},
        training(),
        {},
    ),
    "M14.secondment-term": (secondment(ends_on="2027-09-01"), {}, secondment(ends_on="2027-08-31"), {}),
    "M14.secondment-procedure": (secondment(party_filing=False), {}, secondment(), {}),
    "M14.prose-secondment": (
        task("抽调人员", "抽调各校教师一名到区委办公室工作一年。"),
        {},
        task("教研活动", "各校数学教师参加区教研活动。", edu=True),
        {},
    ),
    "M15.registry-fields": (
        data_request(fields=["姓名", "最高学历"]),
        {},
        data_request(fields=["本学年继续教育学时"]),
        {},
    ),
    "M15.text-forms": (
        task("人员信息统计", "请各校组织教师填写个人信息登记表。"),
        {},
        task("人员信息核对", "教师信息以全国教师管理信息系统为准，无需填写登记表。", edu=True),
        {},
    ),
    "M16.student-export": (
        data_request(population="students", fields=["学籍号", "年级"]),
        {},
        data_request(population="teachers", fields=["本学年继续教育学时"]),
        {},
    ),
    "M16.text-class-teacher": (
        task("学生信息统计", "请各班主任统计学生身份证号和家庭住址并上报。"),
        {},
        task("学生信息统计", "学生信息从学籍系统授权导出，不需班主任统计学生身份证号。", edu=True),
        {},
    ),
    "M17.archive-materials": (
        data_request(fields=["荣誉证书扫描件"]),
        {},
        data_request(fields=["本学年继续教育学时"]),
        {},
    ),
    "M18.honours": (
        task("推荐优秀教师", "请各校推荐优秀教师人选。", edu=True),
        {},
        task("教学计划", "请各校制定教学计划。", edu=True),
        {},
    ),
    "M19.parents-through-teachers": (
        task(
            "家长防诈骗告知书",
            "请学校转发给家长。",
            targets={"teachers": True, "students": False, "parents": True},
        ),
        {},
        task(
            "家长学校讲座",
            "通过家长学校开展家庭教育讲座。",
            edu=True,
            targets={"teachers": True, "students": False, "parents": True},
        ),
        {},
    ),
    "M20.ranking-appraisal": (
        task("推广活动", "各校注册率每周通报排名，纳入年终考核。"),
        {},
        task("近视防控", "各校学生近视率纳入考核。", edu=True),
        {},
    ),
    "M20.rest-time": (
        task("值班安排", "教师周末轮流值班。", edu=True),
        {},
        task("值班安排", "工作日由行政人员值班。", edu=True),
        {},
    ),
}
