//! Criterion benchmarks for docs/batch-status.md: a typical 3-member household, with and
//! without the trace, and the JSON round trip.

use criterion::{black_box, criterion_group, criterion_main, Criterion};

const HOUSEHOLD: &str = r#"{
  "region": "440300",
  "date": "2022-03-15",
  "members": [
    { "id": "A", "relation": "self", "age": 52,
      "incomes": [ { "kind": "wage", "amount": "2600", "period": "month" } ],
      "deductions": [ { "kind": "social_insurance", "amount": "260" } ] },
    { "id": "B", "relation": "spouse", "age": 50, "disability": { "grade": 2, "kind": "physical" } },
    { "id": "C", "relation": "child", "age": 19, "full_time_student": true }
  ],
  "assets": { "deposits": "8000" }
}"#;

fn bench(c: &mut Criterion) {
    let h = dibao::Household::from_json(HOUSEHOLD).unwrap();
    let plain = dibao::Assessor::new().with_trace(false);
    let traced = dibao::Assessor::new().with_trace(true);
    let summary = dibao::Assessor::new().with_trace(false).with_detail(false);
    c.bench_function("assess_3_members_no_trace", |b| {
        b.iter(|| plain.assess(black_box(&h)).unwrap())
    });
    c.bench_function("assess_3_members_with_trace", |b| {
        b.iter(|| traced.assess(black_box(&h)).unwrap())
    });
    c.bench_function("assess_3_members_summary", |b| {
        b.iter(|| summary.assess(black_box(&h)).unwrap())
    });
    c.bench_function("parse_household_json", |b| {
        b.iter(|| dibao::Household::from_json(black_box(HOUSEHOLD)).unwrap())
    });
    let a = plain.assess(&h).unwrap();
    c.bench_function("write_assessment_json", |b| {
        b.iter(|| black_box(&a).to_json())
    });
    c.bench_function("json_in_assess_json_out", |b| {
        b.iter(|| plain.assess_json(black_box(HOUSEHOLD)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
