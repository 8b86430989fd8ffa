//! The web face: building the WASM module and the static site, serving it,
//! and its tests. Until the page lands (issue 5), `serve` assesses the example
//! household shipped in the repo and prints its 核算表, and `test` adds nothing.

use crate::{root, run};

/// `cargo xtask serve`: for now, assess `examples/household.json` with the CLI.
pub fn serve(_args: &[String]) -> Result<(), String> {
    let example = root().join("examples").join("household.json");
    let example = example.to_str().ok_or("non-UTF-8 path")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run(
        &cargo,
        &[
            "run",
            "--quiet",
            "--release",
            "-p",
            "dibao-cli",
            "--",
            "assess",
            example,
        ],
    )
}

/// `cargo xtask web`: nothing to build until the WASM crate lands.
pub fn build(_args: &[String]) -> Result<(), String> {
    Err("the web build arrives with issue 5 (wasm/ and www/)".to_owned())
}

/// WASM and browser tests: none until the WASM crate lands.
pub fn test(_args: &[String]) -> Result<(), String> {
    Ok(())
}
