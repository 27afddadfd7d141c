//! Request payloads and response bodies of the eleven endpoints (PROTOCOL.md §7.4, §8, §9).
//!
//! Deserialization is lenient the way a server must be: any key order, `null` for absent
//! optional fields, unknown keys ignored. Serialization emits what the strictest official SDK
//! (Rust) needs: `records`/`folders` always present, `appData` a string or absent.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The endpoints, by the last path segment of `/api/rest/sm/v1/<endpoint>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    GetSecret,
    GetFolders,
    UpdateSecret,
    FinalizeSecretUpdate,
    RollbackSecretUpdate,
    CreateSecret,
    DeleteSecret,
    CreateFolder,
    UpdateFolder,
    DeleteFolder,
    AddFile,
}

impl Endpoint {
    pub const ALL: [Endpoint; 11] = [
        Endpoint::GetSecret,
        Endpoint::GetFolders,
        Endpoint::UpdateSecret,
        Endpoint::FinalizeSecretUpdate,
        Endpoint::RollbackSecretUpdate,
        Endpoint::CreateSecret,
        Endpoint::DeleteSecret,
        Endpoint::CreateFolder,
        Endpoint::UpdateFolder,
        Endpoint::DeleteFolder,
        Endpoint::AddFile,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Endpoint::GetSecret => "get_secret",
            Endpoint::GetFolders => "get_folders",
            Endpoint::UpdateSecret => "update_secret",
            Endpoint::FinalizeSecretUpdate => "finalize_secret_update",
            Endpoint::RollbackSecretUpdate => "rollback_secret_update",
            Endpoint::CreateSecret => "create_secret",
            Endpoint::DeleteSecret => "delete_secret",
            Endpoint::CreateFolder => "create_folder",
            Endpoint::UpdateFolder => "update_folder",
            Endpoint::DeleteFolder => "delete_folder",
            Endpoint::AddFile => "add_file",
        }
    }

    pub fn from_path(path: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|endpoint| endpoint.path() == path)
    }
}

/// The fields every payload carries (PROTOCOL.md §7.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayloadHeader {
    pub client_version: String,
    pub client_id: String,
}

/// `get_secret` and `get_folders`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPayload {
    /// B64 device public key, sent only while the device is unbound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_records: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_folders: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_links: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePayload {
    pub record_uid: String,
    /// GCM(record key, record JSON), B64 or B64U.
    pub data: String,
    pub revision: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<String>,
    #[serde(default, rename = "links2Remove", skip_serializing_if = "Option::is_none")]
    pub links_to_remove: Option<Vec<String>>,
}

