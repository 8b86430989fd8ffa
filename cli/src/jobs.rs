//! Every core for `batch` (issue 13): the reader stays on the calling
//! thread (reading is sequential), workers assess and format chunks of
//! households, and a writer thread writes the chunks in input order.
//!
//! A fixed number of chunks circulates — reader → workers → writer → back to
//! the reader — so memory stays constant whatever the caseload's size, the
//! reorder buffer never holds more than that number, and each chunk's items
//! keep their allocations from one round to the next. The bytes written are
//! the ones `--jobs 1` writes: the same `Sink` formats every row.
//!
//! JSON Lines are parsed by the workers (the reader only finds the lines).
//! CSV households are built on the reader's thread: a household ends where
//! the case id changes, and split case ids and people in two households are
//! found in reading order.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver};
use std::sync::{Arc, Mutex};

use crate::batch::Summary;
use crate::rows::{Fatal, Item, Progress, Row, RowError, Sink, SinkOpts, Source};

/// Households per chunk: enough to make a hand-over rare, few enough that
/// the chunks in flight stay small.
const CHUNK: usize = 256;

/// The number of cores to use when `--jobs` is not given.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Parses `--jobs N` (N ≥ 1).
pub fn parse_jobs(v: &str) -> Result<usize, String> {
    match v.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err(crate::args::usage_error(
            &format!("--jobs 应为 1 至 1024 之间的整数，而不是 {v:?}"),
            &format!("--jobs must be a whole number from 1 to 1024, not {v:?}"),
        )),
    }
}

/// A run of consecutive households, and what the workers made of them.
struct Chunk {
    seq: u64,
    items: Vec<Item>,
    len: usize,
    /// The formatted rows, in the output's encoding.
    out: Vec<u8>,
    /// Counts and totals of these households.
    summary: Summary,
    /// Which carried columns the input has.
    carried: [bool; 4],
    /// The first I/O error formatting a row (into memory: none expected).
    failed: Option<std::io::Error>,
    /// JSON Lines: the lines as read, parsed by the worker; (line number,
    /// start, end) of each in `raw`.
    raw: Vec<u8>,
    raw_lines: Vec<(u64, usize, usize)>,
}

impl Chunk {
    fn new() -> Chunk {
        Chunk {
            seq: 0,
            items: (0..CHUNK).map(|_| Item::default()).collect(),
            len: 0,
            out: Vec::with_capacity(CHUNK * 128),
            summary: Summary::default(),
            carried: [false; 4],
            failed: None,
            raw: Vec::new(),
            raw_lines: Vec::new(),
        }
    }
}

/// What a parallel run hands back: the output sink (finished by the caller)
/// and the counts.
pub struct Done<W: Write> {
    pub sink: Sink<W>,
    pub summary: Summary,
}

/// Reads `src` on this thread, assesses on `jobs` workers and writes through
/// `sink` in input order.
#[allow(clippy::too_many_arguments)]
pub fn run<R, W>(
    src: &mut Source<R>,
    a: &dibao::Assessor,
    sink: Sink<W>,
    opts: SinkOpts,
    format: crate::rows::OutputFormat,
    jobs: usize,
    mut progress: Progress,
    csv: bool,
    output: &str,
) -> Result<Done<W>, Fatal>
where
    R: crate::csv::Buffered,
    W: Write + Send,
{
    let in_flight = jobs * 4;
    let (work_tx, work_rx) = sync_channel::<Chunk>(in_flight);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = channel::<Chunk>();
    let (pool_tx, pool_rx) = channel::<Chunk>();
    let bytes = AtomicU64::new(0);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let rx = Arc::clone(&work_rx);
            let tx = done_tx.clone();
            let mut a = a.clone();
            scope.spawn(move || worker(&mut a, &rx, &tx, opts, format, csv));
        }
        drop(done_tx);
        let bytes = &bytes;
        let writer = scope.spawn(move || {
            let pool = pool_tx;
            write_in_order(sink, done_rx, &pool, &mut progress, bytes, output)
        });
        let read = read_chunks(src, a, work_tx, &pool_rx, in_flight, bytes);
        drop(pool_rx);
        let written = writer.join().unwrap_or_else(|_| {
            Err(Fatal {
                zh: "写出结果的线程意外终止".into(),
                en: "the thread writing the results stopped unexpectedly".into(),
            })
        });
        // A writer that failed stops the reader: its error is the one to tell.
        let done = written?;
        read?;
        Ok(done)
    })
}

