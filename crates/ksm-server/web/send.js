// The send page: nothing happens until the person clicks Reveal. The first browser to reveal
// binds the link with a non-extractable key kept in this browser (IndexedDB); later views are
// signed with it, and other devices are refused.
import { takeFragment, linkKeys, gcmOpen, unpad, api, show, text, expiryText, b64Encode, b64Decode } from "./common.js";

const subtle = crypto.subtle;
const te = new TextEncoder();

function idb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("ksm-share", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("keys");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function deviceKey() {
  const db = await idb();
  const stored = await new Promise((resolve) => {
    const get = db.transaction("keys").objectStore("keys").get("device");
    get.onsuccess = () => resolve(get.result);
    get.onerror = () => resolve(undefined);
  });
  if (stored) return stored;
  const pair = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  await new Promise((resolve, reject) => {
    const tx = db.transaction("keys", "readwrite");
    tx.objectStore("keys").put(pair, "device");
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  return pair;
}

async function reveal(id, token, key) {
  const pair = await deviceKey();
  const publicRaw = new Uint8Array(await subtle.exportKey("raw", pair.publicKey));
  const time = Date.now();
  const message = te.encode(`ksm-share/v1 open\n${id}\n${time}`);
  const signature = new Uint8Array(await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, message));
  const { status, json } = await api("POST", `/api/share/v1/s/${id}/open`, {
    token: b64Encode(token), deviceKey: b64Encode(publicRaw), time, signature: b64Encode(signature),
  });
  if (status === 403 && json.error === "other_device") return show("other-device");
  // 503: the server is busy receiving other requests; nothing was consumed.
  if (status === 429 || status === 503) return show("throttled");
  if (status !== 200) return show("gone");
  let content;
  try {
    content = JSON.parse(new TextDecoder().decode(unpad(await gcmOpen(key, b64Decode(json.ciphertext)))));
  } catch { return show("broken"); }
  text("secret-title", content.title || "Shared secret");
  const list = document.getElementById("secret-fields");
  for (const field of content.fields) {
    const row = document.createElement("div");
    row.className = "field";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = field.label;
    const value = document.createElement("code");
    value.textContent = field.value;
    const copy = document.createElement("button");
    copy.type = "button";
    copy.textContent = "Copy";
    copy.addEventListener("click", () => navigator.clipboard.writeText(field.value));
    row.append(name, value, copy);
    list.appendChild(row);
  }
  text("after", json.once
    ? "This was a one-time link: it cannot be opened again."
    : "You can open this link again on this device until it expires. Other devices cannot open it.");
  show("revealed");
  addEventListener("pagehide", () => list.replaceChildren());
}

async function main() {
  const bytes = takeFragment();
  if (!bytes || bytes.length !== 32) return show("broken");
  const { id, token, key } = await linkKeys(bytes, "send");
  const { status, json } = await api("GET", `/api/share/v1/s/${id}`);
  if (status === 429) return show("throttled");
  if (status !== 200) return show("gone");
  text("expires", expiryText(json.expiresAt));
  text("once", json.once
    ? "It can be opened once: after you reveal it, the link stops working."
    : "The first device that reveals it is the only one that can open it again.");
  show("ready");
  document.getElementById("reveal").addEventListener("click", (event) => {
    event.target.disabled = true;
    reveal(id, token, key).catch(() => show("broken"));
  });
}

main().catch(() => show("broken"));
