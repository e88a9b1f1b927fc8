//! `--shard auto` on each CI engine's variables: the shards' outputs add up
//! to the full build byte for byte, and `imprint report merge` adds up the
//! shards' reports.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::*;
use serde_json::Value;

/// Every variable `--shard auto` reads: cleared, so the CI running these
/// tests cannot leak its own shard into them.
const SHARD_VARS: [&str; 9] = [
    "IMPRINT_SHARD",
    "IMPRINT_SHARD_COUNT",
    "CI_NODE_INDEX",
    "CI_NODE_TOTAL",
    "BUILDKITE_PARALLEL_JOB",
    "BUILDKITE_PARALLEL_JOB_COUNT",
    "CIRCLE_NODE_INDEX",
    "CIRCLE_NODE_TOTAL",
    "JOB_COMPLETION_INDEX",
];

fn imprint_with(vars: &[(&str, String)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_imprint"));
    command
        .args(args)
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1700000000");
    for name in SHARD_VARS {
        command.env_remove(name);
    }
    command.envs(vars.iter().map(|(k, v)| (k, v)));
    command.output().expect("the imprint binary runs")
}

/// The variables an engine sets in shard `k` (1-based) of `n`.
fn engine_vars(engine: &str, k: usize, n: usize) -> Vec<(&'static str, String)> {
    match engine {
        "imprint" => vec![("IMPRINT_SHARD", format!("{k}/{n}"))],
        "gitlab" => vec![
            ("CI_NODE_INDEX", k.to_string()),
            ("CI_NODE_TOTAL", n.to_string()),
        ],
        "buildkite" => vec![
            ("BUILDKITE_PARALLEL_JOB", (k - 1).to_string()),
            ("BUILDKITE_PARALLEL_JOB_COUNT", n.to_string()),
        ],
        "circleci" => vec![
            ("CIRCLE_NODE_INDEX", (k - 1).to_string()),
            ("CIRCLE_NODE_TOTAL", n.to_string()),
        ],
        "kubernetes" => vec![
            ("JOB_COMPLETION_INDEX", (k - 1).to_string()),
            ("IMPRINT_SHARD_COUNT", n.to_string()),
        ],
        _ => unreachable!(),
    }
}

#[test]
fn shards_from_every_engine_add_up_to_the_full_build() {
    let corpus = temp_dir();
    assert!(
        gen_corpus(corpus.path(), 8, 2, "1"),
        "the corpus generator failed"
    );
    let txt = corpus.path().join("txt");
    let txt = txt.to_str().unwrap();
    let out = temp_dir();
    let dir = |name: &str| out.path().join(name).to_str().unwrap().to_string();
    let full = imprint_with(&[], &["build", txt, "--out", &dir("full")]);
    assert!(full.status.success(), "{}", stderr(&full));
    let full = outputs(&out.path().join("full"));
    assert_eq!(full.len(), 8 * 3);

    for engine in ["imprint", "gitlab", "buildkite", "circleci", "kubernetes"] {
        let mut union = BTreeMap::new();
        let mut reports = Vec::new();
        for k in 1..=3 {
            let shard_dir = dir(&format!("{engine}-{k}"));
            let output = imprint_with(
                &engine_vars(engine, k, 3),
                &[
                    "build", txt, "--shard", "auto", "--report", "json", "--out", &shard_dir,
                ],
            );
            assert!(
                output.status.success(),
                "{engine} {k}/3: {}",
                stderr(&output)
            );
            let report = out.path().join(format!("{engine}-{k}.json"));
            fs::write(&report, &output.stdout).unwrap();
            reports.push(report.to_str().unwrap().to_string());
            let part = outputs(Path::new(&shard_dir));
            assert!(
                part.len() < full.len(),
                "{engine} shard {k} built everything"
            );
            for (name, bytes) in part {
                assert!(
                    union.insert(name, bytes).is_none(),
                    "{engine}: two shards built one source"
                );
            }
        }
        assert!(
            union == full,
            "{engine}: the shards differ from the full build"
        );

        let args: Vec<&str> = ["report", "merge"]
            .into_iter()
            .chain(reports.iter().map(String::as_str))
            .collect();
        let merged = imprint_with(&[], &args);
        assert!(merged.status.success(), "{}", stderr(&merged));
        let merged: Value = serde_json::from_slice(&merged.stdout).unwrap();
        let parts: Vec<Value> = reports
            .iter()
            .map(|r| serde_json::from_slice(&fs::read(r).unwrap()).unwrap())
            .collect();
        assert_eq!(merged["totals"]["sources"], 8);
        assert_eq!(merged["totals"]["written"], 24);
        let pages: u64 = parts
            .iter()
            .map(|p| p["totals"]["pages"].as_u64().unwrap())
            .sum();
        assert_eq!(merged["totals"]["pages"], pages);
        let longest = parts
            .iter()
            .map(|p| p["totals"]["seconds"].as_f64().unwrap())
            .fold(0.0, f64::max);
        assert_eq!(merged["totals"]["seconds"].as_f64().unwrap(), longest);
        // Sources in shard order.
        let names: Vec<&Value> = parts
            .iter()
            .flat_map(|p| p["sources"].as_array().unwrap())
            .map(|s| &s["source"])
            .collect();
        let merged_names: Vec<&Value> = merged["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["source"])
            .collect();
        assert_eq!(merged_names, names);
    }
}

#[test]
fn auto_without_a_shard_or_with_disagreeing_engines_fails() {
    let none = imprint_with(&[], &["build", "--shard", "auto", "--format", "txt"]);
    assert_eq!(none.status.code(), Some(1));
    let message = stderr(&none);
    assert!(
        message.contains("IMPRINT_SHARD") && message.contains("JOB_COMPLETION_INDEX"),
        "{message}"
    );
    let vars = [
        ("CI_NODE_INDEX", "1".to_string()),
        ("CI_NODE_TOTAL", "2".to_string()),
        ("CIRCLE_NODE_INDEX", "1".to_string()),
        ("CIRCLE_NODE_TOTAL", "2".to_string()),
    ];
    let disagree = imprint_with(&vars, &["build", "--shard", "auto", "--format", "txt"]);
    assert_eq!(disagree.status.code(), Some(1));
    assert!(
        stderr(&disagree).contains("GitLab"),
        "{}",
        stderr(&disagree)
    );
    let bad = imprint_with(&[], &["report", "merge", "Cargo.toml"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("Cargo.toml"), "{}", stderr(&bad));
}
