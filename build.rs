//! Compiles the migrations, the e-mail templates and the page templates into the binary, and
//! rebuilds when they change. Every template file under `emails/` (`.txt`, `.html`) and under
//! `src/web/templates/` (`.html`) becomes one template, named by its path in its folder
//! (`invitation/subject.zh-CN.txt`, `login.html`): adding a template needs no Rust line listing it.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    embed("emails", &[".txt", ".html"], "email_templates.rs");
    embed("src/web/templates", &[".html"], "page_templates.rs");
}

/// Writes `OUT_DIR/<out>`: a `&[(name, source)]` list of the templates under `folder`.
fn embed(folder: &str, extensions: &[&str], out: &str) {
    println!("cargo:rerun-if-changed={folder}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files = Vec::new();
    collect(&root, extensions, &mut files);
    files.sort();
    let mut list = String::from("&[\n");
    for file in &files {
        let name = file
            .strip_prefix(&root)
            .expect("under the template folder")
            .to_str()
            .expect("a template's path is UTF-8")
            .replace('\\', "/");
        list.push_str(&format!("    ({name:?}, include_str!({:?})),\n", file));
    }
    list.push(']');
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join(out), list).expect("write the template list");
}

/// The template files under `folder`, at any depth (hidden files and READMEs left out).
fn collect(folder: &Path, extensions: &[&str], files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("read the template folder") {
        let path = entry.expect("read the template folder").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, extensions, files);
        } else if extensions.iter().any(|e| name.ends_with(e)) {
            files.push(path);
        }
    }
}
