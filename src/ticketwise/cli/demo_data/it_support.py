"""IT support requests of the demo: VPN, e-mail, crashes, accounts, printers, Wi-Fi, business systems."""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Any

from ticketwise.cli.demo_data.model import Lines, Scenario
from ticketwise.cli.demo_data.values import (
    ANY_OS,
    MACOS,
    OFFICE_SITES_EN,
    OFFICE_SITES_ZH,
    WINDOWS,
    asset_number,
    internal_ip,
    pick,
)


def _site(rng: Random, language: str) -> str:
    return rng.choice(OFFICE_SITES_ZH if language == "zh" else OFFICE_SITES_EN)


def _vpn(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    client = pick(rng, "EasyConnect 7.6.7", "Cisco AnyConnect 4.10", "FortiClient 7.2")
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(ANY_OS[:5]),
        "software": client,
        "error_code": pick(rng, "0x80070005", "SSL handshake failed", "Login denied (442)"),
        "remote_address": internal_ip(rng),
        "affected_users": 1,
    }


def _outlook(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS),
        "software": pick(rng, "Outlook (Microsoft 365 Apps 2405)", "Outlook 2021", "Foxmail 7.2"),
        "error_code": pick(rng, "0x800CCC0E", "0x8004010F", "0x80040115"),
        "affected_users": 1,
    }


def _bluescreen(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS),
        "software": "",
        "error_code": pick(rng, "0x0000007E", "0x000000EF", "0x00000133", "0x0000007B"),
        "affected_users": 1,
    }


def _locked(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    system = pick(rng, "SAP ERP", "OA 办公系统", "Windows domain account", "Kingdee K/3 Cloud")
    return {
        "software": system,
        "error_code": pick(rng, "AD-775", "USER_LOCKED", "E1102"),
        "affected_users": 1,
        "employee_id": f"E{rng.randint(10000, 99999)}",
    }


def _share(rng: Random, _day: date, language: str) -> dict[str, Any]:
    folder = pick(rng, r"\\fs01\finance\2026", r"\\fs01\sales\contracts", r"\\fs02\rnd\specs")
    return {"software": "Windows File Share", "affected_users": rng.randint(1, 3), "folder": folder}


def _erp(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    transaction = pick(rng, "MIGO", "VL02N", "ME21N", "FB60")
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS),
        "software": "SAP GUI 7.70",
        "error_code": pick(rng, "M7 021", "VL 086", "F5 155", "ME 083"),
        "affected_users": rng.randint(1, 12),
        "transaction": transaction,
        "doc_no": str(rng.randint(100000, 999999)),
        "material": f"MAT-{rng.randint(10000, 99999)}",
    }


def _wifi(rng: Random, _day: date, language: str) -> dict[str, Any]:
    room = (
        pick(rng, "3A", "5C", "7B", "12F 大会议室")
        if language == "zh"
        else pick(rng, "3A", "5C", "7B", "the 12F boardroom")
    )
    return {"software": "", "affected_users": rng.randint(8, 40), "room": room, "site": _site(rng, language)}


def _printer(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS),
        "software": pick(rng, "HP Universal Print Driver 7.1", "Konica Minolta PCL6 driver"),
        "error_code": "0x00000709",
        "affected_users": rng.randint(1, 15),
        "site": _site(rng, language),
    }


def _excel(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS + MACOS),
        "software": pick(rng, "Excel (Microsoft 365 Apps 2405)", "WPS Office 12.1"),
        "error_code": pick(rng, "0xc0000005", "Event 1000 EXCEL.EXE"),
        "affected_users": 1,
    }


def _new_hire(rng: Random, day: date, language: str) -> dict[str, Any]:
    return {
        "os_version": rng.choice(WINDOWS[:2]),
        "affected_users": rng.randint(1, 4),
        "site": _site(rng, language),
    }


def _dock(rng: Random, _day: date, _language: str) -> dict[str, Any]:
    return {
        "asset_number": asset_number(rng),
        "os_version": rng.choice(WINDOWS),
        "software": pick(rng, "Dell WD19S dock firmware 01.00.32", "Lenovo ThinkPad USB-C Dock Gen 2"),
        "affected_users": 1,
    }


