//! What the demo's mentors did with their mentees: a doctor's teaching rounds, an engineer's site
//! training, a farmer's field days, each year's mix meeting the default indicators (two lectures,
//! four tutorings, one class, two exchanges, one project practice).

use super::cast::{BATEER, LI_HUA, ZHANG_QIANG};

/// One logged activity: kind (the API's code), title, place, summary, hours.
pub struct Logged {
    pub kind: &'static str,
    pub title: &'static str,
    pub place: &'static str,
    pub summary: &'static str,
    pub hours: f64,
}

/// The year's rhythm of kinds, repeated.
const RHYTHM: [&str; 10] = [
    "technical_tutoring",
    "lecture",
    "technical_tutoring",
    "exchange",
    "training_class",
    "technical_tutoring",
    "project_practice",
    "lecture",
    "technical_tutoring",
    "exchange",
];

const fn a(
    kind: &'static str,
    title: &'static str,
    place: &'static str,
    summary: &'static str,
    hours: f64,
) -> Logged {
    Logged {
        kind,
        title,
        place,
        summary,
        hours,
    }
}

const DOCTOR: &[Logged] = &[
    a(
        "technical_tutoring",
        "教学查房：急性心肌梗死的早期识别与处置",
        "市医院心内科病房",
        "床旁查房三例急性胸痛患者，逐一分析心电图与肌钙蛋白变化，讨论溶栓与急诊介入的指征。",
        3.0,
    ),
    a(
        "technical_tutoring",
        "教学查房：心力衰竭患者的容量管理",
        "市医院心内科病房",
        "结合两例慢性心衰急性加重病例，讲解利尿剂调整、出入量记录和出院随访要点。",
        2.5,
    ),
    a(
        "technical_tutoring",
        "病例讨论：房颤抗凝方案的选择",
        "心内科示教室",
        "每位培带对象汇报一例房颤患者，按卒中与出血风险评分讨论抗凝方案，逐一点评。",
        2.0,
    ),
    a(
        "lecture",
        "专题讲座：心力衰竭诊治指南更新解读",
        "市医院学术报告厅",
        "解读最新版心衰指南的主要变化，重点讲授新型药物的适应证与基层用药注意事项。",
        2.0,
    ),
    a(
        "lecture",
        "专题讲座：心电图读图进阶",
        "市医院学术报告厅",
        "以三十份典型心电图为例讲解心肌缺血、传导阻滞和致命性心律失常的识别。",
        2.0,
    ),
    a(
        "exchange",
        "赴自治区人民医院参加心血管病学术交流",
        "呼和浩特市",
        "带领培带对象参加年度心血管病学术会议，会后交流介入技术与胸痛中心建设经验。",
        8.0,
    ),
    a(
        "training_class",
        "冠脉介入基础技能培训（模拟器操作）",
        "市医院技能培训中心",
        "在介入模拟器上练习桡动脉穿刺与导丝操作，每人完成十次模拟操作并记录用时。",
        4.0,
    ),
    a(
        "project_practice",
        "参与市级课题《基层高血压规范化管理》随访调查",
        "红山区社区卫生服务中心",
        "培带对象分组入户随访高血压患者两百余人，完成血压测量与用药依从性调查。",
        6.0,
    ),
];

