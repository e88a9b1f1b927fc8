//! Model JSON, exactly as `imprint normalise` prints it.

use anyhow::{anyhow, Result};

use crate::model::Collection;

pub fn read(text: &str) -> Result<Collection> {
    // serde_json's message already names the line and column.
    serde_json::from_str(text).map_err(|e| anyhow!("not imprint model JSON: {e}"))
}
