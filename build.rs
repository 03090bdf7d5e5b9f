//! Compiles the migrations and the e-mail templates into the binary, and rebuilds when they
//! change. Every `.txt` and `.html` file under `emails/` becomes one template, named by its path
//! there (`invitation/subject.zh-CN.txt`): adding a template file needs no Rust line listing it.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=emails");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("emails");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut list = String::from("&[\n");
    for file in &files {
        let name = file
            .strip_prefix(&root)
            .expect("under emails/")
            .to_str()
            .expect("a template's path is UTF-8")
            .replace('\\', "/");
        list.push_str(&format!("    ({name:?}, include_str!({:?})),\n", file));
    }
    list.push(']');
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("email_templates.rs"), list).expect("write the template list");
}

/// The template files under `folder`, at any depth (hidden files and the README left out).
fn collect(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("read emails/") {
        let path = entry.expect("read emails/").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, files);
        } else if name.ends_with(".txt") || name.ends_with(".html") {
            files.push(path);
        }
    }
}
