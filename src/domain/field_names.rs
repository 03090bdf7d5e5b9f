//! The names people read for the fields of requests, so that a refusal says 「出生日期」 where the
//! API says `birth_date`. The English messages use the field's own name.

/// The Chinese name of the field at `path` (`profile.birth_date`, `roles[1]`), or its own name
/// when it has none here.
pub fn zh(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let name = last.split('[').next().unwrap_or(last);
    label(name).map_or_else(|| name.to_owned(), str::to_owned)
}

/// The Chinese name of a field name, if it has one.
pub fn label(name: &str) -> Option<&'static str> {
    NAMES
        .binary_search_by(|(n, _)| n.cmp(&name))
        .ok()
        .map(|i| NAMES[i].1)
}

/// Field names and their Chinese names, sorted by field name.
const NAMES: &[(&str, &str)] = &[
    ("achievements", "主要业绩"),
    ("action", "操作"),
    ("active", "是否启用"),
    ("actor_id", "操作人"),
    ("age_reference_date", "年龄计算基准日"),
    ("apply", "是否导入"),
    ("appointment_term_years", "聘期（年）"),
    ("attended", "是否参加"),
    ("attendee_ids", "参加的培带对象"),
    ("birth_date", "出生日期"),
    ("birth_date_cutoff", "出生日期界限"),
    ("body", "请求内容"),
    ("candidate_id", "候选人"),
    ("card_number", "卡号"),
    ("categories", "人才类别"),
    ("category", "人才类别"),
    ("category_quotas", "各类别名额"),
    ("checked_on", "体检日期"),
    ("city_work_start_date", "来本市工作时间"),
    ("closes_on", "截止日期"),
    ("comment", "意见"),
    ("consequence", "不合格的处理方式"),
    ("content", "内容"),
    ("current_password", "当前密码"),
    ("cycle_months", "培带期（月）"),
    ("decision", "决定"),
    ("description", "说明"),
    ("district", "所在旗县区"),
    ("education", "学历"),
    ("email", "邮箱"),
    ("ends_on", "结束日期"),
    ("evidence", "佐证"),
    ("exception_justification", "破格理由"),
    ("format", "格式"),
    ("from_outside_city", "是否市外引进"),
    ("gender", "性别"),
    ("goals", "培养目标"),
    ("grade", "评定等次"),
    ("held_on", "活动日期"),
    ("honours", "荣誉"),
    ("hours", "学时"),
    ("id_number", "身份证号"),
    ("indicator_comments", "各项指标评价"),
    ("indicator_id", "指标"),
    ("indicators", "指标"),
    ("institution", "体检机构"),
    ("invite", "是否发送邀请"),
    ("justification", "理由"),
    ("kind", "类别"),
    ("level", "级别"),
    ("locale", "语言"),
    ("measure", "计量方式"),
    ("mentees", "培带对象"),
    ("mentor_entry_id", "培带人"),
    ("milestone", "阶段目标"),
    ("milestone_index", "阶段目标序号"),
    ("milestones", "阶段目标"),
    ("min_scores", "最少评分人数"),
    ("name", "名称"),
    ("new_candidate", "新候选人"),
    ("new_password", "新密码"),
    ("nomination_deadline", "推荐截止日期"),
    ("note", "备注"),
    ("object_id", "对象编号"),
    ("object_type", "对象类型"),
    ("objection_days", "异议期（天）"),
    ("opens_on", "开始日期"),
    ("outcome", "结果"),
    ("outstanding_exception", "特别优秀破格"),
    ("overall_comment", "总体评价"),
    ("owns_urban_housing", "是否在市区有住房"),
    ("page", "页码"),
    ("password", "密码"),
    ("per_page", "每页条数"),
    ("phone", "电话"),
    ("place", "地点"),
    ("position", "职务"),
    ("profile", "个人信息"),
    ("projects", "参与的项目或岗位"),
    ("q", "搜索内容"),
    ("qualification_justification", "条件说明"),
    ("quota", "名额"),
    ("reason", "理由"),
    ("recommendation", "推荐意见"),
    ("rectification_days", "整改期（天）"),
    ("recuperation_leave", "休假疗养名额"),
    ("replacement", "接替的培带对象"),
    ("reviewer_id", "评审专家"),
    ("role", "角色"),
    ("roles", "角色"),
    ("room", "房间"),
    ("round_id", "选拔批次"),
    ("score", "评分"),
    ("score_exception_reason", "评分人数不足的破例理由"),
    ("search", "搜索内容"),
    ("signed_by", "签批人"),
    ("signed_on", "签批日期"),
    ("skill_level", "职业技能等级"),
    ("skills_award", "技能奖项"),
    ("specialty", "专业特长"),
    ("start_date", "起始日期"),
    ("starts_on", "开始日期"),
    ("status", "状态"),
    ("summary", "内容摘要"),
    ("title", "标题"),
    ("title_level", "专业技术职称"),
    ("to", "目标阶段"),
    ("token", "链接凭证"),
    ("unit_id", "单位"),
    ("unit_opinion", "单位推荐意见"),
    ("unit_quotas", "各单位名额"),
    ("user_id", "人员"),
    ("year", "年度"),
    ("yearly_target", "年度目标"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_so_that_every_name_is_found() {
        assert!(
            NAMES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no repeats"
        );
        assert_eq!(zh("body"), "请求内容");
        assert_eq!(zh("nothing_known"), "nothing_known");
        assert_eq!(zh("roles[1]"), "角色");
        assert_eq!(zh("profile.birth_date"), "出生日期");
    }

    /// Every property of a request body and every query parameter in the OpenAPI document has a
    /// Chinese name, so a refusal never names a field in code to a Chinese reader.
    #[test]
    fn every_request_field_and_query_parameter_has_a_chinese_name() {
        let doc = serde_json::to_value(crate::startup::openapi()).unwrap();
        let schemas = &doc["components"]["schemas"];
        let mut names = std::collections::BTreeSet::new();
        let mut seen = std::collections::BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for op in item.as_object().unwrap().values() {
                for p in op["parameters"].as_array().into_iter().flatten() {
                    let name = p["name"].as_str().unwrap();
                    if !path.contains(&format!("{{{name}}}")) {
                        names.insert(name.to_owned());
                    }
                }
                let body = &op["requestBody"]["content"]["application/json"]["schema"];
                collect(body, schemas, &mut names, &mut seen);
            }
        }
        let missing: Vec<_> = names.iter().filter(|n| label(n).is_none()).collect();
        assert!(missing.is_empty(), "no Chinese name: {missing:?}");
    }

    fn collect(
        schema: &serde_json::Value,
        schemas: &serde_json::Value,
        names: &mut std::collections::BTreeSet<String>,
        seen: &mut std::collections::BTreeSet<String>,
    ) {
        if !schema.is_object() {
            return;
        }
        if let Some(r) = schema["$ref"].as_str() {
            let name = r.rsplit('/').next().unwrap().to_owned();
            if seen.insert(name.clone()) {
                collect(&schemas[&name], schemas, names, seen);
            }
            return;
        }
        if let Some(props) = schema["properties"].as_object() {
            for (k, v) in props {
                names.insert(k.clone());
                collect(v, schemas, names, seen);
            }
        }
        collect(&schema["items"], schemas, names, seen);
        collect(&schema["additionalProperties"], schemas, names, seen);
        for key in ["allOf", "oneOf", "anyOf"] {
            for s in schema[key].as_array().into_iter().flatten() {
                collect(s, schemas, names, seen);
            }
        }
    }
}
