//! The demo book's words: names, places, products and every text its records are made from,
//! each as an (English, Chinese) pair.

use keyplan_domain::{BuyingRole, InteractionKind};

use crate::Pair;

pub(crate) const INDUSTRIES: &[Pair] = &[
    ("Manufacturing", "制造业"),
    ("Retail", "零售"),
    ("Healthcare", "医疗健康"),
    ("Logistics", "物流"),
    ("Energy", "能源"),
    ("Financial services", "金融服务"),
    ("Technology", "科技"),
    ("Automotive", "汽车"),
    ("Food & beverage", "食品饮料"),
    ("Education", "教育"),
];
pub(crate) const REGIONS: &[Pair] = &[
    ("East China", "华东"),
    ("South China", "华南"),
    ("North China", "华北"),
    ("Central China", "华中"),
    ("Southwest", "西南"),
    ("Northeast", "东北"),
    ("Hong Kong", "香港"),
];
pub(crate) const OWNERS: &[Pair] =
    &[("Alex Chen", "陈晓"), ("Maria Lopez", "李娜"), ("Sam Patel", "王磊"), ("Li Wei", "张伟")];
pub(crate) const CITIES: &[Pair] = &[
    ("Shanghai", "上海"),
    ("Shenzhen", "深圳"),
    ("Hangzhou", "杭州"),
    ("Suzhou", "苏州"),
    ("Chengdu", "成都"),
    ("Wuhan", "武汉"),
    ("Nanjing", "南京"),
    ("Tianjin", "天津"),
    ("Xiamen", "厦门"),
    ("Qingdao", "青岛"),
    ("Ningbo", "宁波"),
    ("Wuxi", "无锡"),
    ("Hefei", "合肥"),
    ("Changsha", "长沙"),
    ("Xi'an", "西安"),
    ("Dongguan", "东莞"),
    ("Foshan", "佛山"),
    ("Jinan", "济南"),
    ("Dalian", "大连"),
    ("Zhengzhou", "郑州"),
];
pub(crate) const CORES: &[Pair] = &[
    ("Precision", "精密"),
    ("Smart", "智能"),
    ("New Materials", "新材料"),
    ("Medical", "医疗"),
    ("Logistics", "物流"),
    ("Power", "电力"),
    ("Electronics", "电子"),
    ("Foods", "食品"),
    ("Chemicals", "化工"),
    ("Auto Parts", "汽车零部件"),
    ("Textiles", "纺织"),
    ("Pharma", "制药"),
    ("Robotics", "机器人"),
    ("Packaging", "包装"),
    ("Optics", "光电"),
    ("Semiconductor", "半导体"),
    ("Machinery", "机械"),
    ("Home Appliances", "家电"),
    ("Biotech", "生物科技"),
    ("Software", "软件"),
];
pub(crate) const SUFFIXES: &[Pair] = &[
    ("Co., Ltd.", "有限公司"),
    ("Group", "集团"),
    ("Technology", "科技有限公司"),
    ("Holdings", "控股"),
    ("Industries", "实业"),
];
pub(crate) const PRODUCTS: &[Pair] = &[
    ("Core platform", "核心平台"),
    ("Analytics", "数据分析"),
    ("Support plan", "支持服务"),
    ("Consulting", "咨询"),
    ("Hardware", "硬件"),
    ("Training", "培训"),
];
pub(crate) const TAGS: &[Pair] = &[
    ("strategic", "战略"),
    ("referral source", "推荐来源"),
    ("public sector", "国企"),
    ("export", "出口"),
    ("pilot", "试点"),
];
pub(crate) const GIVEN_EN: &[&str] =
    &["James", "Linda", "Chen", "Wei", "Olivia", "Ethan", "Mei", "Lucas", "Hui", "Grace", "Tom"];
pub(crate) const FAMILY_EN: &[&str] =
    &["Wang", "Li", "Zhang", "Liu", "Smith", "Huang", "Zhao", "Wu", "Brown"];
