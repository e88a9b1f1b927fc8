//! `--shard auto`: which slice of the sources to build, taken from the
//! environment of the CI engine or job scheduler running imprint, so a
//! parallel job needs no script to turn the engine's numbers into `K/N`.

use std::str::FromStr;

use anyhow::{bail, Result};

use super::Shard;

/// What `--shard` was given: a fixed `K/N`, or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardArg {
    Fixed(Shard),
    Auto,
}

impl FromStr for ShardArg {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<ShardArg, String> {
        if text.trim() == "auto" {
            return Ok(ShardArg::Auto);
        }
        text.parse()
            .map(ShardArg::Fixed)
            .map_err(|e| format!("{e}, or `auto`"))
    }
}

impl ShardArg {
    /// The shard to build; `auto` reads the process environment.
    pub fn resolve(self) -> Result<Shard> {
        match self {
            ShardArg::Fixed(shard) => Ok(shard),
            ShardArg::Auto => from_env(|name| std::env::var(name).ok()),
        }
    }
}

/// An engine's index and count variables, and whether its index is 1-based.
struct Engine {
    name: &'static str,
    index: &'static str,
    count: &'static str,
    one_based: bool,
}

const ENGINES: [Engine; 4] = [
    Engine {
        name: "GitLab",
        index: "CI_NODE_INDEX",
        count: "CI_NODE_TOTAL",
        one_based: true,
    },
    Engine {
        name: "Buildkite",
        index: "BUILDKITE_PARALLEL_JOB",
        count: "BUILDKITE_PARALLEL_JOB_COUNT",
        one_based: false,
    },
    Engine {
        name: "CircleCI",
        index: "CIRCLE_NODE_INDEX",
        count: "CIRCLE_NODE_TOTAL",
        one_based: false,
    },
    Engine {
        name: "a Kubernetes Indexed Job",
        index: "JOB_COMPLETION_INDEX",
        count: "IMPRINT_SHARD_COUNT",
        one_based: false,
    },
];

/// The shard named by `IMPRINT_SHARD` (`K/N`, 1-based), which wins, or by
/// the engines' variables, which must agree with each other.
pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Shard> {
    let var = |name: &str| var(name).filter(|value| !value.trim().is_empty());
    if let Some(value) = var("IMPRINT_SHARD") {
        return value
            .parse()
            .map_err(|e| anyhow::anyhow!("IMPRINT_SHARD: {e}"));
    }
    let mut found: Option<(Shard, &str)> = None;
    for engine in &ENGINES {
        let Some(shard) = engine_shard(engine, &var)? else {
            continue;
        };
        match found {
            Some((first, first_name)) if first != shard => bail!(
                "--shard auto: {first_name} says shard {}/{} but {} says {}/{}; \
                 unset one, or set IMPRINT_SHARD=K/N",
                first.index,
                first.count,
                engine.name,
                shard.index,
                shard.count
            ),
            Some(_) => {}
            None => found = Some((shard, engine.name)),
        }
    }
    match found {
        Some((shard, _)) => Ok(shard),
        None => {
            let names: Vec<String> = std::iter::once("IMPRINT_SHARD (K/N)".to_string())
                .chain(
                    ENGINES
                        .iter()
                        .map(|e| format!("{} and {} ({})", e.index, e.count, e.name)),
                )
                .collect();
            bail!(
                "--shard auto: no shard in the environment; looked for {}",
                names.join(", ")
            )
        }
    }
}

