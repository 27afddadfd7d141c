//! Text formats the commands write: `.env` files, the `export` formats, shell quoting and
//! YAML.

pub mod dotenv;
pub mod export;
pub mod shell;
pub mod yaml;
