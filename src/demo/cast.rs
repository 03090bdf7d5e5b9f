//! The demo city's cast: its units and its people, with the profiles their nomination forms and
//! benefit rules read. Names, units and specialties are those of a real northern Chinese city.

use serde_json::{Value, json};

use crate::domain::role::Role;
use crate::domain::unit::UnitKind;

/// The city admin, who also signs the selection decisions.
pub const CITY_ADMIN_EMAIL: &str = "admin@demo.peidai.cn";
pub const CITY_ADMIN_NAME: &str = "王敏";

/// A unit of the demo city: name, kind, district.
pub struct DemoUnit {
    pub name: &'static str,
    pub kind: UnitKind,
    pub district: Option<&'static str>,
}

pub const HONGSHAN: usize = 0;
pub const SONGSHAN: usize = 1;
pub const NINGCHENG: usize = 2;
pub const HEALTH: usize = 3;
pub const COLLEGE: usize = 5;
pub const ENERGY: usize = 6;
pub const SCIENCE: usize = 7;

pub const UNITS: &[DemoUnit] = &[
    DemoUnit {
        name: "红山区",
        kind: UnitKind::BannerCountyDistrict,
        district: Some("红山区"),
    },
    DemoUnit {
        name: "松山区",
        kind: UnitKind::BannerCountyDistrict,
        district: Some("松山区"),
    },
    DemoUnit {
        name: "宁城县",
        kind: UnitKind::BannerCountyDistrict,
        district: Some("宁城县"),
    },
    DemoUnit {
        name: "市卫生健康委员会",
        kind: UnitKind::CityDepartment,
        district: Some("红山区"),
    },
    DemoUnit {
        name: "市农牧局",
        kind: UnitKind::CityDepartment,
        district: Some("松山区"),
    },
    DemoUnit {
        name: "赤峰学院",
        kind: UnitKind::College,
        district: Some("红山区"),
    },
    DemoUnit {
        name: "玉龙能源有限责任公司",
        kind: UnitKind::Enterprise,
        district: Some("松山区"),
    },
    DemoUnit {
        name: "市科学技术协会",
        kind: UnitKind::Other,
        district: Some("红山区"),
    },
];

/// A demo account created through the user service (an admin, a reviewer or a mentee).
pub struct Account {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub unit: usize,
    /// Printed at start-up (one of every role, several mentees).
    pub printed: bool,
}

const fn account(
    email: &'static str,
    name: &'static str,
    role: Role,
    unit: usize,
    printed: bool,
) -> Account {
    Account {
        email,
        name,
        role,
        unit,
        printed,
    }
}

/// The units' admins and the review committee (of the science association, a unit with no
/// candidate, so that they may review everyone).
pub const STAFF: &[Account] = &[
    account(
        "health.admin@demo.peidai.cn",
        "刘芳",
        Role::UnitAdmin,
        HEALTH,
        true,
    ),
    account(
        "songshan.admin@demo.peidai.cn",
        "高建国",
        Role::UnitAdmin,
        SONGSHAN,
        true,
    ),
    account(
        "hongshan.admin@demo.peidai.cn",
        "李秀梅",
        Role::UnitAdmin,
        HONGSHAN,
        true,
    ),
    account(
        "ningcheng.admin@demo.peidai.cn",
        "杜志刚",
        Role::UnitAdmin,
        NINGCHENG,
        false,
    ),
    account(
        "college.admin@demo.peidai.cn",
        "孟庆华",
        Role::UnitAdmin,
        COLLEGE,
        false,
    ),
    account(
        "energy.admin@demo.peidai.cn",
        "王立新",
        Role::UnitAdmin,
        ENERGY,
        false,
    ),
    account(
        "reviewer@demo.peidai.cn",
        "刘志远",
        Role::Reviewer,
        SCIENCE,
        true,
    ),
    account(
        "reviewer2@demo.peidai.cn",
        "孟繁华",
        Role::Reviewer,
        SCIENCE,
        false,
    ),
    account(
        "reviewer3@demo.peidai.cn",
        "郭秀兰",
        Role::Reviewer,
        SCIENCE,
        false,
    ),
];