/// One engine's shard, `None` when it sets none of its variables.
fn engine_shard(engine: &Engine, var: &impl Fn(&str) -> Option<String>) -> Result<Option<Shard>> {
    let number = |name: &str| -> Result<Option<usize>> {
        match var(name) {
            None => Ok(None),
            Some(value) => match value.trim().parse() {
                Ok(n) => Ok(Some(n)),
                Err(_) => bail!("--shard auto: {name} is `{value}`, not a whole number"),
            },
        }
    };
    let (index, count) = (number(engine.index)?, number(engine.count)?);
    let (index, count) = match (index, count) {
        (None, None) => return Ok(None),
        // GitLab sets CI_NODE_TOTAL=1 in every job without `parallel:`.
        (None, Some(1)) => return Ok(Some(Shard { index: 1, count: 1 })),
        (Some(index), Some(count)) => (index, count),
        (Some(_), None) => bail!(
            "--shard auto: {} is set but {} is not ({})",
            engine.index,
            engine.count,
            engine.name
        ),
        (None, Some(_)) => bail!(
            "--shard auto: {} is set but {} is not ({})",
            engine.count,
            engine.index,
            engine.name
        ),
    };
    let index = if engine.one_based { index } else { index + 1 };
    if count == 0 || index == 0 || index > count {
        bail!(
            "--shard auto: {}={} and {}={} name no shard ({} counts from {})",
            engine.index,
            var(engine.index).unwrap_or_default(),
            engine.count,
            count,
            engine.name,
            if engine.one_based { 1 } else { 0 }
        );
    }
    Ok(Some(Shard { index, count }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(vars: &[(&str, &str)]) -> Result<Shard> {
        from_env(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    fn is(index: usize, count: usize) -> Shard {
        Shard { index, count }
    }

    #[test]
    fn each_engine_counts_from_its_own_base() {
        assert_eq!(
            shard(&[("CI_NODE_INDEX", "2"), ("CI_NODE_TOTAL", "3")]).unwrap(),
            is(2, 3)
        );
        assert_eq!(
            shard(&[
                ("BUILDKITE_PARALLEL_JOB", "1"),
                ("BUILDKITE_PARALLEL_JOB_COUNT", "3")
            ])
            .unwrap(),
            is(2, 3)
        );
        assert_eq!(
            shard(&[("CIRCLE_NODE_INDEX", "0"), ("CIRCLE_NODE_TOTAL", "4")]).unwrap(),
            is(1, 4)
        );
        assert_eq!(
            shard(&[("JOB_COMPLETION_INDEX", "4"), ("IMPRINT_SHARD_COUNT", "5")]).unwrap(),
            is(5, 5)
        );
        assert_eq!(shard(&[("IMPRINT_SHARD", "3/7")]).unwrap(), is(3, 7));
    }

    #[test]
    fn imprint_shard_wins_and_engines_must_agree() {
        let both = [
            ("IMPRINT_SHARD", "1/2"),
            ("CIRCLE_NODE_INDEX", "1"),
            ("CIRCLE_NODE_TOTAL", "2"),
        ];
        assert_eq!(shard(&both).unwrap(), is(1, 2));
        let agree = [
            ("CI_NODE_INDEX", "2"),
            ("CI_NODE_TOTAL", "2"),
            ("CIRCLE_NODE_INDEX", "1"),
            ("CIRCLE_NODE_TOTAL", "2"),
        ];
        assert_eq!(shard(&agree).unwrap(), is(2, 2));
        let disagree = [
            ("CI_NODE_INDEX", "1"),
            ("CI_NODE_TOTAL", "2"),
            ("CIRCLE_NODE_INDEX", "1"),
            ("CIRCLE_NODE_TOTAL", "2"),
        ];
        let error = shard(&disagree).unwrap_err().to_string();
        assert!(
            error.contains("GitLab") && error.contains("CircleCI"),
            "{error}"
        );
    }

    #[test]
    fn missing_or_wrong_variables_are_named() {
        let none = shard(&[]).unwrap_err().to_string();
        for name in [
            "IMPRINT_SHARD",
            "CI_NODE_INDEX",
            "BUILDKITE_PARALLEL_JOB_COUNT",
            "CIRCLE_NODE_TOTAL",
            "JOB_COMPLETION_INDEX",
            "IMPRINT_SHARD_COUNT",
        ] {
            assert!(none.contains(name), "{none}");
        }
        let half = shard(&[("JOB_COMPLETION_INDEX", "0")])
            .unwrap_err()
            .to_string();
        assert!(half.contains("IMPRINT_SHARD_COUNT"), "{half}");
        let beyond = shard(&[("CIRCLE_NODE_INDEX", "2"), ("CIRCLE_NODE_TOTAL", "2")]);
        assert!(beyond.unwrap_err().to_string().contains("counts from 0"));
        let text = shard(&[("CI_NODE_INDEX", "x"), ("CI_NODE_TOTAL", "2")]);
        assert!(text
            .unwrap_err()
            .to_string()
            .contains("CI_NODE_INDEX is `x`"));
        assert!(shard(&[("IMPRINT_SHARD", "0/2")]).is_err());
        // A GitLab job without `parallel:` still has CI_NODE_TOTAL=1.
        assert_eq!(shard(&[("CI_NODE_TOTAL", "1")]).unwrap(), is(1, 1));
    }
}
