//! `dibao`'s command line as a library: the binary (`src/main.rs`) calls
//! [`run`]. It is a library so that the fuzz targets (`fuzz/`) can drive
//! the caseload readers; [`rows`] and [`csv`] are public for them and are
//! not a stable API. The commands are a thin adapter: they read files, call
//! the core, and print. Exit codes: 0 assessed, 1 invalid input (or, for
//! `batch`, any invalid or mismatched row), 2 usage or I/O error.

// Two `unsafe` blocks in the CLI, each allowed where it stands with its
// proof: the in-place CSV line (`csv::CsvReader::next_record`) and the
// signal set below. Any other is an error.
#![deny(unsafe_code)]

mod args;
mod assess;
mod batch;
#[doc(hidden)]
pub mod csv;
mod dups;
mod idcard;
mod jobs;
mod outfile;
mod regions;
mod report;
#[doc(hidden)]
pub mod rows;
mod schema;
mod simulate;
mod template;
mod xlsx;

use std::process::ExitCode;

pub(crate) const USAGE: &str = "\
dibao — 低保核算工具 / minimum living allowance calculator

用法 Usage:
  dibao assess FILE|-  [--format text|json] [--lang zh|en] [--params PACK.json] [--no-trace]
  dibao assess 台账.csv --case 户编号 [--lang zh|en]
  dibao batch IN -o OUT [--format csv|jsonl] [--summary FILE] [--encoding auto|utf-8|gb18030]
                        [--lang zh|en] [--output-encoding utf-8-bom|utf-8|gb18030]
  dibao simulate IN (--standard X|+5% | --params PACK.json | --date D) [--by COLUMN] [--detail FILE]
  dibao regions        [--format text|json] [--params PACK.json]
  dibao schema
  dibao template --format xlsx|csv -o FILE
  dibao help COMMAND

命令 Commands:
  assess    核算一户家庭并打印核算表 / assess one household and print the 核算表
  batch     批量核对台账（CSV 或 JSON Lines）/ verify a caseload (CSV or JSON Lines)
  simulate  测算调整标准或参数的影响与费用 / what a new standard or pack would change and cost
  regions   列出内置地区参数 / list the regions and their standards
  schema    输出家庭输入的 JSON Schema / print the JSON Schema of the household input
  template  生成空白台账模板（Excel 或 CSV）/ write an empty caseload template (Excel or CSV)

退出码 Exit codes: 0 成功 assessed, 1 输入无效（batch：有无效或不一致的户）invalid input
(batch: any invalid or mismatched household), 2 用法或读写错误 usage or I/O error.
运行 `dibao help COMMAND` 查看示例 / Run `dibao help COMMAND` for examples.";

/// Runs the command line with the process's arguments.
pub fn run() -> ExitCode {
    ignore_file_size_signal();
    let mut argv = std::env::args_os().skip(1);
    let Some(cmd) = argv.next() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest: Vec<std::ffi::OsString> = argv.collect();
    let code = match cmd.to_str() {
        Some("assess") => assess::main(rest),
        Some("regions") => regions::main(rest),
        Some("batch") => batch::main(rest),
        Some("simulate") => simulate::main(rest),
        Some("schema") => schema::main(rest),
        Some("template") => template::main(rest),
        Some("help") | Some("--help") | Some("-h") => {
            match rest.first().and_then(|s| s.to_str()) {
                Some("assess") => println!("{}", assess::HELP),
                Some("regions") => println!("{}", regions::HELP),
                Some("batch") => println!("{}", batch::HELP),
                Some("simulate") => println!("{}", simulate::HELP),
                Some("schema") => println!("{}", schema::HELP),
                Some("template") => println!("{}", template::HELP),
                _ => println!("{USAGE}"),
            }
            0
        }
        Some("--version") | Some("-V") => {
            println!("{}", dibao::ENGINE);
            0
        }
        _ => {
            eprintln!("错误：未知命令 {cmd:?}\nerror: unknown command {cmd:?}\n\n{USAGE}");
            2
        }
    };
    ExitCode::from(code)
}

/// Under a file-size limit (`ulimit -f`), a write past it raises SIGXFSZ,
/// which kills the process before it can say why or remove its temporary
/// file. Ignored, the write fails with an error (EFBIG) that the run reports
/// as an I/O error, exit 2, cleaning up as for any other.
fn ignore_file_size_signal() {
    #[cfg(unix)]
    #[allow(unsafe_code)]
    // SAFETY: `signal` with SIG_IGN installs no handler code; it is called
    // once, first thing, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
