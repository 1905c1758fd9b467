"""Seed the six work areas and their categories (DESIGN.md, Domain), and two campaign tags.
Descriptions are the narrative the work report uses for each kind of work."""

from django.db import migrations

AREAS = [
    ("leadership", "组织领导", "加强组织领导", [
        ("meeting", "专题会议", "次", "局党委召开意识形态工作专题会议，集中学习有关文件，研究部署意识形态工作", {"asks_meeting": True}),
        ("analysis", "分析研判", "次", "班子成员采取分片包抓的方式，对意识形态工作进行定期分析研判", {}),
        ("briefing", "听取汇报", "次", "听取各单位意识形态工作汇报", {}),
        ("deployment", "部署推进", "次", "推动部署意识形态重点工作，确保各项工作顺利推进", {}),
    ]),
    ("theory", "理论学习", "狠抓理论学习", [
        ("group_study", "中心组学习", "次", "全面推行党委中心组理论学习制度，跟进学习习近平总书记最新重要讲话和重要指示批示精神", {"asks_meeting": True}),
        ("theme_activity", "主题活动", "次", "统筹推进党的二十大精神学习主题活动", {}),
        ("lecture", "宣讲", "场次", "积极开展宣讲活动进机关、进校园、进课堂、进社区", {"asks_venue": True}),
        ("ideology_class", "思政课练兵", "轮次", "在高中段开展思政课“大练兵”活动，带动义务段全面逐步开展", {"asks_round": True}),
        ("reading", "读书学习", "次", "各党组织认真制定学习计划，组织开展政治理论学习和读书活动", {}),
    ]),
    ("civilization", "精神文明", "开展精神文明创建活动", [
        ("moral_education", "道德教育", "场次", "开展形式多样的社会公德、职业道德、家庭美德、个人品德教育", {}),
        ("civility", "文明创建", "次", "开展精神文明创建和文明校园创建活动", {}),
        ("party_day", "党员主题日", "次", "各党支部坚持以“党员主题日”活动为载体开展党员教育", {}),
        ("volunteer", "志愿服务", "次", "持续开展党员志愿服务活动", {}),
        ("safety_publicity", "安全宣传", "次", "开展社区安全志愿宣传", {}),
        ("commemoration", "纪念活动", "次", "各支部组织师生开展清明节“祭英烈”等纪念活动", {}),
        ("festival", "节日活动", "次", "充分利用重要节日，积极倡导文明和谐、实用节俭、廉洁过节的现代节日理念", {"asks_festival": True}),
    ]),
    ("network", "网络阵地", "维护网络意识形态安全", [
        ("info_release", "信息发布", "条", "加强教育系统工作信息发布", {}),
        ("policy_explain", "政策解读", "次", "做好教育政策解读，及时回应社会关切", {}),
        ("online_comment", "网评引导", "次", "加强网络评论引导工作，坚持正确的舆论导向", {}),
    ]),
    ("incidents", "问题处置", "做好意识形态教育系统问题处置", [
        ("incident", "突发事件处置", "起", "遇到突发情况，按照属地管理要求迅速展开分析研判，及时表明立场，第一时间妥善处理", {}),
    ]),
    ("team", "队伍建设", "加强意识形态队伍建设", [
        ("team_activity", "宣传队活动", "次", "各宣传队畅通宣传渠道，深入开展宣传活动", {}),
        ("integrity", "廉政教育", "次", "围绕年轻党员领导干部开展廉政教育", {}),
        ("discipline_study", "党纪党规学习", "次", "严格党员领导干部纪律约束和党纪党规教育", {}),
    ]),
]

TAGS = ["三个年", "清廉学校"]


def seed(apps, schema_editor):
    WorkArea = apps.get_model("ledger", "WorkArea")
    Category = apps.get_model("ledger", "Category")
    CampaignTag = apps.get_model("ledger", "CampaignTag")
    for area_order, (code, name, heading, categories) in enumerate(AREAS, start=1):
        area, _ = WorkArea.objects.get_or_create(
            code=code, defaults={"name": name, "heading": heading, "order": area_order})
        for order, (cat_code, cat_name, noun, description, flags) in enumerate(categories, 1):
            Category.objects.get_or_create(
                code=cat_code,
                defaults={"area": area, "name": cat_name, "unit_noun": noun,
                          "description": description, "order": order, **flags},
            )
    for tag in TAGS:
        CampaignTag.objects.get_or_create(name=tag)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
