//! `traces.csv`, a few members of each run that keeps member detail followed month by
//! month: the rows add up to each traced member's lifetime in `members.csv`, months run
//! without a gap from the join month to the quit month, the members traced are the
//! documented sample (the smallest trace priorities of everyone who joined), the sample
//! is the same for any thread count and for merged shards, tracing changes no other
//! output, and the report tells the story of the documented representative member.

use crate::common::images::assert_chart_files;
use crate::common::{SMALL, downline, succeed, temp_dir, write};
use downline::model::TraceStatus;
use downline::model::trace::{TRACED, sample, trace_key};
use downline::output::encode::read_table;
use downline::output::records::members::MemberRow;
use downline::output::records::traces::TraceRow;
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::path::Path;

/// Runs `scenario` with `args` into `out`.
fn run(scenario: &Path, out: &Path, args: &[&str]) {
    succeed("run", scenario, args, out);
}

/// The traced rows of a folder, by (run, member), each member's rows in file order.
fn by_member(dir: &Path) -> BTreeMap<(u32, u32), Vec<TraceRow>> {
    let rows: Vec<TraceRow> = read_table(dir, "traces").expect("traces.csv reads back");
    let mut members: BTreeMap<(u32, u32), Vec<TraceRow>> = BTreeMap::new();
    let mut order = Vec::new();
    for row in rows {
        let key = (row.run, row.member);
        if order.last() != Some(&key) {
            assert!(!order.contains(&key), "{key:?}: rows in one block");
            order.push(key);
        }
        members.entry(key).or_default().push(row);
    }
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(order, sorted, "rows in run order, then member order");
    members
}

/// Sums of rows written with two decimals may differ from the rounded total by half a
/// cent a row.
fn close(sum: f64, total: f64, rows: usize, what: &str) {
    let tolerance = 0.005 * rows as f64 + 0.011;
    assert!(
        (sum - total).abs() <= tolerance,
        "{what}: the months add up to {sum:.2}, members.csv says {total:.2}"
    );
}

/// Checks every traced member of the folder `dir` (`runs` runs, member detail kept for
/// the first `kept`, master seed `seed`) against `members.csv` and the sampling rule.
fn check_traces(dir: &Path, runs: u32, kept: u32, seed: u64, months: u32) {
    let traced = by_member(dir);
    let members: Vec<MemberRow> = read_table(dir, "members").expect("members.csv");
    let mut ever: BTreeMap<u32, u32> = BTreeMap::new();
    let mut by_id: BTreeMap<(u32, u32), &MemberRow> = BTreeMap::new();
    for m in &members {
        *ever.entry(m.run).or_default() += 1;
        by_id.insert((m.run, m.id), m);
    }
    for run in 0..runs {
        let ids: Vec<u32> = traced
            .keys()
            .filter(|(r, _)| *r == run)
            .map(|&(_, m)| m)
            .collect();
        if run >= kept {
            assert!(ids.is_empty(), "run {run} keeps no members and traces none");
            continue;
        }
        let joined = ever[&run];
        assert_eq!(ids.len(), TRACED.min(joined as usize), "run {run}");
        // The documented rule: the smallest trace priorities of everyone who joined.
        assert_eq!(
            ids,
            sample(trace_key(seed, run), joined, TRACED),
            "run {run}"
        );
    }
    for ((run, id), rows) in &traced {
        let m = by_id[&(*run, *id)];
        let what = |column: &str| format!("run {run} member {id} {column}");
        // Months without a gap, from the join month.
        for (k, row) in rows.iter().enumerate() {
            assert_eq!(row.month, m.join_month + k as u32, "{}", what("month"));
            assert_eq!(
                row.month_in_business,
                k as u32,
                "{}",
                what("month_in_business")
            );
        }
        let last = rows.last().expect("at least one row");
        match m.quit_month {
            Some(quit) => {
                let quit_rows: Vec<&TraceRow> = rows
                    .iter()
                    .filter(|r| r.status == TraceStatus::Quit)
                    .collect();
                assert_eq!(quit_rows.len(), 1, "{}", what("one quit row"));
                assert_eq!(quit_rows[0].month, quit, "{}", what("quit month"));
                for row in rows {
                    let expected = match row.month.cmp(&quit) {
                        std::cmp::Ordering::Less => TraceStatus::Active,
                        std::cmp::Ordering::Equal => TraceStatus::Quit,
                        std::cmp::Ordering::Greater => TraceStatus::Former,
                    };
                    assert_eq!(row.status, expected, "{}", what("status"));
                }
            }
            None => {
                assert!(rows.iter().all(|r| r.status == TraceStatus::Active));
                assert_eq!(last.month, months - 1, "{}", what("to the run's end"));
            }
        }
        let sum = |part: fn(&TraceRow) -> f64| rows.iter().map(part).sum::<f64>();
        let n = rows.len();
        close(sum(|r| r.pay.0), m.gross_pay.0, n, &what("pay"));
        close(
            sum(|r| r.retail_profit.0),
            m.retail_profit.0,
            n,
            &what("retail_profit"),
        );
        close(sum(|r| r.purchases.0), m.purchases.0, n, &what("purchases"));
        close(sum(|r| r.fees.0), m.fees.0, n, &what("fees"));
        close(sum(|r| r.expenses.0), m.expenses.0, n, &what("expenses"));
        close(sum(|r| r.net.0), m.net.0, n, &what("net"));
        assert_eq!(last.cumulative_net, m.net, "{}", what("cumulative_net"));
        let recruits: u32 = rows.iter().map(|r| r.recruits).sum();
        assert_eq!(recruits, m.recruits, "{}", what("recruits"));
        let ranked = rows.iter().any(|r| !r.rank.is_empty());
        assert_eq!(ranked, !m.rank.is_empty(), "{}", what("rank"));
        for row in rows {
            // Each month's net is its parts, to the cent.
            let parts =
                row.pay.0 + row.retail_profit.0 - row.purchases.0 - row.fees.0 - row.expenses.0;
            assert!(
                (parts - row.net.0).abs() <= 0.03,
                "{}",
                what("a month's net")
            );
            assert!(row.refund.0 == 0.0 || row.status == TraceStatus::Quit);
        }
    }
}

