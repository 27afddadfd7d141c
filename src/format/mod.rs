//! Text formats the commands write: `.env` files and the `export` formats.

pub mod dotenv;
pub mod export;
