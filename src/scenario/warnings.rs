//! Warnings about valid but odd scenarios: values the model accepts that are probably
//! not what the author meant. Never fatal: `check` and `run` print them on stderr (`run`
//! also in `--json`), and the run goes on. What needs a run to be seen (fees above the
//! pay, a horizon that ends before the peak) is in `crate::ensemble::warnings`.

use super::Scenario;

/// The warnings that the scenario alone shows, in a fixed order.
pub fn of(scenario: &Scenario) -> Vec<String> {
    let product = &scenario.product;
    let mut warnings = Vec::new();
    if product.wholesale_price > product.retail_price {
        warnings.push(format!(
            "product.wholesale_price ({}) is above product.retail_price ({}): a member loses \
             {} on every unit resold to a customer; did you swap them?",
            product.wholesale_price,
            product.retail_price,
            money(product.wholesale_price - product.retail_price)
        ));
    }
    for (key, price, meaning) in [
        (
            "retail_price",
            product.retail_price,
            "customers pay nothing, so retail earns members nothing",
        ),
        (
            "wholesale_price",
            product.wholesale_price,
            "members pay nothing for product, so buying costs them nothing",
        ),
    ] {
        if price == 0.0 && product.pv_per_unit > 0.0 {
            warnings.push(format!(
                "product.{key} is 0 but a unit carries {} PV: {meaning}",
                product.pv_per_unit
            ));
        }
    }
    warnings
}

fn money(x: f64) -> String {
    format!("${x:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Overrides;

    fn scenario(product: &str) -> Scenario {
        let text = format!(
            "[market]\npopulation = 100\nfounders = 2\n[product]\n{product}\n[behaviour]\n\
             recruit_pitches = 1\njoin_probability = 0.1\n[plan]\nname = \"p\"\n\
             [[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.1]\n"
        );
        let table: toml::Table = toml::from_str(&text).unwrap();
        Scenario::from_table(table, "t".into(), "h".into(), Overrides::default()).unwrap()
    }

    #[test]
    fn odd_prices_are_warned_about_and_plain_ones_are_not() {
        let plain = scenario("retail_price = 50.0\nwholesale_price = 37.5\npv_per_unit = 30.0");
        assert!(of(&plain).is_empty());
        let swapped = of(&scenario(
            "retail_price = 30.0\nwholesale_price = 37.5\npv_per_unit = 30.0",
        ));
        assert_eq!(swapped.len(), 1);
        assert!(
            swapped[0].contains("loses $7.50 on every unit"),
            "{swapped:?}"
        );
        let free = of(&scenario(
            "retail_price = 0.0\nwholesale_price = 0.0\npv_per_unit = 30.0",
        ));
        assert_eq!(free.len(), 2, "{free:?}");
        assert!(free[0].starts_with("product.retail_price is 0"));
        assert!(free[1].starts_with("product.wholesale_price is 0"));
    }
}
