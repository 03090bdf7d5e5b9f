//! The words of the pages, Chinese first and English beside it. Templates name a key
//! (`{{ t("login.title") }}`); a key missing here is a render error, so a page that names a word
//! nobody wrote fails its test instead of showing the key.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::i18n::{CatalogueEntry as Entry, Locale};

/// Every catalogue: the frame's and the sign-in pages' words here, each area's beside its pages.
/// A key is unique across all of them.
const CATALOGUES: &[&[Entry]] = &[
    STRINGS,
    super::mentee::strings::STRINGS,
    super::mentor::strings::STRINGS,
    super::mentor::progress::strings::STRINGS,
    super::mentor::mentees::strings::STRINGS,
    super::mentor::record::strings::STRINGS,
    super::people::strings::STRINGS,
    super::mentoring::strings::STRINGS,
    super::nominations::strings::STRINGS,
    super::reviewing::strings::STRINGS,
    super::notice::strings::STRINGS,
    super::rounds::strings::STRINGS,
    super::assessing::strings::STRINGS,
    super::dashboards::strings::STRINGS,
    super::benefits::strings::STRINGS,
    super::operations::strings::STRINGS,
    super::imports::strings::STRINGS,
    super::refresh::strings::STRINGS,
    super::statistics::strings::STRINGS,
    super::exports::strings::STRINGS,
    super::printing::strings::STRINGS,
    super::sorting::STRINGS,
];

