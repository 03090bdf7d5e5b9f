//! Managing people. City admins manage everyone; unit admins manage the mentors and mentees of
//! their own unit and can never grant `city_admin`, `unit_admin` or `reviewer`. Nobody is deleted.

use serde_json::json;

use crate::auth::caller::Caller;
use crate::db::AnyConnection;
use crate::db::audit::{self, Entry};
use crate::db::credentials;
use crate::db::units;
use crate::db::users::{self, User};
use crate::domain::ids::{UnitId, UserId};
use crate::domain::profile::Profile;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::user::{
    CreateUserRequest, NewUser, UserChanges, UserStatus, check_unit_for_roles,
};
use crate::email::account_emails::AccountEmails;
use crate::error::{AppError, Problems};
use crate::services::audit_trail::{Subject, record};
use crate::state::AppState;

fn role_not_allowed() -> AppError {
    AppError::forbidden(
        "role_not_allowed",
        "单位管理员不能授予市级管理员、单位管理员或评审专家角色",
        "unit admins cannot grant city_admin, unit_admin or reviewer",
    )
}

fn privileged_target() -> AppError {
    AppError::forbidden(
        "cannot_manage_privileged",
        "只有市级管理员可以管理管理员和评审专家账号",
        "only city admins manage admin and reviewer accounts",
    )
}

fn unknown_unit() -> AppError {
    AppError::invalid_field(
        "unit_id",
        "not_found",
        "单位不存在或已停用",
        "no such active unit",
    )
}

/// Refuses a unit the caller may not place people in (same answer as a missing unit).
fn check_unit(
    conn: &mut AnyConnection,
    caller: &Caller,
    unit: Option<UnitId>,
) -> Result<(), AppError> {
    if let Some(u) = unit
        && !units::exists_active(conn, u, caller.admin_scope())?
    {
        return Err(unknown_unit());
    }
    Ok(())
}

/// Checks a unit admin's limits on the roles they hand out.
fn check_grantable(caller: &Caller, roles: &[Role]) -> Result<(), AppError> {
    if !caller.is_city_admin() && roles.iter().any(|r| r.is_privileged()) {
        return Err(role_not_allowed());
    }
    Ok(())
}