def _outage(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "error_code": "ERR_NETWORK_CHANGED",
        "remote_address": internal_ip(rng),
        "affected_users": rng.randint(40, 120),
        "site": _site(rng, language),
    }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="it.vpn",
        type="it_support",
        category="network.vpn",
        team="it",
        skill="network",
        tags=("vpn", "remote-work"),
        priorities=(0, 3, 6, 1),
        values=_vpn,
        attachment="screenshot",
        zh=Lines(
            title="在家连不上公司 VPN，提示 {error_code}",
            description="从今天早上开始，在家用 {software} 连接公司 VPN 一直失败，提示错误代码：{error_code}。\n"
            "电脑资产编号：{asset_number}，系统 {os_version}。家里网络正常，其他网站都能打开。\n"
            "下午要用 ERP 做月结，麻烦尽快处理。",
            question="{customer}您好，麻烦确认一下：1）VPN 客户端右下角显示的版本号；2）用手机热点连接是否同样失败？"
            "方便的话请提供远程协助 ID，我们远程看一下。",
            answer="用手机热点也一样连不上。客户端版本就是 {software}，远程地址 {remote_address}，我下午两点后都在电脑旁。",
            resolution="{customer}您好，已远程处理：您电脑上的 VPN 证书已过期，我们重新签发并导入了证书，"
            "同时把客户端升级到最新版本。刚才测试已经可以正常连接，请您再试一下。如有问题直接回复本工单即可。",
            note="证书 2 天前批量过期，影响居家办公用户。已通知网络组检查证书自动续期任务。",
        ),
        en=Lines(
            title="Cannot connect to the company VPN from home ({error_code})",
            description="Since this morning {software} fails to connect from home with error code: {error_code}.\n"
            "Asset number: {asset_number}, {os_version}. My home internet works fine otherwise.\n"
            "I need the VPN for the month-end close this afternoon.",
            question="Hi {customer}, could you tell us 1) the client version shown in the About box and 2) whether it "
            "also fails on a phone hotspot? A remote-assistance ID would let us look directly.",
            answer="It fails on my phone hotspot as well. The client is {software}; remote address {remote_address}. "
            "I am at my desk after 2 pm.",
            resolution="Hi {customer}, we connected remotely: the VPN certificate on your laptop had expired. We issued "
            "a new one and updated the client; the test connection works now. Please try again and reply here if "
            "anything is still wrong.",
            note="The certificate batch expired two days ago; several remote workers are affected. Asked the network "
            "team to check the auto-renewal job.",
        ),
    ),
    Scenario(
        key="it.outlook",
        type="it_support",
        category="email",
        team="it",
        skill="office",
        tags=("email", "outlook"),
        priorities=(0, 2, 6, 2),
        values=_outlook,
        zh=Lines(
            title="Outlook 收不到新邮件，发送报错 {error_code}",
            description="{software} 从昨天下午开始收不到新邮件，发邮件时提示错误 {error_code}。\n"
            "网页版邮箱可以正常收发。资产编号 {asset_number}，系统 {os_version}。",
            question="{customer}您好，请问最近是否修改过邮箱密码？另外麻烦截图一下 Outlook 左下角的连接状态。",
            answer="上周五按提示改过一次密码，左下角显示“需要密码”。",
            resolution="{customer}您好，原因是修改密码后 Outlook 里保存的旧凭据失效。我们已清除 Windows 凭据管理器中的旧密码"
            "并重新登录，目前收发正常，积压的邮件也已同步下来。",
            note="凭据缓存问题，本周第 3 例。建议下次改密提醒邮件里加上重新登录 Outlook 的说明。",
        ),
        en=Lines(
            title="Outlook stopped receiving mail, sending fails with {error_code}",
            description="Since yesterday afternoon {software} receives no new mail and sending fails with {error_code}.\n"
            "Webmail works normally. Asset {asset_number}, {os_version}.",
            question="Hi {customer}, did you change your mailbox password recently? Please also send a screenshot of the "
            "connection status in Outlook's status bar.",
            answer='Yes, I changed it last Friday when prompted. The status bar says "Need password".',
            resolution="Hi {customer}, Outlook kept the old password after the change. We removed it from Windows "
            "Credential Manager and signed you in again; mail flows normally and the backlog has synced.",
            note="Cached-credential issue, third one this week. Suggest adding an Outlook re-login hint to the "
            "password-expiry reminder.",
        ),
    ),
    Scenario(
        key="it.bsod",
        type="it_support",
        category="hardware.computer",
        team="it",
        skill="windows",
        tags=("bsod", "laptop"),
        priorities=(0, 3, 6, 1),
        values=_bluescreen,
        attachment="screenshot",
        zh=Lines(
            title="笔记本频繁蓝屏，错误代码 {error_code}",
            description="这两天笔记本一天蓝屏三四次，蓝屏上显示错误代码 {error_code}，重启后能用一会儿。\n"
            "资产编号：{asset_number}，系统 {os_version}。蓝屏截图见附件。",
            question="{customer}您好，蓝屏一般发生在什么操作时？最近有没有安装新软件或外接新设备？",
            answer="好像都是插上扩展坞、接第二个显示器的时候。上周 IT 推送过一次显卡驱动更新。",
            resolution="{customer}您好，经分析内存转储，蓝屏由上周推送的显卡驱动与扩展坞固件不兼容导致。"
            "已回退显卡驱动并升级扩展坞固件，连续测试两小时未再复现，请继续观察，如再出现请回复本工单。",
            note="dump 显示 igdkmd64.sys 异常。需要在驱动推送策略里把 31.0.101.4255 排除，已反馈给桌面管理组。",
        ),
        en=Lines(
            title="Laptop keeps crashing with a blue screen ({error_code})",
            description="My laptop has shown a blue screen three or four times a day for two days, with stop code "
            "{error_code}. It works for a while after a restart.\nAsset number: {asset_number}, {os_version}. "
            "A photo of the screen is attached.",
            question="Hi {customer}, what are you usually doing when it crashes? Did you install any new software or "
            "connect a new device recently?",
            answer="It seems to happen when I plug in the docking station with the second monitor. IT pushed a graphics "
            "driver update last week.",
            resolution="Hi {customer}, the memory dump points to last week's graphics driver, which does not get along "
            "with your dock's firmware. We rolled the driver back and updated the dock; two hours of testing showed "
            "no crash. Please keep an eye on it and reply here if it happens again.",
            note="Dump blames igdkmd64.sys. Driver 31.0.101.4255 should be excluded from the push policy; told the "
            "desktop team.",
        ),
    ),
    Scenario(
        key="it.locked",
        type="it_support",
        category="account.password",
        team="it",
        skill="accounts",
        tags=("password", "account-locked"),
        priorities=(0, 2, 6, 2),
        values=_locked,
        zh=Lines(
            title="{software} 账号被锁定，无法登录",
            description="早上登录 {software} 时输错了几次密码，现在提示账号已锁定（{error_code}）。今天要提交报销单，请帮忙解锁并重置密码。",
            question="{customer}您好，为核实身份，请提供您的工号以及直属主管姓名。",
            answer="工号 {employee_id}，主管是财务部王经理。",
            resolution="{customer}您好，账号已解锁，临时密码已通过短信发送到您登记的手机，首次登录后请立即修改。"
            "建议开启自助密码重置，以后可以自己解锁。",
            note="已核实工号与 HR 系统一致，按流程解锁。",
        ),
        en=Lines(
            title="{software} account locked out",
            description="I mistyped my password a few times this morning and {software} now says my account is locked "
            "({error_code}). I need to submit an expense report today; please unlock it and reset the password.",
            question="Hi {customer}, to verify your identity please give us your employee ID and your line manager's name.",
            answer="Employee ID {employee_id}, my manager is Linda Zhou in Finance.",
            resolution="Hi {customer}, your account is unlocked and a temporary password was sent by SMS to your "
            "registered phone; please change it at first sign-in. Enabling self-service password reset lets you "
            "unlock it yourself next time.",
            note="Employee ID matches the HR record; unlocked per procedure.",
        ),
    ),
    Scenario(
        key="it.share",
        type="it_support",
        category="account.permission",
        team="it",
        skill="accounts",
        tags=("permission", "file-share"),
        priorities=(0, 1, 5, 4),
        values=_share,
        zh=Lines(
            title="申请共享盘 {folder} 的读写权限",
            description="因项目需要，申请开通共享文件夹 {folder} 的读写权限，共 {affected_users} 人（名单见下）。部门负责人已同意。",
            question="{customer}您好，该目录属于受控目录，请让部门负责人在本工单中回复确认，或邮件抄送 IT。",
            answer="已请负责人邮件确认并抄送 it-helpdesk，请查收。",
            resolution="{customer}您好，已为申请人开通 {folder} 的读写权限，重新登录电脑或注销后即可生效。",
            note="负责人确认邮件已归档到权限审批记录。",
        ),
        en=Lines(
            title="Request read/write access to {folder}",
            description="For our project we need read/write access to the shared folder {folder} for {affected_users} "
            "people (names below). Our department head has agreed.",
            question="Hi {customer}, this folder is access-controlled: please ask your department head to confirm in "
            "this ticket or by e-mail to IT.",
            answer="My department head has e-mailed the confirmation to it-helpdesk.",
            resolution="Hi {customer}, read/write access to {folder} is granted; it takes effect after signing out and "
            "back in.",
            note="Approval e-mail filed with the access-review records.",
        ),
    ),
    Scenario(
        key="it.erp",
        type="it_support",
        category="software.business",
        team="it",
        skill="erp",
        tags=("sap", "erp"),
        priorities=(1, 4, 4, 1),
        values=_erp,
        attachment="screenshot",
        zh=Lines(
            title="SAP {transaction} 过账报错 {error_code}",
            description="在 {software} 里用 {transaction} 过账时报错 {error_code}，仓库这边 {affected_users} 个人都一样，"
            "今天的收货单都卡住了。截图见附件。",
            question="{customer}您好，请提供一个报错的凭证号和物料号，方便我们在测试系统复现。",
            answer="凭证号 5000{doc_no}，物料号 {material}。",
            resolution="{customer}您好，原因是本月会计期间未打开，已由财务关键用户打开 MM 期间，"
            "请重新过账。已过账的单据无需重复操作。",
            note="月初期间切换漏了一个公司代码，已提醒财务 KU 检查期间清单。",
        ),
        en=Lines(
            title="SAP {transaction} posting fails with {error_code}",
            description="Posting in {software} with {transaction} fails with message {error_code}. All {affected_users} "
            "people in the warehouse get the same error and today's goods receipts are blocked. Screenshot attached.",
            question="Hi {customer}, please send one failing document number and the material number so we can "
            "reproduce it in the test system.",
            answer="Document 5000{doc_no}, material {material}.",
            resolution="Hi {customer}, the posting period for this month was not open. The finance key user opened the "
            "MM period; please post again. Documents already posted need nothing.",
            note="One company code was missed in the period roll-over; reminded the finance key user to use the checklist.",
        ),
    ),
    Scenario(
        key="it.wifi",
        type="it_support",
        category="network.wifi",
        team="it",
        skill="network",
        tags=("wifi", "meeting-room"),
        priorities=(0, 2, 6, 2),
        values=_wifi,
        zh=Lines(
            title="{site} {room} 会议室无线网络很卡",
            description="{site} {room} 会议室的 Wi-Fi 信号很弱，开视频会议经常掉线，大约 {affected_users} 人受影响。",
            question="{customer}您好，请问是所有设备都卡，还是只有笔记本？大概几点最明显？",
            answer="手机和笔记本都卡，上午十点和下午两点开会人多的时候最严重。",
            resolution="{customer}您好，现场检测发现该区域 AP 信道拥塞且只有一台 AP。已调整信道并新增一台 AP，"
            "实测下载速率从 5 Mbps 提升到 180 Mbps，请再试试看。",
            note="新增 AP 已登记到资产台账，顺便把该楼层 AP 固件统一升级了。",
        ),
        en=Lines(
            title="Wi-Fi very slow in meeting room {room} at {site}",
            description="The Wi-Fi in meeting room {room} at {site} is weak; video calls keep dropping. About "
            "{affected_users} people are affected.",
            question="Hi {customer}, is it slow on every device or only laptops? At what time is it worst?",
            answer="Phones and laptops alike, worst around 10 am and 2 pm when the rooms are full.",
            resolution="Hi {customer}, a site survey showed a congested channel and only one access point for the area. "
            "We changed the channel and added an access point; measured throughput went from 5 to 180 Mbps.",
            note="New AP added to the asset register; upgraded the firmware of all APs on that floor while there.",
        ),
    ),
    Scenario(
        key="it.printer",
        type="it_support",
        category="hardware.printer",
        team="it",
        skill="windows",
        tags=("printer",),
        priorities=(0, 1, 6, 3),
        values=_printer,
        zh=Lines(
            title="无法添加网络打印机，报错 {error_code}",
            description="{site} 打印区的打印机添加不了，Windows 提示“操作无法完成(错误 {error_code})”。"
            "资产编号 {asset_number}，驱动 {software}。大约 {affected_users} 个同事都打印不了。",
            question="{customer}您好，请问是本周装过系统更新之后才出现的吗？",
            answer="对，周二自动更新重启之后就不行了。",
            resolution="{customer}您好，这是近期 Windows 更新导致的已知问题，我们已通过组策略统一调整 RPC 打印设置，"
            "受影响的电脑重启后即可正常添加打印机。",
            note="与微软 KB5005565 相关，策略已下发到该楼层 OU，其他楼层观察中。",
        ),
        en=Lines(
            title="Cannot add the network printer, error {error_code}",
            description='The printer in the print area at {site} cannot be added; Windows says "Operation could not be '
            'completed (error {error_code})". Asset {asset_number}, driver {software}. About {affected_users} '
            "colleagues cannot print.",
            question="Hi {customer}, did this start after this week's system updates?",
            answer="Yes, right after the automatic update and restart on Tuesday.",
            resolution="Hi {customer}, this is a known issue after a recent Windows update. We changed the RPC printing "
            "setting by group policy; after a restart the affected computers can add the printer again.",
            note="Related to KB5005565. Policy applied to this floor's OU; watching the other floors.",
        ),
    ),
    Scenario(
        key="it.excel",
        type="it_support",
        category="software.office",
        team="it",
        skill="office",
        tags=("excel", "crash"),
        priorities=(0, 1, 6, 3),
        values=_excel,
        attachment="log",
        zh=Lines(
            title="{software} 打开大文件就崩溃",
            description="打开超过 50 MB 的报表文件时 {software} 直接闪退，事件日志里是 {error_code}。"
            "资产编号 {asset_number}，{os_version}。日志已附上。",
            question="{customer}您好，能否把出问题的文件放到共享盘发个路径给我们？另外请确认是否装了第三方插件。",
            answer="文件在 \\\\fs01\\finance\\report.xlsx，装了一个报表插件。",
            resolution="{customer}您好，是第三方报表插件与新版 Office 冲突。已禁用该插件并联系厂商获取新版，"
            "现在大文件可以正常打开。插件更新后我们会通知您。",
            note="插件厂商预计下周发布修复版本，届时统一升级。",
        ),
        en=Lines(
            title="{software} crashes when opening large files",
            description="{software} closes immediately when I open reports larger than 50 MB; the event log shows "
            "{error_code}. Asset {asset_number}, {os_version}. Log attached.",
            question="Hi {customer}, could you put the failing file on the share and send us the path? Also, do you use "
            "any third-party add-ins?",
            answer="The file is \\\\fs01\\finance\\report.xlsx and I use a reporting add-in.",
            resolution="Hi {customer}, the third-party reporting add-in conflicts with the new Office build. We disabled "
            "it and asked the vendor for an update; large files open fine now. We will tell you when the add-in is "
            "updated.",
            note="Vendor expects a fixed release next week; we will roll it out then.",
        ),
    ),
    Scenario(
        key="it.newhire",
        type="it_support",
        category="hardware.computer",
        team="it",
        skill="windows",
        tags=("onboarding",),
        priorities=(0, 0, 4, 6),
        values=_new_hire,
        zh=Lines(
            title="新员工入职电脑及账号准备（{affected_users} 人）",
            description="下周一有 {affected_users} 位新同事入职 {site}，请准备笔记本（{os_version}）、域账号、邮箱和 VPN 权限。",
            question="{customer}您好，请提供新同事的姓名、部门和岗位，以便确定软件清单。",
            answer="名单已通过 HR 系统提交，岗位均为销售代表。",
            resolution="{customer}您好，电脑已安装好并贴好资产标签，账号和邮箱已开通，初始密码将在入职当天由 IT 现场交付。",
            note="销售岗标准镜像 + CRM 客户端，已从库存出库。",
        ),
        en=Lines(
            title="New starters: laptops and accounts ({affected_users} people)",
            description="{affected_users} new colleagues start at {site} next Monday. Please prepare laptops "
            "({os_version}), domain accounts, mailboxes and VPN access.",
            question="Hi {customer}, please send the new starters' names, departments and roles so we know which "
            "software to install.",
            answer="The list was submitted through the HR system; they are all sales representatives.",
            resolution="Hi {customer}, the laptops are imaged and labelled, accounts and mailboxes are ready; IT hands "
            "over the initial passwords in person on the first day.",
            note="Standard sales image plus CRM client; units booked out of stock.",
        ),
    ),
    Scenario(
        key="it.dock",
        type="it_support",
        category="hardware.peripheral",
        team="it",
        skill="windows",
        tags=("monitor", "dock"),
        priorities=(0, 0, 5, 5),
        values=_dock,
        zh=Lines(
            title="扩展坞接第二台显示器没有信号",
            description="用 {software} 接两台显示器，只有一台亮，另一台提示无信号。资产编号 {asset_number}，{os_version}。",
            question="{customer}您好，请问两台显示器分别接在扩展坞的哪个接口上？线缆是 HDMI 还是 DP？",
            answer="一台 HDMI，一台 DP 转 HDMI 的转接头。",
            resolution="{customer}您好，该扩展坞的 DP 口不支持被动转接头，已为您更换为 DP 直连线，两台显示器均已正常显示。",
            note="被动转接头问题常见，建议采购时统一配 DP 线。",
        ),
        en=Lines(
            title="Second monitor on the docking station shows no signal",
            description='With {software} only one of my two monitors works; the other says "No signal". Asset '
            "{asset_number}, {os_version}.",
            question="Hi {customer}, which dock ports are the monitors connected to, and are the cables HDMI or "
            "DisplayPort?",
            answer="One HDMI, and one through a DisplayPort-to-HDMI adapter.",
            resolution="Hi {customer}, the dock's DisplayPort does not support passive adapters. We replaced it with a "
            "direct DisplayPort cable and both monitors work now.",
            note="Passive adapters are a common cause; suggest buying DP cables with every dock.",
        ),
    ),
    Scenario(
        key="it.outage",
        type="it_support",
        category="network",
        team="it",
        skill="network",
        tags=("outage", "network"),
        priorities=(6, 3, 1, 0),
        values=_outage,
        zh=Lines(
            title="【紧急】{site} 整层断网",
            description="{site} 整层有线和无线网络全部中断，大约 {affected_users} 人受影响，电话也打不出去。"
            "交换机管理地址 {remote_address} ping 不通。",
            question="{customer}您好，网络组已在赶往现场。请帮忙确认弱电间的交换机指示灯状态（是否全灭）。",
            answer="弱电间交换机指示灯全灭，好像是配电箱跳闸了。",
            resolution="{customer}您好，原因是弱电间配电回路跳闸导致接入交换机断电。已恢复供电并加装 UPS，"
            "网络和电话已全部恢复，请确认。",
            note="P0 处理记录：到场 25 分钟，恢复 48 分钟。后续需行政部检查该回路负载，已建关联工单。",
        ),
        en=Lines(
            title="URGENT: whole floor offline at {site}",
            description="All wired and wireless network on the floor at {site} is down; about {affected_users} people "
            "are affected and desk phones are dead too. The switch management address {remote_address} does not "
            "answer ping.",
            question="Hi {customer}, the network team is on its way. Could you check the lights on the switch in the "
            "comms room (are they all off)?",
            answer="All lights on the switch are off; looks like a breaker tripped in the distribution box.",
            resolution="Hi {customer}, a tripped circuit in the comms room cut power to the access switches. Power is "
            "back, a UPS has been added, and network and phones are restored. Please confirm.",
            note="P0 timeline: on site in 25 min, restored in 48 min. Facilities to check the load on that circuit; "
            "follow-up ticket opened.",
        ),
    ),
)
