//! `ksm secret delete`: exits non-zero when any record is not deleted (the official CLI exits 0).

use crate::cli::DeleteArgs;
use crate::output::delete_results;
use ksm_client::error::{fail, ErrorKind};
use ksm_client::session::Session;
use ksm_client::writes;

pub fn delete(session: &mut Session, args: &DeleteArgs, color: bool) -> anyhow::Result<()> {
    let outcomes = writes::delete_records(session, &args.uid)?;
    print!("{}", delete_results(&outcomes, args.json, color));
    let failed = outcomes.iter().filter(|outcome| !outcome.deleted()).count();
    if failed > 0 {
        return Err(fail(ErrorKind::NotFound, format!("{failed} of {} records were not deleted", outcomes.len())));
    }
    Ok(())
}
