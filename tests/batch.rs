//! Batch builds as release scripts use them: parallel and serial builds
//! agree byte for byte, shards add up to the whole, failures stay local,
//! incremental rebuilds skip what is unchanged, and the report holds.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;
use serde_json::Value;

fn corpus(files: usize) -> tempfile::TempDir {
    let dir = temp_dir();
    assert!(
        gen_corpus(dir.path(), files, 3, "1"),
        "the corpus generator failed"
    );
    dir
}

fn build(args: &[&str]) -> std::process::Output {
    imprint(&[&["build", "--format", "txt"], args].concat())
}

#[test]
fn jobs_and_shards_give_the_same_bytes() {
    let corpus = corpus(12);
    let txt = corpus.path().join("txt");
    let txt = txt.to_str().unwrap();
    let out = temp_dir();
    let dir = |name: &str| out.path().join(name).to_str().unwrap().to_string();
    assert!(build(&[txt, "--jobs", "1", "--out", &dir("serial")])
        .status
        .success());
    assert!(build(&[txt, "--jobs", "2", "--out", &dir("parallel")])
        .status
        .success());
    let serial = outputs(&out.path().join("serial"));
    assert_eq!(serial.len(), 12);
    assert_eq!(serial, outputs(&out.path().join("parallel")));

    let mut union = BTreeMap::new();
    for k in 1..=3 {
        let shard_dir = dir(&format!("shard{k}"));
        assert!(
            build(&[txt, "--shard", &format!("{k}/3"), "--out", &shard_dir])
                .status
                .success()
        );
        let part = outputs(Path::new(&shard_dir));
        assert!(part.len() < 12, "shard {k} built everything");
        for (name, bytes) in part {
            assert!(
                union.insert(name, bytes).is_none(),
                "two shards built one source"
            );
        }
    }
    assert_eq!(union, serial);
    let bad = build(&[txt, "--shard", "4/3"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_broken_source_fails_alone_and_the_report_names_it() {
    let corpus = corpus(3);
    let txt = corpus.path().join("txt");
    fs::write(txt.join("broken.json"), "{ not json").unwrap();
    let out = temp_dir();
    let output = build(&[
        txt.to_str().unwrap(),
        "--report",
        "json",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).expect("the report is JSON");
    check_report_shape(&report);
    assert_eq!(report["totals"]["sources"], 4);
    assert_eq!(report["totals"]["failed"], 1);
    assert_eq!(report["totals"]["written"], 3);
    let broken = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"].as_str().unwrap().ends_with("broken.json"))
        .unwrap();
    assert!(broken["errors"][0]
        .as_str()
        .unwrap()
        .contains("not imprint model JSON"));
    assert!(broken["outputs"].as_array().unwrap().is_empty());
    assert_eq!(outputs(out.path()).len(), 3);
    assert!(stderr(&output).contains("broken.json: not imprint model JSON"));
}

/// The report's documented shape (README, "The build report").
fn check_report_shape(report: &Value) {
    assert!(report["imprint"].is_string());
    for key in ["sources", "failed", "written", "skipped", "pages", "bytes"] {
        assert!(report["totals"][key].is_u64(), "totals.{key}");
    }
    assert!(report["totals"]["seconds"].is_f64());
    for source in report["sources"].as_array().unwrap() {
        assert!(source["source"].is_string());
        assert!(source["repairs"].is_u64());
        assert!(source["warnings"].is_array() && source["errors"].is_array());
        assert!(source["seconds"].is_f64());
        for output in source["outputs"].as_array().unwrap() {
            assert!(output["path"].is_string() && output["format"].is_string());
            assert!(output["bytes"].is_u64() && output["skipped"].is_boolean());
        }
    }
}

#[test]
fn an_unchanged_rebuild_skips_and_a_touched_source_rebuilds_alone() {
    let corpus = corpus(4);
    let txt = corpus.path().join("txt");
    let out = temp_dir();
    let args = [
        txt.to_str().unwrap(),
        "--report",
        "json",
        "--out",
        out.path().to_str().unwrap(),
    ];
    let first: Value = serde_json::from_slice(&build(&args).stdout).unwrap();
    assert_eq!(first["totals"]["written"], 4);
    let again: Value = serde_json::from_slice(&build(&args).stdout).unwrap();
    assert_eq!(
        (
            again["totals"]["written"].as_u64(),
            again["totals"]["skipped"].as_u64()
        ),
        (Some(0), Some(4))
    );

    let mut names: Vec<_> = fs::read_dir(&txt)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let touched = &names[1];
    let mut text = fs::read_to_string(touched).unwrap();
    text = text.replacen("Introduction", "Opening", 1);
    fs::write(touched, text).unwrap();
    let third: Value = serde_json::from_slice(&build(&args).stdout).unwrap();
    let written: Vec<&str> = third["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["outputs"][0]["skipped"] == false)
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert_eq!(written, vec![touched.to_str().unwrap()]);

    // A deleted output is rebuilt; --force rebuilds everything.
    let stem = touched.file_stem().unwrap().to_str().unwrap();
    fs::remove_file(out.path().join(format!("{stem}.txt"))).unwrap();
    let fourth: Value = serde_json::from_slice(&build(&args).stdout).unwrap();
    assert_eq!(fourth["totals"]["written"], 1);
    let forced: Value =
        serde_json::from_slice(&build(&[&args[..], &["--force"]].concat()).stdout).unwrap();
    assert_eq!(forced["totals"]["written"], 4);

    // A changed setting (the width) rebuilds everything too.
    let wider: Value =
        serde_json::from_slice(&build(&[&args[..], &["--width", "60"]].concat()).stdout).unwrap();
    assert_eq!(wider["totals"]["written"], 4);
}

#[test]
fn a_killed_build_leaves_no_partial_output() {
    let corpus = corpus(150);
    let txt = corpus.path().join("txt");
    let reference = temp_dir();
    assert!(build(&[
        txt.to_str().unwrap(),
        "--out",
        reference.path().to_str().unwrap()
    ])
    .status
    .success());
    let expected = outputs(reference.path());

    let out = temp_dir();
    for delay_ms in [20, 60, 120] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_imprint"))
            .args([
                "build", "--format", "txt", "--force", "--jobs", "2", "--out",
            ])
            .arg(out.path())
            .arg(&txt)
            .current_dir(root())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        for (name, bytes) in outputs(out.path()) {
            assert_eq!(
                Some(&bytes),
                expected.get(&name),
                "{name} is not a complete output"
            );
        }
    }
}

#[test]
fn init_makes_a_project_that_builds() {
    let dir = temp_dir();
    let project = dir.path().join("new");
    imprint_ok(&["init", project.to_str().unwrap()]);
    let config = fs::read_to_string(project.join("imprint.toml")).unwrap();
    for setting in [
        "title",
        "language",
        "formats",
        "width",
        "out",
        "layouts",
        "kinds",
        "keep",
        "publisher",
        "identifier",
        "date",
    ] {
        assert!(
            config.contains(&format!("# {setting} = ")),
            "imprint.toml does not explain `{setting}`"
        );
    }
    let output = Command::new(env!("CARGO_BIN_EXE_imprint"))
        .arg("build")
        .current_dir(&project)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let digest = fs::read_to_string(project.join("output/example.txt")).unwrap();
    assert!(digest.contains("A First Paper"));
    let again = imprint(&["init", project.to_str().unwrap()]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "init must not overwrite a project"
    );
}

#[test]
fn completions_and_the_man_page_come_from_the_cli() {
    let bash = stdout(&imprint_ok(&["completions", "bash"]));
    assert!(bash.contains("--shard") && bash.contains("--report"));
    let man = stdout(&imprint_ok(&["man"]));
    assert!(man.contains(".TH imprint"));
}
