//! Text formats the commands write: `.env` files, the `export` formats, shell quoting and
//! YAML.

pub mod dotenv;
pub mod export;
#[cfg(test)]
mod fuzz;
pub mod shell;
pub mod yaml;
