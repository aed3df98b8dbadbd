"""IT support requests of the demo about networks and access: VPN, Wi-Fi, outages, locked
accounts, file-share rights and the ERP system."""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Any

from ticketwise.cli.demo_data.model import Lines, Scenario
from ticketwise.cli.demo_data.values import (
    ANY_OS,
    WINDOWS,
    asset_number,
    internal_ip,
    office_site,
    pick,
)


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
    return {
        "software": "",
        "affected_users": rng.randint(8, 40),
        "room": room,
        "site": office_site(rng, language),
    }


def _outage(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "error_code": "ERR_NETWORK_CHANGED",
        "remote_address": internal_ip(rng),
        "affected_users": rng.randint(40, 120),
        "site": office_site(rng, language),
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
