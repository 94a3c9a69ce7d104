//! `downline org`: generated organisations are reproducible, are paid by `downline
//! payout`, and follow their shape options (laws checked on a fixed seed, with the
//! tolerance in the comment); and `downline check` on a plan-only file.

use crate::common::downline;
use crate::common::payout::DIR;
use std::path::Path;

/// Runs `downline org ARGS --out OUT` and returns the file's bytes.
fn org(args: &[&str], out: &Path) -> Vec<u8> {
    downline()
        .arg("org")
        .args(args)
        .arg("--out")
        .arg(out)
        .assert()
        .success()
        .stdout(predicates::str::starts_with(format!(
            "wrote {}",
            out.display()
        )));
    std::fs::read(out).expect("org wrote the file")
}

/// One row of a generated network.
struct Member {
    period: u32,
    sponsor: Option<usize>,
    pv: f64,
    cv: f64,
    retail: f64,
    side: String,
}

/// The rows, with ids checked to be 1..=N in join order (sponsors first).
fn rows(bytes: &[u8]) -> Vec<Member> {
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = |name: &str| header.iter().position(|h| h == name);
    let mut members = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        let cell = |name: &str| at(name).map_or("", |i| &record[i]);
        let id: usize = cell("id").parse().unwrap();
        let sponsor = match cell("sponsor") {
            "" => None,
            s => Some(s.parse::<usize>().unwrap()),
        };
        if let Some(s) = sponsor {
            assert!(s < id, "sponsor {s} of {id} joined after it");
        }
        let number = |name: &str| cell(name).parse::<f64>().unwrap();
        members.push(Member {
            period: cell("period").parse().unwrap(),
            sponsor,
            pv: number("pv"),
            cv: number("cv"),
            retail: number("retail"),
            side: cell("side").to_string(),
        });
        // Each period lists the members who have joined, ids 1, 2, ... in join order.
        let period = members[members.len() - 1].period;
        let listed = members.iter().filter(|m| m.period == period).count();
        assert_eq!(id, listed, "ids in join order");
    }
    members
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_another_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--members", "3000", "--periods", "2", "--seed", "11"];
    let a = org(&args, &dir.path().join("a.csv"));
    let b = org(&args, &dir.path().join("b.csv"));
    assert_eq!(a, b);
    let other = ["--members", "3000", "--periods", "2", "--seed", "12"];
    let c = org(&other, &dir.path().join("c.csv"));
    assert_ne!(a, c);
    // Members join evenly over the two periods: 1,500 rows, then 3,000.
    assert_eq!(rows(&a).len(), 4_500);
}

#[test]
fn payout_pays_a_generated_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let network = dir.path().join("network.csv");
    org(
        &["--members", "2000", "--seed", "3", "--placement", "sponsor"],
        &network,
    );
    for plan in ["scenarios/default.toml", "scenarios/binary.toml"] {
        let output = downline()
            .arg("payout")
            .arg(plan)
            .arg(&network)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{plan}: {stderr}");
        assert!(stderr.starts_with("total: paid "), "{plan}: {stderr}");
        // One payout row per member, after the header.
        let lines = output.stdout.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(lines, 2_001, "{plan}");
    }
}

#[test]
fn geometric_sponsoring_has_the_mean_and_a_quarter_sponsor_nobody() {
    // Geometric counts with mean 3: P(0) = 1 / (1 + 3) = 0.25. Members draw their
    // recruits in join order, so those who drew are the members up to the last sponsor.
    // 20,000 members, about 6,700 draws: the mean within 0.1, the share within 0.02.
    let dir = tempfile::tempdir().unwrap();
    let bytes = org(
        &["--members", "20000", "--mean-recruits", "3", "--seed", "5"],
        &dir.path().join("g.csv"),
    );
    let members = rows(&bytes);
    assert_eq!(members.len(), 20_000);
    let mut recruits = vec![0u32; members.len() + 1];
    for m in &members {
        if let Some(s) = m.sponsor {
            recruits[s] += 1;
        }
    }
    let last = members.iter().filter_map(|m| m.sponsor).max().unwrap();
    let drew = &recruits[1..=last];
    let mean = drew.iter().map(|&k| f64::from(k)).sum::<f64>() / drew.len() as f64;
    assert!((mean - 3.0).abs() < 0.1, "mean recruits {mean}");
    let nobody = drew.iter().filter(|&&k| k == 0).count() as f64 / drew.len() as f64;
    assert!(
        (nobody - 0.25).abs() < 0.02,
        "share sponsoring nobody {nobody}"
    );
}