/// Creates an account in status `invited` (it sets its password through the invitation).
pub async fn create_user(
    state: &AppState,
    caller: Caller,
    mut req: CreateUserRequest,
) -> Result<User, AppError> {
    if req.unit_id.is_none() && !caller.is_city_admin() {
        req.unit_id = caller.unit_id;
    }
    let new: NewUser = req.parse(state.clock.today())?;
    check_grantable(&caller, &new.roles)?;
    let at = state.clock.now();
    let now = at.naive_utc();
    let mails = state.account_emails.clone();
    let user = state
        .db
        .write(move |c| {
            check_unit(c, &caller, new.unit_id)?;
            users::check_id_number_free(c, new.profile.id_number.as_deref(), None)?;
            let id = users::insert(c, &new, UserStatus::Invited, None, now)?;
            let user = users::find(c, id, Scope::City)?;
            send_invitation(c, &mails, &caller, &user, at)?;
            record(
                c,
                &caller,
                "user.create",
                Subject::new("user", id, new.unit_id),
                json!({
                    "after": {
                        "email": new.email.as_str(),
                        "name": new.name,
                        "roles": new.roles,
                        "unit_id": new.unit_id,
                    }
                }),
                now,
            )?;
            Ok(user)
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(user)
}

/// Enqueues an invitation from `caller` to `user`, naming the caller and the user's unit.
fn send_invitation(
    c: &mut AnyConnection,
    mails: &AccountEmails,
    caller: &Caller,
    user: &User,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let inviter = users::find(c, caller.id, Scope::City)?.name;
    let unit = match user.unit_id {
        Some(u) => Some(units::find(c, u, Scope::City)?.name),
        None => None,
    };
    mails.invite(c, user, &inviter, unit, at)
}

/// Sends a new invitation to an account that has not set its password yet (earlier links stop
/// working).
pub async fn resend_invitation(
    state: &AppState,
    caller: Caller,
    id: UserId,
) -> Result<User, AppError> {
    let at = state.clock.now();
    let mails = state.account_emails.clone();
    let user = state
        .db
        .write(move |c| {
            let user = manageable(c, &caller, id)?;
            if user.status != UserStatus::Invited {
                return Err(AppError::conflict_field(
                    "status",
                    "not_invited",
                    "该账号已激活或已停用，无需邀请",
                    "only accounts that have not set a password can be invited again",
                ));
            }
            send_invitation(c, &mails, &caller, &user, at)?;
            audit::record(
                c,
                at.naive_utc(),
                &caller.origin,
                Entry::about_user(Some(caller.id), "user.invitation_sent", id, user.unit_id),
            )?;
            Ok(user)
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(user)
}

/// Loads a user the caller may manage: in scope (else 404) and, for unit admins, not an admin
/// or reviewer (else 403).
fn manageable(conn: &mut AnyConnection, caller: &Caller, id: UserId) -> Result<User, AppError> {
    let user = users::find(conn, id, caller.admin_scope())?;
    if !caller.is_city_admin() && user.roles.iter().any(|r| r.is_privileged()) {
        return Err(privileged_target());
    }
    Ok(user)
}

/// The profile fields whose values changed (values themselves stay out of the audit log).
fn changed_profile_fields(a: &Profile, b: &Profile) -> Vec<&'static str> {
    let mut out = Vec::new();
    macro_rules! cmp {
        ($($f:ident),*) => { $(if a.$f != b.$f { out.push(stringify!($f)); })* };
    }
    cmp!(
        gender,
        birth_date,
        education,
        title_level,
        skill_level,
        specialty,
        phone,
        city_work_start_date,
        from_outside_city,
        owns_urban_housing,
        id_number,
        position
    );
    out
}

pub async fn update_user(
    state: &AppState,
    caller: Caller,
    id: UserId,
    changes: UserChanges,
) -> Result<User, AppError> {
    let now = state.clock.now_naive();
    let today = state.clock.today();
    state
        .db
        .write(move |c| {
                let before = manageable(c, &caller, id)?;
                let roles = match &changes.roles {
                    Some(r) => {
                        check_grantable(&caller, r)?;
                        if id == caller.id
                            && caller.is_city_admin()
                            && !r.contains(&Role::CityAdmin)
                        {
                            return Err(AppError::conflict_field(
                                "roles",
                                "cannot_demote_self",
                                "不能取消自己的市级管理员角色",
                                "you cannot remove your own city_admin role",
                            ));
                        }
                        r.clone()
                    }
                    None => before.roles.clone(),
                };
                let unit_id = changes.unit_id.unwrap_or(before.unit_id);
                let mut p = Problems::new();
                check_unit_for_roles(&roles, unit_id, &mut p);
                let profile = match changes.profile {
                    Some(input) => input.apply(&before.profile, today, &mut p),
                    None => before.profile.clone(),
                };
                p.finish()?;
                if unit_id != before.unit_id {
                    check_unit(c, &caller, unit_id)?;
                }
                if profile.id_number != before.profile.id_number {
                    users::check_id_number_free(c, profile.id_number.as_deref(), Some(id))?;
                }
                let name = changes.name.clone().unwrap_or_else(|| before.name.clone());
                let locale = changes.locale.unwrap_or(before.locale);
                users::update_fields(c, id, &name, unit_id, locale, &profile, now)?;
                let roles_changed = roles != before.roles;
                if roles_changed {
                    users::set_roles(c, id, &roles, now)?;
                } else if unit_id != before.unit_id {
                    credentials::bump_token_version(c, id, now)?;
                }
                record(
                    c,
                    &caller,
                    "user.update",
                    Subject::new("user", id, unit_id),
                    json!({
                        "before": { "name": before.name, "roles": before.roles, "unit_id": before.unit_id, "locale": before.locale },
                        "after": { "name": name, "roles": roles, "unit_id": unit_id, "locale": locale },
                        "profile_fields_changed": changed_profile_fields(&before.profile, &profile),
                    }),
                    now,
                )?;
                users::find(c, id, Scope::City)
        })
        .await
}

/// Deactivates (ending every session) or reactivates an account.
pub async fn set_active(
    state: &AppState,
    caller: Caller,
    id: UserId,
    active: bool,
) -> Result<User, AppError> {
    if !active && id == caller.id {
        return Err(AppError::conflict_field(
            "id",
            "cannot_deactivate_self",
            "不能停用自己的账号",
            "you cannot deactivate your own account",
        ));
    }
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let before = manageable(c, &caller, id)?;
            let status = match (active, before.password_hash.is_some()) {
                (false, _) => UserStatus::Deactivated,
                (true, true) => UserStatus::Active,
                (true, false) => UserStatus::Invited,
            };
            if status != before.status {
                credentials::set_status(c, id, status, now)?;
                record(
                    c,
                    &caller,
                    if active {
                        "user.reactivate"
                    } else {
                        "user.deactivate"
                    },
                    Subject::new("user", id, before.unit_id),
                    json!({ "before": { "status": before.status }, "after": { "status": status } }),
                    now,
                )?;
            }
            users::find(c, id, Scope::City)
        })
        .await
}
