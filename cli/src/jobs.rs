//! Every core for `batch` (issue 13): the reader stays on the calling
//! thread (reading is sequential), workers assess and format chunks of
//! households, and the thread that finishes a chunk writes, under a lock,
//! every chunk that is next in input order. With `--jobs N` there are
//! N − 1 workers, and the reader assesses a chunk itself whenever the
//! workers already have enough waiting: N threads do the work on N cores,
//! none waits for a core.
//!
//! A fixed number of chunks circulates — reader → workers → written in
//! order → back to the reader — so memory stays constant whatever the
//! caseload's size, the reorder buffer never holds more than that number,
//! and each chunk's items keep their allocations from one round to the
//! next. The bytes written are
//! the ones `--jobs 1` writes: the same `Sink` formats every row.
//!
//! JSON Lines are parsed by the workers (the reader only finds the lines).
//! CSV records are split on the reader's thread: a household ends where
//! the case id changes, and split case ids and people in two households are
//! found in reading order; the workers build the households from the
//! records (on the reader's thread when such findings must be flagged as
//! they come).

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, TrySendError};
use std::sync::{Arc, Mutex};

use crate::batch::Summary;
use crate::csv::{Encoding, Header, RecordArena};
use crate::dups::DupIndex;
use crate::rows::{Fatal, Item, Progress, RawHh, Row, RowError, Sink, SinkOpts, Source};

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

/// A run of consecutive households, and what a worker made of them.
struct Chunk<T> {
    seq: u64,
    items: Vec<Item>,
    len: usize,
    /// The worker's result for the chunk.
    out: Option<T>,
    /// JSON Lines: the lines as read, parsed by the worker; (line number,
    /// start, end) of each in `raw`.
    raw: Vec<u8>,
    raw_lines: Vec<(u64, usize, usize)>,
    /// CSV read raw: the households' records, built by the worker.
    records: RecordArena,
    households: Vec<RawHh>,
    header: Option<Arc<Header>>,
}

impl<T> Chunk<T> {
    fn new() -> Chunk<T> {
        Chunk {
            seq: 0,
            items: Vec::new(),
            len: 0,
            out: None,
            raw: Vec::new(),
            raw_lines: Vec::new(),
            records: RecordArena::default(),
            households: Vec::new(),
            header: None,
        }
    }
}

/// Reads `src` on this thread; `work` (one per worker, made by `make`)
/// turns each chunk of households into a `T` on `jobs` threads, and `take`
/// receives the chunks in input order (on whichever of those threads
/// finished the chunk that was next, one at a time), with the bytes
/// read so far (for a progress bar). `take`'s first error stops the run.
///
/// `local`: households a worker builds (CSV read raw, JSON Lines) go into
/// that worker's own items, which stay in its core's cache, and `take`
/// gets no items (an empty slice); else into the chunk's, which `take` sees.
pub fn pipeline<R, T, M, F, C>(
    src: &mut Source<R>,
    a: &dibao::Assessor,
    jobs: usize,
    local: bool,
    make: M,
    take: C,
) -> Result<C, Fatal>
where
    R: crate::csv::Buffered,
    T: Send,
    M: Fn() -> F + Sync,
    F: FnMut(&mut [Item]) -> T + Send,
    C: FnMut(&[Item], T, u64) -> Result<(), Fatal> + Send,
{
    // `jobs` threads assess: `jobs - 1` workers and the reader, which
    // assesses a chunk itself whenever the workers have enough waiting.
    // So no more threads compete for the cores than there are cores asked
    // for (the reader alone is about a quarter of the work, too little for
    // a core of its own, docs/batch-status.md).
    let workers = jobs.saturating_sub(1).max(1);
    let in_flight = jobs * 4;
    let (work_tx, work_rx) = sync_channel::<Chunk<T>>(workers * 2);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (pool_tx, pool_rx) = channel::<Chunk<T>>();
    let order = Mutex::new(Order {
        waiting: BTreeMap::new(),
        next: 0,
        take,
        pool: Some(pool_tx),
        failed: None,
    });
    let bytes = AtomicU64::new(0);
    let enc = src.csv_encoding();
    let known_dups = src.take_known_dups();
    let known_dups = known_dups.as_ref();
    let ctx = (enc, known_dups, local);
    let read = std::thread::scope(|scope| {
        let (order, bytes) = (&order, &bytes);
        for _ in 0..workers {
            let rx = Arc::clone(&work_rx);
            let make = &make;
            let a = a.clone();
            scope.spawn(move || worker(Hands::new(a, make()), &rx, order, bytes, ctx));
        }
        let helper = (Hands::new(a.clone(), make()), ctx);
        read_chunks(src, a, work_tx, &pool_rx, in_flight, bytes, order, helper)
    });
    let order = order.into_inner().map_err(|_| Fatal {
        zh: "写出结果时意外终止".into(),
        en: "writing the results stopped unexpectedly".into(),
    })?;
    // A writer that failed stopped the reader: its error is the one to tell.
    if let Some(e) = order.failed {
        return Err(e);
    }
    read?;
    Ok(order.take)
}

