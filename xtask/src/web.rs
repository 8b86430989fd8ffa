//! The web face: installing its tools, building the WASM module and the static
//! site into `www/`, serving it, and its tests.
//!
//! Every install step is idempotent and pinned, each for the reason given:
//! - the `wasm32-unknown-unknown` target (rustup);
//! - `wasm-bindgen-cli` 0.2.130, matching the `=0.2.130` crate, installed only
//!   when `wasm-bindgen --version` differs (never `--locked`: its lock file
//!   wants a release the registry lacks);
//! - `npm ci` from the committed `package-lock.json` (npm's `binaryen` 132 for
//!   `wasm-opt` — never Debian's, which corrupts the module — and
//!   `playwright-core`), only when `node_modules` is missing or older;
//! - Debian's Chromium, for the browser tests only, when `/usr/bin/chromium`
//!   is missing (with a Chinese font for legible screenshots, and `pngquant`
//!   to keep the committed screenshots small).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use std::{env, fs, thread};

use crate::{root, run, run_in};

const WASM_BINDGEN_VERSION: &str = "0.2.130";
const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";
const CHROMIUM: &str = "/usr/bin/chromium";
const PNGQUANT: &str = "/usr/bin/pngquant";

/// The Content-Security-Policy sent with every response: the page's own files
/// only, WASM compilation allowed, no inline script or style, no eval.
/// (`www/index.html` carries the same policy in a `<meta>` for other servers,
/// minus `frame-ancestors`, which a `<meta>` cannot carry.)
pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self'; connect-src 'self'; manifest-src 'self'; \
base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// The sources of the page and the element (hand-written, readable).
fn www() -> PathBuf {
    root().join("www")
}

/// The built site, what is served and measured: `www/` with its scripts and
/// styles minified, the WASM module in `pkg/` and the region data in
/// `regions/` (`target/site/`, or under `CARGO_TARGET_DIR`).
pub fn site() -> PathBuf {
    target_dir().join("site")
}

/// `cargo xtask serve [--port N] [--no-build]`: install what is missing, build,
/// and serve the built site (`target/site/`) on 127.0.0.1 until interrupted.
pub fn serve(args: &[String]) -> Result<(), String> {
    let mut port: Option<u16> = None;
    let mut build_first = true;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--port" => {
                let value = it.next().ok_or("--port needs a number")?;
                port = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--port: `{value}` is not a port number"))?,
                );
            }
            "--no-build" => build_first = false,
            other => {
                return Err(format!(
                    "serve: unknown argument `{other}` (allowed: --port N, --no-build)"
                ))
            }
        }
    }
    if build_first {
        build(&[])?;
    }
    let listener = match port {
        Some(p) => bind(p)?,
        // The usual port, or any free one when it is taken.
        None => bind(8000).or_else(|_| bind(0))?,
    };
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "dibao: the calculator is at http://{addr}/  (serving {}; Ctrl-C to stop)",
        site().display()
    );
    std::io::stdout().flush().ok();
    serve_forever(listener, site());
    Ok(())
}

/// `cargo xtask web [--package]`: install what is missing, then build the
/// site into `target/site/`: the page's files from `www/` (scripts and
/// styles minified), the WASM module in `pkg/`, the region data in
/// `regions/`; with `--package`, also the npm package from that site
/// (`crate::npm`).
pub fn build(args: &[String]) -> Result<(), String> {
    let mut package = false;
    for arg in args {
        match arg.as_str() {
            "--package" => package = true,
            other => {
                return Err(format!(
                    "web: unknown argument `{other}` (allowed: --package)"
                ))
            }
        }
    }
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_npm()?;
    build_site()?;
    if package {
        crate::npm::package(&site(), &target_dir())?;
    }
    Ok(())
}

