// Shared by the request and send pages: the link fragment, key derivation, padding, the API.
import { concat } from "./hpke.js";
const subtle = crypto.subtle;
const te = new TextEncoder();

export function b64urlDecode(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const std = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const bytes = Uint8Array.from(atob(std), c => c.charCodeAt(0));
  // Only the canonical spelling: a changed last character must not decode to the same bytes.
  if (b64urlEncode(bytes) !== text) throw new Error("not canonical base64url");
  return bytes;
}
export function b64urlEncode(bytes) {
  return b64Encode(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
export function b64Encode(bytes) {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
export function b64Decode(text) { return Uint8Array.from(atob(text), c => c.charCodeAt(0)); }

// Reads the fragment once and removes it from the address bar and history entry.
export function takeFragment() {
  const raw = location.hash.slice(1);
  history.replaceState(null, "", location.pathname);
  if (!raw.startsWith("1.")) return null;
  try { return b64urlDecode(raw.slice(2)); } catch { return null; }
}

async function derive(secret, label, length) {
  const k = await subtle.importKey("raw", secret, "HKDF", false, ["deriveBits"]);
  const bits = await subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: te.encode("ksm-share/v1 " + label) }, k, length * 8);
  return new Uint8Array(bits);
}

// The id, token and key of a link, as ksm-proto's share::link derives them.
export async function linkKeys(secret, kind) {
  const id = b64urlEncode(await derive(secret, kind + " id", 16));
  const token = await derive(secret, kind + " token", 32);
  const keyBytes = await derive(secret, kind + " key", 32);
  const key = await subtle.importKey("raw", keyBytes, "AES-GCM", false, ["decrypt"]);
  return { id, token, key };
}

// nonce(12) ‖ ciphertext ‖ tag, as ksm-proto's gcm_encrypt writes it.
export async function gcmOpen(key, data) {
  return new Uint8Array(await subtle.decrypt({ name: "AES-GCM", iv: data.slice(0, 12) }, key, data.slice(12)));
}

export const BUCKETS = [256, 1024, 4096, 16384, 65536];
export function pad(bytes) {
  const size = BUCKETS.find(b => bytes.length < b);
  if (!size) throw new Error("too long");
  const out = new Uint8Array(size);
  out.set(bytes);
  out[bytes.length] = 0x80;
  return out;
}
export function unpad(bytes) {
  let end = bytes.length - 1;
  while (end >= 0 && bytes[end] === 0) end--;
  if (end < 0 || bytes[end] !== 0x80 || !BUCKETS.includes(bytes.length)) throw new Error("bad padding");
  return bytes.slice(0, end);
}

export async function confirmationCode(enc, ciphertext) {
  const digest = new Uint8Array(await subtle.digest("SHA-256", concat(enc, ciphertext)));
  const bits = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 2;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let code = "";
  for (let i = 0; i < 6; i++) code += alphabet[(bits >>> (25 - 5 * i)) & 31];
  return code.slice(0, 3) + "-" + code.slice(3);
}

export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    cache: "no-store",
    credentials: "omit",
  });
  let json = {};
  try { json = await response.json(); } catch { /* an empty or non-JSON body */ }
  return { status: response.status, json };
}

// Shows exactly one <section> of the page.
export function show(id) {
  for (const s of document.querySelectorAll("main > section")) s.hidden = s.id !== id;
}

export function text(id, value) { document.getElementById(id).textContent = value; }

export function expiryText(ms) {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

// A new link pasted into this tab only changes the fragment, which does not reload the page:
// start over with it.
addEventListener("hashchange", () => location.reload());
