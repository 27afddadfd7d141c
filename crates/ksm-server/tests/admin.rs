//! Admin commands that the API tests do not exercise.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_ksm-server");

#[test]
fn record_import_adds_all_records_or_none() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("data");
    let bin = Path::new(BIN);
    ksm_testkit::init_data_dir(bin, &dir);
    let folder = ksm_testkit::admin_json(bin, &dir, &["folder", "add", "-t", "F", "--json"])["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let good = temp.path().join("good.json");
    std::fs::write(&good, r#"[{"type":"login","title":"a","fields":[{"type":"password","value":["1"]}]},{"type":"login","title":"b","fields":[]}]"#).unwrap();
    let uids = ksm_testkit::admin_json(
        bin,
        &dir,
        &["record", "import", "--folder", &folder, "--from-json", good.to_str().unwrap(), "--json"],
    );
    assert_eq!(uids.as_array().unwrap().len(), 2);
    let shown = ksm_testkit::admin_json(bin, &dir, &["record", "show", uids[0].as_str().unwrap(), "--json"]);
    assert_eq!(shown["data"]["fields"][0]["value"][0], "1");

    let bad = temp.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"[{"type":"login","title":"ok"},{"type":"login","title":"x","fields":[{"type":"phone","value":["555"]}]}]"#,
    )
    .unwrap();
    let output = Command::new(BIN)
        .arg("--data-dir")
        .arg(&dir)
        .arg("--keystore")
        .arg(ksm_testkit::owner_keystore(&dir))
        .args(["record", "import", "--folder", &folder, "--from-json", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("record 2") && stderr.contains("phone"), "{stderr}");
    let listed = ksm_testkit::admin_json(bin, &dir, &["record", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 2, "nothing of the bad file was imported");
}
