//! Rebuilds when migrations or e-mail templates change (both are compiled into the binary), and
//! embeds the page templates (`src/web/templates/`).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=emails");
    minijinja_embed::embed_templates!("src/web/templates", &[".html"]);
}