/// Fills chunks from the source and hands them to the workers.
fn read_chunks<R: crate::csv::Buffered>(
    src: &mut Source<R>,
    a: &dibao::Assessor,
    work: std::sync::mpsc::SyncSender<Chunk>,
    pool: &Receiver<Chunk>,
    in_flight: usize,
    bytes: &AtomicU64,
) -> Result<(), Fatal> {
    let mut made = 0;
    let mut seq = 0;
    loop {
        let mut chunk = if made < in_flight {
            made += 1;
            Chunk::new()
        } else {
            match pool.recv() {
                Ok(c) => c,
                // The writer stopped: it reports why.
                Err(_) => return Ok(()),
            }
        };
        chunk.len = 0;
        chunk.raw.clear();
        chunk.raw_lines.clear();
        // JSON Lines: each line is a household, parsed by the workers.
        while src.is_jsonl() && chunk.len < CHUNK {
            let start = chunk.raw.len();
            match src.next_raw_json(&mut chunk.raw)? {
                Some(line) => {
                    chunk.raw_lines.push((line, start, chunk.raw.len()));
                    chunk.len += 1;
                }
                None => break,
            }
        }
        while !src.is_jsonl() && chunk.len < CHUNK {
            match src.next(a)? {
                Some(item) => {
                    std::mem::swap(item, &mut chunk.items[chunk.len]);
                    chunk.len += 1;
                }
                None => break,
            }
        }
        bytes.store(src.bytes(), Ordering::Relaxed);
        if chunk.len == 0 {
            return Ok(());
        }
        chunk.seq = seq;
        seq += 1;
        let last = chunk.len < CHUNK;
        if work.send(chunk).is_err() || last {
            return Ok(());
        }
    }
}

/// Assesses and formats chunks until there are none.
fn worker(
    a: &mut dibao::Assessor,
    work: &Mutex<Receiver<Chunk>>,
    done: &std::sync::mpsc::Sender<Chunk>,
    opts: SinkOpts,
    format: crate::rows::OutputFormat,
    csv: bool,
) {
    let Ok(mut sink) = Sink::new(Vec::new(), format, opts) else {
        return;
    };
    sink.headless();
    let mut assessment = dibao::Assessment::default();
    let mut core_errors: Vec<RowError> = Vec::new();
    loop {
        let next = work.lock().map(|rx| rx.recv());
        let Ok(Ok(mut chunk)) = next else {
            return;
        };
        chunk.summary = Summary::default();
        chunk.failed = None;
        for (item, &(line, start, end)) in chunk.items.iter_mut().zip(&chunk.raw_lines) {
            crate::rows::json_item(a, item, line, &chunk.raw[start..end]);
        }
        std::mem::swap(sink.buffer(), &mut chunk.out);
        sink.buffer().clear();
        chunk.carried = chunk.items[0].carried;
        sink.carry(chunk.carried);
        for item in &chunk.items[..chunk.len] {
            let s = &mut chunk.summary;
            s.households += 1;
            let result = match item.result() {
                Ok(h) => match a.assess_into(h, &mut assessment) {
                    Ok(()) => {
                        s.count(&assessment);
                        Ok(&assessment)
                    }
                    Err(errs) => {
                        core_errors.clear();
                        core_errors
                            .extend(errs.iter().map(|e| RowError::from_core(e, item.line, csv)));
                        s.invalid += 1;
                        Err(&core_errors[..])
                    }
                },
                Err(errs) => {
                    s.invalid += 1;
                    Err(errs)
                }
            };
            let row = Row {
                case_id: item.case_id.as_deref(),
                line: item.line,
                result,
                recorded: item.recorded,
                notes: &item.notes,
                carry: &item.carry,
            };
            if let Err(e) = sink.write(&row) {
                chunk.failed = Some(e);
                break;
            }
            s.rows_out += 1;
        }
        std::mem::swap(sink.buffer(), &mut chunk.out);
        if done.send(chunk).is_err() {
            return;
        }
    }
}

/// Writes the chunks in order as they come back, and returns them to the
/// reader.
fn write_in_order<W: Write>(
    mut sink: Sink<W>,
    done: Receiver<Chunk>,
    pool: &std::sync::mpsc::Sender<Chunk>,
    progress: &mut Progress,
    bytes: &AtomicU64,
    output: &str,
) -> Result<Done<W>, Fatal> {
    let mut waiting: BTreeMap<u64, Chunk> = BTreeMap::new();
    let mut next = 0;
    let mut total = Summary::default();
    for chunk in done {
        waiting.insert(chunk.seq, chunk);
        while let Some(chunk) = waiting.remove(&next) {
            next += 1;
            if chunk.seq == 0 {
                sink.carry(chunk.carried);
            }
            if let Some(e) = &chunk.failed {
                return Err(Fatal::io(output, e));
            }
            sink.write_raw(&chunk.out)
                .map_err(|e| Fatal::io(output, &e))?;
            merge(&mut total, &chunk.summary);
            let before = total.households - chunk.summary.households;
            // The bar redraws on multiples of 1024 households.
            for h in (before + 1..=total.households).filter(|h| h % 1024 == 0) {
                progress.tick(h, bytes.load(Ordering::Relaxed));
            }
            // The reader may have stopped: the chunk is then dropped.
            let _ = pool.send(chunk);
        }
    }
    progress.done();
    Ok(Done {
        sink,
        summary: total,
    })
}

fn merge(into: &mut Summary, s: &Summary) {
    into.households += s.households;
    into.rows_out += s.rows_out;
    for (a, b) in into.outcomes.iter_mut().zip(s.outcomes) {
        *a += b;
    }
    into.invalid += s.invalid;
    into.with_recorded += s.with_recorded;
    into.matched += s.matched;
    into.mismatched += s.mismatched;
    into.with_warnings += s.with_warnings;
    into.total_monthly = into
        .total_monthly
        .checked_add(s.total_monthly)
        .unwrap_or(into.total_monthly);
}