/// The frame's words and those of the pages before sign-in.
const STRINGS: &[Entry] = &[
    // The frame of every page.
    ("brand", "培带", "Peidai"),
    (
        "brand.tagline",
        "人才培带人管理平台",
        "Talent mentor programme",
    ),
    ("a11y.skip", "跳到主要内容", "Skip to the main content"),
    ("nav.tools", "账号与语言", "Account and language"),
    ("nav.language", "切换语言", "Change the language"),
    ("nav.sign_out", "退出登录", "Sign out"),
    ("nav.roles", "切换身份", "Switch role"),
    ("nav.signed_in_as", "当前登录", "Signed in as"),
    ("nav.area", "功能导航", "Pages"),
    ("nav.mentor.dashboard", "工作台", "Dashboard"),
    ("nav.mentor.activities", "培带活动", "Activities"),
    ("nav.mentor.contract", "培带协议", "Contract"),
    ("nav.mentor.plans", "培养计划", "Plans"),
    ("nav.mentor.assessments", "年度考核", "Assessments"),
    ("nav.mentor.benefits", "服务待遇", "Benefits"),
    ("nav.mentor.lineage", "培带传承", "Lineage"),
    ("nav.mentor.appointment", "聘任信息", "Appointment"),
    ("nav.mentee.home", "我的首页", "My page"),
    ("nav.mentee.contract", "培带协议", "Contract"),
    ("nav.mentee.plan", "培养计划", "Training plan"),
    ("nav.mentee.activities", "参加的活动", "Activities"),
    ("nav.unit.dashboard", "工作台", "Dashboard"),
    ("nav.unit.people", "人员管理", "People"),
    ("nav.unit.nominations", "推荐申报", "Nominations"),
    ("nav.unit.contracts", "培带协议", "Contracts"),
    ("nav.unit.activities", "培带活动", "Activities"),
    ("nav.unit.plans", "培养计划", "Plans"),
    ("nav.unit.assessments", "年度考核", "Assessments"),
    ("nav.unit.benefits", "服务待遇", "Benefits"),
    ("nav.reviewer.assigned", "评审任务", "My reviews"),
    ("nav.city.dashboard", "总览", "Overview"),
    ("nav.city.units", "单位", "Units"),
    ("nav.city.people", "人员", "People"),
    ("nav.city.rounds", "选拔轮次", "Selection rounds"),
    ("nav.city.pool", "导师库", "Mentor pool"),
    ("nav.city.contracts", "培带协议", "Contracts"),
    ("nav.city.assessments", "年度考核", "Assessments"),
    ("nav.city.benefits", "服务待遇", "Benefits"),
    ("nav.city.operations", "运行维护", "Operations"),
    ("pager.prev", "上一页", "Previous"),
    ("pager.next", "下一页", "Next"),
    (
        "pager.where",
        "第 {page} / {pages} 页，共 {total} 条",
        "Page {page} of {pages}, {total} in all",
    ),
    (
        "footer.help",
        "如需帮助，请联系本单位管理员。",
        "For help, contact your unit's administrator.",
    ),
    (
        "footer.owner",
        "人才培带人管理平台",
        "The city's talent mentor programme",
    ),
    // Form parts.
    (
        "form.fix",
        "请按提示修改后再提交。",
        "Please correct what is marked below.",
    ),
    ("form.required", "请填写此项", "Please fill this in"),
    (
        "form.passwords_differ",
        "两次输入的密码不一致",
        "The two passwords differ",
    ),
    ("form.show_password", "显示密码", "Show password"),
    ("form.hide_password", "隐藏密码", "Hide password"),
    ("form.sending", "正在提交…", "Sending…"),
    ("field.email", "邮箱", "E-mail address"),
    ("field.password", "密码", "Password"),
    ("field.new_password", "新密码", "New password"),
    (
        "field.confirm_password",
        "再次输入新密码",
        "Repeat the new password",
    ),
    (
        "hint.password",
        "8 至 128 个字符，可以是一句好记的话",
        "8 to 128 characters; a phrase you remember works well",
    ),
    (
        "hint.email",
        "单位通知您开通账号时使用的邮箱",
        "The address your unit used to invite you",
    ),
    // Sign in.
    ("login.title", "登录", "Sign in"),
    (
        "login.lead",
        "请使用邮箱和密码登录。",
        "Sign in with your e-mail address and password.",
    ),
    ("login.submit", "登录", "Sign in"),
    ("login.forgot", "忘记密码？", "Forgot your password?"),
    (
        "login.first_time",
        "第一次使用？请打开邀请邮件中的链接设置密码。",
        "First time here? Open the link in your invitation e-mail to set a password.",
    ),
    (
        "notice.signed_out",
        "您已退出登录。",
        "You have signed out.",
    ),
    (
        "notice.password_reset",
        "密码已重置，请用新密码登录。",
        "Your password has been reset. Sign in with the new one.",
    ),
    (
        "notice.sign_in_again",
        "请先登录。如果您刚才已登录，登录可能已经失效。",
        "Please sign in. If you just did, your session has ended.",
    ),
    // Invitation.
    ("invite.title", "设置密码，激活账号", "Set your password"),
    (
        "invite.lead",
        "欢迎使用人才培带人管理平台。请为您的账号设置密码，设置完成后将直接登录。",
        "Welcome to the talent mentor programme. Choose a password for your account; you will be signed in straight away.",
    ),
    (
        "invite.submit",
        "设置密码并登录",
        "Set the password and sign in",
    ),
    (
        "invite.expired_help",
        "链接过期或已使用时，请联系邀请您的管理员重新发送邀请邮件。",
        "If the link has expired or was used, ask the administrator who invited you to send a new invitation.",
    ),
    (
        "link.missing",
        "链接不完整，请从邮件中重新打开。",
        "The link is incomplete. Open it again from the e-mail.",
    ),
    // Forgot and reset.
    ("forgot.title", "找回密码", "Forgot your password"),
    (
        "forgot.lead",
        "请输入登录邮箱，我们会向该邮箱发送一封重置密码的邮件。",
        "Enter the address you sign in with and we will e-mail you a link to choose a new password.",
    ),
    ("forgot.submit", "发送重置邮件", "Send the e-mail"),
    (
        "forgot.sent",
        "如果该邮箱对应一个有效账号，重置密码的邮件已经发出。请查收邮件并按邮件中的链接操作。",
        "If the address belongs to an active account, an e-mail with a reset link is on its way. Follow the link in it.",
    ),
    ("forgot.back", "返回登录", "Back to sign in"),
    ("reset.title", "设置新密码", "Choose a new password"),
    (
        "reset.lead",
        "保存后，您在所有设备上的登录都会失效，请用新密码重新登录。",
        "Once saved, you are signed out everywhere; sign in again with the new password.",
    ),
    ("reset.submit", "保存新密码", "Save the new password"),
    (
        "reset.expired_help",
        "链接过期或已使用时，请重新申请重置密码。",
        "If the link has expired or was used, ask for a new one.",
    ),
    ("reset.ask_again", "重新申请", "Ask for a new link"),
    // Home.
    ("home.title", "首页", "Home"),
    ("home.greeting", "您好，", "Hello, "),
    ("home.today", "今天是", "Today is"),
    ("home.acting_as", "当前身份", "Acting as"),
    (
        "home.no_role",
        "您的账号尚未分配身份。请联系本单位管理员分配身份后再登录。",
        "Your account holds no role yet. Ask your unit's administrator to give it one, then sign in again.",
    ),
    ("home.account", "我的账号", "My account"),
    ("home.roles", "我的身份", "My roles"),
    (
        "home.switch_hint",
        "您有多个身份，可以在页面顶部切换。",
        "You hold several roles; switch between them at the top of the page.",
    ),
    ("role.city_admin", "市级管理员", "City administrator"),
    ("role.unit_admin", "单位管理员", "Unit administrator"),
    ("role.reviewer", "评审专家", "Reviewer"),
    ("role.mentor", "人才培带人", "Mentor"),
    ("role.mentee", "培带对象", "Mentee"),
    // Error pages.
    ("error.title.403", "无法完成操作", "This could not be done"),
    (
        "error.body.403",
        "您没有执行此操作的权限。",
        "You are not allowed to do this.",
    ),
    ("error.title.csrf", "表单已失效", "The form has expired"),
    (
        "error.body.csrf",
        "这份表单已经失效，或者不是从本站提交的，系统没有做任何更改。请返回上一页，刷新后重新提交。",
        "This form has expired or was not sent from this site, so nothing was changed. Go back, reload the page and send it again.",
    ),
    ("error.title.404", "页面不存在", "Page not found"),
    (
        "error.body.404",
        "您要找的页面不存在，或者您无权查看。请检查网址，或从首页重新进入。",
        "The page does not exist, or you may not see it. Check the address, or start again from the home page.",
    ),
    ("error.title.500", "服务暂时出错", "Something went wrong"),
    (
        "error.body.500",
        "请稍后再试。如果问题仍然存在，请联系管理员，并告诉对方下面的请求编号。",
        "Please try again later. If it keeps happening, contact your administrator and quote the request id below.",
    ),
    (
        "error.title.other",
        "请求未能完成",
        "The request could not be completed",
    ),
    (
        "error.body.other",
        "提交的内容无法处理，请返回上一页重试。",
        "What was sent could not be handled. Go back and try again.",
    ),
    ("error.request_id", "请求编号", "Request id"),
    ("error.go_home", "返回首页", "Go to the home page"),
];

/// Every word by its key, built once (a page looks up dozens).
static INDEX: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> = LazyLock::new(|| {
    CATALOGUES
        .iter()
        .flat_map(|c| c.iter())
        .map(|(k, zh, en)| (*k, (*zh, *en)))
        .collect()
});

/// The word for `key` in `locale`; `None` for a key that is not in the catalogue.
pub fn word(key: &str, locale: Locale) -> Option<&'static str> {
    INDEX.get(key).map(|(zh, en)| match locale {
        Locale::ZhCn => *zh,
        Locale::En => *en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_written_in_both_languages() {
        let all = || CATALOGUES.iter().flat_map(|c| c.iter());
        let mut keys: Vec<&str> = all().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "a key is listed twice");
        for (key, zh, en) in all() {
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{key}");
        }
        assert_eq!(word("login.title", Locale::En), Some("Sign in"));
        assert_eq!(word("no.such.key", Locale::ZhCn), None);
    }
}