#[test]
fn traced_months_add_up_to_each_members_lifetime_and_follow_the_sampling_rule() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    run(
        &scenario,
        &out,
        &[
            "--runs",
            "4",
            "--members",
            "2",
            "--seed",
            "11",
            "--no-charts",
        ],
    );
    check_traces(&out, 4, 2, 11, 24);
    // Someone quit with stock and was refunded: the quit row says how much.
    let rows: Vec<TraceRow> = read_table(&out, "traces").expect("traces");
    assert!(rows.iter().any(|r| r.refund.0 > 0.0), "a buyback refund");
}

#[test]
fn when_quitters_keep_their_place_their_rows_go_on_and_still_add_up() {
    let dir = temp_dir();
    let keep = SMALL.replace("buyback = 0.9\n", "buyback = 0.9\nkeep_position = true\n");
    assert_ne!(keep, SMALL);
    let scenario = write(dir.path(), "keep.toml", &keep);
    let out = dir.path().join("out");
    run(
        &scenario,
        &out,
        &["--runs", "1", "--seed", "3", "--no-charts"],
    );
    check_traces(&out, 1, 1, 3, 24);
    let rows: Vec<TraceRow> = read_table(&out, "traces").expect("traces");
    assert!(rows.iter().any(|r| r.status == TraceStatus::Former));
    assert!((rows.iter().filter(|r| r.status == TraceStatus::Former)).all(|r| r.rank.is_empty()));
}

#[test]
fn the_traces_are_the_same_for_any_threads_and_for_merged_shards() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let args = ["--runs", "6", "--members", "4", "--no-charts"];
    let one = dir.path().join("one");
    run(&scenario, &one, &[&args[..], &["--threads", "1"]].concat());
    let two = dir.path().join("two");
    run(&scenario, &two, &[&args[..], &["--threads", "2"]].concat());
    let mut shards = Vec::new();
    for index in 0..3 {
        let shard = dir.path().join(format!("shard{index}"));
        run(
            &scenario,
            &shard,
            &[&args[..], &["--shard", &format!("{index}/3")]].concat(),
        );
        shards.push(shard);
    }
    let merged = dir.path().join("merged");
    downline()
        .arg("merge")
        .args(&shards)
        .arg("--no-charts")
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    let read = |dir: &Path| std::fs::read(dir.join("traces.csv")).expect("traces.csv");
    let expected = read(&one);
    assert!(expected == read(&two), "1 and 2 threads");
    assert!(expected == read(&merged), "merged shards");
    // Shard 1 of 3 holds runs 2 and 3, both traced: its rows are the whole run's.
    let held: Vec<u32> = (by_member(&shards[1]).keys())
        .map(|&(run, _)| run)
        .collect();
    assert!(held.contains(&2) && held.contains(&3) && held.iter().all(|r| [2, 3].contains(r)));
    check_traces(&merged, 6, 4, 7, 24);
}

