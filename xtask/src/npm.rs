//! `cargo xtask web --package`: the widget as the npm package
//! `dibao-calculator`, in `target/npm/dibao-calculator/` — the element, the
//! engine wrapper, the WASM module, the region data it fetches, the
//! TypeScript declarations, a README and a `package.json`. The browser test
//! `tests/web/package.test.mjs` packs it with `npm pack`, installs the
//! tarball into a fresh folder and loads it from there in Chromium.
//!
//! The package is the built site (`target/site/`) minus the resident's page: the files are
//! copied, not rebuilt, so the package runs the very bytes the page tests
//! test. Every module a packaged file imports or fetches by a relative URL
//! must be packaged too (checked here, before npm sees the folder).

use std::fs;
use std::path::{Path, PathBuf};

/// The widget's files in `www/`, beside the folders `pkg/` (the WASM
/// module and its declarations) and `regions/` (the data fetched on use).
const FILES: &[&str] = &[
    "dibao-calculator.js",
    "dibao-calculator.css",
    "dibao-calculator.d.ts",
    "dibao.js",
    "dibao.d.ts",
    "i18n.js",
    "i18n-en.js",
    "detail-form.js",
    "region-picker.js",
    "chart.js",
];
const FOLDERS: &[&str] = &["pkg", "regions"];

/// The package's README: the three lines to embed it, then what a site needs.
const README: &str = include_str!("../npm/README.md");

/// Writes the package folder from the built site (`target/site/`); returns its path.
pub fn package(www: &Path, target: &Path) -> Result<PathBuf, String> {
    let out = target.join("npm").join("dibao-calculator");
    if out.is_dir() {
        fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    for f in FILES {
        copy(&www.join(f), &out.join(f))?;
    }
    for dir in FOLDERS {
        let from = www.join(dir);
        let entries = fs::read_dir(&from)
            .map_err(|e| format!("{}: {e} (run `cargo xtask web` first)", from.display()))?;
        fs::create_dir_all(out.join(dir)).map_err(|e| e.to_string())?;
        for e in entries {
            let p = e.map_err(|e| e.to_string())?.path();
            // wasm-bindgen's own .gitignore and package.json are not ours to ship.
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_file() && !matches!(name, ".gitignore" | "package.json") {
                copy(&p, &out.join(dir).join(name))?;
            }
        }
    }
    fs::write(out.join("README.md"), README).map_err(|e| e.to_string())?;
    fs::write(out.join("package.json"), manifest()).map_err(|e| e.to_string())?;
    check_references(&out)?;
    eprintln!(
        "xtask: the npm package is {} (`npm pack` there makes the tarball)",
        out.display()
    );
    Ok(out)
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", from.display()))
}

/// The package's version: the engine's (`dibao 0.1.0` → `0.1.0`), which
/// every result names in its `engine` field.
fn version() -> &'static str {
    dibao::ENGINE
        .strip_prefix("dibao ")
        .unwrap_or(dibao::ENGINE)
}

/// `package.json`: an ES module package without dependencies; the element
/// is the main entry (imported for its side effect of defining
/// `<dibao-calculator>`), the engine wrapper is `dibao-calculator/engine`.
/// The detailed form's module has a side effect too: it adds its Chinese
/// words to the strings when it loads.
fn manifest() -> String {
    let files: Vec<String> = FILES
        .iter()
        .chain(FOLDERS)
        .map(|f| format!("\"{f}\""))
        .collect();
    format!(
        r#"{{
  "name": "dibao-calculator",
  "version": "{version}",
  "description": "<dibao-calculator>: China's minimum living allowance (最低生活保障, 低保) calculator as a custom element. The exact Rust engine as WebAssembly, run entirely in the browser.",
  "license": "MIT OR Apache-2.0",
  "keywords": ["dibao", "低保", "custom-element", "web-component", "webassembly", "calculator"],
  "type": "module",
  "main": "./dibao-calculator.js",
  "types": "./dibao-calculator.d.ts",
  "exports": {{
    ".": {{ "types": "./dibao-calculator.d.ts", "default": "./dibao-calculator.js" }},
    "./engine": {{ "types": "./dibao.d.ts", "default": "./dibao.js" }},
    "./*": "./*"
  }},
  "sideEffects": ["./dibao-calculator.js", "./detail-form.js"],
  "files": [{files}]
}}
"#,
        version = version(),
        files = files.join(", ")
    )
}

