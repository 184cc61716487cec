//! Rebuild when rule files change: they are embedded with `include_dir!`, which does
//! not tell cargo about files added to the directory.
fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=defaults");
}
