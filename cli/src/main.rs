//! `dibao`: the caseworker's command line. A thin adapter: it reads files,
//! calls the core, and prints. Exit codes: 0 assessed, 1 invalid input (or,
//! for `batch`, any invalid or mismatched row), 2 usage or I/O error.

mod args;
mod assess;
mod regions;
mod report;

use std::process::ExitCode;

pub(crate) const USAGE: &str = "\
dibao — 低保核算工具 / minimum living allowance calculator

用法 Usage:
  dibao assess FILE|-  [--format text|json] [--lang zh|en] [--params PACK.json] [--no-trace]
  dibao regions        [--format text|json] [--params PACK.json]
  dibao help COMMAND

命令 Commands:
  assess    核算一户家庭并打印核算表 / assess one household and print the 核算表
  regions   列出内置地区参数 / list the regions and their standards

Exit codes: 0 assessed, 1 invalid input, 2 usage or I/O error.
Run `dibao help assess` for examples.";

fn main() -> ExitCode {
    let mut argv = std::env::args_os().skip(1);
    let Some(cmd) = argv.next() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest: Vec<std::ffi::OsString> = argv.collect();
    let code = match cmd.to_str() {
        Some("assess") => assess::main(rest),
        Some("regions") => regions::main(rest),
        Some("help") | Some("--help") | Some("-h") => {
            match rest.first().and_then(|s| s.to_str()) {
                Some("assess") => println!("{}", assess::HELP),
                Some("regions") => println!("{}", regions::HELP),
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
