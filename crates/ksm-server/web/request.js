// The request page: someone fills a record's fields; they are encrypted here, in the browser,
// to the requester's public key, and only the ciphertext goes to the server.
import { seal } from "./hpke.js";
import { takeFragment, linkKeys, gcmOpen, pad, confirmationCode, api, show, text, expiryText, b64Encode, b64Decode } from "./common.js";

const te = new TextEncoder();

async function main() {
  const bytes = takeFragment();
  if (!bytes || bytes.length !== 97) return show("broken");
  const secret = bytes.slice(0, 32);
  const publicKey = bytes.slice(32);
  const { id, token, key } = await linkKeys(secret, "request");
  const { status, json } = await api("GET", `/api/share/v1/r/${id}`);
  if (status === 429) return show("throttled");
  if (status !== 200) return show("gone");
  let label;
  try {
    label = JSON.parse(new TextDecoder().decode(await gcmOpen(key, b64Decode(json.label))));
  } catch { return show("broken"); }
  if (label.publicKey !== b64Encode(publicKey)) return show("broken");

  text("title", label.title);
  text("expires", expiryText(json.expiresAt));
  if (label.message) text("message", label.message);
  const form = document.getElementById("form");
  const fieldsBox = document.getElementById("fields");
  for (const field of label.fields) {
    const row = document.createElement("label");
    row.textContent = field.label;
    const input = field.multiline ? document.createElement("textarea") : document.createElement("input");
    if (!field.multiline) input.type = field.secret ? "password" : "text";
    input.name = field.name;
    input.autocomplete = "off";
    input.spellcheck = false;
    row.appendChild(input);
    fieldsBox.appendChild(row);
  }
  show("fill");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    const values = {};
    for (const field of label.fields) values[field.name] = form.elements[field.name].value;
    const plaintext = pad(te.encode(JSON.stringify({ fields: values })));
    const { enc, ciphertext } = await seal(publicKey, te.encode("ksm-share/v1 request"), te.encode(id), plaintext);
    const answer = await api("POST", `/api/share/v1/r/${id}`, {
      token: b64Encode(token), enc: b64Encode(enc), ciphertext: b64Encode(ciphertext),
    });
    form.reset();
    fieldsBox.replaceChildren();
    if (answer.status === 201) {
      text("code", await confirmationCode(enc, ciphertext));
      return show("done");
    }
    // 503: the server is busy receiving other answers; nothing was stored.
    if (answer.status === 429 || answer.status === 503) return show("throttled");
    show("gone");
  });
}

main().catch(() => show("broken"));
