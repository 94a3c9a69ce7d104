//! `downline org --members N [shape options] --out NETWORK.csv`: draws an organisation of
//! a given shape (`downline::model::org`) and writes it atomically as the network CSV
//! that `downline payout` reads, for stress-testing a plan. One summary line on stdout.

use crate::cli::{OrgArgs, PlacementArg, SponsoringArg};
use anyhow::Context as _;
use downline::error::{Error, Result};
use downline::model::org::{self, OrgStats, Placing, Shape, Sponsoring};
use downline::output::atomic::{check_writable_file, write_atomically};
use std::path::Path;

/// The mean number of recruits when `--mean-recruits` is not given.
const MEAN_RECRUITS: f64 = 2.0;

pub fn org(args: &OrgArgs) -> Result<()> {
    let shape = shape(args)?;
    check_out(&args.out)?;
    let network = org::generate(&shape, args.seed);
    write_atomically(&args.out, |w| {
        network
            .write_csv(w)
            .with_context(|| format!("cannot write {}", args.out.display()))
    })?;
    let stats = OrgStats::of(&network);
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    say!(
        "wrote {}: {}, {}, {}; depth {}, {:.1} % sponsor nobody, widest frontline {}; {:.1} % of member-periods active, total PV {:.2}",
        args.out.display(),
        count(stats.members, "member", "members"),
        count(stats.founders, "founder", "founders"),
        count(shape.periods as usize, "period", "periods"),
        stats.depth,
        100.0 * stats.sponsor_nobody,
        stats.widest,
        100.0 * stats.active,
        stats.pv,
    );
    Ok(())
}

/// The flags, checked into a [`Shape`]; a bad value is named as its flag.
fn shape(args: &OrgArgs) -> Result<Shape> {
    let mean = args.mean_recruits;
    let sponsoring = match args.sponsoring {
        SponsoringArg::Geometric => Sponsoring::Geometric {
            mean: mean.unwrap_or(MEAN_RECRUITS),
        },
        SponsoringArg::Poisson => Sponsoring::Poisson {
            mean: mean.unwrap_or(MEAN_RECRUITS),
        },
        SponsoringArg::Fixed => {
            let mean = mean.unwrap_or(MEAN_RECRUITS);
            if mean.fract() != 0.0 || !(1.0..=1000.0).contains(&mean) {
                return Err(Error::BadInput(format!(
                    "--mean-recruits: expected a whole number from 1 to 1000 with --sponsoring fixed, found {mean} (use geometric or poisson for a mean that is not whole)"
                )));
            }
            Sponsoring::Fixed { count: mean as u32 }
        }
        SponsoringArg::Preferential => {
            if let Some(mean) = mean {
                return Err(Error::BadInput(format!(
                    "--mean-recruits: expected no mean with --sponsoring preferential (a newcomer's sponsor is drawn by recruits so far; the mean is fixed by the tree), found {mean}"
                )));
            }
            Sponsoring::Preferential
        }
    };
    let shape = Shape {
        members: args.members,
        periods: args.periods,
        sponsoring,
        max_depth: args.max_depth,
        pv_median: args.pv_median,
        pv_sigma: args.pv_sigma,
        active: args.active,
        cv_share: args.cv_share,
        retail_share: args.retail_share,
        entry_fee: args.entry_fee,
        placing: match args.placement {
            PlacementArg::Plan => Placing::Plan,
            PlacementArg::Sponsor => Placing::Sponsor,
        },
    };
    shape.check().map_err(|err| {
        Error::BadInput(format!(
            "--{}: expected {}, found {}",
            err.field.replace('_', "-"),
            err.expected,
            err.found
        ))
    })?;
    Ok(shape)
}

/// Refuses an `--out` that is a folder or in a folder that does not exist, before any
/// work is done.
fn check_out(out: &Path) -> Result<()> {
    check_writable_file(out)
        .map_err(|why| Error::BadInput(format!("--out {}: {why}", out.display())))
}
