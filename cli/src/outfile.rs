//! Files a run writes: checked against every input and every other output
//! before anything is written, written to a temporary file beside the target
//! and renamed at the end, and never left behind by a killed run.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::args::usage_error;
use crate::batch::OutputBytes;

/// What a path names, compared across the options of one run: the file
/// itself where it exists (device and inode on Unix, so a symlink or a hard
/// link is the file it leads to), else the path it would be created at.
#[derive(PartialEq, Eq, Debug)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    if let Ok(meta) = std::fs::metadata(path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            return Some(Identity::Inode(meta.dev(), meta.ino()));
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            return path.canonicalize().ok().map(Identity::Path);
        }
    }
    // A dangling symlink: the file it would create.
    if let Ok(target) = std::fs::read_link(path) {
        let base = path.parent().unwrap_or(Path::new("."));
        return identity(&base.join(target));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = parent.canonicalize().ok()?;
    Some(Identity::Path(dir.join(path.file_name()?)))
}

/// Refuses a run in which an output (`-o`, `--summary`, `--detail`, …) is one
/// of its inputs, or another of its outputs. `-` (standard input or output)
/// is never a file; two outputs on standard output are refused too. Each
/// pair is `(option as the user wrote it, path)`.
pub fn check_paths(inputs: &[(&str, &str)], outputs: &[(&str, &str)]) -> Result<(), String> {
    let ids = |list: &[(&str, &str)]| -> Vec<(String, String, Option<Identity>)> {
        list.iter()
            .map(|&(opt, p)| {
                let id = (p != "-").then(|| identity(Path::new(p))).flatten();
                (opt.to_owned(), p.to_owned(), id)
            })
            .collect()
    };
    let ins = ids(inputs);
    let outs = ids(outputs);
    for (i, (opt, path, id)) in outs.iter().enumerate() {
        for (in_opt, in_path, in_id) in &ins {
            if id.is_some() && id == in_id {
                return Err(usage_error(
                    &format!("输出 {opt} {path} 就是输入 {in_opt} {in_path}；不会覆盖输入，未写出任何文件"),
                    &format!(
                        "the output {opt} {path} is the input {in_opt} {in_path}; inputs are never overwritten, nothing was written"
                    ),
                ));
            }
        }
        for (other_opt, other_path, other_id) in &outs[..i] {
            let both_stdout = path == "-" && other_path == "-";
            if both_stdout || (id.is_some() && id == other_id) {
                return Err(usage_error(
                    &format!("{other_opt} {other_path} 与 {opt} {path} 是同一个输出；请给每个输出不同的文件，未写出任何文件"),
                    &format!(
                        "{other_opt} {other_path} and {opt} {path} are the same output; give each output its own file, nothing was written"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Where results go: a temporary file beside the target, renamed over it at
/// the end, so that the target is either the old file or the whole new one.
pub struct Output {
    pub target: Option<PathBuf>,
    pub temp: Option<PathBuf>,
}

/// The temporary files of runs writing `name` start with this; the process
/// id follows, so that a later run can tell a dead run's file from a live one.
fn temp_prefix(name: &str) -> String {
    format!(".{name}.dibao-tmp-")
}

impl Output {
    /// Opens the temporary file for `path` (`-`: standard output), first
    /// removing those that runs writing the same target left when killed.
    pub fn create(path: &str) -> Result<(Output, BufWriter<OutputBytes>), String> {
        if path == "-" {
            let out = Output {
                target: None,
                temp: None,
            };
            let w = BufWriter::with_capacity(1 << 18, OutputBytes::Stdout(std::io::stdout()));
            return Ok((out, w));
        }
        let target = PathBuf::from(path);
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let cannot = |e: &dyn std::fmt::Display| {
            usage_error(
                &format!("无法写入 {path}：{e}"),
                &format!("cannot write {path}: {e}"),
            )
        };
        if !dir.is_dir() {
            return Err(cannot(&format!(
                "文件夹 {} 不存在 / the folder {} does not exist",
                dir.display(),
                dir.display()
            )));
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        remove_stale(&dir, &temp_prefix(&name));
        let temp = dir.join(format!("{}{}", temp_prefix(&name), std::process::id()));
        let f = File::create(&temp).map_err(|e| cannot(&e))?;
        let out = Output {
            target: Some(target),
            temp: Some(temp),
        };
        Ok((out, BufWriter::with_capacity(1 << 18, OutputBytes::File(f))))
    }

    /// Whether the output can be written again from the start (a file, not
    /// standard output).
    pub fn rewindable(&self) -> bool {
        self.temp.is_some()
    }

    /// Empties the temporary file and writes it again from the start.
    pub fn restart(&self) -> std::io::Result<BufWriter<OutputBytes>> {
        let temp = self.temp.as_ref().expect("only a file output is restarted");
        let f = File::create(temp)?;
        Ok(BufWriter::with_capacity(1 << 18, OutputBytes::File(f)))
    }

    /// Renames the temporary file over the target.
    pub fn commit(&self) -> std::io::Result<()> {
        match (&self.temp, &self.target) {
            (Some(t), Some(target)) => std::fs::rename(t, target),
            _ => Ok(()),
        }
    }

    /// Removes the temporary file after a failure.
    pub fn abandon(&self) {
        if let Some(t) = &self.temp {
            let _ = std::fs::remove_file(t);
        }
    }
}

/// Removes the temporary files in `dir` named `prefix` + a process id whose
/// process is gone: what a run killed before its rename leaves.
fn remove_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !is_running_dibao(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` is a running `dibao`. Where that cannot be known
/// (no `/proc`), the answer is yes: a file that may be in use is kept.
fn is_running_dibao(pid: u32) -> bool {
    let proc_root = Path::new("/proc");
    if !proc_root.join("self").exists() {
        return true;
    }
    match std::fs::read_to_string(proc_root.join(pid.to_string()).join("comm")) {
        // A reused process id now running something else: the file is stale.
        Ok(comm) => comm.trim_end() == "dibao",
        Err(_) => false,
    }
}