/// The WASM and browser suites, run by `cargo xtask test`: clippy for
/// wasm32, the wasm-bindgen tests (every golden case, byte for byte against
/// the native snapshot), then the Node tests in `tests/web/`: the Playwright
/// tests against the served page (accessibility with axe-core included),
/// native ≡ WASM on 10,000 generated households (their native answers
/// written here first), 100,000 assessments in one session, and the npm
/// package installed from its tarball and loaded in a page of its own.
pub fn test(_args: &[String]) -> Result<(), String> {
    build(&[])?;
    // The npm package, for `tests/web/package.test.mjs` to pack and install.
    let package = crate::npm::package(&site(), &target_dir())?;
    let package = package.to_str().ok_or("non-UTF-8 path")?.to_owned();
    let cargo = cargo();
    run(
        &cargo,
        &[
            "clippy",
            "-p",
            "dibao-wasm",
            "--target",
            TARGET,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run(&cargo, &["test", "-p", "dibao-wasm", "--target", TARGET])?;
    // Native ≡ WASM beyond the golden set: the households and the native
    // answers, for `tests/web/differential.test.mjs` to compare with the module's.
    let diff = target_dir().join("differential");
    crate::differential::prepare(&diff, DIFFERENTIAL_HOUSEHOLDS, DIFFERENTIAL_SEED)?;
    let diff = diff.to_str().ok_or("non-UTF-8 path")?;
    node_against_site(
        &["--test", "--test-concurrency=1", "tests/web/"],
        &[("DIBAO_DIFFERENTIAL", diff), ("DIBAO_PACKAGE", &package)],
    )
}

/// How many generated households the differential test compares, and their seed.
const DIFFERENTIAL_HOUSEHOLDS: u64 = 10_000;
const DIFFERENTIAL_SEED: u64 = 15;

fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// `cargo xtask web-bench`: build, serve, and run the benchmark script
/// (`tests/web/bench.mjs`): gzip size of what the widget loads, time from
/// navigation to the first result, median in-browser assess time.
pub fn bench(_args: &[String]) -> Result<(), String> {
    build(&[])?;
    node_against_site(&["tests/web/bench.mjs"], &[])
}

/// Serves the built site on a free port in the background and runs a Node
/// script against it in headless Chromium (its address in `DIBAO_URL`, its
/// folder in `DIBAO_SITE`).
fn node_against_site(args: &[&str], envs: &[(&str, &str)]) -> Result<(), String> {
    ensure_chromium()?;
    let listener = bind(0)?;
    let url = format!(
        "http://{}/",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    let dir = site();
    let dir_text = dir.to_str().ok_or("non-UTF-8 path")?.to_owned();
    thread::spawn(move || serve_forever(listener, dir));
    let mut envs = envs.to_vec();
    envs.push(("DIBAO_URL", &url));
    envs.push(("DIBAO_SITE", &dir_text));
    run_in(&root(), "node", args, &envs)
}

// ---------------------------------------------------------------- installs

/// Output of a command, or `None` when it cannot be started or fails.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ensure_wasm_target() -> Result<(), String> {
    match output_of("rustup", &["target", "list", "--installed"]) {
        Some(list) if list.lines().any(|l| l.trim() == TARGET) => Ok(()),
        Some(_) => run("rustup", &["target", "add", TARGET]),
        // No rustup: assume the toolchain was set up some other way; the
        // build below says so clearly if the target is missing.
        None => Ok(()),
    }
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let wanted = format!("wasm-bindgen {WASM_BINDGEN_VERSION}");
    let have = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.trim() == wanted {
        return Ok(());
    }
    // Not `--locked`: the CLI's lock file names a release the registry lacks.
    run(
        &cargo(),
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
        ],
    )
}

fn ensure_npm() -> Result<(), String> {
    let root = root();
    let lock = root.join("package-lock.json");
    let installed = root.join("node_modules").join(".package-lock.json");
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (modified(&installed), modified(&lock)) {
        (Some(i), Some(l)) => i >= l && wasm_opt().is_file() && esbuild().is_file(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run("npm", &["ci", "--no-audit", "--no-fund"])
}

fn ensure_chromium() -> Result<(), String> {
    let have_browser = Path::new(CHROMIUM).is_file();
    // A Chinese font, so that the screenshots kept as test artifacts are
    // legible (Debian's Chromium brings none); the page itself fetches none.
    let have_font =
        output_of("fc-list", &[":lang=zh"]).is_some_and(|fonts| !fonts.trim().is_empty());
    // pngquant keeps the committed screenshots small (the tests use it when present).
    let have_pngquant = Path::new(PNGQUANT).is_file();
    if have_browser && have_font && have_pngquant {
        return Ok(());
    }
    run("apt-get", &["update"])?;
    if !have_browser {
        run("apt-get", &["install", "-y", "chromium", "chromium-driver"])?;
    }
    if !have_font {
        run("apt-get", &["install", "-y", "fonts-wqy-microhei"])?;
    }
    if !have_pngquant {
        run("apt-get", &["install", "-y", "pngquant"])?;
    }
    Ok(())
}

fn wasm_opt() -> PathBuf {
    root().join("node_modules").join(".bin").join("wasm-opt")
}

fn esbuild() -> PathBuf {
    root().join("node_modules").join(".bin").join("esbuild")
}

// ---------------------------------------------------------------- build

fn build_site() -> Result<(), String> {
    run(
        &cargo(),
        &[
            "build",
            "-p",
            "dibao-wasm",
            "--target",
            TARGET,
            "--profile",
            PROFILE,
        ],
    )?;
    let site = site();
    if site.is_dir() {
        fs::remove_dir_all(&site).map_err(|e| format!("{}: {e}", site.display()))?;
    }
    fs::create_dir_all(&site).map_err(|e| format!("{}: {e}", site.display()))?;
    let module = target_dir()
        .join(TARGET)
        .join(PROFILE)
        .join("dibao_wasm.wasm");
    let pkg = site.join("pkg");
    let module = module.to_str().ok_or("non-UTF-8 path")?;
    let pkg_str = pkg.to_str().ok_or("non-UTF-8 path")?;
    run(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--out-dir",
            pkg_str,
            "--out-name",
            "dibao_wasm",
            module,
        ],
    )?;
    let wasm = pkg.join("dibao_wasm_bg.wasm");
    let wasm = wasm.to_str().ok_or("non-UTF-8 path")?;
    let wasm_opt = wasm_opt();
    run(
        wasm_opt.to_str().ok_or("non-UTF-8 path")?,
        &["-Oz", wasm, "-o", wasm],
    )?;
    // The input schema is fetched by `schema()` when asked for: the module
    // does not carry it (the first load is counted).
    fs::write(pkg.join("schema.json"), dibao::input_schema())
        .map_err(|e| format!("pkg/schema.json: {e}"))?;
    copy_sources(&site)?;
    write_region_data(&site.join("regions"))?;
    eprintln!(
        "xtask: {} is the complete static site (sources in www/, module in pkg/, region data in regions/)",
        site.display()
    );
    Ok(())
}

/// Copies the page's files from `www/` into the site, its scripts and
/// styles (and the module's JavaScript glue) minified by esbuild: comments,
/// spaces and local names are what a resident's phone need not download
/// (the widget's first load has a budget, docs/web.md). Text stays UTF-8
/// (`--charset=utf8`: escaping Chinese as `\uXXXX` would double it).
fn copy_sources(site: &Path) -> Result<(), String> {
    let mut minify: Vec<String> = Vec::new();
    let entries = fs::read_dir(www()).map_err(|e| format!("www/: {e}"))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        // Only the files: a `pkg/` or `regions/` left by an older build is not the site's.
        if !path.is_file() {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("non-UTF-8 file name")?;
        if name.ends_with(".js") || name.ends_with(".css") {
            minify.push(path.to_str().ok_or("non-UTF-8 path")?.to_owned());
        } else {
            fs::copy(&path, site.join(name)).map_err(|e| format!("www/{name}: {e}"))?;
        }
    }
    minify.sort();
    let esbuild = esbuild();
    let esbuild = esbuild.to_str().ok_or("non-UTF-8 path")?;
    let outdir = format!("--outdir={}", site.to_str().ok_or("non-UTF-8 path")?);
    let common = ["--minify", "--charset=utf8", "--log-level=warning"];
    let mut args: Vec<&str> = minify.iter().map(String::as_str).collect();
    args.extend(common);
    args.push(&outdir);
    run(esbuild, &args)?;
    let glue = site.join("pkg").join("dibao_wasm.js");
    let glue = glue.to_str().ok_or("non-UTF-8 path")?;
    let outfile = format!("--outfile={glue}");
    let mut args = vec![glue, "--allow-overwrite", outfile.as_str()];
    args.extend(common);
    run(esbuild, &args)
}

// The packs as the WASM build used to embed them: minified, without notes.
include!("../../core/slim.rs");

/// The region data the page fetches from its own origin (the WASM build
/// embeds only the national base `CN`): every pack `regions/CODE.json`
/// (slim, as `core/slim.rs` makes it), the name table `regions/names.tsv`,
/// and the picker's index `regions/index.json`.
fn write_region_data(out: &Path) -> Result<(), String> {
    let src = root().join("regions");
    if out.is_dir() {
        fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut registry = dibao::Registry::builtin().clone();
    let mut files: Vec<PathBuf> = fs::read_dir(&src)
        .map_err(|e| format!("{}: {e}", src.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for file in &files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("non-UTF-8 file name")?;
        let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let slim = slim(&text);
        // The native core reads the very text the page will load.
        registry
            .add_json(name, &slim)
            .map_err(|e| format!("{name}: {}", e.to_json()))?;
        fs::write(out.join(name), slim).map_err(|e| format!("{name}: {e}"))?;
    }
    fs::copy(src.join("names.tsv"), out.join("names.tsv"))
        .map_err(|e| format!("regions/names.tsv: {e}"))?;
    fs::write(out.join("index.json"), region_index(&registry.to_json())?)
        .map_err(|e| format!("index.json: {e}"))
}

/// The picker's index from the core's region list (`dibao regions --format
/// json`): each region's code, names, versions (date, standard, `area`, and
/// where urban and rural differ each area's monthly value) and
/// `confirmed_through`; without sources, notes and the values' units, which
/// the page's first load need not carry (they are in the packs).
fn region_index(regions_json: &str) -> Result<String, String> {
    use dibao::json::Value;
    let mut list = dibao::json::parse(regions_json).map_err(|e| format!("{e:?}"))?;
    let Value::Array(regions) = &mut list else {
        return Err("the region list is not an array".into());
    };
    regions.retain(|r| r.get("code").and_then(Value::as_str) != Some("CN"));
    for region in regions.iter_mut() {
        let Value::Object(fields) = region else {
            continue;
        };
        fields.retain(|(k, _)| k != "notes");
        for (k, v) in fields.iter_mut() {
            if k != "versions" {
                continue;
            }
            let Value::Array(versions) = v else { continue };
            for version in versions.iter_mut() {
                let Value::Object(f) = version else { continue };
                let separate = f
                    .iter()
                    .any(|(k, v)| k == "area" && v.as_str() == Some("separate"));
                // A unified standard is `standard`; separate ones keep
                // each area's monthly figure (the first load is counted).
                f.retain(|(k, _)| k != "source" && (separate || k != "values"));
                for (k, v) in f.iter_mut() {
                    if let (true, Value::Array(values)) = (k == "values", v) {
                        for value in values.iter_mut() {
                            if let Value::Object(vf) = value {
                                vf.retain(|(k, _)| k == "area" || k == "monthly");
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(format!("{list}\n"))
}

// ---------------------------------------------------------------- server

fn bind(port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))
}

/// Serves `dir` forever, one thread per connection.
fn serve_forever(listener: TcpListener, dir: PathBuf) {
    for stream in listener.incoming().flatten() {
        let dir = dir.clone();
        thread::spawn(move || {
            let _ = handle(stream, &dir);
        });
    }
}

/// The MIME type for a file name.
fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "ts" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape or non-UTF-8 result.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Maps a request target to a file under `dir`, refusing anything that could
/// leave it.
fn resolve(dir: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path)?;
    if !path.starts_with('/') || path.contains('\0') || path.contains('\\') {
        return None;
    }
    let relative = Path::new(&path[1..]);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = dir.join(relative);
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn handle(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut keep_alive = true;
        // Skip the headers; note `Connection: close`.
        let mut header_bytes = 0;
        loop {
            let mut line = String::new();
            let n = reader.read_line(&mut line)?;
            header_bytes += n;
            if n == 0 || line == "\r\n" || line == "\n" || header_bytes > 64 * 1024 {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("connection:") && lower.contains("close") {
                keep_alive = false;
            }
            if let Some(length) = lower.strip_prefix("content-length:") {
                // Requests with a body are refused below; drain it anyway.
                let n: u64 = length.trim().parse().unwrap_or(0);
                std::io::copy(&mut (&mut reader).take(n), &mut std::io::sink())?;
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("");
        let target = parts.next().unwrap_or("");
        let (status, body, content_type) = if method != "GET" && method != "HEAD" {
            (
                "405 Method Not Allowed",
                b"method not allowed\n".to_vec(),
                "text/plain; charset=utf-8",
            )
        } else if let Some(file) = resolve(dir, target) {
            match fs::read(&file) {
                Ok(bytes) => ("200 OK", bytes, mime(&file)),
                Err(_) => (
                    "500 Internal Server Error",
                    b"cannot read file\n".to_vec(),
                    "text/plain; charset=utf-8",
                ),
            }
        } else {
            (
                "404 Not Found",
                b"not found\n".to_vec(),
                "text/plain; charset=utf-8",
            )
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\
             Referrer-Policy: no-referrer\r\nCache-Control: no-cache\r\nConnection: {}\r\n\r\n",
            body.len(),
            if keep_alive { "keep-alive" } else { "close" }
        );
        stream.write_all(head.as_bytes())?;
        if method != "HEAD" {
            stream.write_all(&body)?;
        }
        stream.flush()?;
        if !keep_alive {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_refuses_to_leave_the_directory() {
        let dir = root().join("xtask");
        assert!(resolve(&dir, "/Cargo.toml").is_some());
        assert!(resolve(&dir, "/Cargo.toml?x=1#y").is_some());
        assert!(resolve(&dir, "/../Cargo.toml").is_none());
        assert!(resolve(&dir, "/%2e%2e/Cargo.toml").is_none());
        assert!(resolve(&dir, "/src/..%2f..%2fCargo.toml").is_none());
        assert!(resolve(&dir, "//etc/passwd").is_none());
        assert!(resolve(&dir, "relative").is_none());
        assert!(resolve(&dir, "/%zz").is_none());
    }

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(mime(Path::new("a/b_bg.wasm")), "application/wasm");
        assert_eq!(mime(Path::new("x.js")), "text/javascript; charset=utf-8");
        assert_eq!(mime(Path::new("x.css")), "text/css; charset=utf-8");
    }
}
