"""The people of the demo: the service desk's staff, teams and skills, and the customers it serves.

Every address uses a subdomain of ``example.com`` (RFC 2606), so nothing sent to them can reach
anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

STAFF_DOMAIN = "helpdesk.example.com"
DEMO_ADMIN_EMAIL = f"admin@{STAFF_DOMAIN}"


@dataclass(frozen=True)
class SkillDef:
    key: str
    name: str
    description: str


@dataclass(frozen=True)
class StaffDef:
    key: str
    name: str
    role: str  # "supervisor" or "agent"
    locale: str
    skills: tuple[tuple[str, int], ...]  # (skill key, level 1..5)
    availability: str = "online"
    capacity: int = 20

    @property
    def email(self) -> str:
        return f"{self.key}@{STAFF_DOMAIN}"


@dataclass(frozen=True)
class TeamDef:
    key: str
    name: str
    description: str
    lead: str  # staff key, also a member
    members: tuple[str, ...]


@dataclass(frozen=True)
class OrganizationDef:
    key: str
    name: str
    domains: tuple[str, ...]
    vip: bool = False
    shared_tickets: bool = False
    notes: str = ""


@dataclass(frozen=True)
class CustomerDef:
    """A requester: ``portal`` ones get an account; one without e-mail is known by phone only."""

    key: str
    name: str
    language: str  # "zh" or "en"
    organization: str | None
    email: str | None
    portal: bool = False
    phone: str | None = None


SKILLS: tuple[SkillDef, ...] = (
    SkillDef("windows", "Windows 桌面 / Windows desktop", "Windows clients, drivers, Office deployment."),
    SkillDef("office", "办公软件 / Office & e-mail", "Microsoft 365, Outlook, WPS."),
    SkillDef("network", "网络与 VPN / Network & VPN", "LAN, Wi-Fi, firewalls and remote access."),
    SkillDef(
        "accounts", "账号与权限 / Accounts & access", "Directory accounts, passwords, file-share rights."
    ),
    SkillDef("erp", "ERP 系统 / ERP systems", "SAP and Kingdee key-user support."),
    SkillDef("production", "产线设备 / Production equipment", "SMT, CNC, material handling."),
    SkillDef("hvac", "暖通空调 / HVAC & refrigeration", "Air conditioning, cold rooms."),
    SkillDef("electrical", "电气 / Electrical", "Power distribution, UPS, generators, lifts."),
    SkillDef("office_equipment", "办公设备 / Office equipment", "Copiers, printers, projectors."),
    SkillDef("complaints", "投诉处理 / Complaint handling", "De-escalation and service recovery."),
    SkillDef("billing", "账单与发票 / Billing & invoices", "Refunds, invoices, pricing questions."),
    SkillDef("facilities", "行政事务 / Facilities", "Rooms, supplies, access cards, furniture."),
    SkillDef("travel", "差旅与报销 / Travel & expenses", "Bookings and reimbursement rules."),
    SkillDef("english", "英语服务 / English-language support", "Serves English-speaking customers."),
)

STAFF: tuple[StaffDef, ...] = (
    StaffDef(
        "wang.jianguo", "王建国", "supervisor", "zh_CN", (("network", 5), ("accounts", 4), ("windows", 4))
    ),
    StaffDef(
        "chen.lihua", "陈立华", "supervisor", "zh_CN", (("production", 5), ("electrical", 4), ("hvac", 3))
    ),
    StaffDef(
        "emily.carter",
        "Emily Carter",
        "supervisor",
        "en",
        (("complaints", 5), ("billing", 4), ("english", 5)),
    ),
    StaffDef("li.na", "李娜", "agent", "zh_CN", (("windows", 4), ("office", 5), ("accounts", 3))),
    StaffDef("sun.hao", "孙浩", "agent", "zh_CN", (("network", 5), ("windows", 3), ("english", 3))),
    StaffDef(
        "zhang.wei", "张伟", "agent", "zh_CN", (("erp", 5), ("windows", 3), ("office_equipment", 3)), "away"
    ),
    StaffDef("james.miller", "James Miller", "agent", "en", (("windows", 4), ("network", 3), ("english", 5))),
    StaffDef(
        "liu.yang", "刘洋", "agent", "zh_CN", (("production", 4), ("electrical", 4), ("office_equipment", 3))
    ),
    StaffDef("zhou.peng", "周鹏", "agent", "zh_CN", (("hvac", 5), ("electrical", 3)), "offline"),
    StaffDef(
        "david.brown", "David Brown", "agent", "en", (("office_equipment", 4), ("hvac", 3), ("english", 5))
    ),
    StaffDef("zhao.min", "赵敏", "agent", "zh_CN", (("complaints", 5), ("billing", 3))),
    StaffDef(
        "sarah.johnson", "Sarah Johnson", "agent", "en", (("complaints", 4), ("billing", 4), ("english", 5))
    ),
    StaffDef("wu.jing", "吴静", "agent", "zh_CN", (("facilities", 5), ("travel", 4))),
    StaffDef(
        "xu.li", "徐丽", "agent", "zh_CN", (("travel", 5), ("facilities", 3), ("english", 3)), capacity=15
    ),
)

TEAMS: tuple[TeamDef, ...] = (
    TeamDef(
        "it",
        "IT 服务台 / IT Service Desk",
        "电脑、账号、软件、网络与 VPN。Computers, accounts, software, network and VPN.",
        "wang.jianguo",
        ("wang.jianguo", "li.na", "sun.hao", "zhang.wei", "james.miller"),
    ),
    TeamDef(
        "field",
        "设备维修 / Field Maintenance",
        "生产、楼宇与办公设备的维修保养。Repair and upkeep of production, building and office equipment.",
        "chen.lihua",
        ("chen.lihua", "liu.yang", "zhou.peng", "david.brown", "zhang.wei"),
    ),
    TeamDef(
        "care",
        "客户服务 / Customer Care",
        "投诉、建议、账单与一般咨询。Complaints, suggestions, billing and general questions.",
        "emily.carter",
        ("emily.carter", "zhao.min", "sarah.johnson"),
    ),
    TeamDef(
        "admin",
        "行政 / Admin Services",
        "办公用品、会议室、门禁、差旅与报销。Supplies, rooms, access cards, travel and expenses.",
        "wu.jing",
        ("wu.jing", "xu.li", "emily.carter"),
    ),
)

# Which team handles each built-in type by default.
TYPE_TEAMS = {
    "it_support": "it",
    "equipment_repair": "field",
    "complaint_suggestion": "care",
    "internal_admin": "admin",
    "general_inquiry": "care",
}

ORGANIZATIONS: tuple[OrganizationDef, ...] = (
    OrganizationDef(
        "xingchen",
        "星辰制造有限公司 / Xingchen Manufacturing",
        ("xingchen-mfg.example.com",),
        vip=True,
        shared_tickets=True,
        notes="VIP：年度服务合同，产线故障 30 分钟响应。VIP: annual contract, 30-minute response for line stops.",
    ),
    OrganizationDef("huaxin", "华信科技 / Huaxin Technology", ("huaxin-tech.example.com",)),
    OrganizationDef("bluepeak", "蓝峰物流 / BluePeak Logistics", ("bluepeak-logistics.example.com",)),
    OrganizationDef(
        "ruikang",
        "瑞康医疗 / Ruikang Medical",
        ("ruikang-med.example.com",),
        notes="冷链设备 7×24 保障。24/7 cold-chain cover.",
    ),
    OrganizationDef(
        "northwind", "Northwind Retail", ("northwind-retail.example.com", "northwind.example.org")
    ),
    OrganizationDef("contoso", "Contoso Engineering", ("contoso-eng.example.com",)),
    OrganizationDef(
        "hq",
        "演示集团总部 / Demo Group HQ",
        ("hq.example.com",),
        shared_tickets=False,
        notes="内部员工。Our own employees.",
    ),
)

CUSTOMERS: tuple[CustomerDef, ...] = (
    CustomerDef(
        "chen.xiaoming", "陈晓明", "zh", "xingchen", "chen.xiaoming@xingchen-mfg.example.com", portal=True
    ),
    CustomerDef("lin.jing", "林静", "zh", "xingchen", "lin.jing@xingchen-mfg.example.com"),
    CustomerDef("huang.lei", "黄磊", "zh", "xingchen", "huang.lei@xingchen-mfg.example.com", portal=True),
    CustomerDef(
        "grace.lee", "Grace Lee", "en", "xingchen", "grace.lee@xingchen-mfg.example.com", portal=True
    ),
    CustomerDef("zheng.kai", "郑凯", "zh", "huaxin", "zheng.kai@huaxin-tech.example.com", portal=True),
    CustomerDef("he.xue", "何雪", "zh", "huaxin", "he.xue@huaxin-tech.example.com"),
    CustomerDef("ma.chao", "马超", "zh", "bluepeak", "ma.chao@bluepeak-logistics.example.com", portal=True),
    CustomerDef("gao.min", "高敏", "zh", "bluepeak", "gao.min@bluepeak-logistics.example.com"),
    CustomerDef("ryan.cooper", "Ryan Cooper", "en", "bluepeak", "ryan.cooper@bluepeak-logistics.example.com"),
    CustomerDef("luo.dan", "罗丹", "zh", "ruikang", "luo.dan@ruikang-med.example.com", portal=True),
    CustomerDef("xie.ting", "谢婷", "zh", "ruikang", "xie.ting@ruikang-med.example.com"),
    CustomerDef("priya.nair", "Priya Nair", "en", "ruikang", "priya.nair@ruikang-med.example.com"),
    CustomerDef(
        "olivia.bennett",
        "Olivia Bennett",
        "en",
        "northwind",
        "olivia.bennett@northwind-retail.example.com",
        portal=True,
    ),
    CustomerDef(
        "daniel.hughes", "Daniel Hughes", "en", "northwind", "daniel.hughes@northwind-retail.example.com"
    ),
    CustomerDef("sophie.walsh", "Sophie Walsh", "en", "northwind", "sophie.walsh@northwind.example.org"),
    CustomerDef(
        "lukas.weber", "Lukas Weber", "en", "contoso", "lukas.weber@contoso-eng.example.com", portal=True
    ),
    CustomerDef("anna.schmidt", "Anna Schmidt", "en", "contoso", "anna.schmidt@contoso-eng.example.com"),
    CustomerDef("han.mei", "韩梅", "zh", "hq", "han.mei@hq.example.com", portal=True),
    CustomerDef("tang.jie", "唐杰", "zh", "hq", "tang.jie@hq.example.com"),
    CustomerDef("xu.wen", "许文", "zh", "hq", "xu.wen@hq.example.com", portal=True),
    CustomerDef("feng.qiang", "冯强", "zh", "hq", "feng.qiang@hq.example.com"),
    CustomerDef("hannah.price", "Hannah Price", "en", "hq", "hannah.price@hq.example.com", portal=True),
    CustomerDef("mark.evans", "Mark Evans", "en", "hq", "mark.evans@hq.example.com"),
    CustomerDef("yang.fan", "杨帆", "zh", None, "yangfan88@mail.example.net"),
    CustomerDef("song.jia", "宋佳", "zh", None, "songjia@mail.example.net", portal=True),
    CustomerDef("cao.jianhua", "曹建华", "zh", None, None, phone="+86 139 1234 5678"),
    CustomerDef("jack.wilson", "Jack Wilson", "en", None, "jack.wilson@mail.example.net", portal=True),
    CustomerDef("emma.clarke", "Emma Clarke", "en", None, "emma.clarke@mail.example.net"),
)

# Who asks for what: organizations whose people file each type (None: private persons).
TYPE_REQUESTERS: dict[str, tuple[str | None, ...]] = {
    "it_support": ("hq", "huaxin", "xingchen", "contoso"),
    "equipment_repair": ("xingchen", "bluepeak", "ruikang", "contoso", "hq", None),
    "complaint_suggestion": (None, "northwind", "huaxin"),
    "internal_admin": ("hq",),
    "general_inquiry": (None, "northwind", "bluepeak", "ruikang", "contoso", "huaxin"),
}