#[test]
fn tracing_changes_no_other_output() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let (none, all) = (dir.path().join("none"), dir.path().join("all"));
    run(
        &scenario,
        &none,
        &["--runs", "3", "--members", "0", "--no-charts"],
    );
    run(
        &scenario,
        &all,
        &["--runs", "3", "--members", "3", "--no-charts"],
    );
    for file in [
        "summary.json",
        "runs.csv",
        "months.csv",
        "curves.csv",
        "histograms.csv",
        "disclosure.csv",
    ] {
        assert!(
            std::fs::read(none.join(file)).expect("read")
                == std::fs::read(all.join(file)).expect("read"),
            "{file} changes when runs are traced"
        );
    }
    let untraced: Vec<TraceRow> = read_table(&none, "traces").expect("traces");
    assert!(untraced.is_empty(), "--members 0 traces nobody");
}

fn select<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("a valid selector");
    element.select(&selector).collect()
}

fn text(element: ElementRef) -> String {
    element.text().collect()
}

/// The representative by the documented rule, from the rows alone: among run 0's traced
/// members who quit, the one at position (n - 1) / 2 by lifetime net, then member
/// number (all of them if nobody quit).
fn representative(traced: &BTreeMap<(u32, u32), Vec<TraceRow>>) -> u32 {
    let run0: Vec<(&u32, &Vec<TraceRow>)> = (traced.iter())
        .filter(|((run, _), _)| *run == 0)
        .map(|((_, id), rows)| (id, rows))
        .collect();
    let quit = |rows: &Vec<TraceRow>| rows.iter().any(|r| r.status == TraceStatus::Quit);
    let anyone_quit = run0.iter().any(|(_, rows)| quit(rows));
    let mut candidates: Vec<(f64, u32)> = run0
        .iter()
        .filter(|(_, rows)| quit(rows) || !anyone_quit)
        .map(|(id, rows)| (rows.last().expect("a row").cumulative_net.0, id))
        .map(|(net, id)| (net, **id))
        .collect();
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    candidates[(candidates.len() - 1) / 2].1
}