/// `finalize_secret_update` and `rollback_secret_update`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompleteTransactionPayload {
    pub record_uid: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePayload {
    pub record_uid: String,
    /// ECIES(app owner public key, record key), B64.
    pub record_key: String,
    /// The shared (root) folder.
    pub folder_uid: String,
    /// GCM(shared folder key, record key), B64.
    pub folder_key: String,
    pub data: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_folder_uid: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletePayload {
    pub record_uids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateFolderPayload {
    pub folder_uid: String,
    pub shared_folder_uid: String,
    /// CBC(root shared folder key, new folder key), B64U.
    pub shared_folder_key: String,
    /// CBC(new folder key, `{"name": …}`), B64U.
    pub data: String,
    /// Parent sub-folder; `None` or `""` means directly under the shared folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_uid: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateFolderPayload {
    pub folder_uid: String,
    pub data: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteFolderPayload {
    pub folder_uids: Vec<String>,
    #[serde(default)]
    pub force_deletion: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddFilePayload {
    pub file_record_uid: String,
    /// ECIES(app owner public key, file key), B64.
    pub file_record_key: String,
    /// GCM(file key, file metadata JSON), B64U.
    pub file_record_data: String,
    pub owner_record_uid: String,
    /// GCM(owner record key, owner record JSON with the new fileRef), B64U.
    pub owner_record_data: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_record_revision: Option<i64>,
    /// GCM(owner record key, file key), B64.
    pub link_key: String,
    /// Length of the encrypted blob to be uploaded.
    pub file_size: i64,
}

/// The decrypted `get_secret` response (PROTOCOL.md §9.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretsResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_data: Option<String>,
    #[serde(default)]
    pub encrypted_app_key: Option<String>,
    #[serde(default)]
    pub app_owner_public_key: Option<String>,
    #[serde(default)]
    pub records: Option<Vec<RecordEnvelope>>,
    #[serde(default)]
    pub folders: Option<Vec<FolderEnvelope>>,
    #[serde(default)]
    pub expires_on: i64,
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
    #[serde(default)]
    pub extra: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderEnvelope {
    pub folder_uid: String,
    /// GCM(app key, folder key), B64.
    pub folder_key: String,
    #[serde(default)]
    pub data: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub is_editable: bool,
    #[serde(default)]
    pub records: Vec<RecordEnvelope>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordEnvelope {
    pub record_uid: String,
    /// GCM(K, record key), B64, where K is the app key (direct share) or the folder key.
    /// Absent or empty: the record key is K itself.
    #[serde(default)]
    pub record_key: Option<String>,
    pub data: String,
    #[serde(default)]
    pub revision: i64,
    #[serde(default)]
    pub is_editable: bool,
    #[serde(default)]
    pub files: Option<Vec<FileEnvelope>>,
    #[serde(default)]
    pub folder_uid: Option<String>,
    #[serde(default)]
    pub inner_folder_uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<LinkEnvelope>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileEnvelope {
    pub file_uid: String,
    /// GCM(record key, file key), B64.
    pub file_key: String,
    /// GCM(file key, file metadata JSON), B64.
    pub data: String,
    pub url: String,
    #[serde(default)]
    pub thumbnail_url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkEnvelope {
    pub record_uid: String,
    #[serde(default)]
    pub data: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
}

/// The decrypted `get_folders` response (PROTOCOL.md §9.7). Like `get_secret`, the answer that
/// binds a device carries the application key (the Rust SDK binds through either).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FoldersResponse {
    #[serde(default)]
    pub folders: Vec<FolderInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted_app_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_owner_public_key: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderInfo {
    pub folder_uid: String,
    /// Root: GCM(app key, folder key) B64. Sub-folder: CBC(root folder key, folder key) B64.
    pub folder_key: String,
    /// CBC(own folder key, `{"name": …}`), B64.
    #[serde(default)]
    pub data: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteRecordsResponse {
    pub records: Vec<DeleteStatus<RecordUidKey>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteFoldersResponse {
    pub folders: Vec<DeleteStatus<FolderUidKey>>,
}

/// One line of a delete response; `responseCode` is `"ok"` on success.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteStatus<K> {
    #[serde(flatten)]
    pub uid: K,
    pub response_code: String,
    #[serde(default)]
    pub error_message: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordUidKey {
    pub record_uid: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderUidKey {
    pub folder_uid: String,
}

/// `add_file` response: where and how to POST the encrypted blob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddFileResponse {
    pub url: String,
    /// JSON text of the form fields to send before the `file` part.
    pub parameters: String,
    pub success_status_code: u16,
}

/// A plaintext error body (PROTOCOL.md §8.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<String>,
    /// Number or numeric string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<Value>,
    /// Seconds; number or numeric string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<Value>,
}

impl ErrorBody {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self { error: Some(code.to_string()), message: Some(message.into()), ..Self::default() }
    }

    /// `result_code`, else `error`: the order the SDKs check them in.
    pub fn code(&self) -> Option<&str> {
        self.result_code.as_deref().or(self.error.as_deref())
    }

    pub fn key_id(&self) -> Option<String> {
        value_as_text(self.key_id.as_ref()?)
    }

    pub fn retry_after_seconds(&self) -> Option<f64> {
        value_as_text(self.retry_after.as_ref()?)?.parse().ok()
    }
}

fn value_as_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(number) => Some(number.to_string()),
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_round_trip_their_paths() {
        for endpoint in Endpoint::ALL {
            assert_eq!(Endpoint::from_path(endpoint.path()), Some(endpoint));
        }
        assert_eq!(Endpoint::from_path("get_files"), None);
    }

    #[test]
    fn payloads_accept_python_style_nulls_and_extra_keys() {
        let python = r#"{
            "clientVersion": "mp17.3.0", "clientId": "id", "publicKey": null,
            "requestedRecords": null, "requestedFolders": null, "requestLinks": null, "surprise": 1
        }"#;
        let header: PayloadHeader = serde_json::from_str(python).unwrap();
        assert_eq!(header.client_version, "mp17.3.0");
        let get: GetPayload = serde_json::from_str(python).unwrap();
        assert_eq!(get, GetPayload::default());
        let update: UpdatePayload = serde_json::from_str(
            r#"{"recordUid":"u","data":"d","revision":3,"links2Remove":["f"],"transactionType":null}"#,
        )
        .unwrap();
        assert_eq!(update.links_to_remove, Some(vec!["f".to_string()]));
    }

    #[test]
    fn secrets_response_always_carries_records_and_folders() {
        let json = serde_json::to_value(SecretsResponse::default()).unwrap();
        assert!(json.get("records").is_some() && json.get("folders").is_some());
        assert!(json.get("appData").is_none());
        assert_eq!(json["expiresOn"], 0);
    }

    #[test]
    fn error_bodies_from_the_protocol_tests() {
        let a: ErrorBody = serde_json::from_str(r#"{"error":"key","key_id":10,"message":"invalid key id"}"#).unwrap();
        assert_eq!((a.code(), a.key_id().as_deref()), (Some("key"), Some("10")));
        let b: ErrorBody = serde_json::from_str(r#"{"error":"key","key_id":"2"}"#).unwrap();
        assert_eq!(b.key_id().as_deref(), Some("2"));
        let c: ErrorBody =
            serde_json::from_str(r#"{"result_code":"throttled","error":"x","retry_after":"7"}"#).unwrap();
        assert_eq!((c.code(), c.retry_after_seconds()), (Some("throttled"), Some(7.0)));
    }

    #[test]
    fn delete_status_has_the_flat_wire_shape() {
        let response = DeleteRecordsResponse {
            records: vec![DeleteStatus {
                uid: RecordUidKey { record_uid: "u".into() },
                response_code: "ok".into(),
                error_message: None,
            }],
        };
        let text = serde_json::to_string(&response).unwrap();
        assert_eq!(text, r#"{"records":[{"recordUid":"u","responseCode":"ok","errorMessage":null}]}"#);
    }
}
