"""Equipment repair requests of the demo in buildings and offices: air conditioning, cold rooms,
copiers, projectors and lifts."""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Any

from ticketwise.cli.demo_data.model import Lines, Scenario
from ticketwise.cli.demo_data.values import localized, pick, place, serial_number


def _aircon(rng: Random, _day: date, language: str) -> dict[str, Any]:
    room = rng.randint(2, 9)
    return {
        "equipment_model": pick(rng, "Daikin FXMQ80PAVE", "Gree GMV-NHR80PL", "Midea MDV-D80T2"),
        "serial_number": serial_number(rng, "E", 10),
        "fault_code": pick(rng, "A3", "U4", "E6"),
        "location": place(
            rng,
            language,
            (f"上海总部 {room}F 东侧会议室", f"北京分公司 {room}F 开放办公区"),
            (f"Shanghai HQ {room}F east meeting room", f"Beijing office {room}F open area"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": localized(language, "排水泵 ×1，冷凝水管 2 m", "Drain pump ×1, condensate hose 2 m"),
    }


def _copier(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Konica Minolta bizhub C360i", "Canon iR-ADV C5535", "Ricoh IM C3000"),
        "serial_number": serial_number(rng, "A", 9),
        "fault_code": pick(rng, "J-10", "C2557", "SC542"),
        "location": place(
            rng,
            language,
            ("上海总部 12F 打印区", "深圳研发中心 3F 打印区"),
            ("Shanghai HQ 12F print area", "Shenzhen R&D 3F print area"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": localized(language, "搓纸轮组件 ×1", "Feed roller kit ×1"),
    }


def _projector(rng: Random, day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Epson EB-L630U", "Sony VPL-PHZ61", "BenQ LU935"),
        "serial_number": serial_number(rng, "X5", 8),
        "location": place(
            rng,
            language,
            ("上海总部 15F 培训室", "北京分公司 5F 大会议室"),
            ("Shanghai HQ 15F training room", "Beijing office 5F boardroom"),
        ),
        "maintenance_type": "installation",
        "spare_parts": localized(
            language, "吊架 ×1，HDMI 线 15 m ×1", "Ceiling mount ×1, HDMI cable 15 m ×1"
        ),
    }


def _coldroom(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Bitzer 4FES-5Y 压缩机组", "Copeland ZB45KQE"),
        "serial_number": serial_number(rng, "BZ", 9),
        "fault_code": pick(rng, "HI TEMP", "E1", "HP-02"),
        "location": place(
            rng,
            language,
            ("瑞康医疗 试剂冷库", "蓝峰物流 冷链库 A"),
            ("Ruikang Medical reagent cold room", "BluePeak cold store A"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": localized(language, "冷凝风机电机 ×1", "Condenser fan motor ×1"),
        "temperature": rng.randint(9, 14),
    }


def _inspection(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Otis GeN2", "KONE MonoSpace 500", "Schindler 3300"),
        "serial_number": serial_number(rng, "L", 9),
        "location": place(
            rng,
            language,
            ("上海总部 2 号客梯", "北京分公司 货梯"),
            ("Shanghai HQ passenger lift 2", "Beijing office goods lift"),
        ),
        "maintenance_type": "inspection",
    }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="eq.aircon",
        type="equipment_repair",
        category="hvac",
        team="field",
        skill="hvac",
        tags=("air-conditioning", "leak"),
        priorities=(0, 2, 6, 2),
        values=_aircon,
        attachment="photo",
        zh=Lines(
            title="{location} 空调漏水",
            description="{location} 的吊顶空调一直往下滴水，地毯已经湿了，空调面板显示 {fault_code}。型号 {equipment_model}。",
            question="{customer}您好，为避免触电风险请先关闭该空调。请问明天上午 9 点安排上门可以吗？",
            answer="可以，9 点会议室没人，前台会带师傅过去。",
            resolution="{customer}您好，已上门处理：排水泵损坏导致冷凝水溢出，已更换排水泵并疏通排水管，运行两小时无渗漏。"
            "湿地毯已通知保洁处理。",
            note="同批次空调排水泵已坏 3 台，建议下季度预防性维护时统一检查。",
        ),
        en=Lines(
            title="Air conditioner leaking in {location}",
            description="The ceiling air conditioner in {location} keeps dripping water, the carpet is wet and the "
            "panel shows {fault_code}. Model {equipment_model}.",
            question="Hi {customer}, please switch the unit off for safety. Would tomorrow at 9 am suit you for a visit?",
            answer="Yes, the room is free at 9; reception will take the technician up.",
            resolution="Hi {customer}, the drain pump had failed and the condensate overflowed. We replaced the pump and "
            "cleared the drain line; two hours of running showed no leak. Cleaning has been asked to dry the carpet.",
            note="Third drain pump of this batch to fail; suggest checking all of them at the next preventive round.",
        ),
    ),
    Scenario(
        key="eq.copier",
        type="equipment_repair",
        category="office_equipment",
        team="field",
        skill="office_equipment",
        tags=("copier", "paper-jam"),
        priorities=(0, 0, 6, 4),
        values=_copier,
        zh=Lines(
            title="复印机频繁卡纸，代码 {fault_code}",
            description="{location} 的复印机（{equipment_model}，序列号：{serial_number}）几乎每打印十几张就卡纸，"
            "屏幕显示 {fault_code}。",
            question="{customer}您好，请问卡纸都发生在哪个纸盒？用的是哪种纸？",
            answer="主要是纸盒 2，用的是行政新采购的 70g 纸。",
            resolution="{customer}您好，搓纸轮磨损加上纸张偏薄导致卡纸，已更换搓纸轮并调整纸盒 2 的纸张设置，测试 300 张无卡纸。",
            note="新采购纸张偏薄，已建议行政换回 80g。",
        ),
        en=Lines(
            title="Copier keeps jamming (code {fault_code})",
            description="The copier at {location} ({equipment_model}, serial no. {serial_number}) jams every dozen "
            "pages or so and shows {fault_code}.",
            question="Hi {customer}, which tray do the jams come from, and what paper are you using?",
            answer="Mostly tray 2, with the 70 gsm paper Admin bought recently.",
            resolution="Hi {customer}, worn feed rollers plus thin paper caused the jams. We replaced the rollers and "
            "adjusted tray 2's paper setting; 300 test pages ran without a jam.",
            note="The new paper is too thin; suggested Admin go back to 80 gsm.",
        ),
    ),
    Scenario(
        key="eq.projector",
        type="equipment_repair",
        category="office_equipment",
        team="field",
        skill="office_equipment",
        tags=("installation", "projector"),
        priorities=(0, 0, 4, 6),
        values=_projector,
        zh=Lines(
            title="{location} 新投影仪安装调试",
            description="{location} 新采购了一台 {equipment_model}（序列号 {serial_number}），需要吊装并调试，下周三有培训要用。",
            question="{customer}您好，请确认幕布尺寸和投影距离，以及是否需要无线投屏。",
            answer="幕布 120 寸，距离大约 5 米，需要无线投屏。",
            resolution="{customer}您好，投影仪已吊装完成，梯形校正和无线投屏均已调试好，使用说明贴在讲台上。",
            note="吊架和 15 m HDMI 线从库存领用。",
        ),
        en=Lines(
            title="Install and set up the new projector in {location}",
            description="{location} has a new {equipment_model} (serial no. {serial_number}) that needs ceiling "
            "mounting and setup before a training next Wednesday.",
            question="Hi {customer}, please confirm the screen size and throw distance, and whether you need wireless "
            "presenting.",
            answer="120-inch screen, about 5 m away, and yes to wireless presenting.",
            resolution="Hi {customer}, the projector is mounted, keystone and wireless presenting are set up, and a "
            "quick guide is on the lectern.",
            note="Mount and 15 m HDMI cable taken from stock.",
        ),
    ),
    Scenario(
        key="eq.coldroom",
        type="equipment_repair",
        category="hvac",
        team="field",
        skill="hvac",
        tags=("cold-chain", "temperature-alarm"),
        priorities=(4, 4, 2, 0),
        values=_coldroom,
        zh=Lines(
            title="【紧急】{location} 温度超标 {temperature}℃",
            description="{location} 温度升到 {temperature}℃（要求 2–8℃），机组报警 {fault_code}，"
            "库里有一批试剂，请尽快派人。机组型号 {equipment_model}。",
            question="{customer}您好，工程师 40 分钟内到场。请先把高价值试剂转移到备用冷柜，并尽量减少开门。",
            answer="已经转移到备用冷柜，门也关好了。",
            resolution="{customer}您好，冷凝风机电机烧毁导致制冷失效，已更换电机，库温 1 小时内恢复到 5℃，请持续监控温度记录。",
            note="温度超标约 2 小时，客户需自行评估试剂质量，已在回复中提醒。建议加装温度短信报警。",
        ),
        en=Lines(
            title="URGENT: {location} at {temperature} °C",
            description="{location} has warmed up to {temperature} °C (must be 2–8 °C) and the unit shows alarm "
            "{fault_code}. There is a batch of reagents inside; please send someone now. Unit: {equipment_model}.",
            question="Hi {customer}, an engineer will be there within 40 minutes. Please move high-value stock to the "
            "backup fridge and keep the door closed.",
            answer="Stock moved to the backup fridge and the door is shut.",
            resolution="Hi {customer}, the condenser fan motor had burnt out. Motor replaced; the room was back at "
            "5 °C within an hour. Please keep watching the temperature log.",
            note="About 2 h out of range; the customer must assess the reagents (reminded in the reply). Recommend an "
            "SMS temperature alarm.",
        ),
    ),
    Scenario(
        key="eq.lift",
        type="equipment_repair",
        category="mechanical",
        team="field",
        skill="electrical",
        tags=("lift", "inspection"),
        priorities=(0, 1, 6, 3),
        values=_inspection,
        zh=Lines(
            title="{location} 月度检查",
            description="请安排 {location}（{equipment_model}，注册编号 {serial_number}）本月的例行检查，并更新检查记录。",
            question="{customer}您好，检查期间电梯需停用约 1 小时，请确认本周四下午 2 点是否方便。",
            answer="周四下午可以，我们会在电梯口贴通知。",
            resolution="{customer}您好，月度检查已完成，制动器、门机和安全回路均正常，检查记录已更新。",
            note="门机皮带轻微磨损，下次检查重点关注。",
        ),
        en=Lines(
            title="Monthly inspection of {location}",
            description="Please schedule this month's routine inspection of {location} ({equipment_model}, registration "
            "no. {serial_number}) and update the log book.",
            question="Hi {customer}, the lift is out of service for about an hour during the inspection. Does Thursday "
            "2 pm suit you?",
            answer="Thursday afternoon is fine; we will put up a notice at the lift.",
            resolution="Hi {customer}, the monthly inspection is done; brakes, door operator and safety circuit are all "
            "fine and the log book is updated.",
            note="Door-operator belt slightly worn; check it closely next time.",
        ),
    ),
)