pub(crate) const GIVEN_ZH: &[&str] =
    &["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "涛"];
pub(crate) const FAMILY_ZH: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐"];
/// Titles down an org chart: the first is the top.
pub(crate) const TITLES: &[(Pair, BuyingRole)] = &[
    (("General Manager", "总经理"), BuyingRole::DecisionMaker),
    (("CFO", "财务总监"), BuyingRole::EconomicBuyer),
    (("CTO", "技术总监"), BuyingRole::TechnicalEvaluator),
    (("Procurement Manager", "采购经理"), BuyingRole::Gatekeeper),
    (("Operations Lead", "运营主管"), BuyingRole::User),
    (("Project Manager", "项目经理"), BuyingRole::Champion),
    (("Engineer", "工程师"), BuyingRole::Influencer),
];
pub(crate) const SUMMARIES: &[(InteractionKind, Pair)] = &[
    (
        InteractionKind::Visit,
        ("On-site visit: reviewed rollout progress", "上门拜访：回顾项目进展"),
    ),
    (InteractionKind::Call, ("Call about next quarter's volumes", "电话沟通下季度采购量")),
    (InteractionKind::Email, ("Sent the updated proposal", "发送更新后的方案")),
    (InteractionKind::Meeting, ("Quarterly business review", "季度业务回顾会议")),
    (InteractionKind::Event, ("Attended our customer summit", "参加客户峰会")),
    (InteractionKind::Training, ("Trained their operations team", "为运营团队提供培训")),
    (InteractionKind::Complaint, ("Delivery arrived late", "交付延迟")),
    (InteractionKind::Referral, ("Introduced us to a partner company", "向合作伙伴推荐我们")),
];
/// Order volume by month (Jan..Dec): quiet around the Spring Festival, strong at year end.
pub(crate) const SEASON: [f64; 12] =
    [0.8, 0.55, 0.95, 1.0, 1.0, 1.05, 0.95, 0.9, 1.05, 1.1, 1.25, 1.4];

pub(crate) const GOALS: &[Pair] = &[
    ("Open a second plant in Southeast Asia by 2028", "2028年前在东南亚建成第二工厂"),
    ("Cut supply-chain cost by 8%", "供应链成本降低8%"),
    ("Digitise quality control on every line", "所有产线实现质量管控数字化"),
    ("Double export sales within three years", "三年内出口销售额翻番"),
    ("Reach carbon neutrality in operations by 2030", "2030年前实现运营碳中和"),
];
pub(crate) const CHALLENGES: &[Pair] = &[
    ("Raw-material prices squeeze margins", "原材料价格上涨挤压利润"),
    ("Skilled engineers are hard to hire", "高级工程师招聘困难"),
    ("A new competitor undercuts on price", "新进入的竞争对手低价竞争"),
];
pub(crate) const VALUES: &[(Pair, Pair)] = &[
    (
        ("Predictive maintenance that prevents unplanned stops", "预测性维护，避免非计划停机"),
        ("Unplanned downtime down 20%", "非计划停机减少20%"),
    ),
    (
        ("One platform for every plant's quality data", "统一平台管理各工厂质量数据"),
        ("Audit preparation from two weeks to two days", "审核准备从两周缩短到两天"),
    ),
    (
        ("Inventory planning from live demand", "基于实时需求的库存计划"),
        ("Inventory cost down 15%", "库存成本降低15%"),
    ),
];
pub(crate) const STRATEGIES: &[Pair] = &[
    ("Invite to our executive briefing", "邀请参加高层交流会"),
    ("Weekly check-in on the rollout", "每周沟通项目进展"),
    ("Reference visit to win them over", "安排标杆客户参观以争取支持"),
    ("Share the ROI study before budgeting", "预算前分享投资回报分析"),
];
pub(crate) const ACTIONS: &[Pair] = &[
    ("Run the quarterly business review", "召开季度业务回顾"),
    ("Send the ROI study to the CFO", "向财务总监发送投资回报分析"),
    ("Workshop on next year's roadmap", "举办明年路线图研讨会"),
    ("Introduce our product director", "引荐我方产品总监"),
    ("Collect a customer success story", "收集客户成功案例"),
    ("Resolve the open delivery complaint", "解决未结的交付投诉"),
    ("Map the new procurement team", "梳理新的采购团队"),
    ("Prepare the renewal proposal", "准备续约方案"),
];
pub(crate) const RISKS: &[(Pair, Pair)] = &[
    (
        ("Competitor quotes 15% below our price", "竞争对手报价低15%"),
        ("Show total cost of ownership, not unit price", "展示总拥有成本而非单价"),
    ),
    (
        ("Our champion may move to another division", "我方支持者可能调岗"),
        ("Build a second relationship in operations", "在运营部门建立第二联系人"),
    ),
    (
        ("Budget freeze after a weak quarter", "业绩不佳导致预算冻结"),
        ("Phase the rollout to fit this year's budget", "分阶段实施以匹配今年预算"),
    ),
];
pub(crate) const RESOURCES: &[(Pair, Pair)] = &[
    (("Product engineering", "产品研发部"), ("Integration with their MES", "与其MES系统集成")),
    (("Customer success", "客户成功部"), ("An on-site engineer for the rollout", "派驻现场工程师")),
    (("Finance", "财务部"), ("Payment terms of 90 days", "90天付款账期")),
];
pub(crate) const REVIEW_NOTES: &[(Pair, Pair)] = &[
    (
        (
            "Rollout on plan; procurement asks for a price review",
            "项目按计划推进；采购要求价格复核",
        ),
        ("Keep price; add training days instead", "维持价格，改为增加培训天数"),
    ),
    (
        ("Volumes below forecast after the holiday", "节后采购量低于预期"),
        ("Escalate to the executive sponsor", "升级至高管赞助人"),
    ),
    (
        ("New CTO is open to a pilot", "新任技术总监愿意试点"),
        ("Propose a 3-month pilot", "提出为期3个月的试点方案"),
    ),
];
pub(crate) const OUTCOMES: &[Pair] = &[
    ("Revenue target met; contract renewed for two years", "完成营收目标，续约两年"),
    ("Target missed by a tenth: lost the packaging line", "差一成未达标：失去包装线业务"),
];
pub(crate) const SPONSORS: &[Pair] = &[
    ("Grace Lin", "林芳"),
    ("Henry Zhou", "周建国"),
    ("Olivia Xu", "徐静"),
    ("Daniel Ma", "马骏"),
];
