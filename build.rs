//! Rebuilds when migrations or e-mail templates change: both are compiled into the binary.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=emails");
}