/// A mentor of the closed round: nominated by their unit as a new person, appointed when the
/// round closed.
pub struct Candidate {
    pub email: &'static str,
    pub name: &'static str,
    pub unit: usize,
    pub category: &'static str,
    /// The profile (as `PATCH /users` takes it); the nomination form repeats its fields.
    pub profile: fn() -> Value,
    pub achievements: &'static str,
    pub printed: bool,
}

pub const LI_HUA: usize = 0;
pub const ZHANG_QIANG: usize = 1;
pub const BATEER: usize = 2;
pub const ZHAO_LI: usize = 3;
pub const LIU_JIANGUO: usize = 4;

pub const MENTORS: &[Candidate] = &[
    Candidate {
        email: "li.hua@demo.peidai.cn",
        name: "李华",
        unit: HEALTH,
        category: "professional_technical",
        profile: || {
            json!({
                "gender": "female", "birth_date": "1978-04-12", "education": "doctorate",
                "title_level": "senior", "specialty": "心血管内科", "phone": "13904760001",
                "city_work_start_date": "2006-07-01", "from_outside_city": true,
                "owns_urban_housing": false
            })
        },
        achievements: "市医院心内科主任医师，开展冠脉介入手术两千余例，主持自治区级课题两项。",
        printed: true,
    },
    Candidate {
        email: "zhang.qiang@demo.peidai.cn",
        name: "张强",
        unit: ENERGY,
        category: "high_skill",
        profile: || {
            json!({
                "gender": "male", "birth_date": "1975-09-30", "education": "below_bachelor",
                "title_level": "none", "skill_level": "senior_technician",
                "specialty": "电力设备检修", "phone": "13904760002",
                "city_work_start_date": "1996-03-01", "from_outside_city": false,
                "owns_urban_housing": true
            })
        },
        achievements: "变电检修班班长，全国电力行业技术能手，带出高级工十余名。",
        printed: true,
    },
    Candidate {
        email: "bateer@demo.peidai.cn",
        name: "巴特尔",
        unit: NINGCHENG,
        category: "rural_practical",
        profile: || {
            json!({
                "gender": "male", "birth_date": "1974-11-05", "education": "below_bachelor",
                "title_level": "none", "skill_level": "technician", "specialty": "设施农业",
                "phone": "13904760003", "city_work_start_date": "1992-05-01",
                "from_outside_city": false, "owns_urban_housing": false
            })
        },
        achievements: "设施蔬菜种植合作社理事长，推广日光温室番茄种植技术三百余户。",
        printed: true,
    },
    Candidate {
        email: "zhao.li@demo.peidai.cn",
        name: "赵丽",
        unit: COLLEGE,
        category: "professional_technical",
        profile: || {
            json!({
                "gender": "female", "birth_date": "1982-01-20", "education": "master",
                "title_level": "associate_senior", "specialty": "草原生态",
                "phone": "13904760004", "city_work_start_date": "2009-09-01",
                "from_outside_city": true, "owns_urban_housing": true
            })
        },
        achievements: "资源与环境学院副教授，主持草原退化监测与修复项目，发表论文二十余篇。",
        printed: true,
    },
    Candidate {
        email: "liu.jianguo@demo.peidai.cn",
        name: "刘建国",
        unit: SONGSHAN,
        category: "high_skill",
        profile: || {
            json!({
                "gender": "male", "birth_date": "1976-03-18", "education": "below_bachelor",
                "title_level": "none", "skill_level": "technician", "specialty": "农机维修",
                "phone": "13904760005", "city_work_start_date": "1998-04-01",
                "from_outside_city": false, "owns_urban_housing": true
            })
        },
        achievements: "松山区农机服务中心技师，承担全区大型农机具检修与技术指导。",
        printed: true,
    },
];

/// A mentee: their mentor (an index into [`MENTORS`]) is the one of their unit.
pub struct Mentee {
    pub email: &'static str,
    pub name: &'static str,
    pub mentor: usize,
    pub specialty: &'static str,
    pub birth_date: &'static str,
    pub printed: bool,
}

const fn mentee(
    email: &'static str,
    name: &'static str,
    mentor: usize,
    specialty: &'static str,
    birth_date: &'static str,
    printed: bool,
) -> Mentee {
    Mentee {
        email,
        name,
        mentor,
        specialty,
        birth_date,
        printed,
    }
}

/// 陈晨, 李华's mentee, later appointed herself (the second tier).
pub const CHEN_CHEN: &str = "chen.chen@demo.peidai.cn";