const ENGINEER: &[Logged] = &[
    a(
        "technical_tutoring",
        "现场实训：220千伏断路器检修",
        "玉龙能源220千伏变电站",
        "在停电检修现场讲解断路器机构检查、回路电阻测试和操作特性试验，培带对象轮流上手操作。",
        4.0,
    ),
    a(
        "technical_tutoring",
        "现场实训：隔离开关检修与调整",
        "玉龙能源110千伏变电站",
        "示范隔离开关触头清扫、导电回路检查和分合闸调整，逐人考核操作步骤。",
        4.0,
    ),
    a(
        "technical_tutoring",
        "现场实训：变压器油色谱取样与分析",
        "公司检修试验中心",
        "讲解取油样规范和色谱数据判读，结合一台主变的历史数据分析潜伏性故障。",
        3.0,
    ),
    a(
        "lecture",
        "专题讲座：变电设备状态检修与带电检测",
        "公司培训中心多功能厅",
        "讲授红外测温、局部放电检测等带电检测手段及状态评价方法，附典型缺陷案例。",
        2.0,
    ),
    a(
        "lecture",
        "专题讲座：检修现场安全规程与风险辨识",
        "公司培训中心多功能厅",
        "结合近年行业事故通报，讲解工作票、安全措施和现场风险辨识要点。",
        2.0,
    ),
    a(
        "exchange",
        "与蒙东电力检修公司开展技能交流",
        "通辽市",
        "组织培带对象赴兄弟单位交流GIS设备检修经验，参观带电作业实训基地。",
        8.0,
    ),
    a(
        "training_class",
        "继电保护装置调试培训班",
        "公司培训中心实训室",
        "在实训屏上练习保护定值核对、二次回路检查和整组传动试验。",
        6.0,
    ),
    a(
        "project_practice",
        "主变压器大修岗位实践",
        "玉龙能源220千伏变电站",
        "培带对象参加一号主变大修全过程，分工负责套管检查、绕组试验和验收记录。",
        16.0,
    ),
];

const FARMER: &[Logged] = &[
    a(
        "technical_tutoring",
        "田间日：日光温室番茄整枝与水肥管理",
        "宁城县天义镇设施农业园区",
        "在温室里示范单干整枝、打杈和滴灌施肥，培带对象各自负责一栋温室并记录长势。",
        4.0,
    ),
    a(
        "technical_tutoring",
        "田间日：温室黄瓜嫁接育苗",
        "宁城县育苗中心",
        "示范插接法嫁接和愈合期温湿度管理，每人嫁接两百株并统计成活率。",
        4.0,
    ),
    a(
        "technical_tutoring",
        "田间日：冬季温室保温与补光",
        "宁城县天义镇设施农业园区",
        "检查保温被、后墙和补光设备，讲解寒潮天气的温室管理措施。",
        3.0,
    ),
    a(
        "lecture",
        "专题讲座：设施蔬菜病虫害绿色防控",
        "宁城县农技推广中心",
        "讲授粘虫板、防虫网和生物农药的使用，结合园区白粉虱发生情况制定防控方案。",
        2.0,
    ),
    a(
        "lecture",
        "专题讲座：合作社经营与农产品品牌",
        "宁城县农技推广中心",
        "介绍合作社财务管理、订单销售和绿色食品认证流程。",
        2.0,
    ),
    a(
        "exchange",
        "赴山东寿光蔬菜产业园考察交流",
        "山东省寿光市",
        "带领培带对象考察新型温室结构和智能水肥一体化设备，与当地种植大户座谈。",
        16.0,
    ),
    a(
        "training_class",
        "种植户培训班：滴灌设备安装与维护",
        "宁城县天义镇文化站",
        "为园区六十余户种植户授课，培带对象担任助教，分组指导滴灌设备安装。",
        4.0,
    ),
    a(
        "project_practice",
        "温室番茄新品种示范种植",
        "宁城县天义镇设施农业园区",
        "培带对象分工承担三个新品种的示范种植，记录生育期、产量和品质数据。",
        12.0,
    ),
];

/// The `k`-th activity of `mentor`'s year (an index into `cast::MENTORS`).
pub fn nth(mentor: usize, k: usize) -> &'static Logged {
    let book = match mentor {
        LI_HUA => DOCTOR,
        ZHANG_QIANG => ENGINEER,
        BATEER => FARMER,
        _ => DOCTOR,
    };
    let kind = RHYTHM[k % RHYTHM.len()];
    let same: Vec<&'static Logged> = book.iter().filter(|l| l.kind == kind).collect();
    same[(k / RHYTHM.len() + k) % same.len()]
}