/// Every relative URL in the packaged scripts (`from './x.js'`,
/// `import('./x.js')`, `new URL('./x', import.meta.url)`) names a packaged
/// file or folder.
fn check_references(out: &Path) -> Result<(), String> {
    let mut missing = Vec::new();
    for f in FILES.iter().filter(|f| f.ends_with(".js")) {
        let text = fs::read_to_string(out.join(f)).map_err(|e| e.to_string())?;
        for target in relative_urls(&text) {
            if !out.join(target.trim_end_matches('/')).exists() {
                missing.push(format!("{f} → {target}"));
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the npm package lacks what its scripts load: {}",
            missing.join(", ")
        ))
    }
}

/// The `./…` string literals in a script that follow `from`, `import(` or
/// `new URL(`.
fn relative_urls(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for opener in ["from '", "import('", "new URL('"] {
        let mut rest = text;
        while let Some(at) = rest.find(opener) {
            rest = &rest[at + opener.len()..];
            if let Some(end) = rest.find('\'') {
                let literal = &rest[..end];
                if let Some(path) = literal.strip_prefix("./") {
                    out.push(path);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The declarations the package ships follow the input format: every
    /// field of the JSON Schema and every code of the core's code lists.
    #[test]
    fn the_shipped_declarations_know_every_input_field_and_code() {
        let dts = fs::read_to_string(crate::root().join("www/dibao.d.ts")).unwrap();
        let schema = dibao::json::parse(dibao::input_schema()).unwrap();
        let mut fields = Vec::new();
        properties(&schema, &mut fields);
        assert!(fields.len() > 40, "{fields:?}");
        for f in fields {
            assert!(
                dts.contains(&format!(" {f}?:")) || dts.contains(&format!(" {f}:")),
                "www/dibao.d.ts lacks the input field `{f}`"
            );
        }
        let codes = [
            dibao::Relation::CODES,
            dibao::Sex::CODES,
            dibao::Status::CODES,
            dibao::DisabilityKind::CODES,
            dibao::IncomeKind::CODES,
            dibao::Area::CODES,
            dibao::DeductionKind::CODES,
            dibao::VehicleKind::CODES,
            dibao::Rounding::CODES,
        ];
        for code in codes.concat() {
            assert!(
                dts.contains(&format!("'{code}'")),
                "www/dibao.d.ts lacks the code '{code}'"
            );
        }
    }

    /// Every key of every `properties` object in a JSON Schema.
    fn properties(v: &dibao::json::Value, out: &mut Vec<String>) {
        use dibao::json::Value;
        match v {
            Value::Object(members) => {
                for (k, x) in members {
                    if let (true, Value::Object(props)) = (k == "properties", x) {
                        out.extend(props.iter().map(|(name, _)| name.to_string()));
                    }
                    properties(x, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|x| properties(x, out)),
            _ => {}
        }
    }

    #[test]
    fn relative_urls_are_found_in_the_three_forms() {
        let js = "import x from './a.js';\nconst m = import('./b.js');\n\
                  const u = new URL('./pkg/c.wasm', import.meta.url);\nimport y from 'bare';";
        assert_eq!(relative_urls(js), ["a.js", "b.js", "pkg/c.wasm"]);
    }

    #[test]
    fn the_manifest_is_the_engine_version_and_lists_every_file() {
        let m = manifest();
        assert_eq!(format!("dibao {}", version()), dibao::ENGINE);
        assert!(m.contains(&format!("\"version\": \"{}\"", version())));
        for f in FILES.iter().chain(FOLDERS) {
            assert!(m.contains(&format!("\"{f}\"")), "{f}");
        }
        let parsed = dibao::json::parse(&m).expect("package.json is JSON");
        assert_eq!(
            parsed.get("name").and_then(|v| v.as_str()),
            Some("dibao-calculator")
        );
    }
}
