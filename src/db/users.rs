//! User queries: accounts, roles and profiles. Every read that serves a request takes a scope.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::schema::{user_roles, users};
use super::units::contains_pattern;
use super::{AnyConnection, MultiBackend};
use crate::domain::ids::{UnitId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::profile::Profile;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::user::{Email, NewUser, UserStatus};
use crate::error::AppError;
use crate::i18n::Locale;

/// A user with roles and profile, as stored.
#[derive(Debug, Clone)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub unit_id: Option<UnitId>,
    pub status: UserStatus,
    pub locale: Locale,
    pub roles: Vec<Role>,
    pub token_version: i32,
    pub password_hash: Option<String>,
    pub profile: Profile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A user as the API shows one person: everything but secrets.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub unit_id: Option<UnitId>,
    pub status: UserStatus,
    pub locale: Locale,
    pub roles: Vec<Role>,
    pub profile: Profile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A user in a list: no personal profile data (birth date, phone) leaves in bulk.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserSummary {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub unit_id: Option<UnitId>,
    pub status: UserStatus,
    pub roles: Vec<Role>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        UserView {
            id: u.id,
            email: u.email,
            name: u.name,
            unit_id: u.unit_id,
            status: u.status,
            locale: u.locale,
            roles: u.roles,
            profile: u.profile,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

impl From<User> for UserSummary {
    fn from(u: User) -> Self {
        UserSummary {
            id: u.id,
            email: u.email,
            name: u.name,
            unit_id: u.unit_id,
            status: u.status,
            roles: u.roles,
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = users)]
struct UserRow {
    id: UserId,
    email: String,
    name: String,
    unit_id: Option<UnitId>,
    status: String,
    locale: String,
    password_hash: Option<String>,
    token_version: i32,
    gender: Option<String>,
    birth_date: Option<NaiveDate>,
    education: Option<String>,
    title_level: Option<String>,
    skill_level: Option<String>,
    specialty: Option<String>,
    phone: Option<String>,
    city_work_start_date: Option<NaiveDate>,
    from_outside_city: bool,
    owns_urban_housing: bool,
    id_number: Option<String>,
    position: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

fn parse_opt<T: std::str::FromStr>(
    v: Option<String>,
    what: &str,
    id: UserId,
) -> Result<Option<T>, AppError> {
    v.map(|s| {
        s.parse::<T>()
            .map_err(|_| AppError::internal(anyhow::anyhow!("bad {what} in user row {id}")))
    })
    .transpose()
}

impl UserRow {
    fn into_user(self, roles: Vec<Role>) -> Result<User, AppError> {
        let id = self.id;
        Ok(User {
            id,
            email: self.email,
            name: self.name,
            unit_id: self.unit_id,
            status: parse_opt(Some(self.status), "status", id)?.expect("some"),
            locale: Locale::parse(&self.locale).unwrap_or_default(),
            roles,
            token_version: self.token_version,
            password_hash: self.password_hash,
            profile: Profile {
                gender: parse_opt(self.gender, "gender", id)?,
                birth_date: self.birth_date,
                education: parse_opt(self.education, "education", id)?,
                title_level: parse_opt(self.title_level, "title_level", id)?,
                skill_level: parse_opt(self.skill_level, "skill_level", id)?,
                specialty: self.specialty,
                phone: self.phone,
                city_work_start_date: self.city_work_start_date,
                from_outside_city: self.from_outside_city,
                owns_urban_housing: self.owns_urban_housing,
                id_number: self.id_number,
                position: self.position,
            },
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}

/// Filters of `GET /api/v1/users`.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub unit_id: Option<UnitId>,
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    /// Part of the name or e-mail.
    pub search: Option<String>,
}

fn filtered<'a>(filter: &'a UserFilter, scope: Scope) -> users::BoxedQuery<'a, MultiBackend> {
    let mut q = users::table.into_boxed();
    match scope {
        Scope::City => {}
        Scope::Unit(u) => q = q.filter(users::unit_id.eq(u)),
        Scope::Nothing => q = q.filter(users::id.eq(-1)),
    }
    if let Some(u) = filter.unit_id {
        q = q.filter(users::unit_id.eq(u));
    }
    if let Some(s) = filter.status {
        q = q.filter(users::status.eq(s.as_str()));
    }
    if let Some(r) = filter.role {
        q = q.filter(
            users::id.eq_any(
                user_roles::table
                    .filter(user_roles::role.eq(r.as_str()))
                    .select(user_roles::user_id),
            ),
        );
    }
    if let Some(s) = &filter.search {
        q = q.filter(
            users::name
                .like(contains_pattern(s))
                .escape('\\')
                .or(users::email
                    .like(contains_pattern(&s.to_lowercase()))
                    .escape('\\')),
        );
    }
    q
}

fn roles_of(
    conn: &mut AnyConnection,
    ids: &[UserId],
) -> Result<BTreeMap<UserId, Vec<Role>>, AppError> {
    let rows: Vec<(UserId, String)> = user_roles::table
        .filter(user_roles::user_id.eq_any(ids))
        .select((user_roles::user_id, user_roles::role))
        .load(conn)?;
    let mut out: BTreeMap<UserId, Vec<Role>> = BTreeMap::new();
    for (id, role) in rows {
        if let Ok(r) = role.parse() {
            out.entry(id).or_default().push(r);
        }
    }
    for roles in out.values_mut() {
        roles.sort();
    }
    Ok(out)
}

fn with_roles(conn: &mut AnyConnection, rows: Vec<UserRow>) -> Result<Vec<User>, AppError> {
    let ids: Vec<UserId> = rows.iter().map(|r| r.id).collect();
    let mut roles = roles_of(conn, &ids)?;
    rows.into_iter()
        .map(|r| {
            let rs = roles.remove(&r.id).unwrap_or_default();
            r.into_user(rs)
        })
        .collect()
}

/// Stores a new user with its roles; an e-mail already taken is a 409 on `email`.
pub fn insert(
    conn: &mut AnyConnection,
    new: &NewUser,
    status: UserStatus,
    password_hash: Option<&str>,
    now: NaiveDateTime,
) -> Result<UserId, AppError> {
    let p = &new.profile;
    let id: UserId = diesel::insert_into(users::table)
        .values((
            users::email.eq(new.email.as_str()),
            users::name.eq(&new.name),
            users::unit_id.eq(new.unit_id),
            users::status.eq(status.as_str()),
            users::locale.eq(new.locale.as_str()),
            users::password_hash.eq(password_hash),
            users::token_version.eq(0),
            profile_columns(p),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .returning(users::id)
        .get_result(conn)
        .map_err(unique_conflict)?;
    write_roles(conn, id, &new.roles)?;
    Ok(id)
}

/// A unique violation on `users` as the field it concerns (the ID number's index names
/// `id_number` on both backends; any other is the e-mail's), else the error itself.
fn unique_conflict(e: diesel::result::Error) -> AppError {
    if !super::is_unique_violation(&e) {
        return e.into();
    }
    let on_id_number = match &e {
        diesel::result::Error::DatabaseError(_, info) => info.message().contains("id_number"),
        _ => false,
    };
    if on_id_number {
        id_number_taken()
    } else {
        AppError::conflict_field(
            "email",
            "email_taken",
            "该邮箱已被使用",
            "this e-mail address is already in use",
        )
    }
}

/// The refusal of an ID number another person already has (409 on `profile.id_number`).
pub fn id_number_taken() -> AppError {
    AppError::conflict_field(
        "profile.id_number",
        "id_number_taken",
        "该身份证号已登记在另一人名下",
        "this ID number is already recorded for another person",
    )
}

/// Who holds each of these ID numbers (already normalised): `number -> id`, in a few queries.
pub fn id_number_holders(
    conn: &mut AnyConnection,
    numbers: &[String],
) -> Result<BTreeMap<String, UserId>, AppError> {
    let mut out = BTreeMap::new();
    for part in numbers.chunks(super::IDS_PER_QUERY) {
        let rows: Vec<(Option<String>, UserId)> = users::table
            .filter(users::id_number.eq_any(part))
            .select((users::id_number, users::id))
            .load(conn)?;
        out.extend(rows.into_iter().filter_map(|(n, id)| n.map(|n| (n, id))));
    }
    Ok(out)
}

/// Refuses (409 on `profile.id_number`) an ID number someone other than `except` holds.
pub fn check_id_number_free(
    conn: &mut AnyConnection,
    number: Option<&str>,
    except: Option<UserId>,
) -> Result<(), AppError> {
    let Some(n) = number else {
        return Ok(());
    };
    let holder = id_number_holders(conn, &[n.to_owned()])?.remove(n);
    match holder {
        Some(h) if Some(h) != except => Err(id_number_taken()),
        _ => Ok(()),
    }
}

#[allow(clippy::type_complexity)]
fn profile_columns(
    p: &Profile,
) -> (
    diesel::dsl::Eq<users::gender, Option<&'static str>>,
    diesel::dsl::Eq<users::birth_date, Option<NaiveDate>>,
    diesel::dsl::Eq<users::education, Option<&'static str>>,
    diesel::dsl::Eq<users::title_level, Option<&'static str>>,
    diesel::dsl::Eq<users::skill_level, Option<&'static str>>,
    diesel::dsl::Eq<users::specialty, Option<String>>,
    diesel::dsl::Eq<users::phone, Option<String>>,
    diesel::dsl::Eq<users::city_work_start_date, Option<NaiveDate>>,
    diesel::dsl::Eq<users::from_outside_city, bool>,
    diesel::dsl::Eq<users::owns_urban_housing, bool>,
    diesel::dsl::Eq<users::id_number, Option<String>>,
    diesel::dsl::Eq<users::position, Option<String>>,
) {
    (
        users::gender.eq(p.gender.map(|v| v.as_str())),
        users::birth_date.eq(p.birth_date),
        users::education.eq(p.education.map(|v| v.as_str())),
        users::title_level.eq(p.title_level.map(|v| v.as_str())),
        users::skill_level.eq(p.skill_level.map(|v| v.as_str())),
        users::specialty.eq(p.specialty.clone()),
        users::phone.eq(p.phone.clone()),
        users::city_work_start_date.eq(p.city_work_start_date),
        users::from_outside_city.eq(p.from_outside_city),
        users::owns_urban_housing.eq(p.owns_urban_housing),
        users::id_number.eq(p.id_number.clone()),
        users::position.eq(p.position.clone()),
    )
}

/// Replaces a user's roles and cuts every token issued before: a role change ends the older
/// sessions at their next request, which is also what lets each instance remember the roles of
/// an account at a token version (`auth::session_cache`). Returns the new token version.
pub fn set_roles(
    conn: &mut AnyConnection,
    id: UserId,
    roles: &[Role],
    now: NaiveDateTime,
) -> Result<i32, AppError> {
    write_roles(conn, id, roles)?;
    super::credentials::bump_token_version(conn, id, now)
}

/// Writes a user's roles, replacing any: for a new account (no token issued yet) and for
/// [`set_roles`].
fn write_roles(conn: &mut AnyConnection, id: UserId, roles: &[Role]) -> Result<(), AppError> {
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(id))).execute(conn)?;
    for r in roles {
        diesel::insert_into(user_roles::table)
            .values((user_roles::user_id.eq(id), user_roles::role.eq(r.as_str())))
            .execute(conn)?;
    }
    Ok(())
}

/// The user if it exists within `scope`; otherwise `NotFound`.
pub fn find(conn: &mut AnyConnection, id: UserId, scope: Scope) -> Result<User, AppError> {
    let filter = UserFilter::default();
    let row = filtered(&filter, scope)
        .filter(users::id.eq(id))
        .select(UserRow::as_select())
        .first(conn)?;
    Ok(with_roles(conn, vec![row])?.remove(0))
}

/// The user with this e-mail, if any (for login; not scoped).
pub fn find_by_email(conn: &mut AnyConnection, email: &Email) -> Result<Option<User>, AppError> {
    let row = users::table
        .filter(users::email.eq(email.as_str()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    Ok(match row {
        Some(r) => Some(with_roles(conn, vec![r])?.remove(0)),
        None => None,
    })
}

pub fn list(
    conn: &mut AnyConnection,
    filter: &UserFilter,
    scope: Scope,
    page: PageRequest,
) -> Result<Page<User>, AppError> {
    list_sorted(conn, filter, scope, UserSort::Oldest, page)
}

/// How a list of people is sorted; each ends with the person's id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UserSort {
    /// In the order they were added.
    #[default]
    Oldest,
    /// The last added first.
    Newest,
    Name,
    Email,
}

/// One page of the people in `scope` under `filter`, sorted by the database, with the total.
pub fn list_sorted(
    conn: &mut AnyConnection,
    filter: &UserFilter,
    scope: Scope,
    sort: UserSort,
    page: PageRequest,
) -> Result<Page<User>, AppError> {
    let total: i64 = filtered(filter, scope).count().get_result(conn)?;
    let q = filtered(filter, scope);
    let q = match sort {
        UserSort::Oldest => q.order(users::id.asc()),
        UserSort::Newest => q.order(users::id.desc()),
        UserSort::Name => q.order((users::name.asc(), users::id.asc())),
        UserSort::Email => q.order((users::email.asc(), users::id.asc())),
    };
    let rows: Vec<UserRow> = q
        .limit(page.per_page)
        .offset(page.offset())
        .select(UserRow::as_select())
        .load(conn)?;
    Ok(Page {
        items: with_roles(conn, rows)?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// Writes the editable fields of a user (name, unit, locale, profile).
pub fn update_fields(
    conn: &mut AnyConnection,
    id: UserId,
    name: &str,
    unit_id: Option<UnitId>,
    locale: Locale,
    profile: &Profile,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(users::table.filter(users::id.eq(id)))
        .set((
            users::name.eq(name),
            users::unit_id.eq(unit_id),
            users::locale.eq(locale.as_str()),
            profile_columns(profile),
            users::updated_at.eq(now),
        ))
        .execute(conn)
        .map_err(unique_conflict)?;
    Ok(())
}

/// How many users there are (an empty database has none until the first admin is created).
pub fn count(conn: &mut AnyConnection) -> Result<i64, AppError> {
    Ok(users::table.count().get_result(conn)?)
}

/// The active admins of a unit, the people its notices go to.
pub fn unit_admins(conn: &mut AnyConnection, unit: UnitId) -> Result<Vec<User>, AppError> {
    Ok(list(
        conn,
        &UserFilter {
            unit_id: Some(unit),
            role: Some(crate::domain::role::Role::UnitAdmin),
            status: Some(crate::domain::user::UserStatus::Active),
            search: None,
        },
        Scope::City,
        PageRequest {
            page: 1,
            per_page: 100,
        },
    )?
    .items)
}

/// Every active city admin, the people the city's notices go to.
pub fn city_admins(conn: &mut AnyConnection) -> Result<Vec<User>, AppError> {
    let mut out = Vec::new();
    for page in 1.. {
        let batch = list(
            conn,
            &UserFilter {
                role: Some(crate::domain::role::Role::CityAdmin),
                status: Some(crate::domain::user::UserStatus::Active),
                ..Default::default()
            },
            Scope::City,
            PageRequest {
                page,
                per_page: 100,
            },
        )?
        .items;
        let last = batch.len() < 100;
        out.extend(batch);
        if last {
            break;
        }
    }
    Ok(out)
}

/// Name and the two housing facts of many people at once (benefit eligibility):
/// `id -> (name, from_outside_city, owns_urban_housing)`.
pub fn housing_facts(
    conn: &mut AnyConnection,
    ids: &[UserId],
) -> Result<std::collections::HashMap<UserId, (String, bool, bool)>, AppError> {
    Ok(super::in_chunks(ids, |part| {
        users::table
            .filter(users::id.eq_any(part))
            .select((
                users::id,
                users::name,
                users::from_outside_city,
                users::owns_urban_housing,
            ))
            .load::<(UserId, String, bool, bool)>(conn)
    })?
    .into_iter()
    .map(|(id, name, outside, housing)| (id, (name, outside, housing)))
    .collect())
}

/// The names of many people at once: `id -> name` (ids may repeat).
pub fn names(
    conn: &mut AnyConnection,
    ids: &[UserId],
) -> Result<std::collections::HashMap<UserId, String>, AppError> {
    Ok(super::in_chunks(ids, |part| {
        users::table
            .filter(users::id.eq_any(part))
            .select((users::id, users::name))
            .load::<(UserId, String)>(conn)
    })?
    .into_iter()
    .collect())
}

/// The e-mail address, name and locale of many people at once (e-mails queued in bulk):
/// `(id, email, name, locale)`.
pub fn contacts(
    conn: &mut AnyConnection,
    ids: &[UserId],
) -> Result<Vec<(UserId, String, String, String)>, AppError> {
    super::in_chunks(ids, |part| {
        users::table
            .filter(users::id.eq_any(part))
            .select((users::id, users::email, users::name, users::locale))
            .load(conn)
    })
    .map_err(Into::into)
}

/// The users with these e-mails (already lower-cased), with roles and profiles: the imports read
/// every address a file names in a few queries instead of one per row.
pub fn find_by_emails(conn: &mut AnyConnection, emails: &[String]) -> Result<Vec<User>, AppError> {
    let mut out = Vec::new();
    for part in emails.chunks(super::IDS_PER_QUERY) {
        let rows: Vec<UserRow> = users::table
            .filter(users::email.eq_any(part))
            .select(UserRow::as_select())
            .load(conn)?;
        out.extend(with_roles(conn, rows)?);
    }
    Ok(out)
}

/// Stores many new users at once (the people import), in statements of a few hundred rows, with
/// their roles; answers each new address with its id. The addresses must be free (the import
/// checked them in the same transaction).
pub fn insert_many(
    conn: &mut AnyConnection,
    news: &[NewUser],
    status: UserStatus,
    now: NaiveDateTime,
) -> Result<BTreeMap<String, UserId>, AppError> {
    let mut ids = BTreeMap::new();
    for part in news.chunks(500) {
        let values: Vec<_> = part
            .iter()
            .map(|new| {
                (
                    users::email.eq(new.email.as_str()),
                    users::name.eq(&new.name),
                    users::unit_id.eq(new.unit_id),
                    users::status.eq(status.as_str()),
                    users::locale.eq(new.locale.as_str()),
                    users::password_hash.eq(None::<String>),
                    users::token_version.eq(0),
                    profile_columns(&new.profile),
                    users::created_at.eq(now),
                    users::updated_at.eq(now),
                )
            })
            .collect();
        let stmt = diesel::insert_into(users::table).values(values);
        match conn {
            AnyConnection::Sqlite(c) => stmt.execute(c),
            AnyConnection::Postgresql(c) => stmt.execute(c),
        }?;
        let emails: Vec<&str> = part.iter().map(|n| n.email.as_str()).collect();
        let got: Vec<(String, UserId)> = users::table
            .filter(users::email.eq_any(&emails))
            .select((users::email, users::id))
            .load(conn)?;
        let by_email: BTreeMap<String, UserId> = got.into_iter().collect();
        let roles: Vec<_> = part
            .iter()
            .filter_map(|n| by_email.get(n.email.as_str()).map(|id| (*id, &n.roles)))
            .flat_map(|(id, roles)| {
                roles
                    .iter()
                    .map(move |r| (user_roles::user_id.eq(id), user_roles::role.eq(r.as_str())))
            })
            .collect();
        for chunk in roles.chunks(1000) {
            let stmt = diesel::insert_into(user_roles::table).values(chunk.to_vec());
            match conn {
                AnyConnection::Sqlite(c) => stmt.execute(c),
                AnyConnection::Postgresql(c) => stmt.execute(c),
            }?;
        }
        ids.extend(by_email);
    }
    Ok(ids)
}
