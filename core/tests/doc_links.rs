//! The documentation holds together: every relative link in `README.md` and
//! `docs/*.md` leads to a file of the repository (and, for `#anchors` into
//! Markdown files, to a heading there), every page of `docs/` is reachable
//! from `docs/README.md`, and no page points outside the repository (to
//! `../shared/` or to paths of the machine it was written on).
//!
//! Links are read the way a Markdown renderer reads them: inline links and
//! images `[text](target)`, reference definitions `[label]: target`, outside
//! code blocks and inline code. `http(s):` and `mailto:` links are not
//! checked. Anchors are compared with the headings' GitHub slugs.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The repository root (the parent of `core/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core/ has a parent")
        .to_path_buf()
}

/// `README.md` and every `docs/*.md`, as paths relative to the root.
fn pages() -> Vec<PathBuf> {
    let root = root();
    let mut pages = vec![PathBuf::from("README.md")];
    let mut docs: Vec<PathBuf> = fs::read_dir(root.join("docs"))
        .expect("docs/ exists")
        .map(|e| e.expect("docs/ is readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            p.strip_prefix(&root)
                .expect("inside the root")
                .to_path_buf()
        })
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

fn read(rel: &Path) -> String {
    fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{}: {e}", rel.display()))
}

/// The lines of a Markdown text outside fenced code blocks, with their
/// 1-based numbers.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut fence: Option<&str> = None;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let marker = if t.starts_with("```") {
            Some("```")
        } else if t.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (None, None) => out.push((i + 1, line)),
            _ => {}
        }
    }
    out
}

/// A line with its inline code spans (`` `…` ``, ``` ``…`` ```) blanked out.
fn without_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let ticks = rest[start..].chars().take_while(|&c| c == '`').count();
        let after = &rest[start + ticks..];
        let closing = "`".repeat(ticks);
        match after.find(&closing) {
            Some(end) => rest = &after[end + ticks..],
            None => {
                // An unmatched backtick is literal text.
                out.push_str(&rest[start..start + ticks]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The link targets on one line of prose: `](target)` and `[label]: target`.
fn targets(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let end = after.find([')', ' ', '\t']).unwrap_or(after.len());
        let target = after[..end].trim_start_matches('<').trim_end_matches('>');
        if !target.is_empty() {
            found.push(target.to_owned());
        }
        rest = &after[end..];
    }
    let t = line.trim_start();
    if let Some(close) = t.strip_prefix('[').and_then(|s| s.find("]:")) {
        let target = t[close + 3..].split_whitespace().next().unwrap_or("");
        if !target.is_empty() {
            found.push(target.to_owned());
        }
    }
    found
}

/// GitHub's anchor for a heading: lower case, spaces to `-`, letters,
/// digits, `-` and `_` kept, everything else dropped; repeated headings get
/// `-1`, `-2`, ….
fn anchors(text: &str) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (_, line) in prose_lines(text) {
        let t = line.trim_start();
        let level = t.chars().take_while(|&c| c == '#').count();
        if level == 0 || level > 6 || !t[level..].starts_with(' ') {
            continue;
        }
        let title = t[level..].trim().trim_end_matches('#').trim();
        let mut slug = String::new();
        for c in title.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                slug.push(c);
            } else if c == ' ' {
                slug.push('-');
            }
        }
        let n = seen.entry(slug.clone()).or_insert(0);
        out.push(if *n == 0 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        });
        *n += 1;
    }
    out
}

/// `a/b/../c` → `a/c`, without touching the file system; `None` when the
/// path climbs above where it started.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

fn is_external(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// Every problem with the links of one page.
fn check_page(page: &Path, problems: &mut Vec<String>) {
    let root = root();
    let text = read(page);
    let dir = page.parent().unwrap_or(Path::new(""));
    for (n, line) in prose_lines(&text) {
        for target in targets(&without_code_spans(line)) {
            if is_external(&target) {
                continue;
            }
            let at = format!("{}:{n}: link {target:?}", page.display());
            let (path_part, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            let path_part = path_part.split('?').next().unwrap_or("");
            // A link to a place in the same page.
            let rel = if path_part.is_empty() {
                page.to_path_buf()
            } else {
                match normalize(&dir.join(path_part)) {
                    Some(rel) => rel,
                    None => {
                        problems.push(format!("{at} leads outside the repository"));
                        continue;
                    }
                }
            };
            let full = root.join(&rel);
            if !full.exists() {
                problems.push(format!("{at}: {} does not exist", rel.display()));
                continue;
            }
            let Some(anchor) = anchor.filter(|a| !a.is_empty()) else {
                continue;
            };
            let is_markdown = rel.extension().is_some_and(|x| x == "md");
            if is_markdown && !anchors(&read(&rel)).iter().any(|a| a == anchor) {
                problems.push(format!("{at}: no heading #{anchor} in {}", rel.display()));
            }
        }
    }
}

#[test]
fn relative_links_lead_to_files_and_headings() {
    let mut problems = Vec::new();
    let pages = pages();
    assert!(pages.len() > 1, "docs/ has no pages");
    for page in &pages {
        check_page(page, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_page_points_outside_the_repository() {
    let mut problems = Vec::new();
    for page in pages() {
        for (i, line) in read(&page).lines().enumerate() {
            for bad in ["../shared/", "/work/"] {
                if line.contains(bad) {
                    problems.push(format!("{}:{}: mentions {bad}", page.display(), i + 1));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "pages pointing outside the repository:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_docs_page_is_in_the_index() {
    let index = read(Path::new("docs/README.md"));
    let linked: Vec<String> = prose_lines(&index)
        .into_iter()
        .flat_map(|(_, line)| targets(&without_code_spans(line)))
        .collect();
    let missing: Vec<String> = pages()
        .into_iter()
        .filter(|p| p.starts_with("docs") && !p.ends_with("README.md"))
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            (!linked
                .iter()
                .any(|t| t.split('#').next() == Some(name.as_str())))
            .then_some(name)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "docs/README.md does not link to: {}",
        missing.join(", ")
    );
}

#[test]
fn pages_the_programs_point_to_exist() {
    // The CLI's help and error messages name docs/batch.md; the web form
    // names regions/FORMAT.md.
    for rel in ["docs/batch.md", "regions/FORMAT.md", "docs/README.md"] {
        assert!(root().join(rel).is_file(), "{rel} is missing");
    }
}

#[test]
fn the_checker_reads_markdown_as_a_renderer_does() {
    assert_eq!(
        targets("see [a](docs/a.md#x) and ![i](p.png \"t\")"),
        ["docs/a.md#x", "p.png"]
    );
    assert_eq!(targets("[ref]: ../x.md"), ["../x.md"]);
    assert!(targets(&without_code_spans("`[a](b)` and ``[c](d)``")).is_empty());
    let text = "# A b\n```\n# not a heading\n```\n## 2. Membership\n## A b\n## 添加 / Adding x\n";
    assert_eq!(
        anchors(text),
        ["a-b", "2-membership", "a-b-1", "添加--adding-x"]
    );
    assert_eq!(
        normalize(Path::new("docs/../README.md")),
        Some("README.md".into())
    );
    assert_eq!(normalize(Path::new("../x")), None);
}