#[test]
fn volumes_follow_the_share_active_the_median_and_the_shares() {
    // 20,000 members: the share active within 0.01 of 0.6 (sd 0.0035); the median PV of
    // those who buy within 3 % of 250 (sigma 0.5: sd about 0.9 %).
    let dir = tempfile::tempdir().unwrap();
    let bytes = org(
        &[
            "--members",
            "20000",
            "--active",
            "0.6",
            "--pv-median",
            "250",
            "--cv-share",
            "0.5",
            "--retail-share",
            "0.25",
            "--seed",
            "8",
        ],
        &dir.path().join("v.csv"),
    );
    let members = rows(&bytes);
    let mut pv: Vec<f64> = members
        .iter()
        .map(|m| m.pv)
        .filter(|&pv| pv > 0.0)
        .collect();
    let active = pv.len() as f64 / members.len() as f64;
    assert!((active - 0.6).abs() < 0.01, "share active {active}");
    pv.sort_by(f64::total_cmp);
    let median = pv[pv.len() / 2];
    assert!((median / 250.0 - 1.0).abs() < 0.03, "median PV {median}");
    for m in &members {
        assert!(
            (m.cv - m.pv * 0.5).abs() <= 0.005 + 1e-9,
            "cv {} of pv {}",
            m.cv,
            m.pv
        );
        assert!((m.retail - m.pv * 0.25).abs() <= 0.005 + 1e-9);
    }
}

#[test]
fn fixed_sponsoring_of_two_with_max_depth_two_makes_trees_of_seven() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = org(
        &[
            "--members",
            "21",
            "--sponsoring",
            "fixed",
            "--mean-recruits",
            "2",
            "--max-depth",
            "2",
            "--placement",
            "sponsor",
        ],
        &dir.path().join("f.csv"),
    );
    let members = rows(&bytes);
    let founders: Vec<usize> = (members.iter().enumerate())
        .filter(|(_, m)| m.sponsor.is_none())
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(founders, [1, 8, 15]);
    // Breadth first: 1 sponsors 2 and 3, 2 sponsors 4 and 5, 3 sponsors 6 and 7.
    let sponsors: Vec<Option<usize>> = members[..7].iter().map(|m| m.sponsor).collect();
    assert_eq!(
        sponsors,
        [None, Some(1), Some(1), Some(2), Some(2), Some(3), Some(3)]
    );
    let sides: Vec<&str> = members[..7].iter().map(|m| m.side.as_str()).collect();
    assert_eq!(sides, ["", "L", "R", "L", "R", "L", "R"]);
}

#[test]
fn bad_options_are_bad_input_named_as_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.csv");
    let cases: [(&[&str], &str); 5] = [
        (
            &["--members", "0"],
            "--members: expected at least 1 member, found 0",
        ),
        (
            &["--members", "10", "--active", "1.5"],
            "--active: expected a share from 0 to 1, found 1.5",
        ),
        (
            &[
                "--members",
                "10",
                "--sponsoring",
                "fixed",
                "--mean-recruits",
                "2.5",
            ],
            "--mean-recruits: expected a whole number from 1 to 1000 with --sponsoring fixed, found 2.5",
        ),
        (
            &[
                "--members",
                "10",
                "--sponsoring",
                "preferential",
                "--mean-recruits",
                "2",
            ],
            "--mean-recruits: expected no mean with --sponsoring preferential",
        ),
        (
            &["--members", "10", "--sponsoring", "zipf"],
            "invalid value 'zipf' for '--sponsoring <SPONSORING>'",
        ),
    ];
    for (args, message) in cases {
        downline()
            .arg("org")
            .args(args)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
    downline()
        .args(["org", "--members", "10", "--out"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            ": is a folder; expected a file name",
        ));
    assert!(!out.exists(), "nothing is written on bad input");
}

// ---------------------------------------------------------------- check on a plan file

#[test]
fn check_reports_a_plan_only_file_as_a_plan() {
    let plan = format!("{DIR}/h-ranks.toml");
    downline()
        .args(["check", &plan])
        .assert()
        .success()
        .stdout(format!(
            "{plan}: a valid plan (not a scenario): \"H-2 ranks\" with 1 bonus (unilevel) and 2 ranks (Manager, Director); pay an organisation with `downline payout {plan} NETWORK.csv` (`downline org` draws one)\n"
        ));
}

#[test]
fn check_places_an_error_in_a_plan_only_file_and_exits_2() {
    downline()
        .args(["check", &format!("{DIR}/bad-plan.toml")])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "bad-plan.toml:5:8: plan.bonus[0].kind",
        ))
        .stderr(predicates::str::contains("did you mean `unilevel`?"));
}
