//! `peidai import units|people|pool|contracts FILE [--apply] [--invite]`: the imports of the city
//! admin's pages from the command line. It prints every row's outcome (row, action, column:
//! reason) in Chinese (or `--lang en`), the totals, and whether the file was applied; the exit
//! code is non-zero when the file or any row is refused (then nothing is stored).

use std::path::PathBuf;

use clap::Args;

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Db;
use crate::db::audit::Origin;
use crate::i18n::Locale;
use crate::services::imports::runner::{ImportReport, ImportRequest, run_on};
use crate::services::imports::{ImportContext, ImportKind, reading};
use crate::state::AppState;

/// The arguments of `peidai import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// units, people, pool or contracts
    kind: String,
    /// The XLSX or CSV file.
    file: PathBuf,
    /// Store the rows (without it the file is only checked: a dry run).
    #[arg(long)]
    apply: bool,
    /// E-mail an invitation to each person the import creates.
    #[arg(long)]
    invite: bool,
    /// The language of the report: zh-CN (default) or en.
    #[arg(long, default_value = "zh-CN")]
    lang: String,
}

/// Runs the import and prints its report.
pub fn run(settings: Settings, args: ImportArgs) -> anyhow::Result<()> {
    let locale = Locale::parse(&args.lang).unwrap_or_default();
    let zh = locale == Locale::ZhCn;
    let Some(kind) = ImportKind::parse(&args.kind) else {
        anyhow::bail!(
            "{}",
            if zh {
                "导入类型应为 units、people、pool 或 contracts"
            } else {
                "the kind must be units, people, pool or contracts"
            }
        );
    };
    let bytes =
        std::fs::read(&args.file).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let file_name = args
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let table = reading::read(&bytes, kind.columns(), &settings.imports)
        .map_err(|r| anyhow::anyhow!("{file_name}: {}", r.message.get(locale)))?;
    let db = Db::connect_once(&settings.database)?;
    let state = AppState::new(settings, db.clone(), Clock::system())?;
    let ctx = ImportContext {
        actor: None,
        origin: Origin {
            client_ip: None,
            request_id: Some("cli:import".to_owned()),
        },
        at: state.clock.now(),
        send_invitations: args.invite,
        policy: state.settings.policy.clone(),
        progress: crate::services::imports::runner::RowProgress::none(),
    };
    let req = ImportRequest {
        kind,
        file_name,
        apply: args.apply,
        invite: args.invite,
    };
    let mut conn = db.get()?;
    let report = run_on(&mut conn, &req, &ctx, &table, Some(&state.account_emails))?;
    print!("{}", render(&report, locale));
    if report.any_refused() {
        anyhow::bail!(
            "{}",
            if zh {
                "有行被拒绝，未导入任何数据"
            } else {
                "rows were refused; nothing was imported"
            }
        );
    }
    Ok(())
}

/// The report as the CLI prints it: one line per row, then the totals and the verdict.
pub fn render(report: &ImportReport, locale: Locale) -> String {
    let s = report.summary(locale);
    let zh = locale == Locale::ZhCn;
    let mut out = String::new();
    for r in &s.rows {
        let row = if zh {
            format!("第 {} 行", r.row)
        } else {
            format!("row {}", r.row)
        };
        out.push_str(&format!("{row}\t{}\t{}\n", r.action_words, r.label));
        for p in &r.problems {
            out.push_str(&format!("\t{}：{}\n", p.column, p.reason));
        }
    }
    let t = &s.totals;
    let verdict = match (zh, s.applied, s.dry_run) {
        (true, true, _) => format!(
            "已导入{}",
            if s.invitations > 0 {
                format!("，已发送 {} 封邀请", s.invitations)
            } else {
                String::new()
            }
        ),
        (true, false, true) => "试导入（未保存）：加 --apply 导入".to_owned(),
        (true, false, false) => "有行被拒绝，未导入任何数据".to_owned(),
        (false, true, _) => format!("applied ({} invitations sent)", s.invitations),
        (false, false, true) => "dry run (nothing stored): add --apply to import".to_owned(),
        (false, false, false) => "rows were refused; nothing was imported".to_owned(),
    };
    if zh {
        out.push_str(&format!(
            "共 {} 行：新建 {}，更新 {}，不变 {}，拒绝 {}。{verdict}\n",
            t.rows, t.create, t.update, t.unchanged, t.refuse
        ));
    } else {
        out.push_str(&format!(
            "{} rows: {} to create, {} to update, {} unchanged, {} refused. {verdict}\n",
            t.rows, t.create, t.update, t.unchanged, t.refuse
        ));
    }
    out
}