pub const MENTEES: &[Mentee] = &[
    mentee(CHEN_CHEN, "陈晨", LI_HUA, "心血管内科", "1988-06-15", true),
    mentee(
        "zhou.yang@demo.peidai.cn",
        "周洋",
        LI_HUA,
        "心血管内科",
        "1994-03-02",
        true,
    ),
    mentee(
        "wu.jing@demo.peidai.cn",
        "吴静",
        LI_HUA,
        "心血管内科",
        "1995-08-21",
        false,
    ),
    mentee(
        "zheng.lei@demo.peidai.cn",
        "郑磊",
        LI_HUA,
        "急诊医学",
        "1993-12-09",
        false,
    ),
    mentee(
        "sun.yue@demo.peidai.cn",
        "孙悦",
        LI_HUA,
        "心血管内科",
        "1996-05-30",
        true,
    ),
    mentee(
        "gao.feng@demo.peidai.cn",
        "高峰",
        ZHANG_QIANG,
        "变电检修",
        "1995-01-11",
        true,
    ),
    mentee(
        "ma.jun@demo.peidai.cn",
        "马骏",
        ZHANG_QIANG,
        "继电保护",
        "1996-07-07",
        false,
    ),
    mentee(
        "liu.yang@demo.peidai.cn",
        "刘洋",
        ZHANG_QIANG,
        "变电检修",
        "1997-02-14",
        false,
    ),
    mentee(
        "yang.fan@demo.peidai.cn",
        "杨帆",
        ZHANG_QIANG,
        "电气试验",
        "1994-10-03",
        false,
    ),
    mentee(
        "he.tao@demo.peidai.cn",
        "何涛",
        ZHANG_QIANG,
        "变电检修",
        "1998-04-25",
        false,
    ),
    mentee(
        "wuyun@demo.peidai.cn",
        "乌云其其格",
        BATEER,
        "设施农业",
        "1992-09-18",
        false,
    ),
    mentee(
        "suhe@demo.peidai.cn",
        "苏和",
        BATEER,
        "设施农业",
        "1990-11-27",
        false,
    ),
    mentee(
        "wang.haiyan@demo.peidai.cn",
        "王海燕",
        BATEER,
        "蔬菜栽培",
        "1993-06-06",
        false,
    ),
    mentee(
        "li.jianjun@demo.peidai.cn",
        "李建军",
        BATEER,
        "植物保护",
        "1991-03-12",
        false,
    ),
    mentee(
        "zhang.chunmei@demo.peidai.cn",
        "张春梅",
        BATEER,
        "设施农业",
        "1995-12-01",
        true,
    ),
    mentee(
        "tian.ye@demo.peidai.cn",
        "田野",
        ZHAO_LI,
        "草原生态",
        "1996-04-08",
        false,
    ),
    mentee(
        "song.jia@demo.peidai.cn",
        "宋佳",
        ZHAO_LI,
        "草原生态",
        "1997-09-09",
        false,
    ),
    mentee(
        "han.xue@demo.peidai.cn",
        "韩雪",
        ZHAO_LI,
        "草业科学",
        "1995-02-22",
        false,
    ),
    mentee(
        "feng.bo@demo.peidai.cn",
        "冯博",
        ZHAO_LI,
        "生态学",
        "1994-08-16",
        false,
    ),
    mentee(
        "jiang.wen@demo.peidai.cn",
        "蒋文",
        ZHAO_LI,
        "草原生态",
        "1998-01-30",
        false,
    ),
];

/// The mentees of one mentor, in order.
pub fn mentees_of(mentor: usize) -> impl Iterator<Item = &'static Mentee> {
    MENTEES.iter().filter(move |m| m.mentor == mentor)
}

/// A mentee's profile: a young professional of the city with a master's degree.
pub fn mentee_profile(m: &Mentee) -> Value {
    let gender = if matches!(
        m.name,
        "陈晨" | "吴静" | "孙悦" | "乌云其其格" | "王海燕" | "张春梅" | "宋佳" | "韩雪"
    ) {
        "female"
    } else {
        "male"
    };
    json!({
        "gender": gender, "birth_date": m.birth_date, "education": "master",
        "title_level": "intermediate", "specialty": m.specialty,
        "city_work_start_date": "2016-08-01", "from_outside_city": false,
        "owns_urban_housing": false
    })
}
