"""Equipment repair requests of the demo: production lines, HVAC, office machines, power, lifts."""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Any

from ticketwise.cli.demo_data.model import Lines, Scenario
from ticketwise.cli.demo_data.values import pick, serial_number


def _where(rng: Random, language: str, zh: tuple[str, ...], en: tuple[str, ...]) -> str:
    index = rng.randrange(len(zh))
    return zh[index] if language == "zh" else en[index]


def _lang(language: str, zh: str, en: str) -> str:
    return zh if language == "zh" else en


def _smt(rng: Random, _day: date, language: str) -> dict[str, Any]:
    line = rng.randint(1, 6)
    return {
        "equipment_model": pick(rng, "Yamaha YSM20R", "Panasonic NPM-W2", "Fuji NXT III"),
        "serial_number": serial_number(rng, "YS", 9),
        "fault_code": pick(rng, "E102", "E215", "E330"),
        "location": f"苏州工厂 {line} 号 SMT 产线" if language == "zh" else f"Suzhou plant, SMT line {line}",
        "maintenance_type": "corrective",
        "spare_parts": _lang(
            language, "吸嘴 ×4（Nozzle 301A），真空过滤器 ×1", "Nozzle 301A ×4, vacuum filter ×1"
        ),
        "line": line,
    }


def _aircon(rng: Random, _day: date, language: str) -> dict[str, Any]:
    room = rng.randint(2, 9)
    return {
        "equipment_model": pick(rng, "Daikin FXMQ80PAVE", "Gree GMV-NHR80PL", "Midea MDV-D80T2"),
        "serial_number": serial_number(rng, "E", 10),
        "fault_code": pick(rng, "A3", "U4", "E6"),
        "location": _where(
            rng,
            language,
            (f"上海总部 {room}F 东侧会议室", f"北京分公司 {room}F 开放办公区"),
            (f"Shanghai HQ {room}F east meeting room", f"Beijing office {room}F open area"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": _lang(language, "排水泵 ×1，冷凝水管 2 m", "Drain pump ×1, condensate hose 2 m"),
    }


def _copier(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Konica Minolta bizhub C360i", "Canon iR-ADV C5535", "Ricoh IM C3000"),
        "serial_number": serial_number(rng, "A", 9),
        "fault_code": pick(rng, "J-10", "C2557", "SC542"),
        "location": _where(
            rng,
            language,
            ("上海总部 12F 打印区", "深圳研发中心 3F 打印区"),
            ("Shanghai HQ 12F print area", "Shenzhen R&D 3F print area"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": _lang(language, "搓纸轮组件 ×1", "Feed roller kit ×1"),
    }


def _cnc(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "DMG MORI NLX 2500 (FANUC 0i-TF)", "Mazak QTN-200", "Haas VF-2"),
        "serial_number": serial_number(rng, "NLX", 7),
        "fault_code": pick(rng, "SP9031", "ALM 749", "SV0436"),
        "location": _where(
            rng,
            language,
            ("苏州工厂 机加工车间 C 区", "昆山工厂 2 号车间"),
            ("Suzhou plant machining hall, zone C", "Kunshan plant, hall 2"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": _lang(
            language, "主轴轴承 ×2（NSK 7014），润滑脂 1 支", "Spindle bearing NSK 7014 ×2, grease ×1"
        ),
    }


def _ups(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(
            rng, "APC Smart-UPS SRT 10kVA", "Schneider Galaxy VS 20kVA", "Eaton 9PX 6kVA"
        ),
        "serial_number": serial_number(rng, "AS", 10),
        "fault_code": pick(rng, "F07", "BATT-LOW", "W-21"),
        "location": _where(
            rng,
            language,
            ("上海总部 B1 机房", "苏州工厂 配电室"),
            ("Shanghai HQ B1 server room", "Suzhou plant switch room"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": _lang(language, "12V 9Ah 蓄电池 ×16", "12 V 9 Ah battery ×16"),
    }


def _generator(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Cummins C150D5", "Caterpillar DE165E0"),
        "serial_number": serial_number(rng, "C", 10),
        "location": _where(
            rng,
            language,
            ("苏州工厂 发电机房", "上海总部 B2 发电机房"),
            ("Suzhou plant generator room", "Shanghai HQ B2 generator room"),
        ),
        "maintenance_type": "preventive",
        "spare_parts": _lang(
            language, "机油滤芯 ×1，空气滤芯 ×1，机油 18 L", "Oil filter ×1, air filter ×1, engine oil 18 L"
        ),
    }


def _projector(rng: Random, day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Epson EB-L630U", "Sony VPL-PHZ61", "BenQ LU935"),
        "serial_number": serial_number(rng, "X5", 8),
        "location": _where(
            rng,
            language,
            ("上海总部 15F 培训室", "北京分公司 5F 大会议室"),
            ("Shanghai HQ 15F training room", "Beijing office 5F boardroom"),
        ),
        "maintenance_type": "installation",
        "spare_parts": _lang(language, "吊架 ×1，HDMI 线 15 m ×1", "Ceiling mount ×1, HDMI cable 15 m ×1"),
    }


def _forklift(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Linde E20", "Toyota 8FBE15", "Heli CPD25"),
        "serial_number": serial_number(rng, "H2X", 7),
        "fault_code": pick(rng, "E-52", "E-2301", "AL-14"),
        "location": _where(
            rng,
            language,
            ("蓝峰物流 嘉定仓 2 号库", "苏州工厂 成品仓"),
            ("BluePeak Jiading warehouse 2", "Suzhou plant finished-goods store"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": _lang(
            language, "升降油缸密封件 1 套，液压油 10 L", "Lift cylinder seal kit ×1, hydraulic oil 10 L"
        ),
    }


def _coldroom(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Bitzer 4FES-5Y 压缩机组", "Copeland ZB45KQE"),
        "serial_number": serial_number(rng, "BZ", 9),
        "fault_code": pick(rng, "HI TEMP", "E1", "HP-02"),
        "location": _where(
            rng,
            language,
            ("瑞康医疗 试剂冷库", "蓝峰物流 冷链库 A"),
            ("Ruikang Medical reagent cold room", "BluePeak cold store A"),
        ),
        "maintenance_type": "corrective",
        "spare_parts": _lang(language, "冷凝风机电机 ×1", "Condenser fan motor ×1"),
        "temperature": rng.randint(9, 14),
    }


def _inspection(rng: Random, _day: date, language: str) -> dict[str, Any]:
    return {
        "equipment_model": pick(rng, "Otis GeN2", "KONE MonoSpace 500", "Schindler 3300"),
        "serial_number": serial_number(rng, "L", 9),
        "location": _where(
            rng,
            language,
            ("上海总部 2 号客梯", "北京分公司 货梯"),
            ("Shanghai HQ passenger lift 2", "Beijing office goods lift"),
        ),
        "maintenance_type": "inspection",
    }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="eq.smt",
        type="equipment_repair",
        category="electrical",
        team="field",
        skill="production",
        tags=("production-line", "alarm"),
        priorities=(3, 5, 2, 0),
        values=_smt,
        attachment="photo",
        zh=Lines(
            title="{line} 号 SMT 贴片机报警 {fault_code}，产线停机",
            description="{location} 的贴片机（型号：{equipment_model}，序列号：{serial_number}）今早 8 点报警，"
            "故障代码：{fault_code}，复位后仍然无法启动，整条线停了。现场照片已上传。",
            question="{customer}您好，工程师正在安排。请确认最近一次换料和吸嘴保养是什么时候？",
            answer="昨晚夜班换过一批 0402 物料，吸嘴保养是上周做的。",
            resolution="{customer}您好，工程师已到场处理：吸嘴堵塞导致真空值异常，已更换吸嘴并清洁真空管路，"
            "试贴 200 片无异常，产线已恢复生产。",
            note="停线 2.5 小时。建议把吸嘴清洁周期从每周改为每 3 天，已同步生产主管。",
        ),
        en=Lines(
            title="SMT placement machine on line {line} stopped with alarm {fault_code}",
            description="The placement machine at {location} (model: {equipment_model}, S/N: {serial_number}) raised "
            "alarm code {fault_code} at 8 am and will not restart after a reset; the whole line is down. Photos "
            "attached.",
            question="Hi {customer}, an engineer is being scheduled. When were the last material change and nozzle "
            "maintenance?",
            answer="Night shift loaded a new batch of 0402 parts; nozzles were serviced last week.",
            resolution="Hi {customer}, our engineer found clogged nozzles causing a vacuum fault. Nozzles replaced and "
            "vacuum lines cleaned; a 200-board test run was clean and the line is producing again.",
            note="Line down for 2.5 h. Suggested cleaning nozzles every 3 days instead of weekly; production lead informed.",
        ),
    ),
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
        key="eq.cnc",
        type="equipment_repair",
        category="mechanical",
        team="field",
        skill="production",
        tags=("cnc", "spindle"),
        priorities=(2, 5, 3, 0),
        values=_cnc,
        attachment="photo",
        zh=Lines(
            title="数控车床主轴过热报警 {fault_code}",
            description="{location} 的数控车床 {equipment_model}（S/N: {serial_number}）加工时主轴温度过高，报警 {fault_code}，"
            "并伴有异响。",
            question="{customer}您好，请记录一下报警时的主轴转速和连续运行时长，并拍一段异响的视频。",
            answer="转速 3500 rpm，连续运行大约 40 分钟就报警。视频已上传。",
            resolution="{customer}您好，检查发现主轴前轴承磨损，已更换轴承并重新加注润滑脂，空载与负载测试温升正常。",
            note="备件从上海仓调拨，轴承寿命已超 18000 小时，建议加入预防性更换计划。",
        ),
        en=Lines(
            title="CNC lathe spindle overheating, alarm {fault_code}",
            description="The CNC lathe {equipment_model} at {location} (S/N: {serial_number}) overheats at the spindle "
            "while cutting, raises alarm {fault_code} and makes a grinding noise.",
            question="Hi {customer}, please note the spindle speed and running time when the alarm appears, and record "
            "a short video of the noise.",
            answer="3500 rpm; the alarm comes after about 40 minutes of continuous running. Video uploaded.",
            resolution="Hi {customer}, the front spindle bearing was worn. We replaced the bearing and regreased the "
            "spindle; temperature rise is normal under load and without.",
            note="Bearing came from the Shanghai store. It had run over 18,000 h; add it to the preventive replacement plan.",
        ),
    ),
    Scenario(
        key="eq.ups",
        type="equipment_repair",
        category="electrical",
        team="field",
        skill="electrical",
        tags=("ups", "battery"),
        priorities=(1, 5, 3, 1),
        values=_ups,
        zh=Lines(
            title="{location} UPS 电池告警 {fault_code}",
            description="{location} 的 UPS（{equipment_model}，序列号 {serial_number}）持续告警 {fault_code}，"
            "面板显示电池剩余后备时间只有 3 分钟。",
            question="{customer}您好，请问电池组是哪一年安装的？近期有没有停电放电过？",
            answer="2021 年装的，上个月园区停电放过一次电。",
            resolution="{customer}您好，电池组已老化（内阻超标），已整组更换 16 节电池并完成放电测试，后备时间恢复到 25 分钟。",
            note="旧电池已按危废流程回收，回收单已归档。",
        ),
        en=Lines(
            title="UPS battery alarm {fault_code} in {location}",
            description="The UPS in {location} ({equipment_model}, serial no. {serial_number}) keeps raising "
            "{fault_code}; the panel shows only 3 minutes of runtime left.",
            question="Hi {customer}, when was the battery string installed, and has it discharged during a power cut "
            "recently?",
            answer="Installed in 2021; it discharged during the site power cut last month.",
            resolution="Hi {customer}, the batteries had aged (internal resistance out of range). We replaced all 16 "
            "and ran a discharge test; runtime is back to 25 minutes.",
            note="Old batteries returned through the hazardous-waste process; receipt filed.",
        ),
    ),
    Scenario(
        key="eq.generator",
        type="equipment_repair",
        category="electrical",
        team="field",
        skill="electrical",
        tags=("preventive-maintenance", "generator"),
        priorities=(0, 0, 4, 6),
        values=_generator,
        zh=Lines(
            title="柴油发电机季度保养（{equipment_model}）",
            description="请安排 {location} 柴油发电机（{equipment_model}，序列号 {serial_number}）的季度保养和带载测试。",
            question="{customer}您好，带载测试需要切换部分负载，请确认周六上午 9:00–11:00 是否可以。",
            answer="周六上午可以，已通知值班电工配合。",
            resolution="{customer}您好，季度保养已完成：更换机油和滤芯、检查冷却液和蓄电池，带载 30 分钟运行正常，保养报告已附在工单中。",
            note="冷却液冰点 -25℃，冬季前无需更换。",
        ),
        en=Lines(
            title="Quarterly service of the diesel generator ({equipment_model})",
            description="Please schedule the quarterly service and load test of the generator at {location} "
            "({equipment_model}, serial no. {serial_number}).",
            question="Hi {customer}, the load test needs part of the load switched over. Is Saturday 9:00–11:00 OK?",
            answer="Saturday morning works; the duty electrician will assist.",
            resolution="Hi {customer}, the quarterly service is done: oil and filters changed, coolant and batteries "
            "checked, 30 minutes under load without issue. The service report is attached to this ticket.",
            note="Coolant freeze point -25 °C; no change needed before winter.",
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
        key="eq.forklift",
        type="equipment_repair",
        category="mechanical",
        team="field",
        skill="production",
        tags=("forklift", "hydraulic"),
        priorities=(0, 4, 5, 1),
        values=_forklift,
        attachment="photo",
        zh=Lines(
            title="电动叉车液压漏油，报 {fault_code}",
            description="{location} 的电动叉车（{equipment_model}，序列号 {serial_number}）升降时漏油，仪表报 {fault_code}，已停用。",
            question="{customer}您好，请拍一下漏油位置的照片，并确认叉车目前的工作小时数。",
            answer="照片已上传，工作小时数 6420 小时。",
            resolution="{customer}您好，升降油缸密封件老化导致漏油，已更换密封件并补充液压油，满载升降测试正常，可以恢复使用。",
            note="该叉车下次保养在 7000 小时，届时检查倾斜油缸。",
        ),
        en=Lines(
            title="Electric forklift leaking hydraulic oil, code {fault_code}",
            description="The forklift at {location} ({equipment_model}, serial no. {serial_number}) leaks oil when "
            "lifting and shows {fault_code}; it has been taken out of service.",
            question="Hi {customer}, please send a photo of where it leaks and the truck's hour-meter reading.",
            answer="Photo uploaded; the hour meter reads 6,420 h.",
            resolution="Hi {customer}, the lift cylinder seals had perished. Seals replaced and hydraulic oil topped "
            "up; a full-load lift test was fine, so the truck can go back into service.",
            note="Next service at 7,000 h: check the tilt cylinders then.",
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
