// HPKE (RFC 9180) base mode, DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, sender
// side only, with WebCrypto. Mirrors crates/ksm-proto/src/share/hpke.rs.
const subtle = crypto.subtle;
const te = new TextEncoder();

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function u16(n) { return new Uint8Array([(n >> 8) & 255, n & 255]); }

async function hmac(key, data) {
  // An empty HMAC key is the same as HashLen zero bytes (keys are zero-padded), and
  // WebCrypto refuses empty keys.
  const raw = key.length ? key : new Uint8Array(32);
  const k = await subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await subtle.sign("HMAC", k, data));
}

const KEM_SUITE = concat(te.encode("KEM"), u16(0x0010));
const HPKE_SUITE = concat(te.encode("HPKE"), u16(0x0010), u16(0x0001), u16(0x0002));

function labeledExtract(suite, salt, label, ikm) {
  return hmac(salt, concat(te.encode("HPKE-v1"), suite, te.encode(label), ikm));
}

// Every output here is at most one SHA-256 block, so HKDF-Expand is a single HMAC.
async function labeledExpand(suite, prk, label, info, length) {
  const t1 = await hmac(prk, concat(u16(length), te.encode("HPKE-v1"), suite, te.encode(label), info, new Uint8Array([1])));
  return t1.slice(0, length);
}

// Single-shot Seal to an uncompressed P-256 public key: { enc, ciphertext }.
export async function seal(recipientRaw, info, aad, plaintext) {
  const ephemeral = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
  return sealWith(ephemeral, recipientRaw, info, aad, plaintext);
}

// Seal with a given ephemeral ECDH key pair (RFC 9180 test vectors pin this path).
export async function sealWith(ephemeral, recipientRaw, info, aad, plaintext) {
  const recipient = await subtle.importKey("raw", recipientRaw, { name: "ECDH", namedCurve: "P-256" }, false, []);
  const enc = new Uint8Array(await subtle.exportKey("raw", ephemeral.publicKey));
  const dh = new Uint8Array(await subtle.deriveBits({ name: "ECDH", public: recipient }, ephemeral.privateKey, 256));
  const eaePrk = await labeledExtract(KEM_SUITE, new Uint8Array(0), "eae_prk", dh);
  const shared = await labeledExpand(KEM_SUITE, eaePrk, "shared_secret", concat(enc, recipientRaw), 32);

  const pskIdHash = await labeledExtract(HPKE_SUITE, new Uint8Array(0), "psk_id_hash", new Uint8Array(0));
  const infoHash = await labeledExtract(HPKE_SUITE, new Uint8Array(0), "info_hash", info);
  const context = concat(new Uint8Array([0]), pskIdHash, infoHash);
  const secret = await labeledExtract(HPKE_SUITE, shared, "secret", new Uint8Array(0));
  const key = await labeledExpand(HPKE_SUITE, secret, "key", context, 32);
  const nonce = await labeledExpand(HPKE_SUITE, secret, "base_nonce", context, 12);
  const aesKey = await subtle.importKey("raw", key, "AES-GCM", false, ["encrypt"]);
  const ciphertext = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv: nonce, additionalData: aad }, aesKey, plaintext));
  return { enc, ciphertext };
}