/// What a marked number of the story should read, from the traced rows.
fn expected(span: ElementRef, traced: &BTreeMap<(u32, u32), Vec<TraceRow>>) -> String {
    let attr = |name| span.value().attr(name);
    let run: u32 = attr("data-run").expect("a run").parse().expect("a number");
    let of = attr("data-of").expect("data-of");
    let format = attr("data-format").expect("a format");
    let column = attr("data-trace").expect("a column");
    let value = match of {
        "traced" => traced.keys().filter(|(r, _)| *r == run).count() as f64,
        "quitters" => (traced.iter())
            .filter(|((r, _), rows)| {
                *r == run && rows.iter().any(|x| x.status == TraceStatus::Quit)
            })
            .count() as f64,
        _ => {
            let member: u32 = attr("data-member")
                .expect("a member")
                .parse()
                .expect("a number");
            let rows = &traced[&(run, member)];
            let cell = |row: &TraceRow| -> f64 {
                (column.split('+'))
                    .map(|c| match c {
                        "run" => f64::from(row.run),
                        "member" => f64::from(row.member),
                        "month" => f64::from(row.month),
                        "month_in_business" => f64::from(row.month_in_business),
                        "recruits" => f64::from(row.recruits),
                        "pay" => row.pay.0,
                        "retail_profit" => row.retail_profit.0,
                        "purchases" => row.purchases.0,
                        "refund" => row.refund.0,
                        "fees" => row.fees.0,
                        "expenses" => row.expenses.0,
                        "net" => row.net.0,
                        "cumulative_net" => row.cumulative_net.0,
                        other => panic!("unknown column {other}"),
                    })
                    .sum()
            };
            match of {
                "sum" => rows.iter().map(cell).sum(),
                "first" => cell(&rows[0]),
                "last" => cell(rows.last().expect("a row")),
                "months" => (rows.iter())
                    .filter(|r| r.status != TraceStatus::Former)
                    .count() as f64,
                "row" => {
                    let month: u32 = attr("data-month").expect("a month").parse().expect("n");
                    cell(rows.iter().find(|r| r.month == month).expect("that month"))
                }
                other => panic!("unknown data-of {other}"),
            }
        }
    };
    let whole = |x: f64| {
        let digits = format!("{:.0}", x.abs().round());
        let mut out = String::new();
        for (k, c) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let sign = |x: f64| if x < 0.0 { "-" } else { "" };
    match format {
        "count" => format!("{}{}", sign(value.round()), whole(value)),
        "money" => format!("{}${}", sign(value.round()), whole(value)),
        "money-abs" => format!("${}", whole(value)),
        "money-cents" => {
            let cents = (value * 100.0).round();
            let body = format!(
                "{}.{:02}",
                whole((cents / 100.0).trunc()),
                (cents.abs() % 100.0) as u64
            );
            format!("{}${body}", sign(cents))
        }
        other => panic!("unknown format {other}"),
    }
}

#[test]
fn the_report_tells_the_story_of_the_documented_representative_member() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    run(&scenario, &out, &["--runs", "3"]);
    let traced = by_member(&out);
    let chosen = representative(&traced);

    let page = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let page = Html::parse_document(&page);
    let root = page.root_element();
    let ids: Vec<&str> = select(root, "main > section")
        .iter()
        .filter_map(|s| s.value().attr("id"))
        .collect();
    assert_eq!(
        &ids[..3],
        ["headline", "people", "story"],
        "the story follows the headline and the 100 people"
    );
    let story = select(root, "section#story")[0];
    let spans = select(story, "span.n");
    assert!(spans.len() > 20, "{} marked numbers", spans.len());
    for span in &spans {
        if let Some(member) = span.value().attr("data-member") {
            assert_eq!(member, chosen.to_string(), "{}", span.html());
        }
        assert_eq!(text(*span), expected(*span, &traced), "{}", span.html());
    }
    let said = text(select(story, "p.story")[0]);
    assert!(said.starts_with("This member joined in month "), "{said}");
    assert!(said.contains("behind") || said.contains("ahead") || said.contains("even"));
    // Every digit in the section's words is a marked number (the chart's own text aside).
    for node in story.descendants() {
        let Some(piece) = node.value().as_text() else {
            continue;
        };
        if !piece.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let marked_or_chart = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| e.classes().any(|c| c == "n") || e.name() == "svg")
        });
        assert!(
            marked_or_chart,
            "an unmarked number in the story: {:?}",
            &**piece
        );
    }
    // The rule is stated on the page.
    let rule = text(select(story, "p")[0]);
    assert!(
        rule.contains("median") && rule.contains("quit before the run ended"),
        "{rule}"
    );

    // The chart: in the story section, not among the other charts, and on disk.
    assert_eq!(select(story, "figure#chart-member_story svg").len(), 1);
    assert!(select(root, "section#charts figure#chart-member_story").is_empty());
    assert_eq!(
        select(story, "details table.story tbody tr").len(),
        traced[&(0, chosen)].len()
    );
    assert_chart_files(
        &out.join("charts"),
        "member_story",
        "A typical member's story",
    );
}

#[test]
fn a_folder_without_traces_says_so_and_draws_no_story() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    run(&scenario, &out, &["--runs", "2", "--no-charts"]);
    std::fs::remove_file(out.join("traces.csv")).expect("remove traces.csv");
    downline().arg("report").arg(&out).assert().success();
    assert!(!out.join("charts/member_story.png").exists());
    assert!(out.join("charts/lorenz.png").exists());
    let page = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let page = Html::parse_document(&page);
    let story = select(page.root_element(), "section#story");
    assert_eq!(story.len(), 1);
    let missing = text(select(story[0], "p.missing")[0]);
    assert!(missing.contains("no traces.csv"), "{missing}");
}

#[test]
fn a_folder_that_traced_nobody_says_so() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    run(&scenario, &out, &["--runs", "1", "--members", "0"]);
    assert!(!out.join("charts/member_story.png").exists());
    let page = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let page = Html::parse_document(&page);
    let story = select(page.root_element(), "section#story p.missing");
    assert!(text(story[0]).contains("No member was traced"));
}