/// The chunks done, put back in input order. Whichever thread finishes a
/// chunk writes, under this lock, every chunk that is then next: a writer
/// thread of its own was woken for every chunk, and its thousands of
/// context switches cost more than the lock (docs/batch-status.md).
struct Order<T, C> {
    waiting: BTreeMap<u64, Chunk<T>>,
    next: u64,
    take: C,
    /// Where written chunks go back to the reader; dropped when `take`
    /// fails, which stops the reader.
    pool: Option<Sender<Chunk<T>>>,
    /// `take`'s first error.
    failed: Option<Fatal>,
}

impl<T, C> Order<T, C>
where
    C: FnMut(&[Item], T, u64) -> Result<(), Fatal>,
{
    /// Takes a finished chunk and writes the ones now next; `false` once
    /// writing has failed (the chunk is then dropped).
    fn done(&mut self, chunk: Chunk<T>, read: u64) -> bool {
        if self.failed.is_some() {
            return false;
        }
        self.waiting.insert(chunk.seq, chunk);
        while let Some(mut chunk) = self.waiting.remove(&self.next) {
            self.next += 1;
            if let Some(out) = chunk.out.take() {
                // Empty when the worker built into its own items.
                let n = chunk.len.min(chunk.items.len());
                if let Err(e) = (self.take)(&chunk.items[..n], out, read) {
                    self.failed = Some(e);
                    self.pool = None;
                    self.waiting.clear();
                    return false;
                }
            }
            if let Some(pool) = &self.pool {
                // The reader may have stopped: the chunk is then dropped.
                let _ = pool.send(chunk);
            }
        }
        true
    }
}

/// Hands a finished chunk to `order`; `false` when the run stops.
fn finish<T, C>(order: &Mutex<Order<T, C>>, chunk: Chunk<T>, bytes: &AtomicU64) -> bool
where
    C: FnMut(&[Item], T, u64) -> Result<(), Fatal>,
{
    match order.lock() {
        Ok(mut order) => order.done(chunk, bytes.load(Ordering::Relaxed)),
        Err(_) => false,
    }
}

/// Fills chunks from the source and hands them to the workers; a chunk
/// that finds them busy (their queue full) is assessed here, by `helper`.
#[allow(clippy::too_many_arguments)]
fn read_chunks<R: crate::csv::Buffered, T, F: FnMut(&mut [Item]) -> T, C>(
    src: &mut Source<R>,
    a: &dibao::Assessor,
    work: std::sync::mpsc::SyncSender<Chunk<T>>,
    pool: &Receiver<Chunk<T>>,
    in_flight: usize,
    bytes: &AtomicU64,
    order: &Mutex<Order<T, C>>,
    (mut hands, ctx): (Hands<F>, Ctx<'_>),
) -> Result<(), Fatal>
where
    C: FnMut(&[Item], T, u64) -> Result<(), Fatal>,
{
    let mut made = 0;
    let mut seq = 0;
    let raw = src.raw_ready();
    let mut header: Option<Arc<Header>> = None;
    loop {
        let mut chunk = if made < in_flight {
            made += 1;
            Chunk::new()
        } else {
            match pool.recv() {
                Ok(c) => c,
                // Writing failed: that error is reported.
                Err(_) => return Ok(()),
            }
        };
        chunk.len = 0;
        chunk.raw.clear();
        chunk.raw_lines.clear();
        chunk.records.clear();
        chunk.households.clear();
        // CSV, households built by the workers: the records only, here.
        while raw && chunk.len < CHUNK {
            if !src.next_raw(&mut chunk.records, &mut chunk.households)? {
                break;
            }
            chunk.len += 1;
        }
        if raw {
            src.detach_ahead(&mut chunk.records);
        }
        if raw && header.is_none() {
            header = src.csv_header().map(|h| Arc::new(h.clone()));
        }
        chunk.header = header.clone();
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
        if !raw && !src.is_jsonl() && chunk.items.len() < CHUNK {
            chunk.items.resize_with(CHUNK, Item::default);
        }
        while !raw && !src.is_jsonl() && chunk.len < CHUNK {
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
        let sent = match work.try_send(chunk) {
            Ok(()) => true,
            Err(TrySendError::Full(mut chunk)) => {
                hands.process(&mut chunk, ctx);
                finish(order, chunk, bytes)
            }
            Err(TrySendError::Disconnected(_)) => false,
        };
        if !sent || last {
            return Ok(());
        }
    }
}

/// What a worker needs besides a chunk.
type Ctx<'a> = (Encoding, Option<&'a DupIndex>, bool);

/// A thread's means to assess chunks: its assessor, a builder, its own
/// items, and `work`.
struct Hands<F> {
    a: dibao::Assessor,
    builder: Box<crate::csv::Builder>,
    own: Vec<Item>,
    work: F,
}

impl<F> Hands<F> {
    fn new(a: dibao::Assessor, work: F) -> Hands<F> {
        Hands {
            a,
            builder: Box::default(),
            own: Vec::new(),
            work,
        }
    }

    /// Builds the chunk's households where they came raw and runs `work`
    /// on them.
    fn process<T>(&mut self, chunk: &mut Chunk<T>, (enc, known_dups, local): Ctx<'_>)
    where
        F: FnMut(&mut [Item]) -> T,
    {
        let a = &mut self.a;
        let built = !chunk.raw_lines.is_empty() || chunk.header.is_some();
        let items = if local && built {
            &mut self.own
        } else {
            &mut chunk.items
        };
        if items.len() < chunk.len {
            items.resize_with(chunk.len, Item::default);
        }
        for (item, &(line, start, end)) in items.iter_mut().zip(&chunk.raw_lines) {
            crate::rows::json_item(a, item, line, &chunk.raw[start..end]);
        }
        if let Some(header) = &chunk.header {
            for (item, hh) in items.iter_mut().zip(&chunk.households) {
                crate::rows::build_raw(
                    &mut self.builder,
                    header,
                    enc,
                    &chunk.records,
                    hh,
                    item,
                    known_dups,
                );
            }
        }
        chunk.out = Some((self.work)(&mut items[..chunk.len]));
    }
}

/// Runs `work` on chunks until there are none.
fn worker<T, F, C>(
    mut hands: Hands<F>,
    rx: &Mutex<Receiver<Chunk<T>>>,
    order: &Mutex<Order<T, C>>,
    bytes: &AtomicU64,
    ctx: Ctx<'_>,
) where
    F: FnMut(&mut [Item]) -> T,
    C: FnMut(&[Item], T, u64) -> Result<(), Fatal>,
{
    loop {
        let next = rx.lock().map(|rx| rx.recv());
        let Ok(Ok(mut chunk)) = next else {
            return;
        };
        hands.process(&mut chunk, ctx);
        if !finish(order, chunk, bytes) {
            return;
        }
    }
}

/// What a batch worker made of a chunk.
struct Rows {
    /// The formatted rows, in the output's encoding.
    bytes: Vec<u8>,
    /// Counts and totals of these households.
    summary: Summary,
    /// The first I/O error formatting a row (into memory: none expected).
    failed: Option<std::io::Error>,
    /// Which carried columns the input has.
    carried: [bool; 4],
    /// Each household's case id and persons, when people in two households
    /// are collected for a second pass.
    persons: Vec<(Option<String>, Vec<crate::dups::Person>)>,
}

/// What a parallel run hands back: the output sink (finished by the caller)
/// and the counts.
pub struct Done<W: Write> {
    pub sink: Sink<W>,
    pub summary: Summary,
    /// People in two households, when the workers built the households of
    /// a first pass (else the source found them).
    pub dups: Option<DupIndex>,
}

/// `batch`: reads `src` on this thread, assesses and formats on `jobs`
/// workers, writes through `sink` in input order.
#[allow(clippy::too_many_arguments)]
pub fn run<R, W>(
    src: &mut Source<R>,
    a: &dibao::Assessor,
    mut sink: Sink<W>,
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
    let collect = src.raw_ready() && src.dups_deferred();
    let make = || {
        let mut a = a.clone();
        let mut sink = Sink::new(Vec::new(), format, opts).ok();
        if let Some(s) = &mut sink {
            s.headless();
        }
        let mut assessment = dibao::Assessment::default();
        let mut core_errors: Vec<RowError> = Vec::new();
        move |items: &mut [Item]| {
            let Some(sink) = &mut sink else {
                return Rows {
                    bytes: Vec::new(),
                    summary: Summary::default(),
                    failed: Some(std::io::Error::other("no sink")),
                    carried: [false; 4],
                    persons: Vec::new(),
                };
            };
            if opts.receipts {
                items.iter_mut().for_each(Item::case_id_in_household);
            }
            let mut rows = format_rows(&mut a, sink, items, &mut assessment, &mut core_errors, csv);
            if collect {
                rows.persons = items
                    .iter()
                    .filter(|i| !i.persons.is_empty())
                    .map(|i| (i.case_id.clone(), i.persons.clone()))
                    .collect();
            }
            rows
        }
    };
    let mut total = Summary::default();
    let mut first = true;
    // Households built by the workers: their persons collected in order.
    let mut dups = collect.then(crate::dups::Dups::deferred);
    let take = |_: &[Item], rows: Rows, read: u64| {
        if let Some(d) = &mut dups {
            for (case, persons) in &rows.persons {
                d.collect(case.as_deref(), persons);
            }
        }
        if std::mem::take(&mut first) {
            sink.carry(rows.carried);
        }
        if let Some(e) = &rows.failed {
            return Err(Fatal::io(output, e));
        }
        sink.write_raw(&rows.bytes)
            .map_err(|e| Fatal::io(output, &e))?;
        let before = total.households;
        merge(&mut total, &rows.summary);
        // The bar redraws on multiples of 1024 households.
        for h in (before + 1..=total.households).filter(|h| h % 1024 == 0) {
            progress.tick(h, read);
        }
        Ok(())
    };
    let result = pipeline(src, a, jobs, true, make, take).map(|_| ());
    progress.done();
    result?;
    Ok(Done {
        sink,
        summary: total,
        dups: dups.map(|mut d| d.take()),
    })
}

/// Assesses and formats a chunk of households as `--jobs 1` does.
fn format_rows(
    a: &mut dibao::Assessor,
    sink: &mut Sink<Vec<u8>>,
    items: &[Item],
    assessment: &mut dibao::Assessment,
    core_errors: &mut Vec<RowError>,
    csv: bool,
) -> Rows {
    let mut s = Summary::default();
    let mut failed = None;
    // The last chunk's rows went to the writer with their buffer; the one
    // left holds about their size, so it rarely grows.
    sink.buffer().clear();
    sink.buffer().reserve(items.len() * 128);
    if let Some(item) = items.first() {
        sink.carry(item.carried);
    }
    for item in items {
        s.households += 1;
        let result = match item.result() {
            Ok(h) => match a.assess_into(h, assessment) {
                Ok(()) => {
                    crate::rows::warn_unassessed_property(h, assessment);
                    s.count(assessment);
                    Ok(&*assessment)
                }
                Err(errs) => {
                    core_errors.clear();
                    core_errors.extend(errs.iter().map(|e| RowError::from_core(e, item.line, csv)));
                    s.invalid += 1;
                    Err(&core_errors[..])
                }
            },
            Err(errs) => {
                s.invalid += 1;
                Err(errs)
            }
        };
        let row = Row::of(item, result);
        if let Err(e) = sink.write(&row) {
            failed = Some(e);
            break;
        }
        s.rows_out += 1;
    }
    let bytes = std::mem::take(sink.buffer());
    // The next chunk's buffer: a little more than these rows took.
    *sink.buffer() = Vec::with_capacity(bytes.len() + bytes.len() / 8);
    Rows {
        bytes,
        summary: s,
        failed,
        carried: items.first().map_or([false; 4], |i| i.carried),
        persons: Vec::new(),
    }
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
